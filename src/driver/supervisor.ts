/**
 * One supervised driver instance inside a shared driver host: the same
 * start path as a lone driver (ups.conf section → resolveConfig →
 * startInstance), plus what a separate process would get from the OS and
 * from upsdrvctl/systemd: its own PID file, a restart after `retrydelay`
 * when it ends with a fatal error, and a watchdog that abandons and
 * restarts it when one update() hangs.
 *
 * @module
 */
import { loadUpsConf } from "../config/load.ts";
import { driverSocketPath, type NutPaths } from "../config/paths.ts";
import type { UpsConf } from "../config/ups_conf.ts";
import type { Logger } from "../log.ts";
import { removePid, writePid } from "../pidfile.ts";
import { resolveConfig, type ResolvedConfig } from "./config.ts";
import {
  InstanceStartError,
  type RunningInstance,
  startInstance,
} from "./instance.ts";
import { driverPidPath } from "./pidfile.ts";
import { reloadDriver } from "./reload.ts";
import {
  type DriverContext,
  type DriverDefinition,
  type DriverFatalError,
  type DriverInstance,
} from "./types.ts";

/** What one hosted instance needs. */
export interface HostedOptions {
  def: DriverDefinition;
  upsName: string;
  paths: NutPaths;
  log: Logger;
  /** Seconds before an instance that ended is started again; < 0: never. */
  retryDelay: number;
  /** An update() still running after this many ms counts as hung. */
  hangMs: number;
  /** Reads ups.conf (the host caches it while the file is unchanged). */
  loadConf?: () => Promise<UpsConf>;
}

/** Where a hosted instance is in its life. */
export type HostedPhase = "starting" | "running" | "waiting" | "stopped";

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Wraps a driver so the supervisor sees when an update() began and ended;
 * everything else is passed through unchanged.
 */
function watched(
  def: DriverDefinition,
  busy: { since: number | undefined },
): DriverDefinition {
  return {
    ...def,
    create(ctx: DriverContext): DriverInstance {
      const d = def.create(ctx);
      const w: DriverInstance = {
        init: () => d.init(),
        update: async () => {
          busy.since = Date.now();
          try {
            await d.update();
          } finally {
            busy.since = undefined;
          }
        },
        shutdown: () => d.shutdown(),
      };
      if (d.initups) w.initups = () => d.initups!();
      if (d.instcmd) w.instcmd = (c, p) => d.instcmd!(c, p);
      if (d.setvar) w.setvar = (n, v) => d.setvar!(n, v);
      if (d.close) w.close = () => d.close!();
      if (d.reload) w.reload = (c) => d.reload!(c);
      return w;
    },
  };
}

/** One driver instance as a hosted, supervised unit. */
export class HostedDriver {
  readonly def: DriverDefinition;
  readonly upsName: string;
  readonly pidPath: string;
  #opts: HostedOptions;
  #running: RunningInstance | undefined;
  #resolved: ResolvedConfig | undefined;
  #phase: HostedPhase = "stopped";
  #busy: { since: number | undefined } = { since: undefined };
  #retry: ReturnType<typeof setTimeout> | undefined;
  #generation = 0;
  /** How many times the supervisor started it again after a failure. */
  restarts = 0;

  constructor(opts: HostedOptions) {
    this.def = opts.def;
    this.upsName = opts.upsName;
    this.#opts = opts;
    this.pidPath = driverPidPath(
      opts.paths.altPidPath,
      opts.def.name,
      opts.upsName,
    );
  }

  /** The current phase. */
  get phase(): HostedPhase {
    return this.#phase;
  }

  /** The driver socket path upsd connects to. */
  get socketPath(): string {
    return driverSocketPath(
      this.#opts.paths.statePath,
      this.def.name,
      this.upsName,
    );
  }

  /**
   * Starts the instance as a driver process would (ups.conf is read
   * afresh). Throws InstanceStartError / DriverConfigFatal on failure; the
   * caller (upsdrvctl) decides about retries then, as NUT's upsdrvctl does.
   */
  async start(): Promise<void> {
    this.#clearRetry();
    const generation = ++this.#generation;
    this.#phase = "starting";
    const { def, upsName, paths, log } = this.#opts;
    try {
      const upsConf = await (this.#opts.loadConf ?? (() =>
        loadUpsConf(paths)))();
      const resolved = resolveConfig({
        def,
        upsName,
        upsConf,
        steps: [{ kind: "section", name: upsName }],
      });
      const running = await startInstance({
        def: watched(def, this.#busy),
        resolved,
        log,
        paths,
        socketPath: this.socketPath,
      });
      if (generation !== this.#generation) {
        await running.stop(); // stopped while starting
        return;
      }
      this.#resolved = resolved;
      this.#running = running;
      this.#phase = "running";
      try {
        writePid(this.pidPath);
      } catch (e) {
        log.warn(`Can't write PID file ${this.pidPath}: ${message(e)}`);
      }
      running.startLoop();
      void running.fatal.then((e) => this.#ended(running, e));
    } catch (e) {
      if (generation === this.#generation) this.#phase = "stopped";
      throw e;
    }
  }

  /** A fatal error ended the instance (its socket is closed already). */
  #ended(running: RunningInstance, e: DriverFatalError): void {
    if (this.#running !== running) return;
    this.#running = undefined;
    this.#opts.log.error(`instance ended: ${e.message}`);
    this.#scheduleRestart();
  }

  #scheduleRestart(): void {
    removePid(this.pidPath);
    const delay = this.#opts.retryDelay;
    if (delay < 0) {
      this.#phase = "stopped";
      return;
    }
    this.#phase = "waiting";
    const generation = this.#generation;
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      if (generation !== this.#generation) return;
      this.restarts++;
      this.start().catch((err) => {
        if (generation + 1 !== this.#generation) return;
        this.#opts.log.error(`restart failed: ${message(err)}`);
        this.#scheduleRestart();
      });
    }, delay * 1000);
  }

  #clearRetry(): void {
    if (this.#retry !== undefined) clearTimeout(this.#retry);
    this.#retry = undefined;
  }

  /**
   * Called periodically by the host: an update() running longer than
   * hangMs means the instance is stuck. It is abandoned (socket closed, so
   * upsd sees the driver gone, as when a hung process is killed) and
   * started again after retrydelay.
   */
  checkHang(now: number): boolean {
    const since = this.#busy.since;
    const running = this.#running;
    if (!running || since === undefined) return false;
    if (now - since < this.#opts.hangMs) return false;
    this.#running = undefined;
    this.#busy.since = undefined;
    this.#opts.log.error(
      `update() has not returned for ${
        Math.round((now - since) / 1000)
      } s: abandoning the instance`,
    );
    // stop() would wait for the hung update(); only its socket is closed
    void running.socket?.close();
    void running.stop().catch(() => {});
    this.#scheduleRestart();
    return true;
  }

  /** Stops the instance for good (upsdrvctl stop / -c exit). */
  async stop(): Promise<void> {
    this.#generation++;
    this.#clearRetry();
    this.#phase = "stopped";
    const running = this.#running;
    this.#running = undefined;
    removePid(this.pidPath);
    if (!running) return;
    this.#opts.log.info("Signal 15: exiting");
    // a driver stuck in update() must not hold up the others' stop
    const stuck = this.#busy.since !== undefined;
    if (stuck) await running.socket?.close();
    await Promise.race([
      running.stop(),
      new Promise<void>((r) => {
        const t = setTimeout(r, stuck ? 0 : this.#opts.hangMs);
        Deno.unrefTimer(t);
      }),
    ]);
    await running.socket?.close();
  }

  /** -c reload for this instance only (reload.ts as a lone driver does it). */
  async reload(): Promise<void> {
    const running = this.#running;
    if (!running || !this.#resolved) {
      throw new InstanceStartError(`${this.upsName} is not running`);
    }
    this.#opts.log.info("Signal 1: reloading configuration");
    const r = await reloadDriver({
      def: this.def,
      upsName: this.upsName,
      steps: [{ kind: "section", name: this.upsName }],
      paths: this.#opts.paths,
      log: this.#opts.log,
      running,
    }, this.#resolved);
    this.#resolved = r.resolved;
  }
}
