/**
 * upsmon as a daemon: startup checks, the privileged parent / unprivileged
 * child split (a spawned child whose stdout is NUT's pipe: byte 0x01 asks
 * the parent to shut down), the one-process mode (-p), signals, reload, and
 * the PID file. cli/upsmon.ts imports this only when it is not doing -K.
 *
 * @module
 */
import { upsmonTlsOptions } from "./tls_options.ts";
import { syslogSink } from "../syslog.ts";
import { schedulePageOut } from "../pageout.ts";
import { selfCommand as respawnCommand } from "../respawn.ts";
import type { Io } from "../io.ts";
import { lineSink, Logger, type LogSink } from "../log.ts";
import { nutPaths } from "../config/paths.ts";
import {
  parseUpsmonConf,
  totalPowerValue,
  type UpsmonConf,
} from "../config/upsmon_conf.ts";
import { NutClient } from "../client/mod.ts";
import { strerror } from "../client/errors.ts";
import { dropPrivileges } from "../privileges.ts";
import { processAlive, readPid, writePid as writePidFile } from "../pidfile.ts";
import {
  clearStaleFlag,
  Notifier,
  pidFilePath,
  runShutdown,
  system as sh,
} from "./effects.ts";
import { type Connector, Monitor } from "./run.ts";
import {
  channelsOf,
  fireEmail,
  fireWebhook,
  notifyEvent,
} from "./notify_channels.ts";
import { type LiveUps, rehearse as play } from "./rehearsal.ts";

/** Parsed upsmon command line (cli/upsmon.ts fills it). */
export interface UpsmonOptions {
  args: string[];
  configFile: string;
  debug: number;
  foreground: boolean;
  background: boolean;
  onePro: boolean;
  user: string | undefined;
  /**
   * The module upsmon runs from (its import.meta.url): cli/upsmon.ts, or
   * the installed bundle. Its children re-run it.
   */
  entry: string;
}

/** Env marker of the unprivileged child (ours, internal). */
export const CHILD_ENV = "DENO_NUT_UPSMON_CHILD";
/** NUT's compile-time RUN_AS_USER on Debian. */
export const DEFAULT_RUN_AS_USER = "nut";

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Reads and parses the config; throws with a readable message. */
export async function loadConf(file: string): Promise<UpsmonConf> {
  let text: string;
  try {
    text = new TextDecoder("latin1").decode(await Deno.readFile(file));
  } catch (e) {
    throw new Error(`Can't open ${file}: ${strerror(e)}`);
  }
  return parseUpsmonConf(text, file);
}

/** The real connector: NutClient with upsmon's settings. */
export const nutConnector: Connector = async (m, conf) => {
  const client = await NutClient.connect({
    host: m.host,
    port: m.port,
    timeoutMs: 10_000,
    ...upsmonTlsOptions(conf, m.host),
  });
  return client;
};

/** The command that re-runs upsmon (deno run … or a compiled binary). */
export function selfCommand(entry: string): { cmd: string; args: string[] } {
  const [cmd, args] = respawnCommand([], { entry });
  return { cmd, args };
}

/** Runs upsmon (everything but -K, -c and the banner). */
export async function runDaemon(opts: UpsmonOptions, io: Io): Promise<number> {
  const child = io.env(CHILD_ENV) === "1";
  const sink: LogSink = opts.foreground || opts.debug > 0 || child
    ? lineSink((t) => io.err(t))
    : syslogSink("upsmon");
  const log = new Logger(sink, opts.debug);
  let conf: UpsmonConf;
  try {
    conf = await loadConf(opts.configFile);
  } catch (e) {
    io.err(`${errText(e)}\n`);
    return 1;
  }
  schedulePageOut(io.env); // start-up's code pages: see src/pageout.ts
  if (child) return await runChild(opts, conf, log, io);
  for (const w of conf.warnings) log.warn(w.message);
  for (const m of conf.monitors) {
    log.info(
      m.powerValue
        ? `UPS: ${m.system} (${
          m.primary ? "primary" : "secondary"
        }) (power value ${m.powerValue})`
        : `UPS: ${m.system} (monitoring only)`,
    );
  }
  if (conf.powerDownFlag !== undefined) {
    log.info(`Using power down flag file ${conf.powerDownFlag}`);
  }
  if (conf.shutdownCmd === undefined) {
    io.out("Warning: no shutdown command defined!\n");
  }
  conf.powerDownFlag = clearStaleFlag(conf.powerDownFlag, log);
  const total = totalPowerValue(conf);
  if (total < conf.minSupplies) {
    io.out(
      "\nFatal error: insufficient power configured!\n\n" +
        `Sum of power values........: ${total}\n` +
        `Minimum value (MINSUPPLIES): ${conf.minSupplies}\n` +
        "\nEdit your upsmon.conf and change the values.\n",
    );
    return 1;
  }
  const pidFile = pidFilePath(nutPaths(io.env).pidPath);
  const old = readPid(pidFile);
  if (old !== undefined && old !== Deno.pid && processAlive(old)) {
    io.err(
      "Fatal error: A previous upsmon instance is already running!\n" +
        "Either stop the previous instance first, or use the 'reload' command.\n",
    );
    return 1;
  }
  if (!opts.foreground && (opts.debug === 0 || opts.background)) {
    const self = selfCommand(opts.entry);
    new Deno.Command(self.cmd, {
      args: [...self.args, ...opts.args, "-F"],
      detached: true,
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn().unref();
    return 0;
  }
  if (opts.onePro) {
    log.info("Warning: running as one big root process by request (upsmon -p)");
    writePid(pidFile, log);
    const notRoot = Deno.uid() !== 0;
    return await monitorLoop(conf, log, io, pidFile, {
      shutdown: async () => {
        if (notRoot) log.warn("Not root, shutdown may fail");
        await runShutdown(conf.powerDownFlag, conf.shutdownCmd, log);
      },
      fixed: undefined,
    });
  }
  return await runParent(opts, conf, log, io);
}

function writePid(file: string, log: Logger): void {
  try {
    writePidFile(file);
  } catch (e) {
    log.warn(`Can't write PID file ${file}: ${errText(e)}`);
  }
}

/** The privileged parent: waits for the child's one-byte shutdown request. */
async function runParent(
  opts: UpsmonOptions,
  conf: UpsmonConf,
  log: Logger,
  io: Io,
): Promise<number> {
  const ignore = () => log.debug(1, "upsmon parent: signal ignored");
  for (const sig of ["SIGHUP", "SIGUSR1", "SIGUSR2"] as const) {
    Deno.addSignalListener(sig, ignore);
  }
  const self = selfCommand(opts.entry);
  const proc = new Deno.Command(self.cmd, {
    args: [...self.args, ...opts.args],
    env: { [CHILD_ENV]: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = proc.stdout.getReader();
  // SIGTERM/SIGINT (systemctl stop) end both processes: the child is told
  // first and gets a moment to log out, then the parent goes
  const stopped = new Promise<"stop">((resolve) => {
    if (io.signal.aborted) resolve("stop");
    io.signal.addEventListener("abort", () => resolve("stop"), { once: true });
  });
  try {
    while (true) {
      const next = await Promise.race([reader.read(), stopped]);
      if (next === "stop") {
        await stopChild(proc);
        log.info(`Signal ${signalNumber(String(io.signal.reason))}: exiting`);
        return 0;
      }
      const { value, done } = next;
      if (done) {
        log.error("upsmon parent: exiting (child exited)");
        await proc.status;
        return 1;
      }
      for (const byte of value) {
        if (byte !== 1) {
          log.error(`upsmon parent: got bogus pipe command ${byte}`);
          continue;
        }
        await runShutdown(
          conf.powerDownFlag,
          conf.shutdownCmd,
          log,
          "parent: ",
        );
        await proc.status;
        return 0;
      }
    }
  } finally {
    reader.releaseLock();
    await proc.stdin.close().catch(() => {});
    for (const sig of ["SIGHUP", "SIGUSR1", "SIGUSR2"] as const) {
      Deno.removeSignalListener(sig, ignore);
    }
  }
}

/** SIGTERM to the child, SIGKILL if it is still there after 1.5 s. */
async function stopChild(proc: Deno.ChildProcess): Promise<void> {
  try {
    proc.kill("SIGTERM");
  } catch {
    // already gone
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), 1500);
  });
  if (await Promise.race([proc.status, late]) === "late") {
    try {
      proc.kill("SIGKILL");
    } catch {
      // gone meanwhile
    }
    await proc.status;
  }
  clearTimeout(timer);
}

/** The unprivileged child: PID file, drop root, monitor, ask the parent. */
async function runChild(
  opts: UpsmonOptions,
  conf: UpsmonConf,
  log: Logger,
  io: Io,
): Promise<number> {
  const pidFile = pidFilePath(nutPaths(io.env).pidPath);
  writePid(pidFile, log);
  const user = opts.user ?? conf.runAsUser ?? DEFAULT_RUN_AS_USER;
  if (Deno.uid() === 0) {
    try {
      dropPrivileges(user);
    } catch (e) {
      log.crit(`Unable to become user ${user}: ${errText(e)}`);
      return 1;
    }
  }
  let parentAlive = true;
  (async () => {
    const r = Deno.stdin.readable.getReader();
    while (!(await r.read()).done) { /* the parent never writes */ }
    parentAlive = false;
  })().catch(() => parentAlive = false);
  return await monitorLoop(conf, log, io, pidFile, {
    shutdown: async () => {
      try {
        await Deno.stdout.write(new Uint8Array([1]));
      } catch {
        log.error("Unable to call parent pipe for shutdown");
      }
    },
    parentAlive: () => parentAlive,
    fixed: { shutdownCmd: conf.shutdownCmd, powerDownFlag: conf.powerDownFlag },
  });
}

interface LoopParts {
  shutdown(): Promise<void>;
  parentAlive?(): boolean;
  /** Split mode: values the parent holds and a reload cannot change. */
  fixed: {
    shutdownCmd?: string | undefined;
    powerDownFlag?: string | undefined;
  } | undefined;
}

async function monitorLoop(
  conf: UpsmonConf,
  log: Logger,
  io: Io,
  pidFile: string,
  parts: LoopParts,
): Promise<number> {
  const notifier = new Notifier(log, conf.notifyCmd, channelsOf(conf));
  const monitor = new Monitor({
    conf,
    log,
    notifier,
    connect: nutConnector,
    shutdown: parts.shutdown,
    ...(parts.parentAlive ? { parentAlive: parts.parentAlive } : {}),
  });
  let current = conf;
  const onFsd = () => monitor.requestFsd();
  const onHup = () => {
    reloadConf(current, parts.fixed, log).then((next) => {
      if (next) {
        current = next;
        monitor.requestReload(next);
      }
    });
  };
  const stop = new AbortController();
  const onQuit = () => stop.abort();
  // NUT's upsmon lives on through SIGUSR2 (no meaning there)
  const onUsr2 = () => log.debug(1, "Signal 12: ignored");
  Deno.addSignalListener("SIGUSR2", onUsr2);
  Deno.addSignalListener("SIGUSR1", onFsd);
  Deno.addSignalListener("SIGHUP", onHup);
  Deno.addSignalListener("SIGQUIT", onQuit);
  const signal = AbortSignal.any([io.signal, stop.signal]);
  try {
    const how = await monitor.run(signal);
    if (how === "stopped") {
      const reason = io.signal.reason ?? "SIGQUIT";
      log.info(`Signal ${signalNumber(String(reason))}: exiting`);
    }
    await notifier.settle();
    return 0;
  } finally {
    Deno.removeSignalListener("SIGUSR1", onFsd);
    Deno.removeSignalListener("SIGUSR2", onUsr2);
    Deno.removeSignalListener("SIGHUP", onHup);
    Deno.removeSignalListener("SIGQUIT", onQuit);
    if (readPid(pidFile) === Deno.pid) {
      try {
        Deno.removeSync(pidFile);
      } catch {
        // not ours to remove any more (privileges dropped)
      }
    }
  }
}

function signalNumber(name: string): number {
  return { SIGINT: 2, SIGQUIT: 3, SIGTERM: 15 }[name] ?? 15;
}

/**
 * SIGHUP: re-read the config. A file that cannot be read, has errors, or
 * configures too little power keeps the old config (logged with file:line).
 */
export async function reloadConf(
  old: UpsmonConf,
  fixed: LoopParts["fixed"],
  log: Logger,
): Promise<UpsmonConf | undefined> {
  let next: UpsmonConf;
  try {
    next = await loadConf(old.file);
  } catch (e) {
    log.error(`Reload failed: ${errText(e)}`);
    return undefined;
  }
  if (next.warnings.length > 0) {
    for (const w of next.warnings) log.error(w.message);
    log.error("Reload failed: keeping the previous configuration");
    return undefined;
  }
  const total = totalPowerValue(next);
  if (total < next.minSupplies) {
    log.crit(
      `Fatal error: total power value (${total}) less than MINSUPPLIES (${next.minSupplies})`,
    );
    log.error("Reload failed: keeping the previous configuration");
    return undefined;
  }
  if (fixed) {
    for (const key of ["shutdownCmd", "powerDownFlag"] as const) {
      if (next[key] !== fixed[key]) {
        const name = key === "shutdownCmd" ? "SHUTDOWNCMD" : "POWERDOWNFLAG";
        log.warn(`Warning: ${name} redefined in split-process mode!`);
        log.warn("You must restart upsmon for this change to work");
        next[key] = fixed[key];
      }
    }
  }
  return next;
}

/** `upsmon -c test`: one TEST notification through SYSLOG, WALL and NOTIFYCMD. */
export async function notifyTest(opts: UpsmonOptions, io: Io): Promise<number> {
  let conf: UpsmonConf;
  try {
    conf = await loadConf(opts.configFile);
  } catch (e) {
    io.err(`${errText(e)}\n`);
    return 1;
  }
  const system = conf.monitors[0]?.system ?? "";
  const message = `Test notification from upsmon${
    system ? ` (UPS ${system})` : ""
  }`;
  const syslog = syslogSink("upsmon");
  syslog("notice", message);
  io.out(`SYSLOG: sent "${message}"\n`);
  const wall = await sh("wall", {}, message + "\n");
  io.out(`WALL: ${wall === 0 ? "sent" : `wall failed (exit ${wall})`}\n`);
  let ok = wall === 0;
  if (conf.notifyCmd === undefined) {
    io.out("EXEC: no NOTIFYCMD configured\n");
  } else {
    const code = await sh(`${conf.notifyCmd} "${message}"`, {
      NOTIFYTYPE: "TEST",
      UPSNAME: system,
    });
    io.out(`EXEC: ${conf.notifyCmd} exited with ${code}\n`);
    ok &&= code === 0;
  }
  return await testChannels(conf, system, message, io) && ok ? 0 : 1;
}

/** `-c test` for WEBHOOK and EMAIL: each configured channel fires once. */
async function testChannels(
  conf: UpsmonConf,
  system: string,
  message: string,
  io: Io,
): Promise<boolean> {
  const ev = notifyEvent("TEST", system, message);
  const ch = channelsOf(conf);
  let ok = true;
  const run = async (what: string, fire: () => Promise<string>) => {
    try {
      io.out(`${what}: ${await fire()}\n`);
    } catch (e) {
      ok = false;
      io.out(`${what}: failed: ${errText(e)}\n`);
    }
  };
  if (!ch.notifyUrl) io.out("WEBHOOK: no NOTIFYURL configured\n");
  else await run("WEBHOOK", () => fireWebhook(ch, ev));
  if (!ch.notifySmtp || !ch.notifyMail) {
    io.out("EMAIL: no NOTIFYSMTP and NOTIFYMAIL configured\n");
  } else await run("EMAIL", () => fireEmail(ch, ev));
  return ok;
}

/** `upsmon -c rehearse`: snapshot upsd (no LOGIN), simulate an outage, print. */
export async function rehearse(opts: UpsmonOptions, io: Io): Promise<number> {
  let conf: UpsmonConf;
  try {
    conf = await loadConf(opts.configFile);
  } catch (e) {
    io.err(`${errText(e)}\n`);
    return 1;
  }
  for (const w of conf.warnings) io.err(`${w.message}\n`);
  const live = [];
  for (const m of conf.monitors) {
    const entry: LiveUps = { system: m.system };
    let client: NutClient | undefined;
    try {
      client = await NutClient.connect({
        host: m.host,
        port: m.port,
        timeoutMs: 5000,
        ...upsmonTlsOptions(conf, m.host),
      });
      entry.status = await client.getVar(m.upsName, "ups.status");
      const num = async (name: string) => {
        try {
          const v = parseFloat(await client!.getVar(m.upsName, name));
          return Number.isFinite(v) ? v : undefined;
        } catch {
          return undefined;
        }
      };
      const runtime = await num("battery.runtime");
      const low = await num("battery.runtime.low");
      if (runtime !== undefined) entry.runtime = runtime;
      if (low !== undefined) entry.runtimeLow = low;
      if (m.primary) entry.numLogins = await client.numLogins(m.upsName);
    } catch (e) {
      entry.error = errText(e);
    } finally {
      await client?.close();
    }
    live.push(entry);
  }
  io.out(play(conf, live).text);
  return 0;
}
