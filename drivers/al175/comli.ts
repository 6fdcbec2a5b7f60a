/**
 * COMLI framing as Eltek's AL175 speaks it (NUT's `al175`). A frame is
 * STX, two hex digits of id, a stamp digit, a type digit, four hex digits
 * of register address, two of byte count, the data (each byte's bits in
 * reverse order), ETX and a BCC (XOR of everything between STX and BCC,
 * ETX included). Requests go out with id 14, stamp 1: type 2 reads
 * registers, type 0 activates a command (address 4500, 8 bytes: command,
 * subcommand, three parameters as "%2X" text). The unit answers id 00,
 * stamp 1: type 0 with the register data, type 1 with ACK (0x06).
 *
 * @module
 */

/** Frame bytes. */
export const STX = 0x02, ETX = 0x03, ACK = 0x06;

/** Each byte's bits mirrored (bit 7 <-> bit 0 ...). */
export function reverseBits(bytes: Uint8Array): Uint8Array {
  return bytes.map((x) => {
    let r = 0;
    for (let i = 0; i < 8; i++) if (x & (1 << i)) r |= 0x80 >> i;
    return r;
  });
}

/** XOR of the bytes. */
export function bcc(bytes: ArrayLike<number>): number {
  let x = 0;
  for (let i = 0; i < bytes.length; i++) x ^= bytes[i]!;
  return x;
}

const hex = (v: number, n: number) =>
  v.toString(16).toUpperCase().padStart(n, "0");

/** A frame: header fields plus raw (not yet mirrored) data. */
export function comliFrame(
  id: number,
  stamp: number,
  type: number,
  addr: number,
  len: number,
  data: Uint8Array = new Uint8Array(),
): Uint8Array {
  const head = `${hex(id, 2)}${stamp}${type}${hex(addr, 4)}${hex(len, 2)}`;
  const body = [
    ...[...head].map((c) => c.charCodeAt(0)),
    ...reverseBits(data),
    ETX,
  ];
  return new Uint8Array([STX, ...body, bcc(body)]);
}

/** A read request for `count` bytes at `addr`. */
export function readRequest(addr: number, count: number): Uint8Array {
  return comliFrame(0x14, 1, 2, addr, count);
}

/** An activate command; parameters printed "%2X" (space-padded). */
export function activate(
  cmd: number,
  sub: number,
  p1 = 0,
  p2 = 0,
  p3 = 0,
): Uint8Array {
  const params = [p1, p2, p3].map((p) =>
    p.toString(16).toUpperCase().padStart(2, " ")
  )
    .join("");
  const data = new Uint8Array([
    cmd,
    sub,
    ...[...params].map((c) => c.charCodeAt(0)),
  ]);
  return comliFrame(0x14, 1, 0, 0x4500, 8, data);
}

/** Hex digits to a number (-1 if one is not hex). */
export function fromHex(text: string): number {
  return /^[0-9a-fA-F]+$/.test(text) ? parseInt(text, 16) : -1;
}

/** A whole frame's layout and BCC. */
export function frameOk(f: Uint8Array): boolean {
  if (f.length < 4 || f[0] !== STX || f[f.length - 2] !== ETX) return false;
  return bcc(f.subarray(1, f.length - 1)) === f[f.length - 1];
}

/** The address and count of a reply header (10 characters after STX), or null. */
export function replyHead(h: string): { addr: number; len: number } | null {
  if (h.length !== 10 || h.slice(0, 2) !== "00" || h[2] !== "1") return null;
  if (h[3] !== "0") return null;
  const addr = fromHex(h.slice(4, 8)), len = fromHex(h.slice(8, 10));
  return addr < 0 || len < 0 ? null : { addr, len };
}
