/**
 * The Tripp Lite SmartOnline framing (NUT's do_command) and field helpers:
 * `~00` + P/S + a three-digit length + command and parameters, 10 ms per
 * byte; answers `~00D` + count + data, `~00A` or anything else (refused).
 *
 * @module
 */
import { fromLatin1, type LineTransport } from "../../src/transport/mod.ts";
import { cFixed } from "../powercom/types.ts";

/** Pauses in ms (tests shrink them). */
export interface SuTiming {
  pace: number;
  read: number;
  retry: number;
}
/** NUT's pauses: 10 ms per byte, 3 s per read, 300 ms before the second `AVL`. */
export const NUT_TIMING: SuTiming = { pace: 10, read: 3000, retry: 300 };

/** `TSR` codes. */
export const TEST_RESULTS = [
  "No test performed",
  "Passed",
  "In progress",
  "General test failed",
  "Battery failed",
  "Deep battery test failed",
  "Aborted",
];
/** `VSN` codes. */
export const SENSITIVITY = ["Normal", "Reduced", "Low"];

/** atoi. */
export function atoi(s: string | null | undefined): number {
  const m = /^\s*[+-]?\d+/.exec(s ?? "");
  return m ? parseInt(m[0], 10) : 0;
}

/** field(): the `n`th `;`-separated field, null when it is empty before a `;` or missing. */
export function field(s: string, n: number): string | null {
  let at = 0;
  for (let i = 0; i < n; i++) {
    const j = s.indexOf(";", at);
    if (j < 0) return null;
    at = j + 1;
  }
  return s[at] === ";" ? null : s.slice(at);
}

/** "%03.1f" of tenths. */
export const tenths = (s: string) => cFixed(atoi(s) / 10, 1).padStart(3, "0");

/** A data answer: its length as received and its text without padding. */
export interface SuReply {
  n: number;
  text: string;
}

/** ser_get_buf_len: `len` bytes, or null on a timeout. */
async function readBuf(
  line: LineTransport,
  t: SuTiming,
  len: number,
): Promise<string | null> {
  let s = "";
  while (s.length < len) {
    const got = await line.read(t.read, len - s.length);
    if (!got.length) return null;
    s += fromLatin1(got);
  }
  return s;
}

/**
 * do_command: `{ n, text }` with n the data length (0 for "accepted"),
 * or null when the unit refused, stayed silent or answered nonsense.
 */
export async function suCommand(
  line: LineTransport,
  t: SuTiming,
  type: "P" | "S",
  cmd: string,
  params = "",
): Promise<SuReply | null> {
  await line.flush();
  const body = cmd + params;
  const frame = `~00${type}${String(body.length).padStart(3, "0")}${body}`;
  for (const ch of frame) {
    await line.write(ch);
    if (t.pace) await new Promise((r) => setTimeout(r, t.pace));
  }
  const head = await readBuf(line, t, 4);
  if (head === "~00A") return { n: 0, text: "" };
  if (head !== "~00D") return null;
  const len = await readBuf(line, t, 3);
  if (len === null) return null;
  const count = atoi(len);
  if (count < 0 || count >= 256) return null;
  if (count === 0) return { n: 0, text: "" };
  const data = await readBuf(line, t, count);
  if (data === null) return null;
  // a C string: a NUL ends it; trailing spaces are padding
  return { n: count, text: data.split("\0")[0]!.replace(/ +$/, "") };
}
