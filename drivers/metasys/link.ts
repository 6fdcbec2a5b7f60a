/**
 * The Meta System byte level: packets (STX, length, data, checksum) and
 * the little-endian numbers of the answers, printed as NUT prints them.
 *
 * @module
 */

/** A packet around `data`. */
export function metasysPacket(data: readonly number[]): Uint8Array {
  const len = data.length + 1;
  const sum = data.reduce((a, b) => a + b, len) & 0xff;
  return new Uint8Array([0x02, len, ...data, sum]);
}

/** Little-endian unsigned word / long, signed word. */
export const word = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
export const long = (b: Uint8Array, at: number) =>
  (word(b, at) + word(b, at + 2) * 65536) >>> 0;
export const sword = (b: Uint8Array, at: number) => word(b, at) << 16 >> 16;

/** "%2.2f" of a signed word / 10, in float as C computes it. */
export function tenths(b: Uint8Array, at: number): string {
  return Math.fround(sword(b, at) / 10).toFixed(2);
}
