/**
 * The SENTR protocol (PSSENTR-0100, Sentry HPS/HTS) as NUT's riello
 * drivers read it: one poll byte (192, or 240, or the 5-byte ext176 poll)
 * answered by a binary block (103 bytes; 164 after 176), little-endian
 * words, byte-sum check in the last two bytes; commands are 5 bytes.
 *
 * @module
 */
import { type RielloData, testBit } from "./protocol.ts";

/** SENTR request bytes (requestSENTR values). */
export const SENTR = { ext176: 176, also240: 240, only192: 192 } as const;
/** The SENTR block length that identifies a Sentry unit. */
export const SENTR_BLOCK = 103;

/**
 * Collects a SENTR block: it starts where a byte >= 192 is followed by 103
 * (or 176 by 164) and ends when that many bytes are in.
 */
export class SentrReceiver {
  #prev = -1;
  #buf: number[] = [];
  #length = 0;
  /** The finished block. */
  frame: Uint8Array | undefined;
  /** Bytes collected so far (NUT's buf_ptr_length, used by detection). */
  get count(): number {
    return this.#buf.length;
  }

  /** Feeds one byte; true once the block is complete. */
  push(b: number): boolean {
    if (this.frame) return true;
    const prev = this.#prev;
    this.#prev = b;
    if (
      !this.#length &&
      ((prev >= 192 && b === 103) || (prev === 176 && b === 164))
    ) {
      this.#length = b;
      this.#buf = [prev];
    }
    if (!this.#length) return false;
    if (this.#buf.length < 220) this.#buf.push(b);
    if (this.#buf.length >= this.#length) {
      this.frame = new Uint8Array(this.#buf);
    }
    return this.frame !== undefined;
  }
}

/** The SENTR check: byte sum (the first 100 bytes of a 103-byte block). */
export function sentrCheck(block: Uint8Array): number {
  const n = block.length - 2 === 101 ? 100 : block.length - 2;
  let sum = 0;
  for (let i = 0; i < n; i++) sum = (sum + block[i]!) & 0xffff;
  return sum;
}

/** True when the block's last two bytes match its sum. */
export function sentrValid(block: Uint8Array): boolean {
  const n = block.length;
  return n >= 3 &&
    sentrCheck(block) === ((block[n - 2]! + block[n - 1]! * 256) & 0xffff);
}

/** The five 5-byte SENTR commands (shutdown, cancel, set/do reboot, test). */
export const SENTR_CMD = {
  shutdown: (delay: number) => sentrCommand(6, delay),
  cancel: () => sentrCommand(5, 0),
  setReboot: (delay: number) => sentrCommand(2, delay),
  reboot: (delay: number) => sentrCommand(1, delay),
  batteryTest: () => sentrCommand(4, 0),
} as const;

function sentrCommand(code: number, delay: number): Uint8Array {
  const b = [176, code, delay & 0xff, (delay >> 8) & 0xff];
  return new Uint8Array([...b, (b[0]! + b[1]! + b[2]! + b[3]!) & 0xff]);
}

/** The poll request for `request` (an ext176 unit asks with 5 bytes). */
export function sentrPoll(request: number): Uint8Array {
  return request === SENTR.ext176
    ? new Uint8Array([176, 103, 1, 0, 24])
    : new Uint8Array([request]);
}

/**
 * Decodes a SENTR block into `d` and returns the request byte the unit
 * wants next (requestSENTR). `buf` is the 103/164-byte block.
 */
export function parseSentr(src: Uint8Array, d: RielloData): number {
  const buf = new Uint8Array(220);
  buf.set(src.subarray(0, 220));
  const w = (i: number) => buf[i]! + 256 * buf[i + 1]!;
  const u16 = (v: number) => Math.trunc(v) & 0xffff;
  const model = w(2);
  const base = model < 3000 ? model : model - 3000;
  let request: number = SENTR.only192;
  if (base % 10 >= 4) {
    request = buf[100]! & 1 ? SENTR.ext176 : SENTR.also240;
  }
  const kva = Math.floor(base / 10);
  const kw = Math.floor((kva * 1000 * (buf[76]! & 0x08 ? 9 : 8)) / 10 / 1000);
  d.nomPowerKVA = u16(kva * 1000);
  d.nomPowerKW = u16(kw * 1000);
  d.identif[0] = model < 3000 ? 0x33 : 0x34;
  d.identif[1] = 0x33;
  d.identif[6] = 0x32;
  const sw = w(4);
  const digit = (n: number) => String.fromCharCode(48 + (Math.floor(n) % 10));
  d.version = digit(sw / 1000) + digit(sw / 100) + "." + digit(sw / 10) +
    digit(sw) + d.version.slice(5);
  const pom = base * 100;
  if (buf[0] === SENTR.ext176) {
    for (let p = 0; p < 3; p++) {
      d.uinp[p] = u16(w(117 + 2 * p) / 10);
      d.iout[p] = u16(w(141 + 2 * p) / 10);
      d.uout[p] = u16(w(135 + 2 * p) / 10);
    }
  } else {
    for (let p = 0; p < 3; p++) {
      d.uinp[p] = u16(buf[35 + p]! * 230 / 100);
      d.uout[p] = buf[79]! & 0x80 ? buf[59 + p]! * 2 : buf[59 + p]!;
    }
    const div = buf[73]!;
    if (div) {
      const share = (i: number) =>
        Math.floor(Math.floor(pom / div) * buf[i]! / 100);
      d.iout[0] = u16(model < 3000 ? share(62) : Math.floor(share(62) / 3));
      d.iout[1] = u16(Math.floor(share(63) / 3));
      d.iout[2] = u16(Math.floor(share(64) / 3));
    } else {
      d.iout = [0, 0, 0];
    }
    if ((model & 7) < 4) {
      d.iout = d.iout.map((v) => u16(v * 0.9)) as typeof d.iout;
    }
  }
  d.finp = w(41);
  d.pout = [buf[62]!, buf[63]!, buf[64]!];
  d.fout = w(68);
  d.batTime = w(6);
  d.batCap = buf[8]!;
  let ubat: number;
  if (buf[0] === SENTR.also240 || buf[0] === SENTR.ext176) {
    if (buf[100]! & 0x80) ubat = w(43);
    else ubat = buf[44]! < buf[43]! ? buf[44]! * 2 : buf[43]! * 2;
  } else ubat = w(43);
  d.ubat = u16(ubat * 10);
  d.tsystem = buf[48]!;
  d.nomBatCap = w(74);
  if (buf[0] === SENTR.ext176) {
    d.ubypass = [u16(w(129) / 10), u16(w(131) / 10), u16(w(133) / 10)];
  } else if (buf[0] === SENTR.also240) {
    d.ubypass = [buf[51]! * 2, buf[53]! * 2, buf[55]! * 2];
  } else d.ubypass = [w(51), w(53), w(55)];
  d.fbypass = w(57);
  const s = [0x08, 0, 0, 0, 0];
  if (buf[31]! & 128) s[4]! |= 0x04;
  const bypassCause = (buf[31]! & 2) || testBit(buf.subarray(32), 0) ||
    testBit(buf.subarray(32), 12) || testBit(buf.subarray(32), 13) ||
    testBit(buf.subarray(32), 14);
  if (bypassCause && !(buf[34]! & 8)) s[1]! |= 0x08;
  if (buf[31]! & 8) s[0]! |= 0x02;
  if ((buf[31]! & 16) && (buf[31]! & 8)) s[0]! |= 0x03;
  if ((buf[22]! & 2) || (buf[34]! & 4) || (buf[34]! & 8)) s[0]! &= 0xf7;
  if (buf[31]! & 0x40) s[2]! |= 0x01;
  d.status = s;
  return request;
}
