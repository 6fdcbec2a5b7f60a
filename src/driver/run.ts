/**
 * driverMain: one driver process as NUT's drivers/main.c runs it —
 * arguments, ups.conf, -h/-V/-L/-k/-d/-c, PID file, backgrounding, signals,
 * then one RunningInstance until SIGTERM/SIGINT.
 *
 * @module
 */
import { loadUpsConf } from "../config/load.ts";
import { driverSocketPath, type NutPaths, nutPaths } from "../config/paths.ts";
import type { UpsConf } from "../config/ups_conf.ts";
import type { Io } from "../io.ts";
import { Logger, type LogSink } from "../log.ts";
import { syslogSink } from "../syslog.ts";
import {
  ArgsError,
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
import { dropPrivileges } from "./privileges.ts";
import { reloadDriver } from "./reload.ts";
import { type DriverDefinition, DriverFatalError } from "./types.ts";

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Prints a fatal message as fatalx does (stderr, newline-terminated). */
function fatal(io: Io, text: string, code = 1): number {
  io.err(text.endsWith("\n") ? text : text + "\n");
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
    return await loadUpsConf(paths);
  } catch (e) {
    return fatal(io, `Can't open ${paths.confPath}/ups.conf: ${message(e)}`);
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
    Deno.kill(pid, args.signalCommand === "reload" ? "SIGHUP" : "SIGTERM");
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

/** Waits for SIGTERM/SIGINT (io.signal); SIGHUP calls `reload`. */
function waitForExit(
  io: Io,
  log: Logger,
  reload: () => Promise<unknown>,
): Promise<string> {
  let onHup: (() => void) | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  try {
    onHup = () => {
      log.info("Signal 1: reloading configuration");
      // one reload at a time, in signal order
      chain = chain.then(reload).catch((e) => log.error(message(e)));
    };
    Deno.addSignalListener("SIGHUP", onHup);
  } catch {
    onHup = undefined;
  }
  return new Promise((resolve) => {
    const done = () => {
      if (onHup) Deno.removeSignalListener("SIGHUP", onHup);
      // let a reload in progress finish before the instance stops
      void chain.finally(() => resolve(String(io.signal.reason ?? "SIGTERM")));
    };
    if (io.signal.aborted) done();
    else io.signal.addEventListener("abort", done, { once: true });
  });
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
  const isChild = io.env(CHILD_ENV) === "1";
  if (!isChild) io.out(bannerText(def));
  let parsed: DriverArgs;
  try {
    parsed = parseDriverArgs(args);
  } catch (e) {
    if (e instanceof ArgsError) return fatal(io, e.message);
    throw e;
  }
  if (parsed.help) {
    io.out(helpText(def));
    return 0;
  }
  if (parsed.version) return 0;
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
  if (user !== undefined) {
    try {
      dropPrivileges(user, group);
    } catch (e) {
      return fatal(io, message(e));
    }
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
  if (dumping) {
    for (let i = 0; i < parsed.dumpCount!; i++) await running.update();
    io.out(running.dump());
    await running.stop();
    return 0;
  }
  if (isChild) {
    io.out(READY_LINE);
    quiet(); // the foreground parent and its terminal are gone
  }
  running.startLoop();
  let current = resolved;
  const reason = await Promise.race([
    running.fatal,
    waitForExit(io, log, async () => {
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
    }),
  ]);
  if (reason instanceof DriverFatalError) {
    // the instance logged the message and closed its socket already
    await running.stop();
    if (writesPid) removePid(pidPath);
    return reason.exitCode;
  }
  log.info(`Signal ${reason === "SIGINT" ? 2 : 15}: exiting`);
  await running.stop();
  if (writesPid) removePid(pidPath);
  return 0;
}
