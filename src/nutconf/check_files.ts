/**
 * Per-file checks of `nutconf --check` for nut.conf and ups.conf: syntax
 * (through the one tokenizer, so unterminated quotes are caught), unknown
 * keywords, bad numbers, unknown drivers and driver variables their `-L`
 * does not list; and the helpers the other checks share.
 *
 * @module
 */
import { parseConfigText, type WordLine } from "../words.ts";
import type { ConfigError } from "../config/errors.ts";
import type { DriverLookup, Report } from "./problems.ts";

/** MODE values: NUT 2.8.0's four plus 2.8.2's `controlled` and `manual`. */
export const CHECK_MODES = [
  "none",
  "standalone",
  "netserver",
  "netclient",
  "controlled",
  "manual",
];

const NUT_CONF_KEYS = new Set([
  "MODE",
  "ALLOW_NO_DEVICE",
  "ALLOW_NOT_ALL_LISTENERS",
  "UPSD_OPTIONS",
  "UPSMON_OPTIONS",
  "POWEROFF_WAIT",
  "POWEROFF_QUIET",
  "NUT_DEBUG_LEVEL",
  "NUT_DEBUG_SYSLOG",
  "NUT_DEBUG_PID",
  "NUT_IGNORE_CHECKPROCNAME",
  "NUT_STATEPATH",
  "NUT_ALTPIDPATH",
  "NUT_CONFPATH",
  "NUT_QUIET_INIT_UPSNOTIFY",
  "NUT_QUIET_INIT_SSL",
]);

/** nut.conf: shell assignments with a known key and a known MODE. */
export function checkNutConf(text: string, r: Report, file = "nut.conf") {
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) return r.error(file, i + 1, `not a KEY=value line: ${line}`);
    const [, key = "", rawValue = ""] = m;
    const value = shellValue(rawValue);
    if (value === "quote") {
      return r.error(file, i + 1, `unterminated quote in ${key}`);
    }
    if (value === "space") {
      return r.error(file, i + 1, `${key}: quote a value that holds blanks`);
    }
    if (!NUT_CONF_KEYS.has(key)) {
      r.warn(file, i + 1, `unknown setting ${key}`);
    }
    if (key === "MODE" && !CHECK_MODES.includes(value.toLowerCase())) {
      r.error(file, i + 1, `unknown MODE "${value}"`);
    }
    if (key === "POWEROFF_WAIT" && !/^\d+$/.test(value)) {
      r.error(file, i + 1, `POWEROFF_WAIT is not a number: ${value}`);
    }
  });
}

/**
 * A shell value without its quotes; "quote" when a quote is left open,
 * "space" when an unquoted blank splits it (the shell would run the rest as
 * a command).
 */
function shellValue(raw: string): string | "quote" | "space" {
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '"' || c === "'") {
      const end = raw.indexOf(c, i + 1);
      if (end < 0) return "quote";
      out += raw.slice(i + 1, end);
      i = end;
    } else if (/\s/.test(c)) {
      const rest = raw.slice(i).trim();
      return rest === "" || rest.startsWith("#") ? out : "space";
    } else out += c;
  }
  return out;
}

/** Syntax errors of the tokenizer as problems; the good lines come back. */
export function lines(
  text: string,
  file: string,
  r: Report,
): WordLine[] {
  const out: WordLine[] = [];
  for (const l of parseConfigText(text)) {
    if (l.error !== undefined) r.error(file, l.line, l.error);
    else if (l.words.length > 0) out.push(l);
  }
  return out;
}

const UPS_GLOBALS = new Set([
  "chroot",
  "driverpath",
  "maxstartdelay",
  "maxretry",
  "retrydelay",
  "pollinterval",
  "user",
  "group",
  "synchronous",
  "debug_min",
  "nowait",
]);

/** Section keys the driver framework (and upsdrvctl) handles for every driver. */
const CORE_VALUES = new Set([
  "driver",
  "port",
  "desc",
  "sdorder",
  "sddelay",
  "maxstartdelay",
  "pollinterval",
  "user",
  "group",
  "synchronous",
  "debug_min",
  "usb_set_altinterface",
]);
const CORE_FLAGS = new Set(["nolock", "ignorelb", "usb_set_altinterface"]);
const INT_KEYS = new Set([
  "maxstartdelay",
  "maxretry",
  "retrydelay",
  "pollinterval",
  "sdorder",
  "sddelay",
  "debug_min",
]);
const SYNC_VALUES = new Set(["yes", "no", "auto"]);

/** One ups.conf section as the cross-file checks need it. */
export interface UpsSectionInfo {
  name: string;
  line: number;
  driver?: string;
}

/** ups.conf: sections, their driver and port, and each key against the driver's `-L`. */
export function checkUpsConf(
  text: string,
  r: Report,
  findDriver: DriverLookup,
  file = "ups.conf",
): UpsSectionInfo[] {
  const sections: UpsSectionInfo[] = [];
  type Entry = { key: string; value?: string; line: number };
  let entries: Entry[] | undefined;
  const bySection: Array<[UpsSectionInfo, Entry[]]> = [];
  for (const { words, line } of lines(text, file, r)) {
    const first = words[0]!;
    if (first.startsWith("[")) {
      const name = first.endsWith("]") ? first.slice(1, -1) : "";
      if (name === "" || /[\s[\]]/.test(name) || words.length > 1) {
        r.error(file, line, `bad section header ${words.join(" ")}`);
        entries = [];
        continue;
      }
      if (sections.some((s) => s.name === name)) {
        r.error(file, line, `duplicate section [${name}]`);
      }
      const info: UpsSectionInfo = { name, line };
      sections.push(info);
      entries = [];
      bySection.push([info, entries]);
      continue;
    }
    let entry: Entry;
    if (words.length === 1) entry = { key: first, line };
    else if (words.length === 3 && words[1] === "=") {
      entry = { key: first, value: words[2]!, line };
    } else {
      r.error(
        file,
        line,
        `expected "key = value" or a flag: ${words.join(" ")}`,
      );
      continue;
    }
    if (entries) entries.push(entry);
    else {
      if (!UPS_GLOBALS.has(entry.key)) {
        r.error(file, line, `unknown global setting ${entry.key}`);
      } else checkUpsValue(entry.key, entry.value, line, r, file);
    }
  }
  for (const [info, list] of bySection) {
    checkSection(info, list, r, findDriver, file);
  }
  return sections;
}

function checkUpsValue(
  key: string,
  value: string | undefined,
  line: number,
  r: Report,
  file: string,
): void {
  if (value === undefined) {
    if (key !== "nowait") r.error(file, line, `${key} needs a value`);
    return;
  }
  if (INT_KEYS.has(key) && !/^-?\d+$/.test(value)) {
    r.error(file, line, `${key} is not a number: ${value}`);
  } else if (key === "pollinterval" && Number(value) <= 0) {
    r.error(file, line, `pollinterval must be positive: ${value}`);
  } else if (key === "synchronous" && !SYNC_VALUES.has(value.toLowerCase())) {
    r.error(file, line, `synchronous must be yes, no or auto: ${value}`);
  }
}

function checkSection(
  info: UpsSectionInfo,
  list: ReadonlyArray<{ key: string; value?: string; line: number }>,
  r: Report,
  findDriver: DriverLookup,
  file: string,
): void {
  const driverEntry = list.find((e) => e.key === "driver");
  if (!driverEntry?.value) {
    r.error(file, info.line, `[${info.name}] has no driver`);
  }
  if (!list.some((e) => e.key === "port" && e.value !== undefined)) {
    r.error(file, info.line, `[${info.name}] has no port`);
  }
  const driverName = driverEntry?.value;
  if (driverName !== undefined) info.driver = driverName;
  const def = driverName === undefined ? undefined : findDriver(driverName);
  if (driverName !== undefined && !def) {
    r.error(file, driverEntry!.line, `unknown driver ${driverName}`);
  }
  const vars = new Map(def?.vars.map((v) => [v.name.toLowerCase(), v.kind]));
  const seen = new Set<string>();
  for (const e of list) {
    if (seen.has(e.key)) {
      r.warn(
        file,
        e.line,
        `${e.key} is set again in [${info.name}]: the last one wins`,
      );
    }
    seen.add(e.key);
    const low = e.key.toLowerCase();
    if (e.value !== undefined && /^(override|default)\.\S+$/.test(low)) {
      continue;
    }
    if (e.value === undefined && CORE_FLAGS.has(e.key)) continue;
    if (CORE_VALUES.has(e.key)) {
      checkUpsValue(e.key, e.value, e.line, r, file);
      continue;
    }
    if (CORE_FLAGS.has(e.key)) {
      if (e.value !== undefined) {
        r.error(file, e.line, `${e.key} is a flag and takes no value`);
      }
      continue;
    }
    if (!def) continue; // unknown driver: reported once above
    const kind = vars.get(low);
    if (kind === undefined) {
      r.error(
        file,
        e.line,
        `driver ${driverName} does not accept ${e.key} (not in its -L list)`,
      );
    } else if (kind === "flag" && e.value !== undefined) {
      // NUT takes it as the flag; the value is dropped silently.
      r.warn(
        file,
        e.line,
        `${e.key} is a flag of ${driverName}: the value is ignored`,
      );
    } else if (kind === "value" && e.value === undefined) {
      r.error(file, e.line, `${e.key} of ${driverName} needs "= value"`);
    }
  }
}

/** True for an IPv4 or IPv6 literal or a plausible host name. */
export function validAddress(addr: string): boolean {
  if (/^\d+(\.\d+){3}$/.test(addr)) {
    return addr.split(".").every((p) => Number(p) <= 255);
  }
  if (addr.includes(":")) {
    return /^[0-9A-Fa-f:.]+$/.test(addr) && addr.split("::").length <= 2;
  }
  if (/^[\d.]+$/.test(addr)) return false; // numeric but not a dotted quad
  return /^[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\.[A-Za-z0-9_-]{1,63})*\.?$/.test(
    addr,
  );
}

/** True for an address that only this machine can reach. */
export function isLoopback(addr: string): boolean {
  return addr === "localhost" || addr === "::1" || /^127\./.test(addr);
}

/** The message of a ConfigError without its `file:line: ` prefix. */
export function bodyOf(e: ConfigError): string {
  const prefix = `${e.file}:${e.line}: `;
  return e.message.startsWith(prefix)
    ? e.message.slice(prefix.length)
    : e.message;
}
