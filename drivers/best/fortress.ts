/**
 * bestfortress: NUT 2.8.0's `bestfortress` 0.06 (Best Power Fortress,
 * experimental in NUT). Commands go out one byte every 50 ms and end with
 * CR; `f` is answered by CR LF and the 80-character hex record
 * (`frecord.ts`), checked by its checksum and tried five times, two
 * seconds apart. Parameters are set with `p<n>=<value>` between
 * `p999=2639` (super-user) and `p999=`, each answered `OK`. `-k` turns
 * auto-restart on (`p1=1`) and sends `OFF<delay>`.
 *
 * Unlike NUT, a silent unit does not keep the driver resending `f` forever:
 * each of the five tries gives up after one resend, then the data is stale.
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
  DriverVar,
} from "../../src/driver/types.ts";
import { atoi, cprintf } from "./cfmt.ts";
import { F, field, fortressSum, fromHex } from "./frecord.ts";
import { BestLink, type BestPortOpener } from "./link.ts";

/** ups.conf variables of bestfortress. */
export const FORTRESS_VARS: readonly DriverVar[] = [
  { name: "baudrate", kind: "value", desc: "serial line speed" },
  { name: "max_load", kind: "value", desc: "rated VA load VA" },
];

const PACE_MS = 50, WAIT_MS = 2000, TRIES = 5;
const SPEEDS = [1200, 2400, 4800, 9600];
/** Settable variables and their parameter numbers. */
const PARAMS: Readonly<Record<string, number>> = Object.freeze({
  "input.transfer.low": 7,
  "input.transfer.high": 8,
  "battery.runtime.low": 2,
});

/** A bestfortress instance. */
export class FortressDriver implements DriverInstance {
  readonly ctx: DriverContext;
  readonly link: BestLink;
  #maxload = 0;
  #busy: Promise<unknown> = Promise.resolve();

  constructor(ctx: DriverContext, open?: BestPortOpener, pace = 1) {
    this.ctx = ctx;
    this.link = new BestLink(ctx.log, open, pace);
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#busy.then(fn, fn);
    this.#busy = run.catch(() => {});
    return run;
  }

  #send(text: string): Promise<void> {
    return this.link.sendPace(text, PACE_MS);
  }

  /** upsdrv_initups: baudrate (1200 unless one of 1200-9600), max_load. */
  async initups(): Promise<void> {
    if (this.link.port) return;
    const vals = this.ctx.config.values;
    const ml = vals.get("max_load");
    if (ml !== undefined) this.#maxload = atoi(ml);
    const want = Number(vals.get("baudrate"));
    const speed = SPEEDS.includes(want) ? want : 1200;
    await this.link.open(this.ctx.config.port, { speed });
  }

  /** upsdrv_initups + upsdrv_initinfo (no query: all static). */
  async init(): Promise<void> {
    await this.initups();
    const st = this.ctx.state;
    st.set("ups.mfr", "Best Power");
    st.set("ups.model", "Fortress");
    st.set("battery.voltage.nominal", "24");
    if (this.#maxload) st.set("ups.load", "0");
    st.set("output.voltamps", "0");
    st.set("ups.delay.shutdown", "10");
    for (const name of Object.keys(PARAMS)) {
      st.set(name, "");
      st.setFlags(name, ["STRING", "RW"]);
      st.setAux(name, 3);
    }
    st.addCmd("shutdown.return");
    st.addCmd("load.off");
  }

  /** Sends `f` and skips the CR LF that opens the answer. */
  async #ask(): Promise<void> {
    await this.link.flushIn("\r ");
    await this.#send("f\r");
    while (true) {
      const c = await this.link.getChar(PACE_MS);
      if (c === null || c === "\n") return;
    }
  }

  /** One record: null after a resend still brought nothing. */
  async #record(): Promise<string | null> {
    await this.#ask();
    for (let resent = 0; resent < 2; resent++) {
      const l = await this.link.getLine("\r", " \n", WAIT_MS, 252);
      if (l) return l;
      if (resent === 0) await this.#ask();
    }
    return null;
  }

  /** upsdrv_updateinfo. */
  update(): Promise<void> {
    return this.#exclusive(() => this.#update());
  }

  async #update(): Promise<void> {
    const st = this.ctx.state;
    let p: string | null = null;
    for (let retry = 0; retry < TRIES; retry++) {
      const rec = await this.#record();
      if (rec !== null) {
        let ok = (fortressSum(rec) & 0xff) === 0;
        // units that drop the first two characters: they are unused
        if (rec.length === 78) p = `00${rec}`;
        else if (rec.length === 80) p = rec;
        else ok = false;
        if (ok) break;
      }
      p = null;
      this.ctx.log.debug(2, `checksum corruption (try ${retry})`);
      await this.link.sleep(WAIT_MS);
    }
    if (p === null) {
      st.dataStale();
      return;
    }
    const int = (f: readonly [number, number]) => atoi(field(p!, f));
    st.set("input.voltage", cprintf("%d", int(F.vin)));
    st.set("output.voltage", cprintf("%d", int(F.vout)));
    st.set("battery.voltage", cprintf("%.1f", 0.1 * int(F.vbatt)));
    st.set("output.current", cprintf("%.1f", 0.1 * int(F.iout)));
    const va = int(F.va);
    st.set("output.voltamps", cprintf("%d", va));
    if (this.#maxload) {
      st.set("ups.load", cprintf("%d", Math.trunc(va * 100 / this.#maxload)));
    }
    st.set("input.frequency", cprintf("%.1f", 0.1 * int(F.hz3)));
    st.set("battery.runtime", cprintf("%d", 60 * int(F.runtime)));
    st.set("ups.temperature", cprintf("%d", int(F.temp)));
    const online = p[17] === "0";
    const low = (fromHex(p[21]) & 8) !== 0 || (fromHex(p[20]) & 1) !== 0;
    // NUT's tokens carry a trailing space; ups.status shows it
    let s: string;
    if (low) s = "LB ";
    else if (p[33] === "1") s = "TRIM";
    else if (!online) s = "OB ";
    else s = p[11] === "0" ? "OFF " : "OL ";
    st.setStatus([s]);
    st.dataOk();
  }

  /** setparam: `p<n>=<data>`, true when the unit answers OK. */
  async #param(n: number, data: string): Promise<boolean> {
    await this.#send(`p${n}=${data}\r`);
    const r = await this.link.getLine("\r", "", WAIT_MS, 78);
    return (r ?? "").startsWith("OK");
  }

  async #super(on: boolean): Promise<void> {
    await this.#param(999, on ? "2639" : "");
  }

  async #autorestart(on: boolean): Promise<void> {
    await this.#super(true);
    await this.#param(1, on ? "1" : "0");
    await this.#super(false);
  }

  /** upsdrv_setvar: always "handled", the value kept only on OK. */
  setvar(name: string, value: string): Promise<CommandResult> {
    return this.#exclusive(async () => {
      const n = PARAMS[name];
      if (n === undefined) {
        this.ctx.log.info(`Setvar: unsettable variable ${name}`);
        return "unknown";
      }
      await this.#super(true);
      if (await this.#param(n, value)) this.ctx.state.set(name, value);
      await this.#super(false);
      return "handled";
    });
  }

  async #off(restart: boolean, delay: string): Promise<void> {
    await this.#autorestart(restart);
    await this.#send(`OFF${delay}\r`);
  }

  /** upsdrv_instcmd. */
  instcmd(cmd: string, param?: string): Promise<CommandResult> {
    return this.#exclusive(async () => {
      const name = cmd.toLowerCase();
      if (name === "load.off") {
        this.ctx.log.info("powering off");
        await this.#off(false, "1");
      } else if (name === "shutdown.return") {
        const d = this.ctx.state.tree.get("ups.delay.shutdown") ?? "1";
        this.ctx.log.info(`shutdown in ${d} seconds`);
        await this.#off(true, d);
      } else {
        this.ctx.log.info(`instcmd: unknown command [${cmd}] [${param}]`);
        return "unknown";
      }
      return "handled";
    });
  }

  /** upsdrv_shutdown: auto-restart on, then OFF with ups.delay.shutdown (1 under -k). */
  shutdown(): Promise<CommandResult> {
    return this.#exclusive(async () => {
      await this.initups();
      const d = this.ctx.state.tree.get("ups.delay.shutdown") ?? "1";
      this.ctx.log.info(`shutdown in ${d} seconds`);
      await this.#off(true, d);
      return "handled" as const;
    });
  }

  /** upsdrv_cleanup (NUT leaves the port open). */
  close(): Promise<void> {
    this.link.close();
    return Promise.resolve();
  }
}
