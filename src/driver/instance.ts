/**
 * One running driver instance: resolved config → DriverState →
 * DriverInstance → socket server → poll loop (the body of NUT's
 * drivers/main.c after argument parsing). `run.ts` runs one per process;
 * `host.ts` runs many in one process through this same path.
 *
 * @module
 */
import { NUT_VERSION } from "../version.ts";
import type { NutPaths } from "../config/paths.ts";
import type { Logger } from "../log.ts";
import { DriverSocketServer } from "./socket.ts";
import { DriverStateImpl } from "./state.ts";
import type { ResolvedConfig } from "./config.ts";
import {
  type CommandResult,
  type DriverContext,
  type DriverDefinition,
  DriverFatalError,
  type DriverInstance,
} from "./types.ts";

/** Poll interval when neither ups.conf, -i nor the driver says otherwise. */
export const DEFAULT_POLL_INTERVAL = 2;

/** Options of startInstance. */
export interface InstanceOptions {
  def: DriverDefinition;
  resolved: ResolvedConfig;
  log: Logger;
  /** Driver socket path; omitted = no socket (the -d dump mode). */
  socketPath?: string;
  /** -i from the command line (wins over ups.conf). */
  pollInterval?: number;
  /** Paths handed to the driver (DriverContext.paths). */
  paths?: NutPaths;
}

/** Why start-up failed: NUT's message and exit code. */
export class InstanceStartError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = "InstanceStartError";
    this.exitCode = exitCode;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A driver instance that has been initialised (and is serving, unless dumping). */
export class RunningInstance {
  readonly state: DriverStateImpl;
  readonly driver: DriverInstance;
  #pollInterval: number;
  #wake: (() => void) | undefined;
  readonly socket: DriverSocketServer | undefined;
  #abort: AbortController;
  #log: Logger;
  #loop: Promise<void> | undefined;
  #staleCalls = 0;
  #fatal: DriverFatalError | undefined;
  #onFatal: ((e: DriverFatalError) => void) | undefined;
  #stopped: Promise<void> | undefined;
  /** Resolves when update() threw DriverFatalError (the instance then ends itself). */
  readonly fatal: Promise<DriverFatalError>;

  constructor(
    state: DriverStateImpl,
    driver: DriverInstance,
    abort: AbortController,
    log: Logger,
    pollInterval: number,
    socket: DriverSocketServer | undefined,
  ) {
    this.state = state;
    this.driver = driver;
    this.#abort = abort;
    this.#log = log;
    this.#pollInterval = pollInterval;
    this.socket = socket;
    this.fatal = new Promise((resolve) => this.#onFatal = resolve);
    const stale = state.dataStale.bind(state);
    state.dataStale = () => {
      this.#staleCalls++;
      stale();
    };
  }

  /** Seconds between updates. */
  get pollInterval(): number {
    return this.#pollInterval;
  }

  /** Changes the poll interval (reload); a pending wait is cut short. */
  setPollInterval(seconds: number): void {
    this.#pollInterval = seconds;
    this.state.set("driver.parameter.pollinterval", seconds);
    this.#wake?.();
  }

  /**
   * One upsdrv_updateinfo. The framework marks the data OK after an update
   * that neither threw nor called dataStale(), and stale after one that threw.
   */
  async update(): Promise<void> {
    const before = this.#staleCalls;
    try {
      await this.driver.update();
      if (this.#staleCalls === before) this.state.dataOk();
    } catch (e) {
      if (e instanceof DriverFatalError) {
        this.#fatal ??= e;
        this.#abort.abort();
        return;
      }
      this.#log.error(`update failed: ${message(e)}`);
      this.state.dataStale();
    }
  }

  /** The DriverFatalError an update() threw, if any. */
  get fatalError(): DriverFatalError | undefined {
    return this.#fatal;
  }

  /** Starts the poll loop (every pollInterval seconds until stop()). */
  startLoop(): void {
    const signal = this.#abort.signal;
    this.#loop = (async () => {
      while (!signal.aborted) {
        const started = Date.now();
        await this.update();
        // re-read after each wake: a reload may change the interval
        while (!signal.aborted) {
          const left = started + this.#pollInterval * 1000 - Date.now();
          if (left <= 0) break;
          const cut = new AbortController();
          this.#wake = () => cut.abort();
          const stop = () => cut.abort();
          signal.addEventListener("abort", stop, { once: true });
          await sleep(left, cut.signal);
          signal.removeEventListener("abort", stop);
          this.#wake = undefined;
        }
      }
      if (this.#fatal) {
        // fatalx(): log, then end as a whole so upsd sees the socket close
        this.#log.error(this.#fatal.message);
        await this.#close();
        this.#onFatal?.(this.#fatal);
      }
    })();
  }

  /** The `-d` dump: `var: value` lines in tree order. */
  dump(): string {
    return this.state.tree.vars().map((v) => `${v.name}: ${v.value}\n`).join(
      "",
    );
  }

  /** Stops the loop, closes the driver (upsdrv_cleanup) and the socket. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
    await this.#close();
  }

  #close(): Promise<void> {
    this.#stopped ??= (async () => {
      try {
        await this.driver.close?.();
      } catch (e) {
        this.#log.error(`cleanup failed: ${message(e)}`);
      }
      await this.socket?.close();
    })();
    return this.#stopped;
  }
}

/** The state a configuration starts with: published params, overrides, device.type. */
export function initialState(resolved: ResolvedConfig): DriverStateImpl {
  const state = new DriverStateImpl({ ignoreLb: resolved.ignoreLb });
  for (const op of resolved.publish) {
    if (op.kind === "set") state.set(op.name, op.value);
    else state.setImmutable(op.name, op.value);
  }
  // set early so that a driver can replace it (a pdu, an ats)
  state.set("device.type", "ups");
  return state;
}

/** Creates the DriverInstance with its context. */
export function createDriver(
  def: DriverDefinition,
  resolved: ResolvedConfig,
  state: DriverStateImpl,
  log: Logger,
  abort: AbortController,
  paths?: NutPaths,
): DriverInstance {
  const ctx: DriverContext = {
    config: resolved.config,
    log,
    state,
    signal: abort.signal,
    ...(paths ? { paths } : {}),
  };
  return def.create(ctx);
}

/**
 * Runs start-up as NUT's main() does: driver.* vars, init, the first
 * update, the ignorelb check, the socket, pollinterval/synchronous and the
 * device.* copies. Throws InstanceStartError.
 */
export async function startInstance(
  opts: InstanceOptions,
): Promise<RunningInstance> {
  const { def, resolved, log } = opts;
  const state = initialState(resolved);
  const abort = new AbortController();
  const driver = createDriver(def, resolved, state, log, abort, opts.paths);
  const pollInterval = opts.pollInterval ?? resolved.pollInterval ??
    def.defaultPollInterval ?? DEFAULT_POLL_INTERVAL;
  state.set("driver.version", NUT_VERSION);
  state.set("driver.version.internal", def.version);
  state.set("driver.name", def.name);
  const running = new RunningInstance(
    state,
    driver,
    abort,
    log,
    pollInterval,
    opts.socketPath === undefined
      ? undefined
      : new DriverSocketServer(opts.socketPath, state, {
        instcmd: (cmd, param) => handleInstcmd(driver, cmd, param),
        setvar: (name, value) => handleSetvar(driver, name, value),
      }, log),
  );
  try {
    await driver.init();
  } catch (e) {
    abort.abort();
    // A driver may end start-up with its own exit code (snmp-ups mibs=--list).
    if (e instanceof InstanceStartError) throw e;
    throw new InstanceStartError(message(e));
  }
  await running.update();
  if (running.fatalError) {
    await running.stop();
    throw new InstanceStartError(
      running.fatalError.message,
      running.fatalError.exitCode,
    );
  }
  if (resolved.ignoreLb) checkIgnoreLb(state, log);
  if (running.socket) {
    try {
      running.socket.listen();
    } catch (e) {
      await running.stop();
      throw new InstanceStartError(message(e));
    }
  }
  state.set("driver.parameter.pollinterval", pollInterval);
  state.set("driver.parameter.synchronous", resolved.synchronous);
  for (const f of ["mfr", "model", "serial"]) {
    const v = state.tree.get(`ups.${f}`);
    if (v !== undefined) state.set(`device.${f}`, v);
  }
  return running;
}

function checkIgnoreLb(state: DriverStateImpl, log: Logger): void {
  const t = state.tree;
  let methods = 0;
  if (t.get("battery.charge") && t.get("battery.charge.low")) {
    log.info("using 'battery.charge' to set battery low state");
    methods++;
  }
  if (t.get("battery.runtime") && t.get("battery.runtime.low")) {
    log.info("using 'battery.runtime' to set battery low state");
    methods++;
  }
  if (!methods) {
    throw new InstanceStartError(
      "The 'ignorelb' flag is set, but there is no way to determine the\nbattery state of charge.\n\nOnly set this flag if both 'battery.charge' and 'battery.charge.low'\nand/or 'battery.runtime' and 'battery.runtime.low' are available.\n",
    );
  }
}

function handleInstcmd(
  driver: DriverInstance,
  cmd: string,
  param?: string,
): Promise<CommandResult | undefined> {
  if (!driver.instcmd) return Promise.resolve(undefined);
  return driver.instcmd(cmd, param);
}

function handleSetvar(
  driver: DriverInstance,
  name: string,
  value: string,
): Promise<CommandResult | undefined> {
  if (!driver.setvar) return Promise.resolve(undefined);
  return driver.setvar(name, value);
}
