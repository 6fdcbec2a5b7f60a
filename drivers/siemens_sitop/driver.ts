/**
 * nutdrv_siemens-sitop: NUT 2.8.0's `nutdrv_siemens-sitop` 0.03 (Siemens
 * SITOP UPS500, 24 V DC). The unit is never asked anything: it sends
 * five-character words by itself every 75 ms (BUFRD/ALARM, DC_OK/DC_LO,
 * `*****`/`*BAT*`, BA>85/BA<85). Each poll takes what is already buffered;
 * bytes that start no known word are skipped one at a time. More than
 * `max_polls_without_data` (2) empty polls in a row make the data stale.
 * Commands R and S are sent twice, paced 200 ms a byte, wrapped in LFs
 * (the unit loses a bare letter).
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
import { fromLatin1, type LineTransport } from "../../src/transport/mod.ts";

/** ups.conf variables (upsdrv_makevartable). */
export const SITOP_VARS: readonly DriverVar[] = [
  {
    name: "max_polls_without_data",
    kind: "value",
    desc:
      "The maximum number of consecutive polls in which the UPS does not provide any data.",
  },
];

/** What the words said last. */
export interface SitopStatus {
  batteryAlarm: boolean;
  dcLow: boolean;
  onBattery: boolean;
  above85: boolean;
}

const WORDS: Record<string, [keyof SitopStatus, boolean]> = {
  BUFRD: ["batteryAlarm", false],
  ALARM: ["batteryAlarm", true],
  DC_OK: ["dcLow", false],
  DC_LO: ["dcLow", true],
  "*****": ["onBattery", false],
  "*BAT*": ["onBattery", true],
  "BA>85": ["above85", true],
  "BA<85": ["above85", false],
};

/**
 * Consumes whole words from the head of `buf` into `st`; returns the
 * unparsed tail (under five characters) and whether any word was known.
 */
export function parseWords(
  buf: string,
  st: SitopStatus,
): { rest: string; found: boolean } {
  let found = false;
  while (buf.length >= 5) {
    const w = WORDS[buf.slice(0, 5)];
    if (!w) {
      buf = buf.slice(1); // resynchronise on the next byte
      continue;
    }
    st[w[0]] = w[1];
    buf = buf.slice(5);
    found = true;
  }
  return { rest: buf, found };
}

/** Opens the port (tests may pass their own). */
export type SitopPortOpener = (path: string) => Promise<LineTransport>;

async function openSerialPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed: 9600 });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const COMMANDS: Record<string, string> = {
  "shutdown.return": "R",
  "shutdown.stayoff": "S",
};

/** A SITOP instance. */
export class SitopDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #open: SitopPortOpener;
  #line: LineTransport | null = null;
  #rx = "";
  #maxPolls = 2;
  #empty = 0;
  #pace: number;
  readonly status: SitopStatus = {
    batteryAlarm: false,
    dcLow: false,
    onBattery: false,
    above85: false,
  };

  /** `pace` scales the pauses (tests pass 0). */
  constructor(
    ctx: DriverContext,
    open: SitopPortOpener = openSerialPort,
    pace = 1,
  ) {
    this.ctx = ctx;
    this.#open = open;
    this.#pace = pace;
  }

  /** upsdrv_initups: 9600 bps; the poll limit. */
  async initups(): Promise<void> {
    if (this.#line) return;
    this.#line = await this.#open(this.ctx.config.port);
    await this.#line.flush(); // ser_set_speed drops pending input
    const interval = Number(this.ctx.config.values.get("pollinterval") ?? 2);
    if (interval > 5) {
      this.ctx.log.notice(
        `Option poll_interval is recommended to be lower than 5 (found: ${interval})`,
      );
    }
    const s = this.ctx.config.values.get("max_polls_without_data");
    if (s !== undefined) {
      if (/^\d+$/.test(s)) this.#maxPolls = parseInt(s, 10);
      else this.ctx.log.error("Cannot parse option max_polls_without_data");
    }
  }

  /** check_for_new_data: whatever is buffered now, parsed. */
  async #check(): Promise<boolean> {
    let found = false;
    while (true) {
      let got: Uint8Array;
      try {
        got = await this.#line!.read(0, 100 - this.#rx.length);
      } catch (e) {
        // ser_comm_fail, then reopen the port for the next poll
        this.ctx.log.warn(`Communications with UPS lost: ${e}`);
        this.#rx = "";
        this.#line?.close();
        this.#line = null;
        this.#line = await this.#open(this.ctx.config.port).catch(() => null);
        return found;
      }
      if (!got.length) return found;
      const r = parseWords(this.#rx + fromLatin1(got), this.status);
      this.#rx = r.rest;
      found ||= r.found;
    }
  }

  /** upsdrv_initinfo: up to five tries a second apart. */
  async init(): Promise<void> {
    await this.initups();
    let found = false;
    for (let i = 0; i < 5 && !found; i++) {
      found = await this.#check();
      if (!found) await sleep(1000 * this.#pace);
    }
    if (!found) throw new DriverFatalError("No data received from the UPS");
    const st = this.ctx.state;
    st.set("device.mfr", "Siemens");
    st.set("device.model", "SITOP UPS500 series");
    st.addCmd("shutdown.stayoff");
    st.addCmd("shutdown.return");
  }

  /** upsdrv_updateinfo. */
  async update(): Promise<void> {
    const st = this.ctx.state;
    if (!this.#line) {
      this.#line = await this.#open(this.ctx.config.port).catch(() => null);
    }
    if (this.#line && await this.#check()) this.#empty = 0;
    else this.#empty++;
    if (this.#empty > this.#maxPolls) {
      st.dataStale();
      return;
    }
    const s = this.status;
    st.set("battery.charge.approx", s.above85 ? ">85" : "<85");
    const status = [s.dcLow || s.onBattery ? "OB" : "OL"];
    if (s.batteryAlarm) status.push("LB");
    st.setStatus(status);
    st.dataOk();
  }

  async #sendPaced(text: string): Promise<void> {
    for (const c of text) {
      await this.#line!.write(c);
      await sleep(200 * this.#pace);
    }
  }

  /** upsdrv_instcmd: R or S, twice. */
  async instcmd(cmd: string, _param?: string): Promise<CommandResult> {
    const letter = COMMANDS[cmd.toLowerCase()];
    if (!letter) {
      this.ctx.log.notice(`instcmd: unknown command [${cmd}] [(null)]`);
      return "unknown";
    }
    this.ctx.log.notice(`instcmd: sending command ${letter}`);
    await this.#sendPaced(`\n\n${letter}\n\n`);
    await this.#sendPaced(`${letter}\n\n`);
    return "handled";
  }

  /** upsdrv_shutdown: shutdown.return. */
  async shutdown(): Promise<CommandResult> {
    await this.initups();
    return await this.instcmd("shutdown.return");
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.#line?.close();
    this.#line = null;
    return Promise.resolve();
  }
}
