/**
 * Reply formatting as upsd writes it: each line goes through a 512-byte
 * buffer (NUT_NET_ANSWER_MAX), so longer lines are cut, newline included.
 *
 * @module
 */
import { encodeWord } from "../words.ts";

/** NUT's reply buffer size. */
export const ANSWER_MAX = 512;

/** One reply line with its newline, cut to 512 chars as NUT's vsnprintf does. */
export function line(text: string): string {
  return text.length < ANSWER_MAX
    ? text + "\n"
    : (text + "\n").slice(0, ANSWER_MAX);
}

const ERR_CACHE = new Map<string, string>();

/** `ERR <code>\n` (cached: error replies are frequent under fuzzing). */
export function err(code: string): string {
  let s = ERR_CACHE.get(code);
  if (s === undefined) {
    s = `ERR ${code}\n`;
    ERR_CACHE.set(code, s);
  }
  return s;
}

const NEEDS_ESCAPE = /[#\\"]/;

/** A value as `"encoded"`, skipping the regex replace when nothing needs escaping. */
export function quoted(value: string): string {
  return NEEDS_ESCAPE.test(value) ? `"${encodeWord(value)}"` : `"${value}"`;
}
