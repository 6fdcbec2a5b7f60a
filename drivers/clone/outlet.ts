/**
 * NUT's `clone-outlet` (2.8.0, 0.02): republishes another driver's data
 * and shows one of its outlets as if it were the UPS: `OFF` is appended
 * while `<prefix>.status` is "off", and `FSD` put in front while
 * `<prefix>.timer.shutdown` runs inside `<prefix>.delay.shutdown`.
 * Monitoring only: no commands, and `-k` does nothing (as 2.8.0).
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
import { DriverFatalError } from "../../src/driver/types.ts";
import { Upstream } from "./upstream.ts";

/** The ups.conf variables of clone-outlet. */
export const OUTLET_VARS: readonly DriverVar[] = [
  { name: "prefix", kind: "value", desc: "Outlet prefix (mandatory)" },
];

/** C strtol: leading integer, else 0. */
function strtol(v: string): number {
  const m = /^\s*[+-]?\d+/.exec(v);
  return m ? Number(m[0]) : 0;
}

/** One clone-outlet instance. */
export class CloneOutletDriver implements DriverInstance {
  #ctx: DriverContext;
  #up: Upstream;
  #names = { delay: "", timer: "", status: "" };
  #delay = -1;
  #timer = -1;
  #on = true;
  #status = "WAIT";

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

  /** upsdrv_initups: the prefix is mandatory, then connect. */
  async initups(): Promise<void> {
    const prefix = this.#ctx.config.values.get("prefix");
    if (prefix === undefined) {
      throw new DriverFatalError("Outlet prefix is mandatory for this driver!");
    }
    const p = prefix.toLowerCase();
    this.#names = {
      delay: `${p}.delay.shutdown`,
      timer: `${p}.timer.shutdown`,
      status: `${p}.status`,
    };
    if (!this.#up.connected) await this.#connect();
  }

  async init(): Promise<void> {
    await this.initups();
  }

  async #connect(): Promise<void> {
    if (await this.#up.connect()) this.#ctx.state.set("ups.status", "WAIT");
  }

  #line(w: string[]): boolean {
    const s = this.#ctx.state;
    const c = this.#up.common(w, s);
    if (!Array.isArray(c)) return c;
    const [name, value] = c;
    const n = name.toLowerCase();
    if (n.startsWith("driver.")) return true;
    if (n === this.#names.delay) this.#delay = strtol(value);
    if (n === this.#names.timer) this.#timer = strtol(value);
    if (n === this.#names.status) this.#on = value.toLowerCase() !== "off";
    if (n === "ups.status") {
      // published by the next update with the outlet's flags
      this.#status = value;
      return true;
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

  /** The status half of NUT's upsdrv_updateinfo. */
  #step(): void {
    const s = this.#ctx.state;
    if (!this.#on) {
      s.set("ups.status", `${this.#status} OFF`);
    } else if (this.#timer > -1 && this.#timer <= this.#delay) {
      s.set("ups.status", `FSD ${this.#status}`);
    } else {
      s.set("ups.status", this.#status);
    }
  }

  /** 2.8.0's upsdrv_shutdown is empty: `-k` succeeds without doing anything. */
  shutdown(): Promise<CommandResult> {
    return Promise.resolve("handled");
  }

  close(): Promise<void> {
    this.#up.disconnect();
    return Promise.resolve();
  }
}
