/**
 * dummy-ups definition files (.dev / .seq), read as NUT 2.8.0's
 * parse_data_file does: parseconf words per line; `TIMER n` pauses; the
 * first word minus anything from its first `:` names the variable;
 * `driver.*` is skipped; `ups.status…` takes its words as status tokens;
 * other values are the words joined by single spaces, cut to 127 chars.
 * Quirk kept from 2.8.0: a line with no value reuses the previous line's
 * value (its buffer is not cleared), so `key:` alone does not delete.
 *
 * @module
 */
import { parseText, type WordLine } from "../../src/words.ts";

/** NUT's var_value buffer is 128 bytes. */
export const MAX_DUMMY_VALUE = 127;

/** One action a definition file asks for. */
export type DummyStep =
  | { kind: "timer"; seconds: number; line: number }
  | { kind: "status"; tokens: string[]; line: number }
  | { kind: "set"; name: string; value: string; line: number };

/** C atoi. */
function atoi(text: string | undefined): number {
  const m = /^\s*([+-]?\d+)/.exec(text ?? "");
  return m ? Number.parseInt(m[1]!, 10) : 0;
}

/**
 * Turns the parsed lines of a definition file into steps. Lines the
 * tokenizer rejects are skipped (NUT logs them at debug level 2).
 */
export function dummySteps(lines: readonly WordLine[]): DummyStep[] {
  const steps: DummyStep[] = [];
  let value = "";
  for (const { words, error, line } of lines) {
    if (error !== undefined || words.length < 1) continue;
    const first = words[0]!;
    if (first.startsWith("TIMER")) {
      steps.push({ kind: "timer", seconds: atoi(words[1]), line });
      continue;
    }
    const colon = first.indexOf(":");
    const name = colon >= 0 ? first.slice(0, colon) : first;
    if (name.startsWith("driver.")) continue;
    if (name.startsWith("ups.status")) {
      steps.push({ kind: "status", tokens: words.slice(1), line });
      continue;
    }
    if (words.length > 1) {
      value = words.slice(1).join(" ").slice(0, MAX_DUMMY_VALUE);
    }
    steps.push({ kind: "set", name, value, line });
  }
  return steps;
}

/** Parses definition file text into steps. */
export function parseDummyText(text: string): DummyStep[] {
  return dummySteps(parseText(text));
}

/** Where a `port` points: absolute as is, else under the config dir (2.8.0). */
export function dummyFilePath(port: string, confPath: string): string {
  return port.startsWith("/") ? port : `${confPath}/${port}`;
}

/** The modes of dummy-ups. */
export type DummyMode = "dummy-once" | "dummy-loop" | "dummy" | "repeater";

/**
 * upsdrv_initups' mode choice: `mode=` (2.8.0 accepts any string: its
 * validity check never fires), else `@` in the port means repeater, else
 * `.seq` loops, `.dev` reads once, anything else loops as "dummy".
 */
export function chooseMode(port: string, mode: string | undefined): DummyMode {
  if ((mode === undefined && port.includes("@")) || mode === "repeater") {
    return "repeater";
  }
  if (mode === "dummy-loop" || mode === "dummy-once") return mode;
  if (mode === "dummy") return "dummy-loop";
  if (port.endsWith(".seq")) return "dummy-loop";
  if (port.endsWith(".dev")) return "dummy-once";
  return "dummy";
}
