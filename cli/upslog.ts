/**
 * upslog: log UPS status lines (NUT's clients/upslog.c, 2.8.0), plus
 * master's `-m ups,file` (several UPSes), `-d count` and `-N`.
 *
 * @module
 */
import { removePid, writePid } from "../src/pidfile.ts";
import type { Io } from "../src/io.ts";
import { getopt } from "../src/client/getopt.ts";
import {
  compileFormat,
  DEFAULT_LOG_FORMAT,
  type LogPart,
  renderLine,
} from "../src/client/logformat.ts";
import {
  type NutClient,
  parseUpsName,
  UpsNameError,
} from "../src/client/mod.ts";
import { connectFromEnv, errorText } from "../src/client/tool.ts";
import { strerror } from "../src/client/errors.ts";
import { nutPaths } from "../src/config/paths.ts";
import { NUT_VERSION, versionNote } from "../src/version.ts";
import { runMain } from "./_io.ts";

/** getopt option letters (`x:` takes an argument); `-h` lists each one. */
export const GETOPT = "+hs:l:i:f:u:Vp:FBm:d:N";

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
\t\t- <ups> may be *@host: every UPS of that upsd
\t\t- <logfile> may be - for stdout
  -s all\t- with -l: every UPS of the -s/-m host (localhost by default)
  -d <count>\t- Exit after logging this many lines (per UPS)
  -N\t\t- Prefix each line with the UPS name (%UPSHOST%)
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

function openLog(m: Monitor): void {
  if (m.logfn === "-") return;
  m.file?.close();
  m.file = Deno.openSync(m.logfn, { append: true, create: true });
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
  let count = 0, prefixHost = false;
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
      case "u":
      case "F":
      case "B":
        break; // we never change user or fork (see README)
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

  const specs: Array<[string, string]> = multi.map((m) => {
    const comma = m.indexOf(",");
    return comma < 0 ? [m, ""] : [m.slice(0, comma), m.slice(comma + 1)];
  });
  if (monhost !== undefined || specs.length === 0) {
    if (monhost === undefined) {
      io.err("No UPS defined for monitoring - use -s <system>\n");
      return 1;
    }
    if (logfn === undefined) {
      io.err("No filename defined for logging - use -l <file>\n");
      return 1;
    }
    specs.unshift([monhost, logfn]);
  }
  const monitors: Monitor[] = [];
  for (const [spec, fn] of specs) {
    if (!fn) {
      io.err(`No filename defined for logging - use -m ${spec},<file>\n`);
      return 1;
    }
    let parsed;
    try {
      parsed = parseUpsName(spec);
    } catch (e) {
      if (!(e instanceof UpsNameError)) throw e;
      io.err(e.message + "\n");
      io.err(
        "Error: invalid UPS definition.  Required format: upsname[@hostname[:port]]\n\n",
      );
      return 1;
    }
    monitors.push({ spec, ...parsed, logfn: fn, lines: 0 });
  }
  if (interval < 1) interval = 1;
  const parts = compileFormat(format);
  const pidFile = pidbase.startsWith("/")
    ? `${pidbase}.pid`
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
      try {
        openLog(m);
      } catch (e) {
        io.err(`could not open logfile ${m.logfn}: ${errorText(e)}\n`);
        return 1;
      }
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
        for (const m of monitors) {
          try {
            openLog(m);
          } catch (e) {
            io.err(`could not reopen logfile ${m.logfn}: ${errorText(e)}\n`);
          }
        }
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
    for (const m of monitors) {
      await m.client?.close();
      m.file?.close();
    }
    removePid(pidFile);
  }
}

if (import.meta.main) runMain(main);
