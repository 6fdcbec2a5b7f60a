/**
 * etapro: NUT 2.8.0's `etapro` 0.05 (ETA PRO units) at 1200 bps with DTR
 * low and RTS high. `RI` (identify) is answered by four lines `SR<mfr>`,
 * `SS<model>`, `ST<date>`, `SU<hex id>`; `RP` (measure) by `SO<flags>`,
 * `SG<in>`, `SH<out>`, `SI<battery>`, `SL<load>`, `SN<seconds on battery>`
 * in hex (0xFF = 270 V, 270 V, 14 V, 150 %). Each line ends CR LF and may
 * follow an echo of the command. Timers: `RN%04X` (on) and `RO%04X` (off)
 * answered `SV20`/`SV00`; larger than 0x7FFF seconds they count minutes
 * with bit 15 set. The first command after power-on returns junk, so
 * start-up sends `RI` once and drops the answer.
 *
 * The byte level is the Best Power family's (drivers/best/link.ts).
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
} from "../../src/driver/types.ts";
import { cprintf } from "../best/cfmt.ts";
import { BestLink, type BestPortOpener } from "../best/link.ts";

/** SO flag bits. */
const FLAG = {
  online: 0x01,
  on: 0x02,
  battOk: 0x04,
  boost: 0x10,
  battRange: 0x20,
};

/** An etapro instance. */
export class EtaproDriver implements DriverInstance {
  readonly ctx: DriverContext;
  readonly link: BestLink;
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

  /** upsdrv_initups: 1200 bps, DTR off, RTS on (a pty has neither: ignored, as NUT). */
  async initups(): Promise<void> {
    if (this.link.port) return;
    await this.link.open(this.ctx.config.port, { speed: 1200 });
    await this.link.port!.setLines({ dtr: false, rts: true }).catch(() => {});
  }

  /**
   * etapro_get_response: one line up to LF (1 s per byte); the part from
   * `type` on must end with CR. R/S/T answers are text and set ups.mfr,
   * ups.model, ups.mfr.date (0 returned); others are hex. -1 on failure.
   */
  async response(type: string): Promise<number> {
    let s = "";
    while (s.length < 255) {
      const c = await this.link.getChar(1000);
      if (c === null || c === "\n") break;
      s += c;
    }
    if (!s) {
      this.ctx.log.error("no response from UPS");
      return -1;
    }
    const at = s.indexOf(type);
    const cp = at < 0 ? "" : s.slice(at);
    if (!cp || !cp.endsWith("\r")) {
      this.ctx.log.error(`bad response (${s})`);
      return -1;
    }
    const body = cp.slice(2, -1);
    const text = { R: "ups.mfr", S: "ups.model", T: "ups.mfr.date" }[cp[1]!];
    if (text) {
      this.ctx.state.set(text, body);
      return 0;
    }
    const m = /^\s*(?:0[xX])?([0-9a-fA-F]+)/.exec(body);
    if (!m) {
      this.ctx.log.error(`bad response format (${s})`);
      return -1;
    }
    const v = parseInt(m[1]!.slice(-8), 16);
    if (v > 0x7fffffff) this.ctx.log.warn("got value too big in response");
    return v | 0;
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    await this.initups();
    const st = this.ctx.state;
    st.addCmd("load.off");
    st.addCmd("load.on");
    st.addCmd("shutdown.return");
    await this.link.send("RI\r"); // its answer is junk after power-on
    await this.link.sleep(1000);
    await this.#update();
  }

  /** upsdrv_updateinfo. */
  update(): Promise<void> {
    return this.#exclusive(() => this.#update());
  }

  async #update(): Promise<void> {
    const st = this.ctx.state;
    await this.link.flushIn();
    await this.link.send("RI\r");
    for (const t of ["SR", "SS", "ST", "SU"]) {
      if ((await this.response(t)) < 0) return st.dataStale();
    }
    await this.link.send("RP\r");
    const v: number[] = [];
    for (const t of ["SO", "SG", "SH", "SI", "SL", "SN"]) {
      const x = await this.response(t);
      if (x < 0) return st.dataStale();
      v.push(x);
    }
    const [flags, g, h, i, l] = v as [number, number, number, number, number];
    const vin = (270.0 / 255) * g, vout = (270.0 / 255) * h;
    const batt = (14.0 / 255) * i, load = (150.0 / 255) * l;
    const status: string[] = [];
    if (!(flags & FLAG.on)) status.push("OFF");
    else status.push(flags & FLAG.online ? "OL" : "OB");
    if (!(flags & FLAG.battOk)) status.push("LB");
    if (flags & FLAG.boost) status.push("BOOST");
    if (load > 100.0) status.push("OVER");
    if (flags & FLAG.battRange) status.push("RB");
    st.setStatus(status);
    st.set("input.voltage", cprintf("%03.1f", vin));
    st.set("output.voltage", cprintf("%03.1f", vout));
    st.set("battery.voltage", cprintf("%02.2f", batt));
    st.set("ups.load", cprintf("%03.1f", load));
    st.dataOk();
  }

  /** etapro_set_on_timer / etapro_set_off_timer. */
  async #timer(on: boolean, seconds: number): Promise<void> {
    const what = on ? "on" : "off";
    let want: number;
    if (seconds === 0) {
      await this.link.send(on ? "RS\r" : "RR\r");
      want = on ? 0x30 : 0x10;
    } else {
      let n = seconds;
      if (n > 0x7fff) {
        // minutes: rounded up for the on timer, down for the off timer
        n = on ? Math.trunc((n + 59) / 60) : Math.trunc(n / 60);
        if (n > 0x7fff) n = 0x7fff;
        this.ctx.log.info(`UPS ${what} in ${n} minutes`);
        n |= 0x8000;
      } else this.ctx.log.info(`UPS ${what} in ${n} seconds`);
      await this.link.send(cprintf(on ? "RN%04X\r" : "RO%04X\r", n));
      want = on ? 0x20 : 0;
    }
    const x = await this.response("SV");
    if (x === want) return;
    this.ctx.log.error(
      `etapro_set_${what}_timer: error, status=0x${cprintf("%02x", x)}`,
    );
  }

  /** upsdrv_instcmd. */
  instcmd(cmd: string, param?: string): Promise<CommandResult> {
    return this.#exclusive(async () => {
      switch (cmd.toLowerCase()) {
        case "load.off":
          await this.#timer(false, 1);
          return "handled";
        case "load.on":
          await this.#timer(true, 1);
          return "handled";
        case "shutdown.return":
          await this.#kill();
          return "handled";
      }
      this.ctx.log.notice(`instcmd: unknown command [${cmd}] [${param}]`);
      return "unknown";
    });
  }

  /** On again 25 s from now, off in 10 s. */
  async #kill(): Promise<void> {
    await this.#timer(true, 10 + 15);
    await this.#timer(false, 10);
  }

  /** upsdrv_shutdown. */
  shutdown(): Promise<CommandResult> {
    return this.#exclusive(async () => {
      await this.initups();
      await this.#kill();
      return "handled" as const;
    });
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.link.close();
    return Promise.resolve();
  }
}
