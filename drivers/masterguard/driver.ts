/**
 * masterguard: NUT 2.8.0's legacy serial `masterguard` 0.25 (Masterguard
 * units with the Q1/Q3 query set at 2400 bps; deprecated upstream in
 * favour of nutdrv_qx). Start-up needs two good identifications within ten
 * tries: `Q1` must answer 46 characters, `Q3` 70 (then polled instead),
 * `WH` (who am I) 112, 53 (older layout) or NAK. A poll sends the query,
 * waits 3 s, reads one CR-ended line (LF is data) and goes stale on a
 * wrong length. `-k` sends `S.2R0001` (off in 12 s, back a minute after
 * power returns); the `CS` flag sends `C` (cancel) and stops.
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
  DriverVar,
} from "../../src/driver/types.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import type { LineTransport } from "../../src/transport/mod.ts";

/** ups.conf variables (upsdrv_makevartable). */
export const MASTERGUARD_VARS: readonly DriverVar[] = [
  { name: "CS", kind: "flag", desc: "Cancel Shutdown" },
];

/** Opens the port (tests pass their own). */
export type MgPortOpener = (path: string) => Promise<LineTransport>;

async function openSerialPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed: 2400 });
}

/** Pauses in ms (tests shrink them). */
export interface MgTiming {
  /** Between a poll's query and its read (UPSDELAY). */
  delay: number;
  /** One read. */
  read: number;
}
const NUT_TIMING: MgTiming = { delay: 3000, read: 3000 };
const MAXTRIES = 10;

const sleep = (ms: number): Promise<void> =>
  ms > 0 ? new Promise<void>((r) => setTimeout(r, ms)) : Promise.resolve();

/** The words of an answer after its `(`, split at each single space, blanks dropped from each. */
export function words(answer: string): string[] {
  return answer.slice(1).split(" ").map((w) => w.replace(/[ \n\t]/g, ""));
}

/** Q1 word positions. */
const Q1_VARS: ReadonlyArray<[number, string]> = [
  [0, "input.voltage"],
  [2, "output.voltage"],
  [3, "ups.load"],
  [4, "input.frequency"],
  [5, "battery.voltage"],
  [6, "ups.temperature"],
];
/** Q3 word positions (the last word, flags 2, is never read). */
const Q3_VARS: ReadonlyArray<[number, string]> = [
  [1, "input.voltage"],
  [3, "output.voltage"],
  [4, "output.current"],
  [5, "input.frequency"],
  [6, "battery.voltage"],
  [7, "ups.temperature"],
  [8, "battery.runtime"],
  [9, "battery.charge"],
];

/** A masterguard instance. */
export class MasterguardDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #open: MgPortOpener;
  #t: MgTiming;
  line: LineTransport | null = null;
  /** "Q1" or "Q3" once identified. */
  query: "Q1" | "Q3" | null = null;
  #name = "";
  #firmware = "";
  #busy: Promise<unknown> = Promise.resolve();

  constructor(
    ctx: DriverContext,
    open: MgPortOpener = openSerialPort,
    timing: MgTiming = NUT_TIMING,
  ) {
    this.ctx = ctx;
    this.#open = open;
    this.#t = timing;
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#busy.then(fn, fn);
    this.#busy = run.catch(() => {});
    return run;
  }

  /** ser_get_line with CR as the end and nothing ignored; what arrived before a timeout is kept. */
  async #readLine(): Promise<string> {
    let s = "";
    while (s.length < 254) {
      const got = await this.line!.read(this.#t.read, 64);
      if (!got.length) return s;
      for (const b of got) {
        if (b === 13 || s.length === 254) return s; // the rest of the read is lost
        s += String.fromCharCode(b);
      }
    }
    return s;
  }

  async #ask(cmd: string): Promise<string> {
    await this.line!.write(`${cmd}\r`);
    return await this.#readLine();
  }

  /** ups_ident: false when Q1 is not answered with 46 characters. */
  async #ident(): Promise<boolean> {
    if ((await this.#ask("Q1")).length !== 46) {
      this.query = null;
      return false;
    }
    this.query = "Q1";
    if ((await this.#ask("Q3")).length === 70) this.query = "Q3";
    const wh = await this.#ask("WH");
    if (wh.length === 112) {
      this.#name = wh.slice(16, 46);
      this.#firmware = wh.slice(4, 9);
    } else if (wh.length === 53) {
      this.#name = wh.slice(4, 16);
      this.#firmware = wh.slice(0, 4);
    } else if (wh === "NAK") {
      this.#name = "GenericUPS";
      this.#firmware = "unkn";
    } else if (wh.length > 0) {
      this.ctx.log.info("New WH String found. Please report to maintainer");
    }
    return true;
  }

  /** upsdrv_initups: two good identifications within ten tries. */
  async initups(): Promise<void> {
    if (this.line) return;
    this.ctx.log.info(
      "Please note that this driver is deprecated and will not receive new " +
        "development; consider nutdrv_qx instead.",
    );
    this.line = await this.#open(this.ctx.config.port);
    let good = 0;
    for (let count = 0; count < MAXTRIES && good < 2; count++) {
      if (await this.#ident()) good++;
    }
    if (good < 2) throw new DriverFatalError("No MASTERGUARD UPS found");
    this.ctx.log.info("MASTERGUARD UPS found");
    if (this.ctx.config.flags.has("CS")) {
      await this.line.write("C\r");
      throw new DriverFatalError("Shutdown cancelled");
    }
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    await this.initups();
    const st = this.ctx.state;
    st.set("ups.mfr", "MASTERGUARD");
    st.set("ups.model", this.#name || "unknown");
    if (this.#firmware) st.set("ups.firmware", this.#firmware);
  }

  /** upsdrv_updateinfo. */
  update(): Promise<void> {
    return this.#exclusive(() => this.#update());
  }

  async #update(): Promise<void> {
    const st = this.ctx.state;
    const q3 = this.query === "Q3";
    await this.line!.write(q3 ? "Q3\r" : "Q1\r");
    await sleep(this.#t.delay);
    const buf = await this.#readLine();
    if (buf.length !== (q3 ? 70 : 46)) {
      this.ctx.log.error("Error in UPS response");
      st.dataStale();
      return;
    }
    const w = words(buf);
    // Q3's last word is dropped before it is looked at
    const seen = q3 ? w.slice(0, -1) : w;
    for (const [i, name] of q3 ? Q3_VARS : Q1_VARS) {
      if (i < seen.length) st.set(name, seen[i]!);
    }
    const flags = seen[q3 ? 10 : 7];
    if (flags !== undefined) {
      const s = [flags[0] === "1" ? "OB" : "OL"];
      if (flags[1] === "1") s.push("LB");
      if (flags[2] === "1") s.push("BOOST");
      st.setStatus(s);
    }
    st.dataOk();
  }

  /** upsdrv_shutdown: off in 12 s, on a minute after power returns. */
  shutdown(): Promise<CommandResult> {
    return this.#exclusive(async () => {
      await this.initups();
      await this.line!.write("S.2R0001\r");
      return "handled" as const;
    });
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.line?.close();
    this.line = null;
    return Promise.resolve();
  }
}
