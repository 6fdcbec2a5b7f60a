/**
 * Microdowell Enterprise framing (NUT's `microdowell`): every message is
 * '[' (0x5B), a length L (5 bits), L payload bytes and the XOR of L and the
 * payload. The payload starts with the command; the unit answers with the
 * same command byte (or NACK 0x15 and an error code) and its data.
 *
 * @module
 */

/** Start of a frame. */
export const STX = 0x5b;

/** Command bytes. */
export const MD_CMD = {
  ack: 0x06,
  nack: 0x15,
  getStatus: 0x00,
  getMeasures: 0x01,
  getBattLoad: 0x03,
  setTimer: 0x20,
  sdOneshot: 0x40,
  getEepBlock: 0x50,
} as const;

/** Commands an answer may carry without being an error (CheckErrCode). */
const KNOWN = new Set([
  0x06,
  0x00,
  0x01,
  0x02,
  0x03,
  0x07,
  0x20,
  0x21,
  0x22,
  0x40,
  0x41,
  0x42,
  0x43,
  0x50,
  0x51,
  0x52,
  0xf0,
]);

/** EEPROM addresses the driver reads (blocks of 8). */
export const EEP = {
  optionBytes: 0x00,
  threshold0: 0x08,
  threshold1: 0x10,
  threshold2: 0x18,
  faultPoints: 0x20,
  minVbatt: 0x60,
  model: 0x80,
  serial: 0x98,
  prodDate: 0xa0,
  battSubst: 0xa8,
} as const;

/** A frame for `payload`. */
export function mdFrame(payload: readonly number[]): number[] {
  const len = payload.length & 0x1f;
  let x = len;
  for (const b of payload.slice(0, len)) x ^= b;
  return [STX, len, ...payload.slice(0, len), x];
}

/** Error texts (PrintErr) for what the parser reports. */
export const MD_ERR = {
  noChars: "NO CHARS FROM PORT",
  tooShort: "TOO FEW DATA RECEIVED: [STX] near end of message",
  checksum: "CHECKSUM ERROR IN MESSAGE",
  unrecognized: "Command received: unrecognized command",
} as const;

/** What one read gave: the frame from '[' (STX, L, payload, xor), or an error. */
export type MdParsed = { frame: number[] } | { error: string };

/**
 * CheckDataChecksum + CheckErrCode: finds the first '[', checks length and
 * XOR, and that the command byte is an answer (a NACK is an error).
 */
export function mdParse(buf: readonly number[]): MdParsed {
  if (!buf.length) return { error: MD_ERR.noChars };
  let i = buf.indexOf(STX);
  if (i < 0) i = buf.length;
  if (i > buf.length - 4 || i + buf[i + 1]! + 2 > buf.length) {
    return { error: MD_ERR.tooShort };
  }
  const len = buf[i + 1]!;
  let x = 0;
  for (let k = i + 1; k < i + len + 2; k++) x ^= buf[k]!;
  if (x !== buf[i + len + 2]) return { error: MD_ERR.checksum };
  const cmd = buf[i + 2]!;
  if (cmd === MD_CMD.nack) return { error: `NACK ${buf[i + 3]}` };
  if (!KNOWN.has(cmd)) return { error: MD_ERR.unrecognized };
  return { frame: buf.slice(i, i + len + 3) };
}

/** True once `buf` holds a whole frame after its first '['. */
export function mdComplete(buf: readonly number[]): boolean {
  const i = buf.indexOf(STX);
  return i >= 0 && buf.length > i + 1 && buf.length >= i + buf[i + 1]! + 3;
}
