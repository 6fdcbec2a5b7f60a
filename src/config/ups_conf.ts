/**
 * ups.conf (common/upsconf.c): globals, then `[name]` sections of
 * `key = value` lines and bare flags. Shapes NUT ignores are ignored here
 * too; lines the tokenizer rejects become ConfigErrors and are skipped.
 *
 * @module
 */
import { parseConfigText } from "../words.ts";
import { ConfigError } from "./errors.ts";

/** Key/value lines and flags of one part of ups.conf. */
export interface UpsConfBlock {
  /** `key = value` (case-sensitive keys; last one wins). */
  values: Map<string, string>;
  /** Bare one-word lines. */
  flags: Set<string>;
}

/** One `[name]` section. */
export interface UpsSection extends UpsConfBlock {
  name: string;
  /** Line of the section header. */
  line: number;
}

/** A parsed ups.conf. */
export interface UpsConf {
  globals: UpsConfBlock;
  /** Sections in file order; a repeated name merges into the first. */
  sections: UpsSection[];
  /** Lines that could not be parsed (NUT logs them and goes on). */
  errors: ConfigError[];
}

/** Parses ups.conf text; `file` names it in errors. */
export function parseUpsConf(text: string, file = "ups.conf"): UpsConf {
  const globals: UpsConfBlock = { values: new Map(), flags: new Set() };
  const sections: UpsSection[] = [];
  const errors: ConfigError[] = [];
  let current: UpsConfBlock = globals;
  for (const { words, error, line } of parseConfigText(text)) {
    if (error !== undefined) {
      errors.push(new ConfigError(file, line, error));
      continue;
    }
    const first = words[0];
    if (first === undefined) continue;
    if (first.length > 2 && first.startsWith("[") && first.endsWith("]")) {
      const name = first.slice(1, -1);
      let section = sections.find((s) => s.name === name);
      if (!section) {
        section = { name, line, values: new Map(), flags: new Set() };
        sections.push(section);
      }
      current = section;
      continue;
    }
    if (words.length === 1) {
      current.flags.add(first);
    } else if (words.length >= 3 && words[1] === "=") {
      current.values.set(first, words[2]!);
    }
  }
  return { globals, sections, errors };
}

/** The section named `name` (exact match, as upsdrvctl and drivers look it up). */
export function findSection(
  conf: UpsConf,
  name: string,
): UpsSection | undefined {
  return conf.sections.find((s) => s.name === name);
}
