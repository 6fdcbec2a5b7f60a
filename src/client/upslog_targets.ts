/**
 * upslog's monitored systems (NUT 2.8.1+): `-s ups -l file` plus any
 * number of `-m ups,file`, where `*@host` stands for every UPS that host's
 * upsd serves (asked once at start with LIST UPS, as upsc -l does).
 *
 * @module
 */
import { parseUpsName, UpsNameError } from "./name.ts";

/** One monitored UPS and the file its lines go to (`-` = stdout). */
export interface LogTarget {
  /** As given (or `<ups>@<host>:<port>` for a `*` expansion). */
  spec: string;
  ups: string;
  host: string;
  port: number;
  logfn: string;
}

/** A command-line error: NUT prints it and exits 1. */
export class TargetError extends Error {
  override name = "TargetError";
}

/**
 * Builds the target list from `-s`/`-l` (or the legacy operands) and the
 * `-m` tuples, in NUT's order: the `-m` ones first, `-s` last. Without
 * `-m` the errors keep 2.8.0's wording; with it, 2.8.1+'s.
 */
export function buildTargets(
  monhost: string | undefined,
  logfn: string | undefined,
  tuples: readonly string[],
): LogTarget[] {
  const specs: Array<[string, string]> = [];
  for (const t of tuples) {
    const parts = t.split(",");
    if (parts.length !== 2 || parts[1] === "") {
      throw new TargetError(
        "Argument '-m upsspec,logfile' requires exactly 2 components in the tuple",
      );
    }
    specs.push([parts[0]!, parts[1]!]);
  }
  if (monhost !== undefined || logfn !== undefined || specs.length === 0) {
    if (monhost === undefined) {
      throw new TargetError(
        specs.length
          ? "No UPS defined for monitoring - use -s <system> when using -l <file>, or use -m <ups,logfile>"
          : "No UPS defined for monitoring - use -s <system>",
      );
    }
    if (logfn === undefined) {
      throw new TargetError(
        specs.length
          ? "No filename defined for logging - use -l <file> when using -s <system>, or use -m <ups,logfile>"
          : "No filename defined for logging - use -l <file>",
      );
    }
    specs.push([monhost, logfn]);
  }
  return specs.map(([spec, file]) => {
    try {
      return { spec, ...parseUpsName(spec), logfn: file };
    } catch (e) {
      if (!(e instanceof UpsNameError)) throw e;
      throw new TargetError(
        `${e.message}\nError: invalid UPS definition.  Required format: upsname[@hostname[:port]]\n`,
      );
    }
  });
}

/** Lists the UPS names a server serves (LIST UPS). */
export type ListUps = (host: string, port: number) => Promise<string[]>;

/**
 * Replaces every `*@host` target by one target per UPS of that host.
 * `note` gets NUT's informational lines. Throws TargetError when nothing
 * is left to log.
 */
export async function expandWildcards(
  targets: readonly LogTarget[],
  list: ListUps,
  note: (line: string) => void,
): Promise<LogTarget[]> {
  const out: LogTarget[] = [];
  for (const t of targets) {
    if (t.ups !== "*") {
      out.push(t);
      continue;
    }
    note(`Querying ${t.host}:${t.port} for currently served devices`);
    const names = await list(t.host, t.port);
    if (!names.length) {
      note(
        `Data server at ${t.host}:${t.port} does not currently serve any devices`,
      );
    }
    for (const ups of names) {
      out.push({
        spec: `${ups}@${
          t.host.includes(":") ? `[${t.host}]` : t.host
        }:${t.port}`,
        ups,
        host: t.host,
        port: t.port,
        logfn: t.logfn,
      });
    }
  }
  if (!out.length) throw new TargetError("Queries failed to find anything");
  return out;
}

/** True when several targets share one log file and lines do not say which UPS. */
export function needsHostPrefix(
  targets: readonly LogTarget[],
  format: string,
): boolean {
  if (format.includes("%UPSHOST%")) return false;
  const files = targets.map((t) => t.logfn);
  return new Set(files).size < files.length;
}
