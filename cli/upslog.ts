/**
 * upslog: log UPS status lines (NUT's clients/upslog.c, 2.8.0), plus
 * master's `-m ups,file` (several UPSes), `-d count` and `-N`.
 *
 * @module
 */
import { readPid, removePid, writePid } from "../src/pidfile.ts";
import { selfCommand } from "../src/respawn.ts";
import {
  buildTargets,
  expandWildcards,
  type LogTarget,
  needsHostPrefix,
  TargetError,
} from "../src/client/upslog_targets.ts";
import type { Io } from "../src/io.ts";
import { debugLevelFromEnv, getopt } from "../src/client/getopt.ts";
import {
  compileFormat,
  DEFAULT_LOG_FORMAT,
  type LogPart,
  renderLine,
} from "../src/client/logformat.ts";
import type { NutClient } from "../src/client/mod.ts";
import {
  connectFromEnv,
  errorText,
  withConnectTimeout,
} from "../src/client/tool.ts";
import { strerror } from "../src/client/errors.ts";
import { nutPaths } from "../src/config/paths.ts";
import { NUT_VERSION, versionNote } from "../src/version.ts";
import { runMain } from "./_io.ts";

/** getopt option letters (`x:` takes an argument); `-h` lists each one. */
export const GETOPT = "+hs:l:i:f:u:Vp:FBm:d:NDW:";

/** Marks the re-spawned background child. */
const CHILD_ENV = "DENO_NUT_UPSLOG_BACKGROUND";

function help(io: Io): void {
  io.out(`Network UPS Tools upslog ${NUT_VERSION}
UPS status logger.

usage: upslog [OPTIONS]

  -f <format>\t- Log format.  See below for details.
\t\t- Use -f "<format>" so your shell doesn't break it up.
  -i <interval>\t- Time between updates, in seconds
  -l <logfile>\t- Log file name, or - for stdout (foreground by default)
  -F\t\t- stay foregrounded even if logging into a file
  -B\t\t- stay backgrounded even if logging to stdout
  -p <pidbase>  - Base name for PID file (defaults to "upslog")
  -s <ups>\t- Monitor UPS <ups> - <upsname>@<host>[:<port>]
        \t- Example: -s myups@server
  -u <user>\t- Switch to <user> if started as root

Some valid format string escapes:
\t%% insert a single %
\t%TIME format% insert the time with strftime formatting
\t%HOST% insert the local hostname
\t%UPSHOST% insert the host of the ups being monitored
\t%PID% insert the pid of upslog
\t%VAR varname% insert the value of ups variable varname

format string defaults to:
${DEFAULT_LOG_FORMAT}

See the upslog(8) man page for more information.

Also accepted (NUT 2.8.1+):
  -m <tuple>\t- Monitor UPS <ups,logfile>, may be repeated
\t\t- Example: -m myups@server,/var/log/myups.log
\t\t- <ups> (here or in -s) may be *@host: every UPS of that upsd
\t\t- <logfile> may be - for stdout
  -D\t\t- raise debugging level (and stay foreground by default)
  -d <count>\t- Exit after logging this many lines (per UPS)
  -N\t\t- Prefix each line with the UPS name (%UPSHOST%)
  -W <secs>\t- Network timeout for initial connections
  -V\t\t- Display the version of this software
  -h\t\t- Display this help text
`);
}

/** One monitored UPS and where its lines go. */
interface Monitor {
  spec: string;
  ups: string;
  host: string;
  port: number;
  logfn: string;
  file?: Deno.FsFile | undefined;
  client?: NutClient | undefined;
  lines: number;
}

const encoder = new TextEncoder();

/**
 * Opens (or reopens, after SIGHUP) each log file once, however many UPSes
 * share it. Returns the name that failed, if any.
 */
function openLogs(monitors: Monitor[], io: Io, what: string): boolean {
  for (const f of new Set(monitors.map((m) => m.file))) f?.close();
  const files = new Map<string, Deno.FsFile>();
  let ok = true;
  for (const m of monitors) {
    m.file = undefined;
    if (m.logfn === "-") continue;
    let f = files.get(m.logfn);
    if (!f) {
      try {
        f = Deno.openSync(m.logfn, { append: true, create: true });
      } catch (e) {
        io.err(`could not ${what} logfile ${m.logfn}: ${errorText(e)}\n`);
        ok = false;
        continue;
      }
      files.set(m.logfn, f);
    }
    m.file = f;
  }
  return ok;
}

/** LIST UPS on one server, for `*@host`. */
async function listUps(io: Io, host: string, port: number): Promise<string[]> {
  const client = await connectFromEnv(io, host, port);
  try {
    return (await client.list(["UPS"])).map((w) => w[1] ?? "");
  } finally {
    await client.close();
  }
}

/**
 * Deno cannot fork(): the checks ran here (so errors reach the terminal);
 * now re-spawn detached and wait for the child's PID file.
 */
async function goBackground(
  args: string[],
  io: Io,
  pidFile: string,
): Promise<number> {
  // a partial grant (--allow-sys=hostname) is not inherited by itself
  const [exec, cmdArgs] = selfCommand(args, {
    entry: import.meta.url,
    runtime: ["--allow-sys=hostname"],
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
  io.err("Fatal error: upslog failed to start in the background\n");
  return 1;
}

function writeLog(io: Io, m: Monitor, line: string): void {
  if (!m.file) {
    io.out(line + "\n");
    return;
  }
  let bytes = encoder.encode(line + "\n");
  while (bytes.length) bytes = bytes.subarray(m.file.writeSync(bytes));
}

async function values(
  io: Io,
  m: Monitor,
  parts: readonly LogPart[],
): Promise<Map<string, string | undefined>> {
  const out = new Map<string, string | undefined>();
  if (!m.client) {
    try {
      m.client = await connectFromEnv(io, m.host, m.port);
    } catch {
      m.client = undefined;
    }
  }
  for (const p of parts) {
    if (p.kind !== "var" || !p.name?.includes(".") || out.has(p.name)) continue;
    if (!m.client) {
      out.set(p.name, undefined);
      continue;
    }
    try {
      out.set(p.name, await m.client.getVar(m.ups, p.name));
    } catch (e) {
      out.set(p.name, undefined);
      if (!(e instanceof Error && e.name === "NutError")) {
        m.client.abort(); // transport failure: reconnect next time
        m.client = undefined;
      }
    }
  }
  return out;
}

function hostname(): string {
  try {
    return Deno.hostname();
  } catch {
    return "localhost";
  }
}

/** upslog's command line: see `upslog -h`. */
export async function main(args: string[], io: Io): Promise<number> {
  const { opts, rest } = getopt(args, GETOPT);
  let monhost: string | undefined, logfn: string | undefined;
  let interval = 30, format = DEFAULT_LOG_FORMAT, pidbase = "upslog";
  let count = 0, prefixHost = false, foreground = -1, debug = 0;
  const multi: string[] = [];
  for (const o of opts) {
    switch (o.opt) {
      case "s":
        monhost = o.arg!;
        break;
      case "l":
        logfn = o.arg!;
        break;
      case "i":
        interval = parseInt(o.arg!, 10) || 0;
        break;
      case "f":
        format = o.arg!;
        break;
      case "p":
        pidbase = o.arg!;
        break;
      case "m":
        multi.push(o.arg!);
        break;
      case "d":
        count = parseInt(o.arg!, 10) || 0;
        break;
      case "N":
        prefixHost = true;
        break;
      case "F":
        foreground = 1;
        break;
      case "B":
        foreground = 0;
        break;
      case "D":
        debug++;
        break;
      case "u":
        break; // we never change user (see README)
      case "W": {
        // NUT 2.8.3+: timeout for the initial connection
        const next = withConnectTimeout(io, o.arg!);
        if (typeof next === "string") {
          io.err(next + "\n");
          return 1;
        }
        io = next;
        break;
      }
      case "V":
        io.out(`Network UPS Tools upslog ${NUT_VERSION}\n`);
        io.err(versionNote());
        return 0;
      default:
        if (o.error) io.err(`upslog: ${o.error}\n`);
        help(io);
        return 0;
    }
  }
  debug = debugLevelFromEnv(debug, io.env);
  if (rest.length === 1 || rest.length === 2) {
    help(io);
    return 0;
  }
  if (rest.length >= 3) {
    monhost = rest[0];
    logfn = rest[1];
    interval = parseInt(rest[2]!, 10) || 0;
    // NUT appends a space after every word of the old-style format,
    // the last one too (2.8.0 logs "[OL] " for `[%VAR ups.status%]`)
    if (rest.length >= 4) format = rest.slice(3).map((w) => `${w} `).join("");
  }
  if (prefixHost) format = "%UPSHOST%\t" + format;
  io.out(`Network UPS Tools upslog ${NUT_VERSION}\n`);

  let targets: LogTarget[];
  try {
    targets = await expandWildcards(
      buildTargets(monhost, logfn, multi),
      (host, port) => listUps(io, host, port),
      (line) => io.err(line + "\n"),
    );
  } catch (e) {
    if (!(e instanceof TargetError)) throw e;
    io.err(e.message + "\n");
    return 1;
  }
  if (needsHostPrefix(targets, format)) {
    io.err(
      "NOTE: Consider adding %UPSHOST% to the log formatting string, e.g. pass -N on CLI\n",
    );
  }
  const monitors: Monitor[] = targets.map((t) => ({ ...t, lines: 0 }));
  if (interval < 1) interval = 1;
  const parts = compileFormat(format);
  // NUT's writepid: an absolute name is the file itself, no ".pid" added
  const pidFile = pidbase.startsWith("/")
    ? pidbase
    : `${nutPaths((n) => io.env(n)).pidPath}/${pidbase}.pid`;
  let wake: (() => void) | undefined;
  let reopen = false;
  const onHup = () => {
    reopen = true;
    wake?.();
  };
  const onUsr1 = () => wake?.();
  const listen = (sig: Deno.Signal, fn: () => void) => {
    try {
      Deno.addSignalListener(sig, fn);
    } catch {
      // no signals here
    }
  };
  const unlisten = (sig: Deno.Signal, fn: () => void) => {
    try {
      Deno.removeSignalListener(sig, fn);
    } catch {
      // not listening
    }
  };
  try {
    for (const m of monitors) {
      io.out(
        `logging status of ${m.spec} to ${m.logfn} (${interval}s intervals)\n`,
      );
      try {
        m.client = await connectFromEnv(io, m.host, m.port);
      } catch (e) {
        io.err(`Warning: initial connect failed: ${errorText(e)}\n`);
      }
    }
    if (!openLogs(monitors, io, "open")) return 1;
    // NUT: foreground when logging to stdout or debugging, unless -F/-B
    if (foreground < 0) {
      foreground = debug > 0 || monitors.some((m) => m.logfn === "-") ? 1 : 0;
    }
    if (!foreground && io.env(CHILD_ENV) !== "1") {
      return await goBackground(args, io, pidFile);
    }
    try {
      writePid(pidFile);
    } catch (e) {
      io.err(`writepid: fopen ${pidFile}: ${strerror(e)}\n`);
    }
    listen("SIGHUP", onHup);
    listen("SIGUSR1", onUsr1);
    const host = hostname();
    io.signal.addEventListener("abort", () => wake?.());
    while (!io.signal.aborted) {
      if (reopen) {
        reopen = false;
        io.err("Signal 1: reopening log file\n");
        openLogs(monitors, io, "reopen");
      }
      for (const m of monitors) {
        if (count > 0 && m.lines >= count) continue;
        const vals = await values(io, m, parts);
        const line = renderLine(parts, {
          now: new Date(),
          hostname: host,
          upshost: m.spec,
          pid: Deno.pid,
          value: (n) => vals.get(n),
        });
        writeLog(io, m, line);
        m.lines++;
        if (interval > 30) {
          await m.client?.close();
          m.client = undefined;
        }
      }
      if (count > 0 && monitors.every((m) => m.lines >= count)) break;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, interval * 1000);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
        if (io.signal.aborted) wake();
      });
      wake = undefined;
    }
    if (io.signal.aborted) {
      const sig = String(io.signal.reason);
      io.err(`Signal ${sig === "SIGINT" ? 2 : 15}: exiting\n`);
    }
    return 0;
  } finally {
    unlisten("SIGHUP", onHup);
    unlisten("SIGUSR1", onUsr1);
    for (const m of monitors) await m.client?.close();
    for (const f of new Set(monitors.map((m) => m.file))) f?.close();
    // the parent that handed over to a background child leaves its PID file
    if (readPid(pidFile) === Deno.pid) removePid(pidFile);
  }
}

if (import.meta.main) runMain(main);
