/**
 * SHUT (Serial HID UPS Transfer), the serial protocol MGE/Eaton units
 * speak on their RS-232 port, as NUT 2.8.0's libshut uses it. USB control
 * transfers travel as packets `type size data(<=8) xor`: `type` is
 * REQUEST (0x01) / RESPONSE (0x04) / NOTIFY (0x05), 0x80 marking the last
 * packet; `size` repeats the data length in both nibbles; the receiver
 * answers each packet with ACK (0x06) or NAK (0x15). A request is the
 * 8-byte setup packet (a SET_REPORT adds one data packet); the answer to
 * an IN request comes back as RESPONSE packets. A lone SYNC byte (0x16
 * full, 0x17 light, 0x18 no notifications) is echoed by the unit.
 *
 * @module
 */

export const SHUT = {
  request: 0x01,
  response: 0x04,
  notify: 0x05,
  ack: 0x06,
  nak: 0x15,
  sync: 0x16,
  syncLight: 0x17,
  syncOff: 0x18,
  last: 0x80,
} as const;

/** XOR of the data bytes. */
export function shutChecksum(data: ArrayLike<number>): number {
  let c = 0;
  for (let i = 0; i < data.length; i++) c ^= data[i]!;
  return c;
}

/** One packet: type (with 0x80 when last), data (at most 15 bytes). */
export function shutPacket(type: number, data: ArrayLike<number>): Uint8Array {
  const n = data.length & 0x0f;
  return Uint8Array.from([
    type,
    (n << 4) | n,
    ...Array.from(data),
    shutChecksum(data),
  ]);
}

/** The 8-byte setup of a control transfer, little-endian words. */
export function setupBytes(
  requestType: number,
  request: number,
  value: number,
  index: number,
  length: number,
): number[] {
  return [
    requestType,
    request,
    value & 0xff,
    (value >> 8) & 0xff,
    index & 0xff,
    (index >> 8) & 0xff,
    length & 0xff,
    (length >> 8) & 0xff,
  ];
}

/** True when the size byte repeats its nibble (a packet header). */
export function validSize(b: number): boolean {
  return (b >> 4) === (b & 0x0f) && (b & 0x0f) <= 8;
}

/** A USB string descriptor as libshut decodes it (high bytes become '?'). */
export function decodeStringDescriptor(d: Uint8Array): string | undefined {
  if (d.length < 2 || d[1] !== 3 || d[0]! > d.length) return undefined;
  let s = "";
  for (let i = 2; i + 1 < d[0]! + 1 && i < d.length; i += 2) {
    s += d[i + 1] ? "?" : String.fromCharCode(d[i]!);
  }
  return s;
}
