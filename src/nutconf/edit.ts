/**
 * Edits of NUT's config files that keep everything they do not touch:
 * comments, blank lines, indentation and the order of lines. Each function
 * takes the file's text (empty for a new file) and returns the new text.
 *
 * @module
 */
import { parseConfigText } from "../words.ts";

/** Words of one physical line ([] for blank, comment or unparsable lines). */
function wordsOf(line: string): string[] {
  const parsed = parseConfigText(line + "\n")[0];
  return parsed && parsed.error === undefined ? parsed.words : [];
}

/** A value as a config word: bare when plain, else quoted and escaped. */
export function configWord(value: string): string {
  if (value !== "" && /^[\x21-\x7e]+$/.test(value) && !/[#\\"=]/.test(value)) {
    return value;
  }
  return `"${value.replace(/[#\\"]/g, "\\$&")}"`;
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/**
 * A blank line to put before new lines when the line above ends in a
 * backslash: it would otherwise continue into (and swallow) them.
 */
function guard(prev: string | undefined): string[] {
  const m = prev === undefined ? null : /\\+$/.exec(prev);
  return m && m[0].length % 2 === 1 ? [""] : [];
}

function joinLines(lines: string[]): string {
  return lines.length === 0 ? "" : lines.join("\n") + "\n";
}

/**
 * Replaces the lines whose first word is `key` (and that `match` accepts)
 * with `replacement`: the new lines go where the first old one was, or at
 * the end when there was none. With `keep`, old lines stay and the new ones
 * follow the last of them.
 */
export function replaceDirective(
  text: string,
  key: string,
  replacement: readonly string[],
  opts: { keep?: boolean; match?: (words: string[]) => boolean } = {},
): string {
  const lines = splitLines(text);
  const hits: number[] = [];
  lines.forEach((l, i) => {
    const w = wordsOf(l);
    if (w[0] === key && (opts.match?.(w) ?? true)) hits.push(i);
  });
  if (hits.length === 0) {
    return joinLines([...lines, ...guard(lines.at(-1)), ...replacement]);
  }
  if (opts.keep) {
    const at = hits[hits.length - 1]! + 1;
    return joinLines([
      ...lines.slice(0, at),
      ...guard(lines[at - 1]),
      ...replacement,
      ...lines.slice(at),
    ]);
  }
  const out: string[] = [];
  lines.forEach((l, i) => {
    if (i === hits[0]) out.push(...guard(out.at(-1)), ...replacement);
    else if (!hits.includes(i)) out.push(l);
    // a removed line that a backslash continued into leaves a blank behind,
    // so that the continuation does not reach the next line instead
    else out.push(...guard(out.at(-1)));
  });
  return joinLines(out);
}

/** nut.conf: sets MODE, keeping the other lines. */
export function setNutMode(text: string, mode: string): string {
  const lines = splitLines(text);
  const i = lines.findIndex((l) => /^\s*(?:export\s+)?MODE=/.test(l));
  if (i < 0) return joinLines([...lines, `MODE=${mode}`]);
  lines[i] = lines[i]!.replace(/MODE=.*$/, `MODE=${mode}`);
  return joinLines(lines);
}

/** A `[name]` section of ups.conf or upsd.users: header index and end (exclusive). */
interface Section {
  name: string;
  start: number;
  end: number;
}

function sections(lines: readonly string[]): Section[] {
  const out: Section[] = [];
  lines.forEach((l, i) => {
    const w = wordsOf(l);
    const first = w[0];
    if (w.length === 1 && first && /^\[.+\]$/.test(first)) {
      const prev = out[out.length - 1];
      if (prev) prev.end = i;
      out.push({ name: first.slice(1, -1), start: i, end: lines.length });
    }
  });
  // Comment and blank lines just before a header belong to that header.
  for (let s = 1; s < out.length; s++) {
    let end = out[s - 1]!.end;
    while (end > out[s - 1]!.start + 1 && /^\s*(#.*)?$/.test(lines[end - 1]!)) {
      end--;
    }
    out[s - 1]!.end = end;
  }
  return out;
}

/** Removes every `[section]` (with its lines), keeping what precedes the first. */
export function removeSections(text: string): string {
  const lines = splitLines(text);
  const first = sections(lines)[0];
  if (!first) return text;
  let start = first.start;
  // A comment block right above the first header describes that section.
  while (start > 0 && /^\s*#/.test(lines[start - 1]!)) start--;
  const kept = lines.slice(0, start);
  while (kept.length > 0 && /^\s*$/.test(kept[kept.length - 1]!)) kept.pop();
  return joinLines(kept);
}

/**
 * In `[section]` (created at the end when missing), sets `key` to the
 * given line (replacing the line with that first word) or, with `append`,
 * adds it after the section's last line.
 */
export function setSectionLine(
  text: string,
  section: string,
  key: string,
  line: string,
  append = false,
): string {
  const lines = splitLines(text);
  const s = sections(lines).find((x) => x.name === section);
  if (!s) {
    const sep = lines.length > 0 && lines[lines.length - 1]!.trim() !== ""
      ? [""]
      : [];
    return joinLines([...lines, ...sep, `[${section}]`, line]);
  }
  if (!append) {
    for (let i = s.start + 1; i < s.end; i++) {
      const old = wordsOf(lines[i]!);
      if (old[0]?.toLowerCase() === key.toLowerCase()) {
        // An unchanged setting keeps its line (and its comment).
        if (old.join("\0") === wordsOf(line).join("\0")) return text;
        lines.splice(i, 1, ...guard(lines[i - 1]), line);
        return joinLines(lines);
      }
    }
  }
  let at = s.end;
  while (at > s.start + 1 && /^\s*$/.test(lines[at - 1]!)) at--;
  lines.splice(at, 0, ...guard(lines[at - 1]), line);
  return joinLines(lines);
}

/** The words of `key` in `[section]`, or undefined. */
export function sectionWords(
  text: string,
  section: string,
  key: string,
): string[] | undefined {
  const lines = splitLines(text);
  const s = sections(lines).find((x) => x.name === section);
  if (!s) return undefined;
  for (let i = s.start + 1; i < s.end; i++) {
    const w = wordsOf(lines[i]!);
    if (w[0]?.toLowerCase() === key.toLowerCase()) return w;
  }
  return undefined;
}

/** One device of `--set-device`/`--add-device`. */
export interface DeviceSpec {
  id: string;
  driver: string;
  port: string;
  settings: Array<[string, string]>;
}

/** ups.conf: sets or adds devices; existing sections of the same id are updated in place. */
export function setDevices(
  text: string,
  devices: readonly DeviceSpec[],
  keep: boolean,
): string {
  let out = keep ? text : removeSections(text);
  for (const d of devices) {
    for (
      const [k, v] of [
        ["driver", d.driver],
        ["port", d.port],
        ...d.settings,
      ] as const
    ) {
      out = setSectionLine(out, d.id, k, `\t${k} = ${configWord(v)}`);
    }
  }
  return out;
}

/** One user of `--set-user`/`--add-user`. */
export interface UserSpec {
  name: string;
  password?: string;
  actions: string[];
  instcmds: string[];
  /** For the `upsmon=<mode>` form. */
  upsmon?: "primary" | "secondary";
}

/** upsd.users: sets or adds users; actions and instcmds are added to what the user has. */
export function setUsers(
  text: string,
  users: readonly UserSpec[],
  keep: boolean,
): string {
  let out = keep ? text : removeSections(text);
  for (const u of users) {
    if (u.password !== undefined) {
      out = setSectionLine(
        out,
        u.name,
        "password",
        `\tpassword = ${configWord(u.password)}`,
      );
    }
    for (
      const [key, values] of [["actions", u.actions], [
        "instcmds",
        u.instcmds,
      ]] as const
    ) {
      if (values.length === 0) continue;
      const old = sectionWords(out, u.name, key);
      const had = old ? (old[1] === "=" ? old.slice(2) : old.slice(1)) : [];
      const all = [...had, ...values.filter((v) => !had.includes(v))];
      out = setSectionLine(
        out,
        u.name,
        key,
        `\t${key} = ${all.map(configWord).join(" ")}`,
      );
    }
    if (u.upsmon) {
      out = setSectionLine(out, u.name, "upsmon", `\tupsmon ${u.upsmon}`);
    }
  }
  return out;
}

/** One monitor of `--set-monitor`/`--add-monitor`. */
export interface MonitorSpec {
  ups: string;
  host: string;
  port?: number;
  powerValue: number;
  user: string;
  password: string;
  primary: boolean;
}

/** The MONITOR line of a spec. */
export function monitorLine(m: MonitorSpec): string {
  const host = m.host.includes(":") ? `[${m.host}]` : m.host;
  const system = `${m.ups}@${host}${m.port ? `:${m.port}` : ""}`;
  return [
    "MONITOR",
    system,
    String(m.powerValue),
    m.user,
    m.password,
    m.primary ? "primary" : "secondary",
  ]
    .map(configWord).join(" ");
}

/** upsmon.conf: NOTIFYFLAG for one type; `keep` merges with the flags already set. */
export function setNotifyFlags(
  text: string,
  type: string,
  flags: readonly string[],
  keep: boolean,
): string {
  const match = (w: string[]) => w[1]?.toUpperCase() === type;
  let merged = [...flags];
  if (keep) {
    const line = splitLines(text).map(wordsOf).find((w) =>
      w[0] === "NOTIFYFLAG" && match(w)
    );
    const old = line?.[2]?.split("+").filter((f) => f !== "IGNORE") ?? [];
    merged = [...old, ...flags.filter((f) => !old.includes(f))];
  }
  if (merged.length > 1) merged = merged.filter((f) => f !== "IGNORE");
  return replaceDirective(text, "NOTIFYFLAG", [
    `NOTIFYFLAG ${type} ${merged.join("+")}`,
  ], { match });
}
