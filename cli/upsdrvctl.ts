/**
 * upsdrvctl: start, stop or shut down the UPS drivers of ups.conf
 * (NUT 2.8.0 options `+htu:r:DdV`).
 *
 * @module
 */
import type { Io } from "../src/io.ts";
import { runMain } from "./_io.ts";
import { nutPaths } from "../src/config/paths.ts";
import { loadUpsConf } from "../src/config/load.ts";
import {
  DrvCtl,
  DrvFatal,
  type DrvOps,
  type DrvOptions,
  type ExitResult,
  readDrvConf,
} from "../src/drvctl/upsdrvctl.ts";
import { hostedOps } from "../src/drvctl/hosted_ops.ts";

const VERSION = "2.8.0";
/** NUT's compiled-in DRVPATH on Debian. */
const DRVPATH = "/lib/nut";

function help(io: Io, prog: string): void {
  io.out(
    `Starts and stops UPS drivers via ups.conf.\n\n` +
      `usage: ${prog} [OPTIONS] (start | stop | shutdown) [<ups>]\n\n` +
      `  -h\t\t\tdisplay this help\n` +
      `  -r <path>\t\tdrivers will chroot to <path>\n` +
      `  -t\t\t\ttesting mode - prints actions without doing them\n` +
      `  -u <user>\t\tdrivers started will switch from root to <user>\n` +
      `  -D            \traise debugging level\n` +
      `  -d            \tpass debugging level from upsdrvctl to driver\n` +
      `  start\t\t\tstart all UPS drivers in ups.conf\n` +
      `  start\t<ups>\t\tonly start driver for UPS <ups>\n` +
      `  stop\t\t\tstop all UPS drivers in ups.conf\n` +
      `  stop <ups>\t\tonly stop driver for UPS <ups>\n` +
      `  shutdown\t\tshutdown all UPS drivers in ups.conf\n` +
      `  shutdown <ups>\tonly shutdown UPS <ups>\n`,
  );
}

/** The default driver directory: where our launchers live, else NUT's. */
function defaultDriverPath(io: Io): string {
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
    signalPidFile(path) {
      const pid = Number.parseInt(Deno.readTextFileSync(path).trim(), 10);
      if (!(pid > 0)) throw new Error("Invalid argument");
      Deno.kill(pid, "SIGTERM");
    },
    sleep: (sec) => new Promise((r) => setTimeout(r, sec * 1000)),
    log: (line) => io.err(line + "\n"),
    debug: (level, line) => {
      if (debugLevel() >= level) io.err(line + "\n");
    },
  };
}

/** upsdrvctl's main. */
export async function main(args: string[], io: Io): Promise<number> {
  const prog = "upsdrvctl";
  io.out(`Network UPS Tools - UPS driver controller ${VERSION}\n`);
  const opts: DrvOptions = {
    testMode: false,
    debugLevel: 0,
    passDebug: false,
    altPidPath: nutPaths(io.env).altPidPath,
    defaultDriverPath: defaultDriverPath(io),
  };
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (!a.startsWith("-") || a === "-") break;
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      if (c === "r" || c === "u") {
        const v = a.slice(j + 1) || args[++i];
        if (v === undefined) {
          io.err(`${prog}: option requires an argument -- '${c}'\n`);
          help(io, prog);
          return 1;
        }
        if (c === "r") opts.chroot = v;
        else opts.user = v;
        break;
      }
      if (c === "t") opts.testMode = true;
      else if (c === "D") opts.debugLevel++;
      else if (c === "d") opts.passDebug = true;
      else if (c === "V") return 0;
      else if (c === "h") {
        help(io, prog);
        return 1;
      } else {
        io.err(`${prog}: invalid option -- '${c}'\n`);
        help(io, prog);
        return 1;
      }
    }
  }
  const rest = args.slice(i);
  if (rest.length < 1) {
    help(io, prog);
    return 1;
  }
  if (opts.testMode) {
    io.out("*** Testing mode: not calling exec/kill\n");
    if (opts.debugLevel < 2) opts.debugLevel = 2;
  }
  const command = rest[0]!;
  if (command !== "start" && command !== "stop" && command !== "shutdown") {
    io.err(`Error: unrecognized command [${command}]\n`);
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
    await ctl.send(command, rest[1]);
    return ctl.errors ? 1 : 0;
  } catch (e) {
    if (e instanceof DrvFatal) {
      io.err(e.message + "\n");
      return 1;
    }
    if (e instanceof Deno.errors.NotFound) {
      io.err(
        `Can't open ${
          nutPaths(io.env).confPath
        }/ups.conf: No such file or directory\n`,
      );
      return 1;
    }
    throw e;
  }
}

if (import.meta.main) runMain(main);
