/**
 * The BCM/XCP protocol (Powerware/Eaton) as NUT's bcmxcp reads it, pure:
 * a request is `AB len cmd [args] chk`; an answer is one or more blocks
 * `AB block len seq data chk` (block = request - 0x30 for reads, 1 for
 * "request only mode", 9 for control commands; seq counts 1, 2, ... with
 * 0x80 on the last), every frame summing to 0 mod 256. Multi-byte values
 * are little-endian; meters carry a format byte (IEEE float with a printf
 * width.precision, fixed point, long, seconds, BCD date or time).
 *
 * @module
 */

/** Request bytes. */
export const PW = {
  idBlock: 0x31,
  status: 0x33,
  meterBlock: 0x34,
  curAlarm: 0x35,
  configBlock: 0x36,
  battery: 0x3b,
  limitBlock: 0x3c,
  commandList: 0x40,
  outletBlock: 0x41,
  topology: 0x43,
  goToBypass: 0x88,
  upsOn: 0x89,
  loadOffRestart: 0x8a,
  upsOff: 0x8b,
  setConf: 0x95,
  setOutlet: 0x97,
  reqOnlyMode: 0xa0,
  initBatTest: 0xb1,
  initSysTest: 0xb2,
} as const;

/** The authorisation code sent before every control command. */
export const AUTHOR = [0xcf, 0x69, 0xe8, 0xd5] as const;
/** Command return codes (first answer byte). */
export const RETURN = {
  accepted: 0x31,
  notImplemented: 0x32,
  busy: 0x33,
  unrecognised: 0x34,
  outOfRange: 0x35,
  invalid: 0x36,
  acceptedAdjusted: 0x37,
} as const;

/** Overall status codes (status block byte 0). */
export const STATUS = {
  online: 0x50,
  onBattery: 0xf0,
  overload: 0xe0,
  trim: 0x63,
  boost1: 0x61,
  boost2: 0x62,
  bypass: 0x60,
  off: 0x10,
} as const;

/** Offsets in the configuration block. */
export const CONFIG = {
  nominalOutputVoltage: 8,
  nominalOutputFreq: 10,
  hwModulesByte3: 16,
  batteryDataWord3: 26,
  partNumber: 48,
  serialNumber: 64,
} as const;

/** Offsets in the extended limits block. */
export const LIMITS = {
  nominalInputVoltage: 0,
  nominalInputFreq: 2,
  freqDevLimit: 8,
  voltageLowDevLimit: 10,
  voltageHighDevLimit: 12,
  lowBattWarning: 16,
  hornStatus: 17,
  minInputVoltage: 18,
  maxInputVoltage: 20,
  returnStabDelay: 22,
  battCapacityReturn: 24,
  ambientTempLow: 25,
  ambientTempHigh: 26,
  sleepThLoad: 29,
  sleepDelay: 30,
} as const;

/** Offsets in the battery block. */
export const BATTDATA = { testStatus: 0, numberOfStrings: 18 } as const;

/** The checksum byte that makes `bytes` sum to 0. */
export function checksum(bytes: ArrayLike<number>): number {
  let c = 0;
  for (let i = 0; i < bytes.length; i++) c = (c - bytes[i]!) & 0xff;
  return c;
}

/** A request frame for `command` (its bytes: the command byte and arguments). */
export function requestFrame(command: readonly number[]): Uint8Array {
  const head = [0xab, command.length & 0xff, ...command];
  return Uint8Array.from([...head, checksum(head)]);
}

/** get_word: little-endian 16 bits at `at` (missing bytes read as 0). */
export function word(b: ArrayLike<number>, at: number): number {
  return ((b[at] ?? 0) | ((b[at + 1] ?? 0) << 8)) & 0xffff;
}

/** get_long: little-endian 32 bits. */
export function long(b: ArrayLike<number>, at: number): number {
  return ((b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16) |
    ((b[at + 3] ?? 0) << 24)) >>> 0;
}

/** get_float: IEEE-754 single, NaN and infinities as +/-FLT_MAX. */
export function float32(b: ArrayLike<number>, at: number): number {
  const v = new DataView(
    Uint8Array.from([
      b[at] ?? 0,
      b[at + 1] ?? 0,
      b[at + 2] ?? 0,
      b[at + 3] ?? 0,
    ])
      .buffer,
  ).getFloat32(0, true);
  const FLT_MAX = 3.4028234663852886e38;
  if (Number.isNaN(v)) return FLT_MAX;
  if (v === Infinity) return FLT_MAX;
  if (v === -Infinity) return -FLT_MAX;
  return v;
}

/**
 * printf("%W.Pf") as glibc prints a double: exact value, ties to even (JS
 * toFixed rounds exact ties up), padded to W.
 */
export function cFixed(v: number, width: number, precision: number): string {
  let out = v.toFixed(precision);
  const exact = Math.abs(v).toFixed(Math.min(100, precision + 60));
  const tail = exact.slice(exact.indexOf(".") + 1 + precision);
  if (/^50*$/.test(tail)) {
    // an exact tie: keep the even neighbour
    const scale = 10 ** precision;
    const down = Math.floor(Math.abs(v) * scale) / scale;
    const lastDigit = Math.round(Math.floor(Math.abs(v) * scale)) % 10;
    const mag = lastDigit % 2 === 0 ? down : down + 1 / scale;
    out = (v < 0 ? "-" : "") + mag.toFixed(precision);
  }
  return out.padStart(width, " ");
}

const bcd = (b: number) => `${(b & 0xf0) >> 4}${b & 0x0f}`;

/** decode_meter_map_entry: a meter's text for its format byte. */
export function decodeMeter(e: ArrayLike<number>, at: number, format: number) {
  if (format === 0) return "";
  if (format === 0xf0) return String(long(e, at) | 0);
  if ((format & 0xf0) === 0xf0) {
    const f = Math.fround(long(e, at) / 2 ** (format & 0x0f));
    return cFixed(f, 0, 2);
  }
  if (format <= 0x97) {
    return cFixed(float32(e, at), (format & 0xf0) >> 4, format & 0x0f);
  }
  if (format === 0xe2) return String(long(e, at) | 0);
  if (format === 0xe0) {
    const [dd, mm, yy, cc] = [e[at]!, e[at + 1]!, e[at + 2]!, e[at + 3]!];
    if (cc & 0x80) return `${bcd(dd)}/${bcd(mm)}/${bcd(cc & 0x7f)}${bcd(yy)}`;
    const c7 = cc & 0x7f;
    return `${bcd(c7)}${bcd(yy)}:${mm & 0x0f}${bcd(dd)}`;
  }
  if (format === 0xe1) {
    const [cc, ss, mm, hh] = [e[at]!, e[at + 1]!, e[at + 2]!, e[at + 3]!];
    return `${bcd(hh)}:${bcd(mm)}:${bcd(ss)}.${bcd(cc)}`;
  }
  return "???";
}

/**
 * Collects an answer (get_answer): blocks in sequence, each checked; the
 * data of all blocks, or undefined with the reason.
 */
export class AnswerReader {
  #command: number;
  #buf: number[] = [];
  #data: number[] = [];
  #pre = 0;
  #skipped = 0;
  #blocks = 0;
  /** Why the answer was refused. */
  error: string | undefined;
  /** The data once the last block arrived. */
  done: Uint8Array | undefined;

  #usb: boolean;

  /**
   * `usb`: bcmxcp_usb's reading (block numbers not checked, sequence
   * counted 1, 2, ... under the 0x7f mask).
   */
  constructor(command: number, usb = false) {
    this.#command = command;
    this.#usb = usb;
  }

  /** Feeds one byte; true when finished (done or error). */
  push(b: number): boolean {
    if (this.done || this.error) return true;
    const buf = this.#buf;
    if (!buf.length) {
      if (b !== 0xab) {
        if (++this.#skipped >= 128) this.error = "packet not on start";
        return this.error !== undefined;
      }
      buf.push(b);
      return false;
    }
    buf.push(b);
    const cmd = this.#command;
    if (buf.length === 2 && !this.#usb) {
      if (cmd <= 0x43 && cmd - 0x30 !== b) this.error = "Request command";
      if (cmd >= 0x89 && cmd === 0xa0 && b !== 0x01) {
        this.error = "Requested only mode command";
      }
      if (cmd >= 0x89 && cmd !== 0xa0 && b !== 0x09) {
        this.error = "Control command";
      }
      return this.error !== undefined;
    }
    if (buf.length === 3 && (this.#usb ? b > 140 : b < 1)) {
      this.error = "length";
    }
    if (buf.length === 4) {
      const want = this.#usb ? this.#blocks + 1 : this.#pre + 1;
      if ((b & (this.#usb ? 0x7f : 0x07)) !== want) this.error = "sequence";
    }
    if (this.error) return true;
    const len = buf[2] ?? 0;
    if (buf.length < len + 5) return false;
    if (checksum(buf.slice(0, len + 4)) !== buf[len + 4]) {
      this.error = "checksum";
      return true;
    }
    this.#data.push(...buf.slice(4, 4 + len));
    this.#pre = buf[3]!;
    this.#blocks++;
    const last = (buf[3]! & 0x80) !== 0;
    this.#buf = [];
    this.#skipped = 0;
    if (last) this.done = Uint8Array.from(this.#data);
    return last;
  }
}
