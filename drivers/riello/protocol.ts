/**
 * The two Riello protocols NUT's riello_ser and riello_usb speak, as pure
 * codecs (no I/O, no clock):
 *
 * - GPSER (PSGPSER-0104): ASCII frames `STX 0x20 0x22 <cmd:2> <len:2>
 *   <payload> <check:4> ETX`. Numbers are hex digits written as `0x30 + n`
 *   (so 10..15 are `:;<=>?`). The check is either a plain byte sum or a
 *   CRC-16 variant seeded 0x554D, chosen by the unit's identification
 *   (byte 4 of the GI "identif bytes").
 * - SENTR (PSSENTR-0100, Sentry HPS/HTS): one request byte (192) answered
 *   by a 103-byte binary block (or 176 + 4 bytes answered by 164 bytes),
 *   little-endian words, byte-sum check in the last two bytes.
 *
 * @module
 */

/** STX, ETX and the NAK marker at reply offset 3. */
const STX = 0x02, ETX = 0x03, NAK = 0x15;
/** Reply lengths NUT reads the RS block with (LENGTH_RS_*). */
export const RS_LENGTH = { mono: 42, triMono: 48, triTri: 64 } as const;
/** SENTR request bytes (requestSENTR values). */
export const SENTR = { ext176: 176, also240: 240, only192: 192 } as const;
/** The SENTR block length that identifies a Sentry unit. */
export const SENTR_BLOCK = 103;

/** Everything NUT's TRielloData holds that a variable is made from. */
export interface RielloData {
  identification: string;
  model: string;
  version: string;
  /** The 12 "identif bytes" of GI (byte 0: phases, 4: check kind, 7: batteries). */
  identif: number[];
  nomPowerKVA: number;
  nomPowerKW: number;
  nomUbat: number;
  nomBatCap: number;
  nominalUout: number;
  nomFout: number;
  /** Five raw status bytes (bits tested by statusTokens). */
  status: number[];
  finp: number;
  fout: number;
  fbypass: number;
  uinp: [number, number, number];
  uout: [number, number, number];
  pout: [number, number, number];
  ubypass: [number, number, number];
  iout: [number, number, number];
  poutW: [number, number, number];
  poutVA: [number, number, number];
  ubat: number;
  batCap: number;
  batTime: number;
  tsystem: number;
}

/** A zeroed data block (what the C driver's static struct starts as). */
export function emptyData(): RielloData {
  return {
    identification: "",
    model: "",
    version: "",
    identif: new Array(12).fill(0),
    nomPowerKVA: 0,
    nomPowerKW: 0,
    nomUbat: 0,
    nomBatCap: 0,
    nominalUout: 0,
    nomFout: 0,
    status: [0, 0, 0, 0, 0],
    finp: 0,
    fout: 0,
    fbypass: 0,
    uinp: [0, 0, 0],
    uout: [0, 0, 0],
    pout: [0, 0, 0],
    ubypass: [0, 0, 0],
    iout: [0, 0, 0],
    poutW: [0, 0, 0],
    poutVA: [0, 0, 0],
    ubat: 0,
    batCap: 0,
    batTime: 0,
    tsystem: 0,
  };
}

// ---- GPSER ----------------------------------------------------------------

/**
 * The 16-bit check over `bytes` (the frame from offset 1 up to the check):
 * a byte sum, or the CRC variant when `crc` is set.
 */
export function gpserCheck(bytes: Uint8Array, crc: boolean): number {
  let word = crc ? 0x554d : 0;
  for (const b of bytes) {
    if (!crc) {
      word = (word + b) & 0xffff;
      continue;
    }
    let t = (word ^ b) & 0xff;
    t = (t ^ (t << 4)) & 0xff;
    t = ((t << 8) ^ (t << 3) ^ (t >> 4)) & 0xffff;
    word = ((word >> 8) ^ t) & 0xffff;
  }
  return word;
}

/** `value` as `digits` hex digits in the 0x30+n form. */
export function nibbles(value: number, digits: number): number[] {
  const out: number[] = [];
  for (let i = digits - 1; i >= 0; i--) {
    out.push(0x30 + (Math.floor(value / 16 ** i) % 16));
  }
  return out;
}

/** Reads `digits` 0x30+n digits at `at` (C's unsigned arithmetic, 32-bit). */
export function readNibbles(buf: Uint8Array, at: number, digits: number) {
  let v = 0;
  for (let i = 0; i < digits; i++) v = v * 16 + ((buf[at + i]! - 0x30) | 0);
  return v >>> 0;
}

/** A GPSER request: command letters, payload digits, check kind. */
export function gpserRequest(
  cmd: string,
  payload: number[] = [],
  crc = false,
): Uint8Array {
  const head = [
    STX,
    0x20,
    0x22,
    cmd.charCodeAt(0),
    cmd.charCodeAt(1),
    0x30 + (payload.length >> 4),
    0x30 + (payload.length & 15),
    ...payload,
  ];
  const check = gpserCheck(new Uint8Array(head.slice(1)), crc);
  return new Uint8Array([...head, ...nibbles(check, 4), ETX]);
}

/** The GPSER requests the drivers send (riello_prepare_*). */
export const GPSER = {
  /** Identification: always with the byte sum (the check kind is not known yet). */
  gi: () => gpserRequest("GI"),
  gn: (crc: boolean) => gpserRequest("GN", [], crc),
  rs: (crc: boolean) => gpserRequest("RS", [], crc),
  re: (crc: boolean) => gpserRequest("RE", [], crc),
  rc: (crc: boolean) => gpserRequest("RC", [], crc),
  /** Shutdown after `delay` seconds. */
  cs: (crc: boolean, delay: number) =>
    gpserRequest("CS", nibbles(delay & 0xffff, 4), crc),
  /** Restore after `delay` seconds (four zero digits first). */
  cr: (crc: boolean, delay: number) =>
    gpserRequest(
      "CR",
      [0x30, 0x30, 0x30, 0x30, ...nibbles(delay & 0xffff, 4)],
      crc,
    ),
  /** Cancel a pending shutdown. */
  cd: (crc: boolean) => gpserRequest("CD", [], crc),
  /** Panel test. */
  tp: (crc: boolean) => gpserRequest("TP", [], crc),
  /** Battery test (fixed argument "005"). */
  tb: (crc: boolean) => gpserRequest("TB", [0x30, 0x30, 0x35], crc),
} as const;

/** How a reply ended. */
export type ReplyOutcome = "ok" | "nak" | "badcrc";

/**
 * Collects a GPSER reply byte by byte as NUT does: a frame starts at STX
 * followed by a byte above 0x20 and ends at ETX.
 */
export class GpserReceiver {
  #prev = -1;
  #buf: number[] = [];
  #inFrame = false;
  /** The finished frame, once ETX arrived. */
  frame: Uint8Array | undefined;

  /** Feeds one byte; true once a frame is complete. */
  push(b: number): boolean {
    if (this.frame) return true;
    if (
      !this.#inFrame && this.#buf.length === 0 && this.#prev === STX && b > 0x20
    ) {
      this.#inFrame = true;
      this.#buf = [STX];
    }
    this.#prev = b;
    if (!this.#inFrame) return false;
    if (this.#buf.length < 220) this.#buf.push(b);
    if (b === ETX) this.frame = new Uint8Array(this.#buf);
    return this.frame !== undefined;
  }
}

/** Checks a finished GPSER frame: NAK, bad check, or good. */
export function gpserOutcome(frame: Uint8Array, crc: boolean): ReplyOutcome {
  const n = frame.length;
  const check = gpserCheck(frame.subarray(1, n - 5), crc);
  const sent = ((frame[n - 5]! - 0x30) * 4096 + (frame[n - 4]! - 0x30) * 256 +
    (frame[n - 3]! - 0x30) * 16 + (frame[n - 2]! - 0x30)) & 0xffff;
  if (n < 6 || sent !== check) return "badcrc";
  // NUT tests NAK first but a NAK with a bad check still counts as bad
  return frame[3] === NAK ? "nak" : "ok";
}

/** Bytes [at, at+len) as a C string (up to the first NUL). */
function cString(buf: Uint8Array, at: number, len: number): string {
  let s = "";
  for (let i = at; i < at + len && i < buf.length; i++) {
    if (buf[i] === 0) break;
    s += String.fromCharCode(buf[i]!);
  }
  return s;
}

/** GI: identification, model (15 chars), version, identif bytes. */
export function parseGi(buf: Uint8Array, d: RielloData): void {
  d.identification = cString(buf, 7, 16);
  d.model = cString(buf, 23, 15);
  d.version = cString(buf, 39, 12);
  d.identif = Array.from(
    { length: 12 },
    (_, i) => i < 11 ? buf[51 + i] ?? 0 : 0,
  );
}

/** GN: nominal power, battery and output values. */
export function parseGn(buf: Uint8Array, d: RielloData): void {
  const div = d.identif[0] !== 0x31 ? 100 : 1;
  d.nomPowerKVA = Math.floor(readNibbles(buf, 7, 5) / div) & 0xffff;
  d.nomPowerKW = Math.floor(readNibbles(buf, 12, 5) / div) & 0xffff;
  d.nomUbat = readNibbles(buf, 17, 3);
  d.nomBatCap = readNibbles(buf, 20, 3);
  d.nominalUout = readNibbles(buf, 23, 3);
  d.nomFout = readNibbles(buf, 26, 3);
}

/** Bit `bit` of the little-endian bit string starting at `bytes[0]`. */
export function testBit(bytes: ArrayLike<number>, bit: number): boolean {
  return ((bytes[bit >> 3] ?? 0) & (1 << (bit & 7))) !== 0;
}

/** RS: status bytes and the measured values (`numread`: RS_LENGTH by phases). */
export function parseRs(buf: Uint8Array, d: RielloData, numread: number): void {
  d.status = Array.from(buf.subarray(7, 12));
  while (d.status.length < 5) d.status.push(0);
  let j = 12;
  const take = (digits: number) => {
    const v = readNibbles(buf, j, digits) & 0xffff;
    j += digits;
    return v;
  };
  d.finp = take(3);
  d.uinp[0] = take(3);
  d.fout = take(3);
  if (!testBit(d.status, 3)) d.fout = 0;
  d.uout[0] = take(3);
  d.pout[0] = take(2);
  d.fbypass = take(3);
  d.ubypass[0] = take(3);
  d.ubat = take(4);
  d.batCap = take(2);
  d.batTime = take(3);
  if (d.batTime === 0xfff) d.batTime = 0xffff;
  d.tsystem = take(2);
  if (numread > 42) {
    d.uinp[1] = take(3);
    d.uinp[2] = take(3);
  } else {
    d.uinp[1] = d.uinp[2] = 0;
  }
  if (numread > 48) {
    d.uout[1] = take(3);
    d.pout[1] = take(2);
    d.ubypass[1] = take(3);
    d.uout[2] = take(3);
    d.pout[2] = take(2);
    d.ubypass[2] = take(3);
  } else {
    d.uout[1] = d.pout[1] = d.ubypass[1] = 0;
    d.uout[2] = d.pout[2] = d.ubypass[2] = 0;
  }
}

/** RE: output currents (4 digits) and powers (5 digits: W then VA). */
export function parseRe(buf: Uint8Array, d: RielloData): void {
  const at = (i: number, digits: number) => readNibbles(buf, 23 + i, digits);
  d.iout = [at(0, 4) & 0xffff, at(4, 4) & 0xffff, at(8, 4) & 0xffff];
  d.poutW = [at(12, 5), at(17, 5), at(22, 5)];
  d.poutVA = [at(27, 5), at(32, 5), at(37, 5)];
}

/** ups.status tokens from the five status bytes (upsdrv_updateinfo's order). */
export function statusTokens(s: readonly number[]): string[] {
  const out: string[] = [];
  const onBattery = testBit(s, 1);
  out.push(onBattery ? "OB" : "OL");
  if (onBattery && testBit(s, 0)) out.push("LB");
  if (!testBit(s, 3)) out.push("OFF");
  if (testBit(s, 11)) out.push("BYPASS");
  if (testBit(s, 34)) out.push("OVER");
  if (testBit(s, 8)) out.push("TRIM");
  if (testBit(s, 9)) out.push("BOOST");
  if (testBit(s, 16)) out.push("RB");
  if (testBit(s, 18)) out.push("CHRG");
  return out;
}

// ---- SENTR ----------------------------------------------------------------

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
