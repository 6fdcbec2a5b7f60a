/**
 * optiups: NUT 2.8.0's `optiups` 1.02 (Opti-UPS and Online-USV Zinto
 * units, 2400 bps). A query is two letters (Zinto units add CR LF) and
 * its answer one LF-ended line read 150 ms later, half a second per
 * chunk; ^U (0x15) means "not supported": the variable becomes "N/A" and
 * is no longer asked. `AG` is the status as hex bits. A Zinto unit that
 * is off answers `AG\r\n` with a bare "2". `-k` reads AG and sends the
 * Opti-UPS sequence (NUT never detects a Zinto before a forced shutdown).
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
import { fixedC } from "../qx/item.ts";
import {
  AG,
  INIT_FILL,
  OPTI_CMDS,
  type OptiFill,
  POLL_OPTI,
  POLL_ZINTO,
} from "./tables.ts";

/** ups.conf flags of optiups (upsdrv_makevartable). */
export const OPTI_VARS: readonly DriverVar[] = [
  {
    name: "status_only",
    kind: "flag",
    desc: "Only poll for critical status variables",
  },
  { name: "fake_lowbatt", kind: "flag", desc: "Fake a low battery status" },
  {
    name: "nowarn_noimp",
    kind: "flag",
    desc: "Suppress warnings of unsupported commands",
  },
  {
    name: "powerup",
    kind: "flag",
    desc:
      "(Zinto D) Power-up UPS at start (cannot identify a powered-down Zinto D)",
  },
];

/** Opens the port (tests pass their own). */
export type OptiPortOpener = (path: string) => Promise<LineTransport>;

async function openSerialPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed: 2400 });
}

function strtol(s: string, base = 10): number {
  const re = base === 16
    ? /^\s*([+-]?)(?:0[xX])?([0-9a-fA-F]+)/
    : /^\s*([+-]?)(\d+)/;
  const m = re.exec(s);
  if (!m) return 0;
  const v = parseInt(m[2]!, base);
  return m[1] === "-" ? -v : v;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An optiups instance. */
export class OptiDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #open: OptiPortOpener;
  #pace: number;
  #line: LineTransport | null = null;
  #zinto = false;
  /** NUT's shared answer buffer. */
  #buf = "";
  /** Queries answered ^U, never asked again (NUT clears the table row). */
  #dropped = new Set<string>();
  #busy: Promise<unknown> = Promise.resolve();

  /** `pace` scales the pauses (tests pass 0). */
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

  #flag(name: string): boolean {
    return this.ctx.config.flags.has(name);
  }

  /** upsdrv_initups. */
  async initups(): Promise<void> {
    if (this.#line) return;
    this.#line = await this.#open(this.ctx.config.port);
  }

  /**
   * optireadline: ser_get_line up to LF (CR ignored), 0.5 s per chunk; the
   * rest of the chunk after LF is dropped. Length, 0/-1 on failure, -2 ^U.
   */
  async #readLine(): Promise<number> {
    await sleep(150 * this.#pace);
    let s = "";
    while (s.length < 255) {
      const got = await this.#line!.read(500 * Math.max(this.#pace, 0.02), 64);
      if (!got.length) return 0;
      let done = false;
      for (const b of got) {
        if (s.length === 255 || b === 0x0a) {
          done = true;
          break;
        }
        if (b !== 0x0d) s += String.fromCharCode(b);
      }
      if (done) break;
    }
    this.#buf = s;
    if (!s.length) return 0;
    return s.charCodeAt(0) === 0x15 ? -2 : s.length;
  }

  /** optiquery: the command (CR LF after it on a Zinto), then its answer. */
  async query(cmd: string): Promise<number> {
    await this.#line!.write(this.#zinto ? `${cmd}\r\n` : cmd);
    return await this.#readLine();
  }

  /** A bare `AG\r\n` and one byte: "2" from a Zinto that is off. */
  async #zintoOff(): Promise<boolean> {
    await this.#line!.write("AG\r\n");
    const b = await this.#line!.read(1000 * Math.max(this.#pace, 0.02), 1);
    return b.length === 1 && b[0] === 0x32;
  }

  /** optifill. */
  async #fill(rows: readonly OptiFill[]): Promise<void> {
    const st = this.ctx.state;
    for (const r of rows) {
      if (this.#dropped.has(r.cmd)) continue;
      const n = await this.query(r.cmd);
      if (n < 1) {
        if (n === -2) {
          if (!this.#flag("nowarn_noimp")) {
            this.ctx.log.notice(`disabling poll of unsupported var ${r.name}`);
          }
          st.set(r.name, "N/A");
          this.#dropped.add(r.cmd);
        } else this.ctx.log.warn(`can't retrieve ${r.name}`);
        continue;
      }
      if (r.scale > 1e-20) {
        const f = Math.fround(strtol(this.#buf) * Math.fround(r.scale));
        st.set(r.name, fixedC(f, 1));
      } else st.set(r.name, this.#buf);
    }
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    await this.initups();
    const st = this.ctx.state;
    if (this.#flag("powerup") && await this.query("AG") < 1) {
      if (await this.#zintoOff()) {
        this.ctx.log.warn("ups was off, switching it on");
        await this.query("Ct1");
        await this.query("Cu0000000");
        await sleep(15000 * this.#pace); // wait for power up
      }
    }
    let r = await this.query("IM");
    if (r > 0 && this.#buf.toUpperCase() === "ONLINE") {
      this.#zinto = true;
      for (const c of ["Om11", "Om21", "ON"]) await this.query(c);
    }
    await this.#fill(INIT_FILL);
    r = await this.query("IO");
    if (r < 1) throw new DriverFatalError("can't retrieve model");
    const last = this.#buf[r - 1]!;
    st.set(
      "ups.model",
      "EPV".includes(last) ? `Power${last}S ${this.#buf}` : this.#buf,
    );
    r = await this.query("IM");
    if (r > 0 && this.#buf.toUpperCase() === "ONLINE") {
      st.set("ups.mfr", "ONLINE USV-Systeme AG");
      r = await this.query("IO");
      if (r < 1) throw new DriverFatalError("can't retrieve model");
      st.set(
        "ups.model",
        this.#buf[0] === "D" ? `Zinto ${this.#buf}` : this.#buf,
      );
    }
    st.addCmd("test.failure.start");
    st.addCmd("load.off");
    st.addCmd("load.on");
    if (!this.#zinto) st.addCmd("shutdown.stop");
    st.addCmd("shutdown.return");
    st.addCmd("shutdown.stayoff");
    if (this.#zinto) {
      st.set("outlet.desc", "Main Outlet 1+2");
      st.set("outlet.1.desc", "Switchable Outlet 3+4");
      st.set("outlet.id", "1");
      st.set("outlet.1.id", "2");
      st.set("outlet.switchable", "0");
      st.set("outlet.1.switchable", "1");
      st.set("outlet.1.switch", "1");
      st.setFlags("outlet.1.switch", ["RW", "STRING"]);
      st.setAux("outlet.1.switch", 1);
    }
  }

  /** upsdrv_updateinfo. */
  update(): Promise<void> {
    return this.#exclusive(() => this.#update());
  }

  async #update(): Promise<void> {
    const st = this.ctx.state;
    let r = await this.query("AG");
    if (r < 1 && this.#zinto && await this.#zintoOff()) {
      st.setStatus(["OFF"]);
      return;
    }
    if (r < 1) {
      this.ctx.log.error("can't retrieve ups status");
      st.dataStale();
    } else {
      const s = strtol(this.#buf, 16);
      const status: string[] = [];
      if (s & AG.overload) status.push("OVER");
      if (s & AG.replaceBattery) status.push("RB");
      status.push(s & AG.onBattery ? "OB" : "OL");
      if (s & AG.noOutput) status.push("OFF");
      if (s & AG.lowBattery) status.push("LB");
      if (this.#flag("fake_lowbatt")) status.push("LB");
      st.setStatus(status);
      st.dataOk();
    }
    if (this.#flag("status_only")) return;
    await this.#fill(this.#zinto ? POLL_ZINTO : POLL_OPTI);
    r = await this.query("BV");
    if (r < 1) {
      this.ctx.log.warn("cannot retrieve battery voltage");
      return;
    }
    const v = Math.fround(strtol(this.#buf) / 10);
    st.set("battery.voltage", fixedC(v, 1));
    // battery range 10.4 - 13.0 V
    let p = Math.fround((v - 10.4) / 2.6 * 100);
    if (p > 100) p = 100;
    st.set("battery.charge", fixedC(p, 1));
  }

  /** upsdrv_instcmd. */
  instcmd(cmd: string, _param?: string): Promise<CommandResult> {
    return this.#exclusive(async () => {
      const seq = OPTI_CMDS[cmd.toLowerCase()];
      if (!seq) {
        this.ctx.log.notice(`instcmd: unknown command [${cmd}] [(null)]`);
        return "unknown";
      }
      for (const c of seq[this.#zinto ? 1 : 0]) {
        if (c === "…") await sleep(2000 * this.#pace);
        else await this.query(c);
      }
      return "handled";
    });
  }

  /** setvar: outlet.1.switch on Zinto units only. */
  setvar(name: string, value: string): Promise<CommandResult> {
    return this.#exclusive(async () => {
      if (!this.#zinto) return "unknown";
      const m = /^\s*[+-]?\d+/.exec(value);
      if (!m) return "unknown";
      if (name.toLowerCase() !== "outlet.1.switch") return "unknown";
      const on = parseInt(m[0], 10) === 1;
      this.ctx.state.set("outlet.1.switch", on ? "1" : "0");
      await this.query(on ? "Oi11" : "Oi10");
      this.ctx.state.dataOk();
      return "handled";
    });
  }

  /** upsdrv_shutdown: power-cycle on line, stay off on battery. */
  shutdown(): Promise<CommandResult> {
    return this.#exclusive(async () => {
      await this.initups();
      // no answer: assume on battery with a low battery
      let s = AG.onBattery | AG.lowBattery;
      if (await this.query("AG") < 1) {
        this.ctx.log.error("can't retrieve ups status during shutdown");
      } else s = strtol(this.#buf, 16);
      await this.query("Ct1");
      if (this.#zinto) {
        await this.query("Cu0000060");
        await this.query("Cs0000030");
        return "handled" as const;
      }
      if (!(s & AG.onBattery)) await this.query("Cu00000600");
      await this.query("Cs00000080");
      return "handled" as const;
    });
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.#line?.close();
    this.#line = null;
    return Promise.resolve();
  }
}

/** upsdrv_help: the cable notes NUT prints for `-h`. */
export const OPTI_HELP = [
  "",
  "*".repeat(58),
  "This driver has been tested only with the OPTI SAFE 420E using",
  "the custom cable described in the NUT Opti-UPS protocol page.",
  "Seriously, it does _NOT_ work with the [windows] cable provided with",
  "the UPS or a standard serial cable. (I don't know if OPTI makes other",
  "UPS models that will work with another cable?)  Standard linux serial",
  "port drivers do not support the required DTR handshaking.",
  "",
  "     UPS 6 -> PC 3          This 3 wire cable pinout maps DTR to CTS.",
  "     UPS 9 -> PC 2",
  "     UPS 4 -> PC 5",
  "",
  "This driver has also been tested with a Zinto D from Online-USV AG,",
  "using their special cable:",
  "     UPS 6 -> PC 3",
  "     UPS 9 -> PC 2",
  "     UPS 7 -> PC 5",
  "It works even with a pl2303 usb-serial converter.",
  "*".repeat(58),
  "",
].join("\n");
