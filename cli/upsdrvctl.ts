/**
 * upsdrvctl: start, stop, shut down, signal or list the UPS drivers of
 * ups.conf (NUT 2.8.0's options plus 2.8.1+'s -F/-FF/-B, -c and -l).
 *
 * @module
 */
import type { Io } from "../src/io.ts";
import { runMain } from "./_io.ts";
import { nutPaths } from "../src/config/paths.ts";
import { loadUpsConf } from "../src/config/load.ts";
import {
  type DrvCommand,
  DrvCtl,
  DrvFatal,
  type DrvOps,
  type DrvOptions,
  type ExitResult,
  readDrvConf,
  signalCommand,
  stayForeground,
  type Tracked,
} from "../src/drvctl/upsdrvctl.ts";
import { getopt } from "../src/client/getopt.ts";
import { NUT_VERSION, versionNote } from "../src/version.ts";
import { hostedOps } from "../src/drvctl/hosted_ops.ts";

/** NUT's compiled-in DRVPATH on Debian. */
const DRVPATH = "/lib/nut";
/** 2.8.0's `+htu:r:DdV` plus 2.8.1+'s -F, -B, -c and -l. */
export const GETOPT = "+htu:r:DdFBVc:l";

function help(io: Io, prog: string): void {
  io.out(
    `Starts and stops UPS drivers via ups.conf.\n\n` +
      `usage: ${prog} [OPTIONS] (start | stop | shutdown) [<ups>]\n\n` +
      `usage: ${prog} [OPTIONS] (list | -l) [<ups>]\n\n` +
      `usage: ${prog} [OPTIONS] -c <command> [<ups>]\n\n` +
      `Common options:\n` +
      `  -h\t\t\tdisplay this help\n` +
      `  -V\t\t\tdisplay the version of this software\n` +
      `  -r <path>\t\tdrivers will chroot to <path>\n` +
      `  -t\t\t\ttesting mode - prints actions without doing them\n` +
      `  -u <user>\t\tdrivers started will switch from root to <user>\n` +
      `  -D            \traise debugging level\n` +
      `  -d            \tpass debugging level from upsdrvctl to driver\n` +
      `  -F\t\t\tdriver stays foregrounded even if no debugging is enabled\n` +
      `  -FF\t\t\tdriver stays foregrounded and still saves the PID file\n` +
      `  -B\t\t\tdriver(s) stay backgrounded even if debugging is bumped\n` +
      `\nListing known driver(s):\n` +
      `  -l | list\t\tlist all device driver configurations that can be managed\n` +
      `  -l | list <ups>\tonly list the specified device driver configuration\n` +
      `\nSignalling a running driver:\n` +
      `  -c <command>\t\tsend <command> via signal to running driver(s)\n` +
      `              \t\tsupported commands:\n` +
      `              \t\t- reload: re-read configuration files, ignoring changed\n` +
      `              \t\t  values which require a driver restart\n` +
      `              \t\t- reload-or-exit: re-read configuration files (exit the old\n` +
      `              \t\t  driver instance if needed, so systemd starts another copy)\n` +
      `              \t\t- exit: tell the currently running driver instance to just exit\n` +
      `\nDriver life cycle options:\n` +
      `  start\t\t\tstart all UPS drivers in ups.conf\n` +
      `  start\t<ups>\t\tonly start driver for UPS <ups>\n` +
      `  stop\t\t\tstop all UPS drivers in ups.conf\n` +
      `  stop <ups>\t\tonly stop driver for UPS <ups>\n` +
      `  shutdown\t\tshutdown all UPS drivers in ups.conf\n` +
      `  shutdown <ups>\tonly shutdown UPS <ups>\n\n` +
      `Environment: NUT_DEBUG_LEVEL=<n> sets the debug level when no -D is given.\n`,
  );
}

/** The default driver directory: where our launchers live, else NUT's. */
function defaultDriverPath(io: Io): string {
  // an installed tree's launchers say where its drivers are
  const installed = io.env("DENO_NUT_DRIVERPATH");
  if (installed) return installed;
  const launcher = io.env("DENO_NUT_LAUNCHER");
  if (launcher && launcher.includes("/")) {
    return launcher.slice(0, launcher.lastIndexOf("/")) || "/";
  }
  return io.env("NUT_DRIVERPATH") || DRVPATH;
}

function realOps(io: Io, debugLevel: () => number): DrvOps {
  return {
    exists(path) {
      try {
        Deno.statSync(path);
        return true;
      } catch {
        return false;
      }
    },
    async run(argv, timeoutSec, wait): Promise<ExitResult> {
      const child = new Deno.Command(argv[0]!, {
        args: argv.slice(1),
        stdin: "null",
        stdout: "inherit",
        stderr: "inherit",
      }).spawn();
      if (!wait) {
        child.unref();
        return { kind: "exit", code: 0 };
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<ExitResult>((resolve) => {
        if (timeoutSec >= 0) {
          timer = setTimeout(
            () => resolve({ kind: "timeout" }),
            timeoutSec * 1000,
          );
        }
      });
      const done = child.status.then((s): ExitResult =>
        s.signal
          ? { kind: "signal", signal: s.signal }
          : { kind: "exit", code: s.code }
      );
      const r = await Promise.race([done, timeout]);
      clearTimeout(timer);
      if (r.kind === "timeout") child.unref();
      return r;
    },
    pidFileExists(path) {
      try {
        Deno.statSync(path);
        return true;
      } catch {
        return false;
      }
    },
    signalPidFile(path, signal = "SIGTERM") {
      const pid = Number.parseInt(Deno.readTextFileSync(path).trim(), 10);
      if (!(pid > 0)) throw new Error("Invalid argument");
      Deno.kill(pid, signal);
    },
    spawn(argv, ups): Tracked {
      const child = new Deno.Command(argv[0]!, {
        args: argv.slice(1),
        stdin: "null",
        stdout: "inherit",
        stderr: "inherit",
      }).spawn();
      return {
        ups,
        status: child.status.then((s): ExitResult =>
          s.signal
            ? { kind: "signal", signal: s.signal }
            : { kind: "exit", code: s.code }
        ),
        kill: (sig) => child.kill(sig),
      };
    },
    print: (text) => io.out(text),
    sleep: (sec) => new Promise((r) => setTimeout(r, sec * 1000)),
    log: (line) => io.err(line + "\n"),
    debug: (level, line) => {
      if (debugLevel() >= level) io.err(line + "\n");
    },
  };
}

function relaySignal(tracked: readonly Tracked[], sig: Deno.Signal): void {
  for (const t of tracked) {
    try {
      t.kill(sig);
    } catch {
      // that driver is gone; stayForeground notices
    }
  }
}

/** upsdrvctl's main. */
export async function main(args: string[], io: Io): Promise<number> {
  const prog = "upsdrvctl";
  io.out(`Network UPS Tools - UPS driver controller ${NUT_VERSION}\n`);
  const opts: DrvOptions = {
    testMode: false,
    debugLevel: 0,
    passDebug: false,
    altPidPath: nutPaths(io.env).altPidPath,
    defaultDriverPath: defaultDriverPath(io),
    foreground: -1,
  };
  let command: DrvCommand | undefined;
  let signalName: string | undefined;
  const { opts: parsed, rest } = getopt(args, GETOPT);
  for (const o of parsed) {
    switch (o.opt) {
      case "r":
        opts.chroot = o.arg!;
        break;
      case "u":
        opts.user = o.arg!;
        break;
      case "t":
        opts.testMode = true;
        break;
      case "D":
        opts.debugLevel++;
        break;
      case "d":
        opts.passDebug = true;
        break;
      case "F":
        // a second -F: foreground and still write the PID file
        opts.foreground = opts.foreground! > 0 ? 2 : 1;
        break;
      case "B":
        opts.foreground = 0;
        break;
      case "V":
        io.err(versionNote());
        return 0;
      case "c":
        if (command !== undefined) {
          io.err(
            "Error: only one command per run can be sent with option -c. Try -h for help.\n",
          );
          return 1;
        }
        signalName = signalCommand(o.arg!);
        if (signalName === undefined) {
          io.err("Error: unknown argument to option -c. Try -h for help.\n");
          return 1;
        }
        command = "signal";
        break;
      case "l":
        command = "list";
        break;
      default:
        // -h and bad options: NUT prints the help and exits 0
        if (o.error) io.err(`${prog}: ${o.error}\n`);
        help(io, prog);
        return 0;
    }
  }
  const envLevel = parseInt(io.env("NUT_DEBUG_LEVEL") ?? "", 10);
  if (envLevel > 0 && opts.debugLevel < 1) {
    io.err(
      `Defaulting debug verbosity to NUT_DEBUG_LEVEL=${envLevel} since none was requested by command-line options\n`,
    );
    opts.debugLevel = envLevel;
  }
  if (command === undefined && rest.length < 1) {
    help(io, prog);
    return 0;
  }
  if (opts.testMode) {
    io.out("*** Testing mode: not calling exec/kill\n");
    if (opts.debugLevel < 2) opts.debugLevel = 2;
  }
  let names = rest;
  if (command === undefined) {
    const word = rest[0]!;
    if (
      word === "start" || word === "stop" || word === "shutdown" ||
      word === "list"
    ) command = word;
    else {
      io.err(`Error: unrecognized command [${word}]\n`);
      return 1;
    }
    names = rest.slice(1);
  }
  if (names.length > 1) {
    io.err(
      "Error: extra arguments left on command line\n" +
        "(common options should be before a command and UPS name)\n",
    );
    return 1;
  }
  try {
    const conf = readDrvConf(await loadUpsConf(nutPaths(io.env)));
    // our drivers share one nut-driver-host process (src/drvctl/hosted_ops.ts)
    const ops = hostedOps(realOps(io, () => opts.debugLevel), {
      statePath: nutPaths(io.env).statePath,
      env: io.env,
      out: io.out,
      err: io.err,
    });
    const ctl = new DrvCtl(ops, opts, conf);
    if (signalName !== undefined) ctl.signalName = signalName;
    await ctl.send(command, names[0]);
    if (ctl.errors) return 1;
    if (ctl.tracked.length) {
      const stop = new Promise((resolve) => {
        if (io.signal.aborted) resolve(undefined);
        io.signal.addEventListener("abort", resolve, { once: true });
      });
      // as NUT's foreground upsdrvctl: reload signals go on to its drivers
      const relay: Array<[Deno.Signal, () => void]> = (
        ["SIGHUP", "SIGUSR1"] as const
      ).map((sig) => [sig, () => relaySignal(ctl.tracked, sig)]);
      for (const [sig, fn] of relay) Deno.addSignalListener(sig, fn);
      try {
        return await stayForeground(ctl, stop);
      } finally {
        for (const [sig, fn] of relay) Deno.removeSignalListener(sig, fn);
      }
    }
    return 0;
  } catch (e) {
    if (e instanceof DrvFatal) {
      io.err(e.message + "\n");
      return 1;
    }
    if (e instanceof Deno.errors.NotFound) {
      const file = `${nutPaths(io.env).confPath}/ups.conf`;
      io.err(
        `Can't open ${file}: Can't open ${file}: No such file or directory\n`,
      );
      return 1;
    }
    throw e;
  }
}

if (import.meta.main) runMain(main);
