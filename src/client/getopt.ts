/**
 * POSIX getopt as NUT's tools use it (glibc wording for errors): option
 * letters from an optstring (`x:` takes an argument), a leading `+` stops at
 * the first non-option, `--` ends options. Without `+` options and operands
 * may mix (glibc permutes).
 *
 * @module
 */

/** One parsed option, or an error (`?`) with glibc's message. */
export interface Opt {
  opt: string;
  arg?: string;
  /** glibc's message for `?`, e.g. `invalid option -- 'x'`. */
  error?: string;
}

/** Result of getopt: options in order and the remaining operands. */
export interface GetoptResult {
  opts: Opt[];
  rest: string[];
}

/** Parses `args` against `optstring`. */
export function getopt(
  args: readonly string[],
  optstring: string,
): GetoptResult {
  const posixly = optstring.startsWith("+");
  const spec = posixly ? optstring.slice(1) : optstring;
  const opts: Opt[] = [];
  const rest: string[] = [];
  let i = 0;
  while (i < args.length) {
    const a = args[i]!;
    if (a === "--") {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith("-") || a === "-") {
      if (posixly) {
        rest.push(...args.slice(i));
        break;
      }
      rest.push(a);
      i++;
      continue;
    }
    i++;
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      const at = spec.indexOf(c);
      if (at < 0 || c === ":") {
        opts.push({ opt: "?", error: `invalid option -- '${c}'` });
        continue;
      }
      if (spec[at + 1] !== ":") {
        opts.push({ opt: c });
        continue;
      }
      if (j + 1 < a.length) {
        opts.push({ opt: c, arg: a.slice(j + 1) });
      } else if (i < args.length) {
        opts.push({ opt: c, arg: args[i]! });
        i++;
      } else {
        opts.push({
          opt: "?",
          error: `option requires an argument -- '${c}'`,
        });
      }
      break;
    }
  }
  return { opts, rest };
}

/**
 * NUT 2.8.1+'s `NUT_DEBUG_LEVEL`: the debug level when the command line
 * asked for none (no `-D`). Returns `level` unchanged otherwise.
 */
export function debugLevelFromEnv(
  level: number,
  env: (name: string) => string | undefined,
): number {
  if (level > 0) return level;
  const m = /^\s*(\d+)\s*$/.exec(env("NUT_DEBUG_LEVEL") ?? "");
  return m ? Number(m[1]) : level;
}
