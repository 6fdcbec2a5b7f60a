/**
 * upsmon's main loop around the pure policy: connect and log in to each
 * upsd, poll `ups.status`, feed the results to `step()`, carry out the
 * actions, sleep POLLFREQ/POLLFREQALERT. The connection and the effects are
 * injected, so the loop can run against fakes.
 *
 * @module
 */
import type { Logger } from "../log.ts";
import type { MonitorEntry, UpsmonConf } from "../config/upsmon_conf.ts";
import { NutError } from "../protocol/errors.ts";
import { route } from "./notify.ts";
import {
  initialState,
  nextDelay,
  type PolicyAction,
  type PolicyEvent,
  type PolicyState,
  reconcile,
  step,
} from "./policy.ts";
import type { Notifier } from "./effects.ts";
import { channelsOf } from "./notify_channels.ts";

/** The upsd session calls upsmon needs (NutClient satisfies it). */
export interface UpsdLink {
  username(user: string): Promise<void>;
  password(pass: string): Promise<void>;
  login(ups: string): Promise<void>;
  primary(ups: string): Promise<void>;
  fsd(ups: string): Promise<void>;
  numLogins(ups: string): Promise<number>;
  getVar(ups: string, name: string): Promise<string>;
  close(): Promise<void>;
}

/** Opens a session to the upsd of one MONITOR line. */
export type Connector = (
  m: MonitorEntry,
  conf: UpsmonConf,
) => Promise<UpsdLink>;

/** What the loop needs from outside. */
export interface MonitorOptions {
  conf: UpsmonConf;
  log: Logger;
  notifier: Notifier;
  connect: Connector;
  /** Carries out the shutdown (flag + SHUTDOWNCMD, or asks the parent). */
  shutdown(): Promise<void>;
  /** False once the privileged parent is gone (split mode). */
  parentAlive?(): boolean;
  now?(): number;
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** One running upsmon monitor. */
export class Monitor {
  #o: MonitorOptions;
  #conf: UpsmonConf;
  #state: PolicyState;
  #links = new Map<string, UpsdLink>();
  #userFsd = false;
  #pendingConf: UpsmonConf | undefined;
  #wake: (() => void) | undefined;

  constructor(options: MonitorOptions) {
    this.#o = options;
    this.#conf = options.conf;
    this.#state = initialState(this.#conf, this.#now());
  }

  /** The policy state (for status displays and tests). */
  get state(): PolicyState {
    return this.#state;
  }

  /** SIGUSR1: forced shutdown at the top of the next loop. */
  requestFsd(): void {
    this.#o.log.info("Signal 10: User requested FSD");
    this.#userFsd = true;
    this.#wake?.();
  }

  /** SIGHUP after a successful re-read: applied at the top of the next loop. */
  requestReload(conf: UpsmonConf): void {
    this.#pendingConf = conf;
    this.#wake?.();
  }

  #now(): number {
    return this.#o.now?.() ?? Date.now();
  }

  #feed(event: PolicyEvent): Promise<boolean> {
    const r = step(this.#state, event, this.#now(), this.#conf);
    this.#state = r.state;
    return this.#apply(r.actions);
  }

  /** Carries out actions; true once the shutdown ran. */
  async #apply(actions: PolicyAction[]): Promise<boolean> {
    let shutdown = false;
    for (const a of actions) {
      switch (a.type) {
        case "notify": {
          const d = route(this.#conf.notify, a.event, a.system);
          if (d) this.#o.notifier.deliver(d);
          break;
        }
        case "log":
          if (a.level === "debug") this.#o.log.debug(1, a.message);
          else if (a.level === "crit") this.#o.log.crit(a.message);
          else if (a.level === "warning") this.#o.log.warn(a.message);
          else if (a.level === "err") this.#o.log.error(a.message);
          else if (a.level === "notice") this.#o.log.notice(a.message);
          else this.#o.log.info(a.message);
          break;
        case "setFsd":
          await this.#setFsd(a.system);
          break;
        case "wall":
          this.#o.notifier.wall(a.message);
          break;
        case "shutdown":
          await this.#o.shutdown();
          shutdown = true;
          break;
      }
    }
    return shutdown;
  }

  async #setFsd(system: string): Promise<void> {
    const m = this.#conf.monitors.find((x) => x.system === system);
    const link = this.#links.get(system);
    if (!m || !link) {
      this.#o.log.error(`FSD set on UPS ${system} failed: not connected`);
      return;
    }
    this.#o.log.debug(1, `Setting FSD on UPS ${system}`);
    try {
      await link.fsd(m.upsName);
    } catch (e) {
      this.#o.log.error(`FSD set on UPS ${system} failed: ${errText(e)}`);
    }
  }

  async #drop(system: string): Promise<void> {
    const link = this.#links.get(system);
    this.#links.delete(system);
    await link?.close().catch(() => {});
  }

  /** Connects and authenticates; false when this cycle's poll is skipped. */
  async #connect(m: MonitorEntry): Promise<boolean> {
    let link: UpsdLink;
    try {
      link = await this.#o.connect(m, this.#conf);
    } catch (e) {
      this.#o.log.error(`UPS [${m.system}]: connect failed: ${errText(e)}`);
      await this.#feed({
        type: "connectFailed",
        system: m.system,
        reason: errText(e),
      });
      return false;
    }
    this.#links.set(m.system, link);
    if (m.powerValue === 0) return true; // monitor only: no login
    try {
      await link.username(m.user);
      await link.password(m.password);
      await link.login(m.upsName);
      this.#o.log.debug(1, `Logged into UPS ${m.system}`);
    } catch (e) {
      this.#o.log.error(`Login to UPS [${m.system}] failed: ${errText(e)}`);
      return false;
    }
    if (m.primary) {
      try {
        await link.primary(m.upsName);
      } catch (e) {
        this.#o.log.error(
          `Primary managerial privileges unavailable on UPS [${m.system}]`,
        );
        this.#o.log.error(`Reason: ${errText(e)}`);
        return false;
      }
    }
    return true;
  }

  async #poll(m: MonitorEntry): Promise<boolean> {
    if (!this.#links.has(m.system) && !await this.#connect(m)) return false;
    const link = this.#links.get(m.system)!;
    let status: string;
    try {
      status = await link.getVar(m.upsName, "ups.status");
    } catch (e) {
      const unknown = e instanceof NutError && e.code === "UNKNOWN-UPS";
      this.#o.log.error(
        unknown
          ? `Poll UPS [${m.system}] failed - [${m.upsName}] does not exist on server ${m.host}`
          : `Poll UPS [${m.system}] failed - ${errText(e)}`,
      );
      // an ERR keeps the session; anything else (timeout, EOF, garbage) drops it
      const disconnected = !(e instanceof NutError);
      if (disconnected) await this.#drop(m.system);
      return await this.#feed({
        type: "pollFailed",
        system: m.system,
        reason: errText(e),
        disconnected,
      });
    }
    this.#o.log.debug(1, `     status: [${status}]`);
    return await this.#feed({ type: "status", system: m.system, status });
  }

  async #applyReload(conf: UpsmonConf): Promise<void> {
    this.#o.log.info("Reloading configuration");
    for (const old of this.#conf.monitors) {
      const m = conf.monitors.find((x) => x.system === old.system);
      if (
        !m || m.user !== old.user || m.password !== old.password ||
        m.primary !== old.primary || m.powerValue !== old.powerValue
      ) await this.#drop(old.system);
    }
    const r = reconcile(this.#state, conf);
    this.#conf = conf;
    this.#state = r.state;
    this.#o.notifier.notifyCmd = conf.notifyCmd;
    this.#o.notifier.channels = channelsOf(conf);
    await this.#apply(r.actions);
  }

  async #sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted || ms <= 0) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done);
      this.#wake = done;
    });
  }

  /** Runs until the shutdown ran ("shutdown") or `signal` aborts ("stopped"). */
  async run(signal: AbortSignal): Promise<"shutdown" | "stopped"> {
    try {
      while (!signal.aborted) {
        if (await this.#cycle()) return "shutdown";
        if (this.#o.parentAlive && !this.#o.parentAlive()) {
          await this.#feed({ type: "parentGone" });
        }
        await this.#sleep(
          nextDelay(this.#state, this.#conf, this.#now()),
          signal,
        );
      }
      return "stopped";
    } finally {
      for (const system of [...this.#links.keys()]) await this.#drop(system);
    }
  }

  /** One pass of the loop; true once the shutdown ran. */
  async #cycle(): Promise<boolean> {
    if (this.#pendingConf) {
      const conf = this.#pendingConf;
      this.#pendingConf = undefined;
      await this.#applyReload(conf);
    }
    if (this.#userFsd && this.#state.phase === "monitor") {
      this.#userFsd = false;
      if (await this.#feed({ type: "userFsd" })) return true;
    }
    if (this.#state.phase === "monitor") {
      for (const m of this.#conf.monitors) {
        if (await this.#poll(m)) return true;
      }
      if (await this.#feed({ type: "recalc" })) return true;
    }
    if (this.#state.phase === "hostsync") {
      let max = 0;
      for (const m of this.#conf.monitors) {
        const link = this.#links.get(m.system);
        if (!m.primary || !link) continue;
        try {
          max = Math.max(max, await link.numLogins(m.upsName));
        } catch {
          // NUT skips a UPS whose NUMLOGINS query fails
        }
      }
      if (await this.#feed({ type: "numLogins", max })) return true;
    }
    if (this.#state.phase === "finaldelay") {
      return await this.#feed({ type: "tick" });
    }
    return false;
  }
}
