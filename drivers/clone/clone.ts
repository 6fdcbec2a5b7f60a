/**
 * NUT's `clone` (2.8.0, 0.03): republishes another driver's data read from
 * its socket, and adds its own outlet timers. `shutdown.return` /
 * `shutdown.stayoff` (or the battery falling under `mincharge` /
 * `minruntime` while on battery) put FSD in front of the upstream status
 * and count down `offdelay`; at zero the `load.off` command (if set) is sent
 * upstream as `INSTCMD`; back on line, `ondelay` later `load.on` is sent.
 * Timers count whole seconds, as NUT's time_t arithmetic.
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
  DriverVar,
} from "../../src/driver/types.ts";
import { DEFAULT_PATHS } from "../../src/config/paths.ts";
import { Upstream } from "./upstream.ts";

/** The ups.conf variables of clone (upsdrv_makevartable). */
export const CLONE_VARS: readonly DriverVar[] = [
  {
    name: "offdelay",
    kind: "value",
    desc: "Delay before outlet shutdown (seconds)",
  },
  {
    name: "ondelay",
    kind: "value",
    desc: "Delay before outlet startup (seconds)",
  },
  {
    name: "mincharge",
    kind: "value",
    desc: "Remaining battery level when UPS switches to LB (percent)",
  },
  {
    name: "minruntime",
    kind: "value",
    desc: "Remaining battery runtime when UPS switches to LB (seconds)",
  },
  { name: "load.off", kind: "value", desc: "Command to switch off outlet" },
  { name: "load.on", kind: "value", desc: "Command to switch on outlet" },
  {
    name: "load.status",
    kind: "value",
    desc: "Variable that indicates outlet is on/off",
  },
];

/** Upstream SETINFO names clone keeps to itself. */
function private_(name: string): boolean {
  const n = name.toLowerCase();
  return n.startsWith("driver.") || n === "battery.charge.low" ||
    n === "battery.runtime.low" || n.startsWith("ups.delay.") ||
    n.startsWith("ups.timer.");
}

/** C strtol/strtod on a config value: leading number, else 0. */
function num(v: string | undefined, int: boolean): number {
  const m = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i.exec(v ?? "");
  if (!m) return 0;
  const x = Number(m[0]);
  return int ? Math.trunc(x) : x;
}

/** printf %g for the small values clone prints. */
function g(x: number): string {
  return Number(x.toPrecision(6)).toString();
}

const nowS = () => Math.floor(Date.now() / 1000);

/** One clone instance. */
export class CloneDriver implements DriverInstance {
  #ctx: DriverContext;
  #up: Upstream;
  #timerStart = -1;
  #timerShutdown = -1;
  #status = "WAIT";
  #charge = { act: 0, low: 0 };
  #runtime = { act: 0, low: 0 };
  #online = true;
  #outlet = true;
  #offdelay = 120;
  #ondelay = 30;
  #lastPoll = 0;

  constructor(ctx: DriverContext) {
    this.#ctx = ctx;
    const state = ctx.paths?.statePath ?? DEFAULT_PATHS.statePath;
    this.#up = new Upstream(
      `${state}/${ctx.config.port}`,
      (w) => this.#line(w),
      () => this.#step(),
      ctx.log,
    );
  }

  #val(name: string): string | undefined {
    return this.#ctx.config.values.get(name);
  }

  async init(): Promise<void> {
    await this.#connect();
    const s = this.#ctx.state;
    this.#lastPoll = nowS();
    s.addCmd("shutdown.return");
    s.addCmd("shutdown.stayoff");
    if (this.#val("offdelay") !== undefined) {
      this.#offdelay = num(this.#val("offdelay"), true);
    }
    if (this.#val("ondelay") !== undefined) {
      this.#ondelay = num(this.#val("ondelay"), true);
    }
    if (this.#val("mincharge") !== undefined) {
      this.#charge.low = num(this.#val("mincharge"), false);
    }
    if (this.#val("minruntime") !== undefined) {
      this.#runtime.low = num(this.#val("minruntime"), false);
    }
    s.set("ups.delay.shutdown", String(this.#offdelay));
    s.set("ups.delay.start", String(this.#ondelay));
    this.#publishTimers();
  }

  async #connect(): Promise<void> {
    if (await this.#up.connect()) {
      // WAIT until upstream answered the dump
      this.#ctx.state.set("ups.status", "WAIT");
    }
  }

  #publishTimers(): void {
    this.#ctx.state.set("ups.timer.shutdown", String(this.#timerShutdown));
    this.#ctx.state.set("ups.timer.start", String(this.#timerStart));
  }

  /** NUT's parse_args: true when the line counts as hearing from upstream. */
  #line(w: string[]): boolean {
    const s = this.#ctx.state;
    const c = this.#up.common(w, s);
    if (!Array.isArray(c)) return c;
    const [name, value] = c;
    const lname = name.toLowerCase();
    if (private_(name)) return true;
    if (lname === "ups.status") {
      this.#status = value;
      this.#online = value.includes("OL");
      if (this.#timerShutdown > 0) {
        s.set("ups.status", `FSD ${this.#status}`);
        return true;
      }
    }
    if (lname === "battery.charge") {
      this.#charge.act = num(value, false);
      s.set("battery.charge.low", g(this.#charge.low));
      s.setFlags("battery.charge.low", ["RW", "STRING"]);
      s.setAux("battery.charge.low", 3);
    }
    if (lname === "battery.runtime") {
      this.#runtime.act = num(value, false);
      s.set("battery.runtime.low", g(this.#runtime.low));
      s.setFlags("battery.runtime.low", ["RW", "STRING"]);
      s.setAux("battery.runtime.low", 4);
    }
    s.set(name, value);
    return true;
  }

  async update(): Promise<void> {
    if (this.#up.dead()) {
      this.#up.disconnect();
      await this.#connect();
    } else {
      this.#step();
    }
    // Stay stale while upstream says so (until its dump's DATAOK) and, unlike
    // NUT 2.8.0, while its socket is gone: old values are not fresh ones.
    if (this.#up.stale || !this.#up.connected) this.#ctx.state.dataStale();
  }

  /** The timer half of NUT's upsdrv_updateinfo. */
  #step(): void {
    const now = nowS();
    const s = this.#ctx.state;
    if (this.#timerShutdown >= 0) {
      this.#timerShutdown -= now - this.#lastPoll;
      if (this.#timerShutdown < 0) {
        this.#timerShutdown = -1;
        this.#outlet = false;
        const cmd = this.#val("load.off");
        if (cmd !== undefined) void this.#up.send(`INSTCMD ${cmd}\n`);
      }
    } else if (this.#timerStart >= 0) {
      if (this.#online) this.#timerStart -= now - this.#lastPoll;
      else this.#timerStart = this.#ondelay;
      if (this.#timerStart < 0) {
        this.#timerStart = -1;
        this.#outlet = true;
        const cmd = this.#val("load.on");
        if (cmd !== undefined) void this.#up.send(`INSTCMD ${cmd}\n`);
        s.set("ups.status", this.#status);
      }
    } else if (!this.#online && this.#outlet) {
      if (this.#charge.act < this.#charge.low) {
        this.#ctx.log.info("Battery charge low");
        this.#shutdown("shutdown.return");
      } else if (this.#runtime.act < this.#runtime.low) {
        this.#ctx.log.info("Battery runtime low");
        this.#shutdown("shutdown.return");
      }
    }
    this.#publishTimers();
    this.#lastPoll = now;
  }

  /** NUT's instcmd(): both commands arm the same timers. */
  #shutdown(cmd: string, param?: string): CommandResult {
    const ls = this.#val("load.status");
    const v = ls === undefined ? undefined : this.#ctx.state.tree.get(ls);
    if (v !== undefined) {
      const lv = v.toLowerCase();
      if (lv === "off" || lv === "no") this.#outlet = false;
      if (lv === "on" || lv === "yes") this.#outlet = true;
    }
    const lc = cmd.toLowerCase();
    if (lc !== "shutdown.return" && lc !== "shutdown.stayoff") {
      this.#ctx.log.notice(
        `instcmd: unknown command [${cmd}] [${param ?? "(null)"}]`,
      );
      return "unknown";
    }
    if (this.#outlet && this.#timerShutdown < 0) {
      this.#timerShutdown = this.#offdelay;
      this.#ctx.state.set("ups.status", `FSD ${this.#status}`);
    }
    this.#timerStart = lc === "shutdown.return" ? this.#ondelay : -1;
    return "handled";
  }

  instcmd(cmd: string, param?: string): Promise<CommandResult> {
    return Promise.resolve(this.#shutdown(cmd, param));
  }

  setvar(name: string, value: string): Promise<CommandResult> {
    const n = name.toLowerCase();
    const s = this.#ctx.state;
    if (n === "battery.charge.low") {
      this.#charge.low = num(value, false);
      s.set("battery.charge.low", g(this.#charge.low));
      return Promise.resolve("handled");
    }
    if (n === "battery.runtime.low") {
      this.#runtime.low = num(value, false);
      s.set("battery.runtime.low", g(this.#runtime.low));
      return Promise.resolve("handled");
    }
    this.#ctx.log.notice(`setvar: unknown variable [${name}]`);
    return Promise.resolve("unknown");
  }

  shutdown(): Promise<CommandResult> {
    return Promise.reject(new Error("shutdown not supported"));
  }

  close(): Promise<void> {
    this.#up.disconnect();
    return Promise.resolve();
  }
}
