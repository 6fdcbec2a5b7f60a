/**
 * YDN23 (YD/T 1363.3) frames as NUT's ydn23.h builds and checks them:
 * `~` VER(2) ADR(2) CID1 CID2 (4) LEN(4) INFO CHKSUM(4) CR, all in ASCII
 * hex. LEN holds the INFO length in its low 12 bits and a nibble-sum
 * check in the top four; CHKSUM is the two's complement of the byte sum
 * from VER to the end of INFO. An answer's CID2 is its return code (0 OK).
 * Pure: no I/O.
 *
 * @module
 */

/** CID1 CID2 of the requests the drivers use (CID1 2A: UPS). */
export const YDN23 = {
  analogD: "2A42",
  onoff: "2A43",
  warning: "2A44",
  remote: "2A45",
  sysparamD: "2A47",
  devAddr: "2A50",
  vendorInfo: "2A51",
} as const;

/** The LEN field for an INFO of `n` hex characters. */
export function lenField(n: number): string {
  const nib =
    ((n & 0xf) + ((n >> 4) & 0xf) + ((n >> 8) & 0xf) + ((n >> 12) & 0xf)) % 16;
  const check = (-nib) & 0xf;
  return ((n | (check << 12)) & 0xffff).toString(16).toUpperCase().padStart(
    4,
    "0",
  );
}

/** The CHKSUM of `text` (VER through INFO). */
export function checksum(text: string): string {
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum += text.charCodeAt(i);
  return (((~(sum % 65536)) + 1) & 0xffff).toString(16).toUpperCase().padStart(
    4,
    "0",
  );
}

/** A whole frame: `~` … CR. */
export function buildFrame(
  ver: string,
  adr: string,
  cid: string,
  info = "",
): string {
  const body = `${ver.slice(0, 2)}${adr.slice(0, 2)}${cid}${
    lenField(info.length)
  }${info}`;
  return `~${body}${checksum(body)}\r`;
}

/** A received frame's parts. */
export interface Ydn23Frame {
  ver: string;
  adr: string;
  cid1: string;
  rtn: number;
  info: string;
}

/** ydn23_val_from_hex: `n` hex characters at `at` (strtol: a prefix, 0 when none). */
export function hexVal(s: string, at: number, n: number): number {
  const m = /^\s*[+-]?(?:0[xX])?[0-9a-fA-F]+/.exec(s.slice(at, at + n));
  return m ? parseInt(m[0], 16) || 0 : 0;
}

/** Register `reg` of an INFO (two hex characters per byte). */
export function reg(info: string, r: number, n: number): number {
  return hexVal(info, 2 * r, n);
}

/**
 * ydn23_frame_read's checks: SOI, a zero return code, a length of at most
 * 128 and the checksum; the frame or why it was dropped.
 */
export function parseFrame(raw: string): Ydn23Frame | string {
  if (raw[0] !== "~") return "bad SOI";
  const rtn = hexVal(raw, 7, 2);
  if (rtn) return `bad RTN (${rtn})`;
  const len = hexVal(raw, 10, 3);
  if (len > 128) return "bad LEN";
  const info = raw.slice(13, 13 + len);
  const sum = raw.slice(13 + len, 17 + len);
  if (checksum(raw.slice(1, 13) + info) !== sum) return "bad CHKSUM";
  return {
    ver: raw.slice(1, 3),
    adr: raw.slice(3, 5),
    cid1: raw.slice(5, 7),
    rtn,
    info,
  };
}

/** ydn23_substr_from_hex: up to 10 characters from hex pairs, a space ends it. */
export function hexText(info: string, pairs: number, max = 10): string {
  let s = "";
  for (let i = 0; i < pairs; i++) {
    const v = hexVal(info, 2 * i, 2);
    if (v === 0x20) return s;
    if (i > max) break;
    s += String.fromCharCode(v);
  }
  return s.split("\0")[0]!;
}
