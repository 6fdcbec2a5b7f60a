/**
 * upsmon: monitors UPSes through upsd and shuts the system down when the
 * power is about to fail (NUT 2.8.0 compatible CLI).
 *
 * The -K path (late shutdown scripts) and -c only load small modules; the
 * daemon, the network client and the rehearsal are imported when needed.
 *
 * @module
 */
import type { Io } from "../src/io.ts";
import { runMain } from "./_io.ts";
import { debugLevelFromEnv, getopt } from "../src/client/getopt.ts";
import { strerror } from "../src/client/errors.ts";
import { confFile, nutPaths } from "../src/config/paths.ts";
import { parseUpsmonConf, SHUTDOWN_MAGIC } from "../src/config/upsmon_conf.ts";
import { NUT_VERSION, versionNote } from "../src/version.ts";

/** getopt option letters (`x:` takes an argument); `-h` lists each one. */
export const GETOPT = "+46hDBFKpu:c:f:P:V";

const HELP = `Monitors UPS servers and may initiate shutdown if necessary.

usage: upsmon [OPTIONS]

  -c <cmd>	send command to running process
		commands:
		 - fsd: shutdown all primary-mode UPSes (use with caution)
		 - reload: reread configuration
		 - stop: stop monitoring and exit
		 - test: send a test notification through the configured channels
		 - rehearse: play a power outage against the live config, execute nothing
  -P <pid>	send the signal above to specified PID (bypassing PID file)
  -D		raise debugging level (and stay foreground by default)
  -F		stay foregrounded even if no debugging is enabled
  -FF		stay foregrounded and still save the PID file
  -B		stay backgrounded even if debugging is bumped
  -h		display this help
  -K		checks POWERDOWNFLAG, sets exit code to 0 if set
  -p		always run privileged (disable privileged parent)
  -u <user>	run child as user <user> (ignored when using -p)
  -4		IPv4 only
  -6		IPv6 only
  -f <file>	use <file> as the configuration file
  -V		display the version of this software
`;

const SIGNALS: Record<string, Deno.Signal> = {
  fsd: "SIGUSR1",
  stop: "SIGTERM",
  reload: "SIGHUP",
};

/** NUT's -c matching: the argument may be a prefix (`-c re` = reload). */
function controlCommand(arg: string): string | undefined {
  if (arg === "test" || arg === "rehearse") return arg;
  let found: string | undefined;
  for (const name of ["fsd", "stop", "reload"]) {
    if (arg !== "" && name.startsWith(arg)) found = name;
  }
  return found;
}

/** `-K`: 0 only when POWERDOWNFLAG exists with the magic. */
function checkFlag(file: string, io: Io): number {
  let text: string;
  try {
    text = new TextDecoder("latin1").decode(Deno.readFileSync(file));
  } catch (e) {
    io.err(`Can't open ${file}: ${strerror(e)}\n`);
    return 1;
  }
  let conf;
  try {
    conf = parseUpsmonConf(text, file);
  } catch (e) {
    io.err(
      `${
        e instanceof Error ? e.message : e
      }\nFatal error: unusable configuration\n`,
    );
    return 1;
  }
  const flag = conf.powerDownFlag;
  let content: string | undefined;
  if (flag !== undefined) {
    try {
      content = new TextDecoder("latin1").decode(Deno.readFileSync(flag));
    } catch {
      content = undefined;
    }
  }
  if (content === undefined) {
    io.out("Power down flag is not set\n");
    return 1;
  }
  if (!content.startsWith(SHUTDOWN_MAGIC)) {
    io.err(
      `POWERDOWNFLAG (${flag}) does not contain the upsmon magic string\n`,
    );
    return 1;
  }
  io.out("Power down flag is set\n");
  return 0;
}

function sendSignal(
  cmd: string,
  pidArg: string | undefined,
  io: Io,
): number {
  let pid: number;
  if (pidArg !== undefined) pid = parseInt(pidArg, 10);
  else {
    const file = `${nutPaths(io.env).pidPath}/upsmon.pid`;
    try {
      pid = parseInt(Deno.readTextFileSync(file).trim(), 10);
    } catch (e) {
      io.err(
        `Can't open PID file ${file}: ${strerror(e)}\n`,
      );
      return 1;
    }
  }
  if (!(pid > 1)) {
    io.err(`Ignoring invalid pid number ${pid}\n`);
    return 1;
  }
  try {
    Deno.kill(pid, SIGNALS[cmd]!);
    return 0;
  } catch (e) {
    io.err(`kill: ${e instanceof Error ? e.message : e}\n`);
    return 1;
  }
}

/** upsmon's entry point. */
export async function main(args: string[], io: Io): Promise<number> {
  const child = io.env("DENO_NUT_UPSMON_CHILD") === "1";
  // the child's stdout is the pipe to the privileged parent: no banner there
  if (!child) io.out(`Network UPS Tools upsmon ${NUT_VERSION}\n`);
  const { opts } = getopt(args, GETOPT);
  let debug = 0;
  let foreground = false;
  let background = false;
  let checking = false;
  let onePro = false;
  let user: string | undefined;
  let cmd: string | undefined;
  let pid: string | undefined;
  let configFile: string | undefined;
  for (const o of opts) {
    switch (o.opt) {
      case "c":
        cmd = controlCommand(o.arg!);
        if (cmd === undefined) {
          io.out(HELP);
          return 0;
        }
        break;
      case "D":
        debug++;
        break;
      case "F":
        foreground = true;
        break;
      case "B":
        background = true;
        break;
      case "K":
        checking = true;
        break;
      case "p":
        onePro = true;
        break;
      case "u":
        user = o.arg;
        break;
      case "f":
        configFile = o.arg;
        break;
      case "P":
        pid = o.arg;
        break;
      case "V":
        io.err(versionNote());
        return 0;
      case "4":
      case "6":
        break;
      case "?":
        io.err(`upsmon: ${o.error}\n`);
        io.out(HELP);
        return 0;
      default:
        io.out(HELP);
        return 0;
    }
  }
  const file = configFile ?? confFile(nutPaths(io.env), "upsmon.conf");
  const envDebug = debugLevelFromEnv(debug, io.env);
  if (envDebug !== debug) {
    if (!child) {
      io.err(
        `Defaulting debug verbosity to NUT_DEBUG_LEVEL=${envDebug} since none was requested by command-line options\n`,
      );
    }
    debug = envDebug;
  }
  if (cmd !== undefined && SIGNALS[cmd]) return sendSignal(cmd, pid, io);
  if (checking) return checkFlag(file, io);
  const daemon = await import("../src/monitor/daemon.ts");
  const options = {
    args,
    configFile: file,
    debug,
    foreground,
    background,
    onePro,
    user,
    entry: import.meta.url,
  };
  if (cmd === "test") return await daemon.notifyTest(options, io);
  if (cmd === "rehearse") return await daemon.rehearse(options, io);
  return await daemon.runDaemon(options, io);
}

if (import.meta.main) runMain(main);
