/**
 * ivtscd: NUT 2.8.0's `ivtscd` 0.03 (IVT solar charge controllers). 1200
 * bps; the port reads in canonical mode with CR ignored, so an answer is
 * one LF-ended line. `F` asks for the status line
 * `R:12,57;- 1,1;20;12,57;13,18;- 2,1; 1,5;` (battery volts, amps,
 * temperature, volts min/max, amps min/max: decimal commas, blanks
 * dropped), read a second after asking. Charging current means on line.
 * `-k` polls until the battery is back at its nominal voltage.
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
} from "../../src/driver/types.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import { fromLatin1, type LineTransport } from "../../src/transport/mod.ts";
import { fixedC, strtod } from "../qx/item.ts";

/** Opens the port (tests pass their own). */
export type IvtPortOpener = (path: string) => Promise<LineTransport>;

async function openSerialPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed: 1200 });
}

/** The seven values of a status line, as C floats. */
export interface IvtStatus {
  volts: number;
  amps: number;
  temp: number;
  voltsMin: number;
  voltsMax: number;
  ampsMin: number;
  ampsMax: number;
}

const FLOAT = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/;

/**
 * The status line as NUT reads it: commas become points, blanks and NULs
 * go, then sscanf("R:%f;" × 7). The count of values read and the values.
 */
export function parseIvt(raw: string): { count: number; v: number[] } {
  const s = raw.replace(/[ \0]/g, "").replace(/,/g, ".");
  const v: number[] = [];
  if (!s.startsWith("R:")) return { count: 0, v };
  let rest = s.slice(2);
  while (v.length < 7) {
    const m = FLOAT.exec(rest);
    if (!m) break;
    v.push(Math.fround(Number(m[0])));
    rest = rest.slice(m[0].length);
    if (rest[0] !== ";") break;
    rest = rest.slice(1);
  }
  return { count: v.length, v };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An ivtscd instance. */
export class IvtDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #open: IvtPortOpener;
  #pace: number;
  #line: LineTransport | null = null;
  #pending = "";
  #nom = Math.fround(12);
  #low = Math.fround(10.8);
  #last: IvtStatus | null = null;
  #busy: Promise<unknown> = Promise.resolve();

  /** `pace` scales the second's pause after asking (tests pass 0). */
  constructor(ctx: DriverContext, open = openSerialPort, pace = 1) {
    this.ctx = ctx;
    this.#open = open;
    this.#pace = pace;
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#busy.then(fn, fn);
    this.#busy = run.catch(() => {});
    return run;
  }

  /** upsdrv_initups: DTR on, RTS off; nominal and low volts from ups.conf defaults. */
  async initups(): Promise<void> {
    if (this.#line) return;
    this.#line = await this.#open(this.ctx.config.port);
    await this.#line.setLines({ dtr: true }).catch(() => {});
    await this.#line.setLines({ rts: false }).catch(() => {});
    const tree = this.ctx.state.tree;
    const nom = tree.get("battery.voltage.nominal");
    const low = tree.get("battery.voltage.low");
    this.#nom = Math.fround(nom === undefined ? 12 : strtod(nom));
    this.#low = Math.fround(low === undefined ? 10.8 : strtod(low));
    if (this.#nom <= this.#low) {
      throw new DriverFatalError(
        "Nominal battery voltage must be higher than low battery voltage!",
      );
    }
  }

  /** A canonical read (CR ignored): one LF-ended line, null after a second. */
  async #readLine(): Promise<string | null> {
    const end = Date.now() + 1000;
    while (true) {
      const i = this.#pending.indexOf("\n");
      if (i >= 0) {
        const line = this.#pending.slice(0, Math.min(i + 1, 512));
        this.#pending = this.#pending.slice(line.length);
        return line;
      }
      const left = end - Date.now();
      if (left <= 0) return null;
      const got = await this.#line!.read(left, 512);
      if (!got.length) return null;
      this.#pending += fromLatin1(got).replace(/\r/g, "");
    }
  }

  /** ivt_status: how many values the answer to `F` gave (7 = all). */
  async status(): Promise<number> {
    this.#pending = "";
    await this.#line!.flush();
    await this.#line!.write("F");
    await sleep(1000 * this.#pace); // let the controller digest it
    const reply = await this.#readLine();
    if (reply === null || !reply.length) return -1;
    const { count, v } = parseIvt(reply);
    // sscanf fills the values it read; the others keep their last value
    const p = this.#last ?? {
      volts: 0,
      amps: 0,
      temp: 0,
      voltsMin: 0,
      voltsMax: 0,
      ampsMin: 0,
      ampsMax: 0,
    };
    const keys: Array<keyof IvtStatus> = [
      "volts",
      "amps",
      "temp",
      "voltsMin",
      "voltsMax",
      "ampsMin",
      "ampsMax",
    ];
    const next = { ...p };
    keys.forEach((k, i) => {
      if (i < count) next[k] = v[i]!;
    });
    this.#last = next;
    return count;
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    await this.initups();
    if (await this.status() < 7) {
      throw new DriverFatalError("IVT Solar Controller not detected");
    }
    const st = this.ctx.state;
    st.set("device.mfr", "IVT");
    st.set("device.model", "Solar Controller Device");
    st.set("device.type", "scd");
    st.addCmd("reset.input.minmax");
  }

  /** upsdrv_updateinfo. */
  update(): Promise<void> {
    return this.#exclusive(async () => {
      const st = this.ctx.state;
      if (await this.status() < 7) {
        st.dataStale();
        return;
      }
      const b = this.#last!;
      st.set("battery.voltage", fixedC(b.volts, 2));
      st.set("battery.voltage.minimum", fixedC(b.voltsMin, 2));
      st.set("battery.voltage.maximum", fixedC(b.voltsMax, 2));
      st.set("battery.current", fixedC(b.amps, 1));
      st.set("battery.current.minimum", fixedC(b.ampsMin, 1));
      st.set("battery.current.maximum", fixedC(b.ampsMax, 1));
      st.set("battery.temperature", fixedC(b.temp, 0));
      const status = [b.amps > 0 ? "OL" : "OB"]; // charging or not
      if (b.volts < this.#low) status.push("LB");
      st.setStatus(status);
      st.dataOk();
    });
  }

  /** upsdrv_instcmd: `L` resets the minima and maxima. */
  instcmd(cmd: string, _param?: string): Promise<CommandResult> {
    return this.#exclusive(async () => {
      if (cmd.toLowerCase() === "reset.input.minmax") {
        await this.#line!.write("L");
        return "handled";
      }
      this.ctx.log.notice(`instcmd: unknown command [${cmd}] [(null)]`);
      return "unknown";
    });
  }

  /** upsdrv_shutdown: wait (polling) until the battery is back at nominal. */
  shutdown(): Promise<CommandResult> {
    return this.#exclusive(async () => {
      await this.initups();
      while (!this.ctx.signal.aborted) {
        if (await this.status() < 7) continue;
        if (this.#last!.volts < this.#nom) continue;
        this.ctx.log.info("Power is back!");
        return "handled" as const;
      }
      return "failed" as const;
    });
  }

  /** upsdrv_cleanup: DTR off, then close. */
  async close(): Promise<void> {
    if (!this.#line) return;
    await this.#line.setLines({ dtr: false }).catch(() => {});
    this.#line.close();
    this.#line = null;
  }
}
