/**
 * SMS Brazil "monofásico" protocol (NUT master's `sms_ser` 1.05), pure.
 * Requests are 7 bytes: a letter, a parameter byte (0xFF when none), three
 * 0xFF, a check byte (the negated sum of the five, mod 256) and CR.
 * Answers are 18 bytes: `=`/`<`/`>` then seven big-endian 16-bit tenths
 * (previous input V, input V, output V, load %, output Hz, charge %,
 * temperature; NUT divides them as integers, dropping the tenth) and a
 * flags byte for `Q`; `;`/`:` then model (12) and firmware (3) for `I`,
 * voltage range (7), current range (3), battery volts (3) and Hz (2) for
 * `F`. NUL bytes inside text are skipped, as NUT's "%c" appends do.
 *
 * @module
 */
import { fixed } from "../../src/cgi/cfmt.ts";

/** Answer and request sizes. */
export const ANSWER_SIZE = 18, REQUEST_SIZE = 7;

/** A request frame for `cmd` with parameter byte `param`. */
export function smsFrame(cmd: string, param = 0xff): Uint8Array {
  const f = [cmd.charCodeAt(0), param & 0xff, 0xff, 0xff, 0xff];
  const sum = f.reduce((a, b) => a + b, 0);
  return Uint8Array.from([...f, (sum * 255) & 0xff, 0x0d]);
}

/** What a `Q` answer says. */
export interface SmsStatus {
  lastInput: number;
  input: number;
  output: number;
  load: number;
  hz: number;
  charge: number;
  temperature: number;
  beep: boolean;
  shutdown: boolean;
  test: boolean;
  ok: boolean;
  boost: boolean;
  bypass: boolean;
  low: boolean;
  onBattery: boolean;
}

/** Identity from `F` and `I`. */
export interface SmsIdentity {
  model: string;
  version: string;
  voltageRange: string;
  currentRange: string;
  /** uint8 as NUT keeps it */
  batteryVolts: number;
  frequency: number;
}

/** A `Q` answer, or null when its first byte is not `=`, `<` or `>`. */
export function parseStatus(b: Uint8Array): SmsStatus | null {
  if (b.length < ANSWER_SIZE || !"=<>".includes(String.fromCharCode(b[0]!))) {
    return null;
  }
  const word = (i: number) => Math.trunc(((b[i]! << 8) | b[i + 1]!) / 10);
  const bit = (n: number) => (b[15]! & (1 << n)) !== 0;
  return {
    lastInput: word(1),
    input: word(3),
    output: word(5),
    load: word(7),
    hz: word(9),
    charge: word(11),
    temperature: word(13),
    beep: bit(0),
    shutdown: bit(1),
    test: bit(2),
    ok: bit(3),
    boost: bit(4),
    bypass: bit(5),
    low: bit(6),
    onBattery: bit(7),
  };
}

function text(b: Uint8Array, from: number, to: number): string {
  let s = "";
  for (let i = from; i <= to; i++) if (b[i]) s += String.fromCharCode(b[i]!);
  return s;
}

/** C atoi of a short digit text, kept as uint8_t. */
function atoiU8(s: string): number {
  const m = /^[ \t\n\v\f\r]*[+-]?\d+/.exec(s);
  return m ? Number(m[0]) & 0xff : 0;
}

/** An `F` answer into `id`; false when its first byte is not `;` or `:`. */
export function parseFeatures(b: Uint8Array, id: SmsIdentity): boolean {
  if (b.length < ANSWER_SIZE || !";:".includes(String.fromCharCode(b[0]!))) {
    return false;
  }
  id.voltageRange = text(b, 1, 7);
  id.currentRange = text(b, 8, 10);
  id.batteryVolts = atoiU8(text(b, 11, 13));
  id.frequency = atoiU8(text(b, 14, 15));
  return true;
}

/** An `I` answer into `id`; false when its first byte is not `;` or `:`. */
export function parseInformation(b: Uint8Array, id: SmsIdentity): boolean {
  if (b.length < ANSWER_SIZE || !";:".includes(String.fromCharCode(b[0]!))) {
    return false;
  }
  id.model = text(b, 1, 12);
  id.version = text(b, 13, 15);
  return true;
}

/** An empty identity (NUT's zeroed DeviceData). */
export function emptyIdentity(): SmsIdentity {
  return {
    model: "",
    version: "",
    voltageRange: "",
    currentRange: "",
    batteryVolts: 0,
    frequency: 0,
  };
}

/** battery.charger.status from the flags and the charge cast to uint8_t. */
export function chargerStatus(s: SmsStatus): string {
  const level = s.charge & 0xff;
  if (s.onBattery && level < 100) return "discharging";
  if (!s.onBattery && level < 100) return "charging";
  if (!s.onBattery && level === 100) return "resting";
  return "floating";
}

/** The measurements both initinfo and updateinfo publish, in NUT's order. */
export function measurements(
  id: SmsIdentity,
  s: SmsStatus,
): Array<[string, string]> {
  const f2 = (n: number) => fixed(n, 2);
  return [
    ["output.frequency.nominal", String(id.frequency)],
    ["ups.beeper.status", s.beep ? "enabled" : "disabled"],
    ["input.voltage.extended", f2(s.lastInput)],
    ["input.voltage", f2(s.input)],
    ["output.voltage", f2(s.output)],
    ["ups.load", f2(s.load)],
    ["output.frequency", f2(s.hz)],
    ["battery.charge", f2(s.charge)],
    ["battery.voltage.nominal", String(id.batteryVolts)],
    ["battery.packs", String(Math.trunc(id.batteryVolts / 12))],
    // float arithmetic, as NUT's uint8_t * float / 100
    [
      "battery.voltage",
      f2(Math.fround(Math.fround(id.batteryVolts * s.charge) / 100)),
    ],
    ["ups.temperature", f2(s.temperature)],
    ["battery.charger.status", chargerStatus(s)],
  ];
}

/** ups.status: one word, the first that applies in NUT's order. */
export function statusWord(s: SmsStatus): string {
  if (s.bypass) return "BYPASS";
  if (s.onBattery) return "OB";
  if (s.low) return "LB";
  if (!s.ok) return "RB";
  if (s.boost) return "BOOST";
  return "OL";
}

/** C strtol(text, NULL, base) for the bases strtol takes (0 when invalid). */
export function strtolBase(textIn: string, base: number): number {
  if (base === 1 || base < 0 || base > 36) return 0;
  let t = textIn.replace(/^[ \t\n\v\f\r]+/, "");
  let neg = false;
  if (t[0] === "+" || t[0] === "-") {
    neg = t[0] === "-";
    t = t.slice(1);
  }
  if ((base === 0 || base === 16) && /^0[xX][0-9a-fA-F]/.test(t)) {
    t = t.slice(2);
    base = 16;
  } else if (base === 0) base = t[0] === "0" ? 8 : 10;
  let n = 0;
  for (const c of t) {
    const d = parseInt(c, 36);
    if (Number.isNaN(d) || d >= base) break;
    n = n * base + d;
  }
  return neg ? -n : n;
}
