/**
 * FreeIPMI's `ipmi-raw` replies, shared by nut-ipmipsu and nut-scanner's
 * IPMI scan: each reply is a line "rcvd: <cmd> <ccode> <data…>" in hex.
 *
 * @module
 */

/** A reply of `ipmi-raw`: "rcvd: <cmd> <ccode> <data…>". */
export interface RawReply {
  cmd: number;
  ccode: number;
  data: number[];
}

/** Parses ipmi-raw's output; undefined when it has no "rcvd:" line. */
export function parseRaw(text: string): RawReply | undefined {
  const m = /rcvd:\s*((?:[0-9a-fA-F]{2}\s*)+)/.exec(text);
  if (!m) return undefined;
  const b = m[1]!.trim().split(/\s+/).map((h) => parseInt(h, 16));
  if (b.length < 2) return undefined;
  return { cmd: b[0]!, ccode: b[1]!, data: b.slice(2) };
}
