/**
 * nut.conf: shell `KEY=value` lines read by init scripts (MODE, POWEROFF_WAIT,
 * UPSD_OPTIONS, ...). Not parseconf: values may be quoted shell-style.
 *
 * @module
 */
import { ConfigError } from "./errors.ts";

/** The MODE values NUT knows. */
export const NUT_MODES = [
  "none",
  "standalone",
  "netserver",
  "netclient",
] as const;

/** A parsed nut.conf. */
export interface NutConf {
  /** MODE (default "none"). */
  mode: typeof NUT_MODES[number];
  /** Every KEY=value assignment, quotes removed. */
  values: Map<string, string>;
}

const ASSIGN_REGEXP = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;

function unquote(raw: string): string {
  const v = raw.trim().replace(/\s+#.*$/, "");
  if (v.length >= 2) {
    const q = v[0];
    if ((q === '"' || q === "'") && v.endsWith(q)) return v.slice(1, -1);
  }
  return v;
}

/** Parses nut.conf; throws ConfigError for a line that is not an assignment or an unknown MODE. */
export function parseNutConf(text: string, file = "nut.conf"): NutConf {
  const values = new Map<string, string>();
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const m = ASSIGN_REGEXP.exec(line);
    if (!m) throw new ConfigError(file, i + 1, `not a KEY=value line: ${line}`);
    const value = unquote(m[2]!);
    if (/^["']/.test(value)) {
      throw new ConfigError(file, i + 1, `unterminated quote: ${line}`);
    }
    values.set(m[1]!, value);
  });
  const mode = (values.get("MODE") ?? "none").toLowerCase();
  if (!(NUT_MODES as readonly string[]).includes(mode)) {
    // the MODE line that won (the last; `export MODE=` counts too)
    const line = text.split("\n").findLastIndex((l) =>
      /^\s*(?:export\s+)?MODE=/.test(l)
    ) + 1;
    throw new ConfigError(file, line, `unknown MODE "${mode}"`);
  }
  return { mode: mode as NutConf["mode"], values };
}
