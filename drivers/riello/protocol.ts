/**
 * The two Riello protocols NUT's riello_ser and riello_usb speak, as pure
 * codecs (no I/O, no clock):
 *
 * - GPSER (PSGPSER-0104): ASCII frames `STX 0x20 0x22 <cmd:2> <len:2>
 *   <payload> <check:4> ETX`. Numbers are hex digits written as `0x30 + n`
 *   (so 10..15 are `:;<=>?`). The check is either a plain byte sum or a
 *   CRC-16 variant seeded 0x554D, chosen by the unit's identification
 *   (byte 4 of the GI "identif bytes").
 * - SENTR (PSSENTR-0100, Sentry HPS/HTS): see sentr.ts.
 *
 * @module
 */

/** STX, ETX and the NAK marker at reply offset 3. */
const STX = 0x02, ETX = 0x03, NAK = 0x15;
/** Reply lengths NUT reads the RS block with (LENGTH_RS_*). */
export const RS_LENGTH = { mono: 42, triMono: 48, triTri: 64 } as const;

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
