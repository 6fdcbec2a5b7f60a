/**
 * upsd: the NUT network server (server/upsd.c command line).
 *
 * `upsd [-h] [-V] [-c reload|stop] [-P pid] [-D] [-F|-FF] [-B] [-q]
 * [-r chroot] [-u user] [-4|-6]`
 *
 * @module
 */
import { syslogSink } from "../src/syslog.ts";
import { selfCommand } from "../src/respawn.ts";
import { schedulePageOut } from "../src/pageout.ts";
import type { Io } from "../src/io.ts";
import { lineSink, Logger } from "../src/log.ts";
import { nutPaths } from "../src/config/paths.ts";
import { NUT_VERSION, versionNote } from "../src/version.ts";
import { createServer } from "../src/server/mod.ts";
import { loadConfig } from "../src/server/config_load.ts";
import { dropPrivileges } from "../src/privileges.ts";
import {
  processAlive,
  readPid,
  writePid as writePidFile,
} from "../src/pidfile.ts";
import { runMain } from "./_io.ts";
import { debugLevelFromEnv } from "../src/client/getopt.ts";

/** Marks the re-spawned background child. */
const CHILD_ENV = "DENO_NUT_UPSD_BACKGROUND";
/** As the launcher's (scripts/binaries.ts): a small young generation. */
const UPSD_RUNTIME_FLAGS = ["--v8-flags=--max-semi-space-size=1"];

interface Options {
  command?: string;
  pid?: number;
  debug: number;
  foreground: number;
  background: boolean;
  quiet: number;
  chroot?: string;
  user?: string;
  family?: 4 | 6;
  help: boolean;
  version: boolean;
}

class UsageError extends Error {}
/** -i / -p: NUT prints its banner, then this, and exits 1. */
class DeprecatedListenError extends Error {}

const DEPRECATED_LISTEN =
  "Specifying a listening addresses with '-i <address>' and '-p <port>'\n" +
  "is deprecated. Use 'LISTEN <address> [<port>]' in 'upsd.conf' instead.\n" +
  "See 'man 8 upsd.conf' for more information.\n";

/** upsd's option letters (`x:` takes an argument; -i/-p are refused as NUT does). */
export const GETOPT = "h46p:qr:i:fu:Vc:P:DFB";

/** A small getopt for GETOPT (clustered flags allowed). */
function parseArgs(args: string[]): Options {
  const o: Options = {
    debug: 0,
    foreground: 0,
    background: false,
    quiet: 0,
    help: false,
    version: false,
  };
  const withArg = new Set(["p", "r", "i", "u", "c", "P"]);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") break;
    if (!a.startsWith("-") || a === "-") {
      throw new UsageError(`Unexpected argument: ${a}`);
    }
    for (let j = 1; j < a.length; j++) {
      const f = a[j]!;
      let value: string | undefined;
      if (withArg.has(f)) {
        value = a.slice(j + 1) || args[++i];
        if (value === undefined) {
          throw new UsageError(`option requires an argument -- '${f}'`);
        }
        j = a.length;
      }
      switch (f) {
        case "h":
          o.help = true;
          break;
        case "4":
          o.family = 4;
          break;
        case "6":
          o.family = 6;
          break;
        case "q":
          o.quiet++;
          break;
        case "D":
          o.debug++;
          break;
        case "F":
          o.foreground++;
          break;
        case "B":
          o.background = true;
          break;
        case "V":
          o.version = true;
          break;
        case "f":
          break; // obsolete, ignored by NUT too
        case "r":
          o.chroot = value!;
          break;
        case "u":
          o.user = value!;
          break;
        case "c":
          o.command = value!;
          break;
        case "P": {
          const n = Number(value);
          if (!/^\d+$/.test(value!) || n < 1) {
            throw new UsageError(`Invalid PID: ${value}`);
          }
          o.pid = n;
          break;
        }
        case "i":
        case "p":
          throw new DeprecatedListenError(DEPRECATED_LISTEN);
        default:
          throw new UsageError(`invalid option -- '${f}'`);
      }
    }
  }
  return o;
}

const HELP = `Network UPS Tools upsd ${NUT_VERSION}

usage: upsd [OPTIONS]

  -c <command>	send <command> via signal to background process
		commands:
		 - reload: reread configuration files
		 - stop: stop process and exit
  -P <pid>	send the signal above to specified PID (bypassing PID file)
  -D		raise debugging level (and stay foreground by default)
  -F		stay foregrounded even if no debugging is enabled
  -FF		stay foregrounded and still save the PID file
  -B		stay backgrounded even if debugging is bumped
  -q		raise log level threshold
  -h		display this help
  -r <dir>	chroots to <dir>
  -u <user>	switch to <user> (if started as root)
  -V		display the version of this software
  -4		IPv4 only
  -6		IPv6 only
  -f		obsolete, ignored (as by NUT)
`;

function isRoot(): boolean {
  try {
    return Deno.uid() === 0;
  } catch {
    return false;
  }
}

/** upsd's main. */
export async function main(args: string[], io: Io): Promise<number> {
  // claim SIGINT/SIGTERM at once (io.signal listens on first use), so a
  // signal during start-up still ends upsd cleanly
  void io.signal;
  let o: Options;
  try {
    o = parseArgs(args);
  } catch (e) {
    if (e instanceof DeprecatedListenError) {
      io.out(`Network UPS Tools upsd ${NUT_VERSION}\n`);
      io.err(e.message);
      return 1;
    }
    io.err(`upsd: ${(e as Error).message}\n${HELP}`);
    return 1;
  }
  const envDebug = debugLevelFromEnv(o.debug, io.env);
  if (envDebug !== o.debug) {
    if (io.env(CHILD_ENV) !== "1") {
      io.err(
        `Defaulting debug verbosity to NUT_DEBUG_LEVEL=${envDebug} since none was requested by command-line options\n`,
      );
    }
    o.debug = envDebug;
  }
  if (o.help) {
    io.out(HELP);
    return 0;
  }
  if (o.version) {
    io.out(`Network UPS Tools upsd ${NUT_VERSION}\n`);
    io.err(versionNote());
    return 0;
  }
  const paths = nutPaths(io.env);
  const pidFile = `${paths.altPidPath}/upsd.pid`;

  if (o.command !== undefined) return sendCommand(o, pidFile, io);

  const child = io.env(CHILD_ENV) === "1";
  if (!child && o.quiet === 0) {
    io.out(`Network UPS Tools upsd ${NUT_VERSION}\n`);
  }
  const log = new Logger(
    child ? syslogSink("upsd") : lineSink((t) => io.err(t)),
    o.debug,
  );
  if (o.chroot !== undefined) {
    io.err("Fatal error: chroot (-r) is not supported by this upsd\n");
    return 1;
  }
  const old = readPid(pidFile);
  if (old !== undefined && old !== Deno.pid && processAlive(old)) {
    io.err("Fatal error: A previous upsd instance is already running!\n");
    return 1;
  }

  const stayForeground = !child &&
    (o.foreground > 0 || (o.debug > 0 && !o.background));
  if (!child && !stayForeground) return await goBackground(args, io, pidFile);

  // SIGHUP is caught before clients are served (NUT sets its handlers up
  // before its main loop): a reload asked meanwhile runs once ready.
  let server: Awaited<ReturnType<typeof createServer>> | undefined;
  let hupPending = false;
  const onHup = () => {
    log.info("Signal 1: reloading");
    if (server) void server.reload();
    else hupPending = true;
  };
  Deno.addSignalListener("SIGHUP", onHup);
  try {
    return await serve();
  } finally {
    Deno.removeSignalListener("SIGHUP", onHup);
  }

  async function serve(): Promise<number> {
    try {
      server = await createServer({
        paths,
        env: io.env,
        log,
        ...(o.family ? { family: o.family } : {}),
      });
    } catch (e) {
      io.err(`${(e as Error).message}\n`);
      return 1;
    }
    // As NUT, root drops to the run-as user (Debian: nut); a missing user is
    // fatal ("user nut not found"), as in NUT.
    const runAs = isRoot() ? o.user ?? "nut" : undefined;
    if (runAs !== undefined && runAs !== "root") {
      try {
        dropPrivileges(runAs);
      } catch (e) {
        await server.close();
        io.err(`${(e as Error).message}\n`);
        return 1;
      }
    }
    // NUT's upsd has no SIGUSR1/SIGUSR2 handler, so they end it; ours ends
    // cleanly on them (PID file removed, clients closed). Listening before
    // the PID file exists: whoever reads it can signal at once.
    let user: string | undefined;
    const ends: [Deno.Signal, () => void][] = [];
    const ended = new Promise<void>((resolve) => {
      if (io.signal.aborted) resolve();
      io.signal.addEventListener("abort", () => resolve(), { once: true });
      for (const sig of ["SIGUSR1", "SIGUSR2"] as const) {
        const fn = () => {
          user = sig;
          resolve();
        };
        Deno.addSignalListener(sig, fn);
        ends.push([sig, fn]);
      }
    });
    if (hupPending) void server.reload();
    const writePid = child || o.foreground >= 2;
    if (writePid) {
      try {
        writePidFile(pidFile); // replaces a file left by another user
      } catch (e) {
        log.error(`Can't write PID file ${pidFile}: ${(e as Error).message}`);
      }
    }
    schedulePageOut(io.env); // start-up's code pages: see src/pageout.ts
    try {
      await ended;
      const reason = user ?? String(io.signal.reason);
      const number = { SIGINT: 2, SIGUSR1: 10, SIGUSR2: 12 }[reason] ?? 15;
      log.info(`Signal ${number}: exiting`);
    } finally {
      for (const [sig, fn] of ends) Deno.removeSignalListener(sig, fn);
      await server.close();
      if (writePid && readPid(pidFile) === Deno.pid) {
        try {
          Deno.removeSync(pidFile);
        } catch {
          // already gone
        }
      }
    }
    return 0;
  }
}

function sendCommand(o: Options, pidFile: string, io: Io): number {
  const signal = o.command === "reload"
    ? "SIGHUP"
    : o.command === "stop"
    ? "SIGTERM"
    : undefined;
  if (!signal) {
    io.err(`Error: unknown command: ${o.command}\n${HELP}`);
    return 1;
  }
  const pid = o.pid ?? readPid(pidFile);
  if (pid === undefined) {
    io.err(`Can't open PID file ${pidFile} (No such file or directory)\n`);
    io.err(`Failed to signal the currently running daemon (if any)\n`);
    return 1;
  }
  try {
    Deno.kill(pid, signal);
    return 0;
  } catch (e) {
    io.err(`Signal ${signal} to PID ${pid} failed: ${(e as Error).message}\n`);
    return 1;
  }
}

/**
 * Deno cannot fork: check the configuration here (so errors reach the
 * terminal), then re-spawn detached and wait for the child's PID file.
 */
async function goBackground(
  args: string[],
  io: Io,
  pidFile: string,
): Promise<number> {
  try {
    await loadConfig(nutPaths(io.env), io.env);
  } catch (e) {
    io.err(`${(e as Error).message}\n`);
    return 1;
  }
  const [exec, cmdArgs] = selfCommand(args, {
    entry: import.meta.url,
    runtime: UPSD_RUNTIME_FLAGS,
  });
  const proc = new Deno.Command(exec, {
    args: cmdArgs,
    env: { [CHILD_ENV]: "1" },
    stdin: "null",
    stdout: "null",
    stderr: "null",
    detached: true,
  }).spawn();
  let exited = false;
  proc.status.then(() => exited = true);
  const end = Date.now() + 15_000;
  while (Date.now() < end && !exited) {
    if (readPid(pidFile) === proc.pid) {
      proc.unref();
      return 0;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!exited) proc.unref();
  io.err("Fatal error: upsd failed to start in the background\n");
  return 1;
}

if (import.meta.main) runMain(main);
