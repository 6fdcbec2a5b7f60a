/**
 * driverMain: one driver process as NUT's drivers/main.c runs it —
 * arguments, ups.conf, -h/-V/-L/-k/-d/-c, PID file, backgrounding, signals,
 * then one RunningInstance until SIGTERM/SIGINT.
 *
 * @module
 */
import { loadUpsConf } from "../config/load.ts";
import { schedulePageOut } from "../pageout.ts";
import { driverSocketPath, type NutPaths, nutPaths } from "../config/paths.ts";
import type { UpsConf } from "../config/ups_conf.ts";
import type { Io } from "../io.ts";
import { Logger, type LogSink } from "../log.ts";
import { syslogSink } from "../syslog.ts";
import {
  ArgsError,
  commandSignal,
  type DriverArgs,
  parseDriverArgs,
  shouldBackground,
} from "./args.ts";
import { CHILD_ENV, READY_LINE, spawnBackground } from "./background.ts";
import {
  DriverConfigFatal,
  listVarsText,
  resolveConfig,
  type ResolvedConfig,
} from "./config.ts";
import { bannerText, helpText } from "./help.ts";
import {
  createDriver,
  initialState,
  InstanceStartError,
  type RunningInstance,
  startInstance,
} from "./instance.ts";
import { driverPidPath, terminateDuplicate } from "./pidfile.ts";
import { hostCall } from "./host_client.ts";
import { readPid, removePid, writePid } from "../pidfile.ts";
import { dropPrivileges, shareSocket } from "./privileges.ts";
import { reloadDriver, type ReloadResult } from "./reload.ts";
import { type DriverDefinition, DriverFatalError } from "./types.ts";
import { versionNote } from "../version.ts";
import { strerror } from "../client/errors.ts";

const SIGNAL_NUMBERS: Record<string, number> = {
  SIGINT: 2,
  SIGUSR1: 10,
  SIGUSR2: 12,
  SIGTERM: 15,
};
import { debugLevelFromEnv } from "../client/getopt.ts";

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Prints a fatal message as fatalx does (stderr, newline-terminated). */
function fatal(io: Io, text: string, code = 1): number {
  // an empty text: the driver has said all (belkinunv's -x wait)
  if (text) io.err(text.endsWith("\n") ? text : text + "\n");
  return code;
}

/**
 * A logger on stderr that goes to syslog once `quiet()` is called: the
 * driver is in the background and its parent's terminal is gone.
 */
function makeLogger(
  io: Io,
  level: number,
  tag: string,
): { log: Logger; quiet(): void } {
  let background: LogSink | undefined;
  const log = new Logger((lvl, msg) => {
    if (background) return background(lvl, msg);
    try {
      io.err(msg + "\n");
    } catch {
      background = syslogSink(tag); // the parent went away
    }
  }, level);
  return { log, quiet: () => void (background = syslogSink(tag)) };
}

async function readUpsConf(
  io: Io,
  args: DriverArgs,
): Promise<UpsConf | number | undefined> {
  if (!args.steps.some((s) => s.kind === "section")) return undefined;
  const paths = nutPaths(io.env);
  try {
    const conf = await loadUpsConf(paths);
    // bad lines are skipped, and said (file:line), as upsd and NUT do
    for (const e of conf.errors) io.err(`Parse error: ${e.message}\n`);
    return conf;
  } catch (e) {
    // NUT 2.8.0 names the file twice (its read_upsconf wraps pconf's error)
    const file = `${paths.confPath}/ups.conf`;
    return fatal(io, `Can't open ${file}: Can't open ${file}: ${strerror(e)}`);
  }
}

/**
 * Sends -c reload|exit to a running instance (master's sendsignal). An
 * instance inside a shared nut-driver-host is reached through the host's
 * control socket: a signal to the host's PID would act on all of them.
 */
async function signalRunning(
  io: Io,
  def: DriverDefinition,
  args: DriverArgs,
): Promise<number> {
  const paths = nutPaths(io.env);
  let pid = args.signalPid;
  if (pid === undefined) {
    if (!args.upsName) {
      return fatal(
        io,
        "Error: specifying '-a id' or '-s id' is mandatory with -c",
      );
    }
    const file = driverPidPath(paths.altPidPath, def.name, args.upsName);
    pid = readPid(file);
    if (pid === undefined) return fatal(io, `Can't open PID file ${file}`);
    const cmd = args.signalCommand === "reload" ? "reload" : "stop";
    const hosted = await hostCall(paths.statePath, { cmd, pidfile: file });
    if (hosted?.ok) return 0;
    if (hosted && !hosted.unknown) return fatal(io, hosted.error ?? cmd);
  }
  try {
    Deno.kill(pid, commandSignal(args.signalCommand!));
    return 0;
  } catch (e) {
    return fatal(io, `Signal to PID ${pid} failed: ${message(e)}`);
  }
}

/**
 * -k: upsdrv_initups (init() for drivers without initups), then
 * upsdrv_shutdown, then exit: NUT's main.c never reads the device's data
 * before a forced shutdown.
 */
async function killPower(
  def: DriverDefinition,
  resolved: ResolvedConfig,
  log: Logger,
  paths: NutPaths,
): Promise<number> {
  const abort = new AbortController();
  const state = initialState(resolved);
  const driver = createDriver(def, resolved, state, log, abort, paths);
  try {
    if (driver.initups) await driver.initups();
    else await driver.init();
    log.notice("Initiating UPS shutdown");
    const result = await driver.shutdown();
    if (result !== "handled") {
      log.error(`Shutdown failed: ${result}`);
      return 1;
    }
    return 0;
  } catch (e) {
    log.error(message(e));
    return 1;
  } finally {
    abort.abort();
    await driver.close?.().catch(() => {});
  }
}

/** The driver's signals, listened to from before its socket exists. */
interface SignalWatch {
  /**
   * Waits for the end: SIGTERM/SIGINT (io.signal), SIGUSR2, or SIGUSR1 when
   * its reload finds settings that need a restart (NUT master's
   * reload-or-exit, so systemd starts a fresh driver). SIGHUP reloads.
   * Signals that came before this call are handled first. Returns the
   * signal's name.
   */
  wait(reload: () => Promise<ReloadResult>): Promise<string>;
}

function watchSignals(io: Io, log: Logger): SignalWatch {
  const pending: Deno.Signal[] = [];
  let handle: ((sig: Deno.Signal) => void) | undefined;
  const listeners: [Deno.Signal, () => void][] = [];
  for (const sig of ["SIGHUP", "SIGUSR1", "SIGUSR2"] as const) {
    const fn = () => handle ? handle(sig) : void pending.push(sig);
    try {
      Deno.addSignalListener(sig, fn);
      listeners.push([sig, fn]);
    } catch {
      // signal unavailable here
    }
  }
  return {
    wait(reload) {
      let chain: Promise<unknown> = Promise.resolve();
      return new Promise((resolve) => {
        let ending = false;
        const done = (reason: string) => {
          if (ending) return;
          ending = true;
          for (const [sig, fn] of listeners) {
            Deno.removeSignalListener(sig, fn);
          }
          // let a reload in progress finish before the instance stops
          void chain.finally(() => resolve(reason));
        };
        handle = (sig) => {
          if (sig === "SIGUSR2") return done(sig);
          const orExit = sig === "SIGUSR1";
          log.info(
            orExit
              ? "Signal 10: reloading configuration (exit if restart needed)"
              : "Signal 1: reloading configuration",
          );
          // one reload at a time, in signal order
          chain = chain.then(reload).then((r) => {
            if (orExit && r.refused.length > 0) done("SIGUSR1");
          }).catch((e) => log.error(message(e)));
        };
        for (const sig of pending.splice(0)) handle(sig);
        const onAbort = () => done(String(io.signal.reason ?? "SIGTERM"));
        if (io.signal.aborted) onAbort();
        else io.signal.addEventListener("abort", onAbort, { once: true });
      });
    },
  };
}

/**
 * The whole life of a driver process. Returns the exit code; NUT's messages
 * go to io.out/io.err.
 */
export async function driverMain(
  def: DriverDefinition,
  args: string[],
  io: Io,
): Promise<number> {
  // a daemon claims SIGINT/SIGTERM at once (io.signal listens on first
  // use), so a signal during start-up still ends it cleanly
  void io.signal;
  const isChild = io.env(CHILD_ENV) === "1";
  if (!isChild) io.out(bannerText(def));
  let parsed: DriverArgs;
  try {
    parsed = parseDriverArgs(args);
  } catch (e) {
    if (e instanceof ArgsError) return fatal(io, e.message);
    throw e;
  }
  const envDebug = debugLevelFromEnv(parsed.debug, io.env);
  if (envDebug !== parsed.debug) {
    if (!isChild) {
      io.err(
        `Defaulting debug verbosity to NUT_DEBUG_LEVEL=${envDebug} since none was requested by command-line options\n`,
      );
    }
    parsed.debug = envDebug;
  }
  if (parsed.help) {
    io.out(helpText(def));
    return 0;
  }
  if (parsed.version) {
    io.err(versionNote());
    return 0;
  }
  if (parsed.listVars) {
    io.out(listVarsText(def));
    return 0;
  }
  if (parsed.signalCommand) return await signalRunning(io, def, parsed);
  if (!parsed.upsName) {
    return fatal(
      io,
      "Error: specifying '-a id' or '-s id' is now mandatory. Try -h for help.",
    );
  }
  const upsConf = await readUpsConf(io, parsed);
  if (typeof upsConf === "number") return upsConf;
  let resolved: ResolvedConfig;
  try {
    resolved = resolveConfig({
      def,
      upsName: parsed.upsName,
      upsConf,
      steps: parsed.steps,
    });
  } catch (e) {
    if (!(e instanceof DriverConfigFatal)) throw e;
    if (e.fatal.stream === "stdout") io.out(e.fatal.message);
    else io.err(e.fatal.message + (e.fatal.message.endsWith("\n") ? "" : "\n"));
    return e.fatal.exitCode;
  }
  const debug = Math.max(parsed.debug, resolved.debugMin ?? 0);
  const { log, quiet } = makeLogger(io, debug, def.name);
  const user = parsed.user ?? resolved.user;
  const group = parsed.group ?? resolved.group;
  // NUT's become_user(): root switches to user= / -u, else to `nut`
  try {
    dropPrivileges(user, group);
  } catch (e) {
    return fatal(io, message(e));
  }
  const paths = nutPaths(io.env);
  if (parsed.killPower) return await killPower(def, resolved, log, paths);

  const background = shouldBackground(parsed) && !isChild;
  if (background) return await spawnBackground(args, io.out, io.err);

  const dumping = parsed.dumpCount !== undefined;
  const writesPid = !dumping && (isChild || parsed.foregroundPidFile);
  const pidPath = driverPidPath(paths.altPidPath, def.name, parsed.upsName);
  if (writesPid) {
    await terminateDuplicate(pidPath, (m) => log.warn(m));
    try {
      writePid(pidPath);
    } catch (e) {
      log.warn(`Can't write PID file ${pidPath}: ${message(e)}`);
    }
  }
  const signals = watchSignals(io, log);
  let running: RunningInstance;
  try {
    running = await startInstance({
      def,
      resolved,
      log,
      paths,
      ...(parsed.pollInterval !== undefined
        ? { pollInterval: parsed.pollInterval }
        : {}),
      ...(dumping ? {} : {
        socketPath: driverSocketPath(
          paths.statePath,
          def.name,
          parsed.upsName,
        ),
      }),
    });
  } catch (e) {
    if (writesPid) removePid(pidPath);
    if (e instanceof InstanceStartError) {
      return fatal(io, e.message, e.exitCode);
    }
    throw e;
  }
  if (!dumping) {
    try {
      shareSocket(
        driverSocketPath(paths.statePath, def.name, parsed.upsName),
        group,
      );
    } catch (e) {
      log.warn(`Can't set the socket's group: ${message(e)}`);
    }
  }
  if (dumping) {
    // NUT's main loop dumps after N + 1 more updates (N + 2 with start-up's)
    for (let i = 0; i <= parsed.dumpCount!; i++) await running.update();
    io.out(running.dump());
    await running.stop();
    return 0;
  }
  if (isChild) {
    io.out(READY_LINE);
    quiet(); // the foreground parent and its terminal are gone
  }
  running.startLoop();
  schedulePageOut(io.env); // start-up's code pages: see src/pageout.ts
  let current = resolved;
  const reason = await Promise.race([
    running.fatal,
    signals.wait(async () => {
      const r = await reloadDriver({
        def,
        upsName: parsed.upsName!,
        steps: parsed.steps,
        paths,
        log,
        running,
        ...(parsed.pollInterval !== undefined
          ? { cliPollInterval: parsed.pollInterval }
          : {}),
      }, current);
      current = r.resolved;
      return r;
    }),
  ]);
  if (reason instanceof DriverFatalError) {
    // the instance logged the message and closed its socket already
    await running.stop();
    if (writesPid) removePid(pidPath);
    return reason.exitCode;
  }
  log.info(`Signal ${SIGNAL_NUMBERS[reason] ?? 15}: exiting`);
  await running.stop();
  if (writesPid) removePid(pidPath);
  return 0;
}
