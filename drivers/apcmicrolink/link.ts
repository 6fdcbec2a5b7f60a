/**
 * APC Microlink's byte level, as NUT's apcmicrolink (master, 0.01) speaks
 * it: the host sends 0xFD to (re)start a session and 0xFE for the next
 * record; the unit answers with records `[id, width data bytes, cb0, cb1]`
 * (page 0 is the protocol header and tells the width). Writes are
 * `[page, offset, len, data..., cb0, cb1]`. Both checksum bytes come from
 * a Fletcher-style sum modulo 255. Pure: no I/O, no clock.
 *
 * @module
 */

/** Host byte asking for the next record. */
export const NEXT_BYTE = 0xfe;
/** Host byte starting a session (the unit answers with page 0). */
export const INIT_BYTE = 0xfd;
/** Longest record NUT accepts. */
export const MAX_FRAME = 256;
/** Bytes kept when the receive buffer overflows while resynchronising. */
const RESYNC_KEEP = 34;
const RX_SIZE = MAX_FRAME * 2;

/** Page-0 flag bits. */
export const FLAG_AUTH_REQUIRED = 1 << 0;
/** Page-0 flag: implicit stuffing (published only). */
export const FLAG_IMPLICIT_STUFFING = 1 << 1;
/** Page-0 flag: a descriptor blob follows. */
export const FLAG_DESCRIPTOR_PRESENT = 1 << 3;
/** Page-0 flag: firmware update needed (published only). */
export const FLAG_FIRMWARE_UPDATE_NEEDED = 1 << 4;

/** The two checksum bytes of `buf`. */
export function checksum(buf: ArrayLike<number>, len = buf.length): [
  number,
  number,
] {
  let c0 = 0, c1 = 0;
  for (let i = 0; i < len; i++) {
    c0 = (c0 + buf[i]!) % 255;
    c1 = (c1 + c0) % 255;
  }
  const cb0 = 255 - ((c0 + c1) % 255);
  const cb1 = 255 - ((c0 + cb0) % 255);
  return [cb0 & 0xff, cb1 & 0xff];
}

/** Whether the last two bytes of a record are its checksum. */
export function checksumValid(frame: ArrayLike<number>, len: number): boolean {
  if (len < 3) return false;
  const [a, b] = checksum(frame, len - 2);
  return frame[len - 2] === a && frame[len - 1] === b;
}

/** A record: id, payload and checksum. */
export function buildRecord(id: number, data: ArrayLike<number>): Uint8Array {
  const body = [id & 0xff, ...Array.from(data)];
  return Uint8Array.from([...body, ...checksum(body)]);
}

/** A write frame: `[page, offset, len, data..., cb0, cb1]`. */
export function buildWrite(
  page: number,
  offset: number,
  data: ArrayLike<number>,
): Uint8Array {
  const body = [
    page & 0xff,
    offset & 0xff,
    data.length & 0xff,
    ...Array.from(data),
  ];
  return Uint8Array.from([...body, ...checksum(body)]);
}

/** What page 0 (the protocol header) says. */
export interface Page0 {
  version: number;
  width: number;
  count: number;
  seriesId: number;
  seriesDataVersion: number;
  flags: number;
  descriptorVersion: number;
  descriptorPtr: number;
}

/** Decodes page 0's payload as NUT does (short headers leave zeros). */
export function parsePage0(data: Uint8Array): Page0 {
  const at = (i: number) => (data.length > i ? data[i]! : 0);
  return {
    version: at(0),
    width: at(1),
    count: at(2),
    seriesId: data.length >= 5 ? (at(3) << 8) | at(4) : 0,
    seriesDataVersion: data.length >= 6 ? at(5) : 0,
    flags: data.length >= 7 ? at(6) : 0,
    descriptorVersion: data.length >= 9 ? at(8) : 0,
    descriptorPtr: data.length >= 12 ? (at(10) << 8) | at(11) : 0,
  };
}

/** Blob offset of a `page << 8 | offset` pointer. */
export function pointerOffset(ptr: number, width: number): number {
  return (ptr >> 8) * width + (ptr & 0xff);
}

/** The slave password NUT derives from the header, the serial number and the master password. */
export function slavePassword(
  header: Uint8Array,
  serial: Uint8Array,
  master: Uint8Array,
): Uint8Array {
  let s0 = header[4]!, s1 = header[3]!;
  const feed = (bytes: ArrayLike<number>, n: number) => {
    for (let i = 0; i < n; i++) {
      s0 = (s0 + bytes[i]!) % 255;
      s1 = (s1 + s0) % 255;
    }
  };
  feed(header, 8);
  feed(serial, serial.length);
  feed(master, 2);
  return Uint8Array.from([0, 0, s0, s1]);
}

/**
 * The receive buffer with NUT's resynchronisation: leading 0xFE bytes are
 * dropped; a record is the first window (not starting at 0xFE) of the
 * expected length whose checksum holds, stray bytes before it are
 * skipped. Before page 0 is known a record must start with 0x00 and its
 * third byte gives the width. Fed one byte at a time, as NUT tries after
 * every byte it reads.
 */
export class FrameReceiver {
  #buf: number[] = [];
  /** Expected record length once page 0 is known (width + 3), else 0. */
  frameLen = 0;
  /** Stray bytes skipped (debug counter). */
  skipped = 0;

  /** Bytes waiting in the buffer. */
  get length(): number {
    return this.#buf.length;
  }

  /** Empties the buffer. */
  clear(): void {
    this.#buf = [];
  }

  /** Adds one byte (a full buffer is reset, as NUT's overflow path). */
  push(b: number): void {
    if (this.#buf.length < RX_SIZE) this.#buf.push(b);
    else this.#buf = [];
  }

  #lenAt(start: number): number {
    const left = this.#buf.length - start;
    if (this.frameLen) return this.frameLen;
    if (left < 3 || this.#buf[start] !== 0x00) return 0;
    return this.#buf[start + 2]! + 3;
  }

  /** The next record, or null (NUT's microlink_try_extract_frame). */
  extract(): Uint8Array | null {
    while (this.#buf.length && this.#buf[0] === NEXT_BYTE) this.#buf.shift();
    const buf = this.#buf;
    for (let start = 0; start < buf.length; start++) {
      if (buf[start] === NEXT_BYTE) continue;
      const len = this.#lenAt(start);
      if (!len || buf.length - start < len || len > MAX_FRAME) continue;
      const win = buf.slice(start, start + len);
      if (!checksumValid(win, len)) continue;
      this.skipped += start;
      this.#buf = buf.slice(start + len);
      return Uint8Array.from(win);
    }
    if (buf.length >= RX_SIZE) this.#buf = buf.slice(buf.length - RESYNC_KEEP);
    return null;
  }
}
