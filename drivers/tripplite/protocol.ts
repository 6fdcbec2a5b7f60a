/**
 * The Tripp Lite OMNIVS / SMARTPRO USB protocol as NUT's tripplite_usb
 * speaks it. Every command is an 8-byte HID SET_REPORT (feature, report 0):
 * `:` + the command bytes (C's sizeof, so with their trailing NUL, whose
 * place the checksum then takes) + checksum (255 - sum) + CR, zero padded.
 * The reply is an 8-byte interrupt IN report starting with the command
 * letter. Values are hex digits, or big-endian binary on protocol 3005.
 *
 * @module
 */

/** The protocol families (tl_model_t). */
export type TlModel =
  | "unknown"
  | "omnivs"
  | "omnivs2001"
  | "smartpro"
  | "smart0004"
  | "smart3005";

/** decode_protocol: the model behind a protocol number. */
export function decodeProtocol(proto: number): TlModel {
  switch (proto) {
    case 0x0004:
      return "smart0004";
    case 0x1001:
      return "omnivs";
    case 0x2001:
      return "omnivs2001";
    case 0x3003:
      return "smartpro";
    case 0x3005:
      return "smart3005";
    default:
      return "unknown";
  }
}

/** Values in binary rather than hex digits. */
export const isBinary = (m: TlModel) => m === "smart3005";
/** The SMART family (D, M, T polls; battery test command). */
export const isSmart = (m: TlModel) =>
  m === "smartpro" || m === "smart0004" || m === "smart3005";
/** The OMNIVS family (B poll, voltage from raw counts). */
export const isOmni = (m: TlModel) => m === "omnivs" || m === "omnivs2001";

/**
 * The 8-byte report for `msg` (its bytes as C's sizeof counts them,
 * trailing NUL included).
 */
export function commandReport(msg: readonly number[]): Uint8Array {
  if (msg.length > 5) throw new Error("send_cmd: too many characters");
  const out = new Uint8Array(8);
  out[0] = 0x3a;
  let sum = 0;
  msg.forEach((b, i) => {
    out[i + 1] = b;
    sum = (sum + b) & 0xff;
  });
  out[msg.length] = (255 - sum) & 0xff;
  out[msg.length + 1] = 0x0d;
  return out;
}

/** A command string as C's `"X"` literal: its characters and a NUL. */
export function cmd(text: string): number[] {
  return [...Array.from(text, (c) => c.charCodeAt(0) & 0xff), 0];
}

/** strtol(start[0..len], 16): leading hex digits, 0 when none. */
export function hex2d(buf: Uint8Array, at: number, len: number): number {
  let s = "";
  for (let i = at; i < at + len && i < buf.length && buf[i] !== 0; i++) {
    s += String.fromCharCode(buf[i]!);
  }
  const m = /^\s*([+-]?)(?:0[xX])?([0-9a-fA-F]+)/.exec(s);
  if (!m) return 0;
  const v = parseInt(m[2]!, 16);
  return m[1] === "-" ? -v : v;
}

/** Big-endian binary of `len` bytes. */
export function bin2d(buf: Uint8Array, at: number, len: number): number {
  let v = 0;
  for (let i = 0; i < len; i++) v = v * 256 + (buf[at + i] ?? 0);
  return v;
}

/** hex_or_bin2d. */
export function hexOrBin(
  m: TlModel,
  buf: Uint8Array,
  at: number,
  len: number,
): number {
  return isBinary(m) ? bin2d(buf, at, len) : hex2d(buf, at, len);
}

/** isalnum or '.'. */
export function toprint(b: number): string {
  const c = String.fromCharCode(b);
  return /^[A-Za-z0-9]$/.test(c) ? c : ".";
}

/** hexascdump: `xx xx ... 'text'`. */
export function hexascdump(buf: Uint8Array, at: number, len: number): string {
  const bytes = Array.from(buf.subarray(at, at + len));
  return bytes.map((b) => b.toString(16).padStart(2, "0") + " ").join("") +
    "'" + bytes.map(toprint).join("") + "'";
}

/** What the V reply says (decode_v). */
export interface VInfo {
  batteryVoltageNominal: number;
  inputVoltageNominal?: number;
  inputVoltageScaled?: number;
  loadBanks?: number;
}

/** decode_v over the V reply. */
export function decodeV(m: TlModel, v: Uint8Array): VInfo {
  const out: VInfo = {
    batteryVoltageNominal: isBinary(m)
      ? ((v[2]! << 8) | v[3]!)
      : hex2d(v, 2, 2) * 6,
  };
  const ivn = v[1]!;
  const ranges: Record<number, [number, number]> = {
    0x30: [100, 100],
    2: [120, 120],
    0x31: [120, 120],
    0x32: [230, 230],
    0x33: [208, 230],
    6: [230, 230],
  };
  if (ranges[ivn]) {
    [out.inputVoltageNominal, out.inputVoltageScaled] = ranges[ivn]!;
  }
  const lb = v[4]!;
  if (lb >= 0x30 && lb <= 0x39) out.loadBanks = lb - 0x30;
  else if (isBinary(m)) out.loadBanks = lb;
  return out;
}

/** printf("%.Nf") for the values this driver prints (C rounds half-even on binary). */
export function fixed(v: number, digits: number): string {
  return v.toFixed(digits);
}

/** printf("%3d") / ("%3ld"). */
export function width3(v: number): string {
  return String(Math.trunc(v)).padStart(3, " ");
}
