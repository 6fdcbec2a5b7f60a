/**
 * upsdrvctl (drivers/upsdrvctl.c, NUT 2.8.0): start, stop and shutdown the
 * drivers of ups.conf, plus the 2.8.1+ additions: `-F`/`-FF`/`-B` passed
 * to the drivers, `-c <command>` to signal running drivers and `list`.
 * Process spawning and signals are injected so the logic is testable;
 * `cli/upsdrvctl.ts` wires the real ones.
 *
 * @module
 */
import type { UpsConf } from "../config/ups_conf.ts";
import { commandSignal } from "../driver/args.ts";

/** One ups.conf section as upsdrvctl sees it. */
export interface DrvUps {
  name: string;
  driver: string;
  port?: string;
  sdorder: number;
  /** -1: use the global value. */
  maxstartdelay: number;
}

/** Global settings from ups.conf. */
export interface DrvGlobals {
  maxstartdelay: number;
  maxretry: number;
  retrydelay: number;
  driverpath?: string;
  nowait: boolean;
}

/** How a started program ended. */
export type ExitResult =
  | { kind: "exit"; code: number }
  | { kind: "signal"; signal: string }
  | { kind: "timeout" };

/** A driver started without waiting (foreground pass-through). */
export interface Tracked {
  ups: DrvUps;
  status: Promise<ExitResult>;
  kill(signal: Deno.Signal): void;
}

/** The OS operations upsdrvctl needs. */
export interface DrvOps {
  exists(path: string): boolean;
  /** Runs argv; resolves when it exits or after `timeoutSec` (< 0: no limit). */
  run(argv: string[], timeoutSec: number, wait: boolean): Promise<ExitResult>;
  /** Starts argv and returns at once (the driver stays in the foreground). */
  spawn(argv: string[], ups: DrvUps): Tracked;
  /**
   * Sends `signal` (default SIGTERM) to the PID in `pidFile` (or asks the
   * driver host that runs that instance to stop or reload it); throws when
   * the file is missing / kill fails.
   */
  signalPidFile(pidFile: string, signal?: Deno.Signal): void | Promise<void>;
  pidFileExists(pidFile: string): boolean;
  sleep(sec: number): Promise<void>;
  /** Log lines (stderr). */
  log(line: string): void;
  /** Debug lines, shown at `level` <= debug. */
  debug(level: number, line: string): void;
  /** Standard output (list). */
  print(text: string): void;
}

/** Options from the command line. */
export interface DrvOptions {
  testMode: boolean;
  user?: string;
  chroot?: string;
  debugLevel: number;
  passDebug: boolean;
  altPidPath: string;
  /** Default driver directory (before ups.conf driverpath). */
  defaultDriverPath: string;
  /**
   * -F (1), -FF (2), -B (0) passed to started drivers; -1 (default): none,
   * the driver decides from its debug level.
   */
  foreground?: number;
}

export { signalCommand } from "../driver/args.ts";

/** What upsdrvctl can do to each selected UPS. */
export type DrvCommand = "start" | "stop" | "shutdown" | "signal" | "list";

/** Fatal error: message printed, exit 1. */
export class DrvFatal extends Error {}

/** ups.conf as upsdrvctl reads it (read_upsconf). */
export function readDrvConf(
  conf: UpsConf,
): { globals: DrvGlobals; upses: DrvUps[] } {
  const g = conf.globals.values;
  const num = (v: string | undefined, d: number) =>
    v === undefined ? d : atoi(v);
  const globals: DrvGlobals = {
    maxstartdelay: num(g.get("maxstartdelay"), 45),
    maxretry: num(g.get("maxretry"), 1),
    retrydelay: num(g.get("retrydelay"), 5),
    nowait: conf.globals.flags.has("nowait") || g.has("nowait"),
    ...(g.get("driverpath") !== undefined
      ? { driverpath: g.get("driverpath")! }
      : {}),
  };
  const upses: DrvUps[] = [];
  for (const s of conf.sections) {
    const driver = s.values.get("driver");
    if (driver === undefined) continue;
    upses.push({
      name: s.name,
      driver,
      ...(s.values.get("port") !== undefined
        ? { port: s.values.get("port")! }
        : {}),
      sdorder: num(s.values.get("sdorder"), 0),
      maxstartdelay: num(s.values.get("maxstartdelay"), -1),
    });
  }
  return { globals, upses };
}

function atoi(s: string): number {
  const m = /^\s*[+-]?\d+/.exec(s);
  return m ? Number(m[0]) : 0;
}

/** One run of upsdrvctl; `errors` is NUT's exec_error. */
export class DrvCtl {
  errors = 0;
  /** Drivers started in the foreground (-F with several UPSes). */
  readonly tracked: Tracked[] = [];
  /** How many UPSes this run commands (NUT's upscount). */
  upsCount = 0;
  /** The `-c` command to send (see SIGNAL_COMMANDS). */
  signalName = "reload";
  readonly ops: DrvOps;
  readonly opts: DrvOptions;
  readonly globals: DrvGlobals;
  readonly upses: DrvUps[];

  constructor(
    ops: DrvOps,
    opts: DrvOptions,
    conf: { globals: DrvGlobals; upses: DrvUps[] },
  ) {
    this.ops = ops;
    this.opts = opts;
    this.globals = conf.globals;
    this.upses = conf.upses;
  }

  get driverPath(): string {
    return this.globals.driverpath ?? this.opts.defaultDriverPath;
  }

  #common(ups: DrvUps, extra: string[], start = false): string[] {
    const argv = [`${this.driverPath}/${ups.driver}`];
    if (start && this.opts.passDebug && this.opts.debugLevel > 0) {
      argv.push("-" + "D".repeat(this.opts.debugLevel));
    }
    const fg = this.opts.foreground ?? -1;
    if (start && fg >= 0) argv.push(["-B", "-F", "-FF"][fg]!);
    argv.push("-a", ups.name, ...extra);
    if (this.opts.chroot) argv.push("-r", this.opts.chroot);
    if (this.opts.user) argv.push("-u", this.opts.user);
    return argv;
  }

  async #forkexec(argv: string[], ups: DrvUps, start = false): Promise<void> {
    if (this.opts.testMode) return;
    const fg = this.opts.foreground ?? -1;
    if (start && fg > 0 && this.upsCount > 1) {
      // several foreground drivers: start each, upsdrvctl stays and tracks them
      this.ops.debug(
        1,
        "Starting driver with explicitly requested foregrounding mode: " +
          "will not wait for it to fork and detach, continuing...",
      );
      this.tracked.push(this.ops.spawn(argv, ups));
      return;
    }
    if (start && fg > 0) {
      // one foreground driver: NUT exec()s it, so its exit is ours
      this.ops.debug(
        1,
        "Starting the only driver with explicitly requested foregrounding mode, not forking",
      );
      this.tracked.push(this.ops.spawn(argv, ups));
      return;
    }
    if (
      start && fg !== 0 && this.opts.debugLevel > 0 && this.opts.passDebug &&
      !(fg > 0 && this.upsCount === 1)
    ) {
      this.ops.debug(
        2,
        "Starting driver with debug but without explicit backgrounding: " +
          "will not wait for it to fork and detach, continuing...",
      );
      await this.ops.run(argv, -1, false);
      return;
    }
    const delay = ups.maxstartdelay !== -1
      ? ups.maxstartdelay
      : this.globals.maxstartdelay;
    const r = await this.ops.run(argv, delay, !this.globals.nowait);
    if (this.globals.nowait) return;
    if (r.kind === "timeout") {
      this.ops.log("Startup timer elapsed, continuing...");
      this.errors++;
    } else if (r.kind === "signal") {
      this.ops.log("Driver exited abnormally");
      this.errors++;
    } else if (r.code !== 0) {
      this.ops.log(`Driver failed to start (exit status=${r.code})`);
      this.errors++;
    }
  }

  /** start_driver. */
  async start(ups: DrvUps): Promise<void> {
    this.ops.debug(1, `Starting UPS: ${ups.name}`);
    const path = `${this.driverPath}/${ups.driver}`;
    if (!this.ops.exists(path)) {
      throw new DrvFatal(`Can't start ${path}: No such file or directory`);
    }
    const argv = this.#common(ups, [], true);
    const initial = this.errors;
    let left = this.globals.maxretry;
    while (left > 0) {
      const before = this.errors;
      this.ops.debug(2, `${left} remaining attempts`);
      this.ops.debug(2, `exec: ${argv.join(" ")}`);
      left--;
      await this.#forkexec(argv, ups, true);
      if (before === this.errors) {
        left = 0;
        this.errors = initial;
      } else if (left > 0 && this.globals.retrydelay >= 0) {
        await this.ops.sleep(this.globals.retrydelay);
      }
    }
  }

  /** stop_driver. */
  stop(ups: DrvUps): Promise<void> {
    this.ops.debug(1, `Stopping UPS: ${ups.name}`);
    return this.#signalDriver(ups, "SIGTERM", "Stopping");
  }

  /** signal_driver (-c): the command's signal to the driver's PID file. */
  signal(ups: DrvUps): Promise<void> {
    const sig = commandSignal(this.signalName);
    this.ops.debug(1, `Signalling UPS [${ups.name}]: ${this.signalName}`);
    return this.#signalDriver(ups, sig, "Signalling");
  }

  /** list_driver: one UPS name per line. */
  list(ups: DrvUps): Promise<void> {
    this.ops.print(`${ups.name}\n`);
    return Promise.resolve();
  }

  async #signalDriver(
    ups: DrvUps,
    sig: Deno.Signal,
    what: string,
  ): Promise<void> {
    const alt = this.opts.altPidPath;
    let pidfn = `${alt}/${ups.driver}-${ups.name}.pid`;
    let ok = this.ops.pidFileExists(pidfn);
    if (!ok && ups.port !== undefined) {
      this.ops.log(`Can't open ${pidfn}: No such file or directory`);
      pidfn = `${alt}/${ups.driver}-${ups.port.split("/").pop()}.pid`;
      ok = this.ops.pidFileExists(pidfn);
    }
    if (!ok) {
      this.ops.log(`Can't open ${pidfn} either: No such file or directory`);
      this.errors++;
      return;
    }
    this.ops.debug(2, `Sending signal to ${pidfn}`);
    if (this.opts.testMode) return;
    try {
      await this.ops.signalPidFile(pidfn, sig);
    } catch (e) {
      this.ops.log(
        `${what} ${pidfn} failed: ${e instanceof Error ? e.message : e}`,
      );
      this.errors++;
    }
  }

  /** shutdown_driver: `<driver> -a <ups> -k`. */
  async shutdown(ups: DrvUps): Promise<void> {
    this.ops.debug(1, `Shutdown UPS: ${ups.name}`);
    const argv = this.#common(ups, ["-k"]);
    this.ops.debug(2, `exec: ${argv.join(" ")}`);
    await this.#forkexec(argv, ups);
  }

  /** send_all_drivers / send_one_driver. */
  async send(command: DrvCommand, upsName?: string): Promise<void> {
    const fn = (u: DrvUps) => this[command](u);
    if (!this.upses.length) {
      throw new DrvFatal("Error: no UPS definitions found in ups.conf");
    }
    if (upsName !== undefined) {
      const u = this.upses.find((x) => x.name === upsName);
      if (!u) throw new DrvFatal(`UPS ${upsName} not found in ups.conf`);
      this.upsCount = 1;
      await fn(u);
      return;
    }
    this.upsCount = this.upses.length;
    if (command !== "shutdown") {
      const fg = this.opts.foreground ?? -1;
      if (
        command === "start" && this.upses.length > 1 &&
        (fg > 0 ||
          (fg !== 0 && this.opts.debugLevel > 0 && this.opts.passDebug))
      ) {
        this.ops.log(
          `Starting "all" drivers but requested the ${
            fg > 0 ? "foreground mode" : "debug mode without backgrounding"
          }! This request will not wait for driver(s) to complete their initialization${
            fg > 0 ? ", but upsdrvctl tool will stay foregrounded" : ""
          }.`,
        );
      }
      for (const u of this.upses) await fn(u);
      return;
    }
    const max = Math.max(0, ...this.upses.map((u) => u.sdorder));
    for (let i = 0; i <= max; i++) {
      for (const u of this.upses) if (u.sdorder === i) await fn(u);
    }
  }
}

/**
 * `-F start`: upsdrvctl stays until `stop` resolves (SIGTERM/SIGINT) or a
 * tracked driver exits; then the others get SIGTERM and are waited for.
 * With one driver NUT exec()s it, so its exit code is returned; with
 * several: 0 when stopped, 1 when a driver died first.
 */
export async function stayForeground(
  ctl: DrvCtl,
  stop: Promise<unknown>,
): Promise<number> {
  const live = ctl.tracked;
  if (!live.length) return 0;
  ctl.ops.debug(
    1,
    "upsdrvctl: was asked for explicit foregrounding - not exiting now (driver startup was completed)",
  );
  const died = Promise.race(
    live.map((t) => t.status.then(() => t)),
  );
  const first = await Promise.race([died, stop.then(() => undefined)]);
  for (const t of live) {
    if (t === first) continue;
    try {
      t.kill("SIGTERM");
    } catch {
      // already gone
    }
  }
  const ends = await Promise.all(live.map((t) => t.status));
  if (ctl.upsCount === 1) {
    const end = ends[0]!;
    return end.kind === "exit" ? end.code : 1;
  }
  if (first === undefined) return 0;
  ctl.ops.log(
    "At least one tracked driver running in foreground mode has exited, stopping upsdrvctl (and other tracked drivers) so the bundle can be restarted by system properly",
  );
  return 1;
}
