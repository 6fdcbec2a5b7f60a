/**
 * tripplite (serial SmartUPS): the pure part of the protocol. Commands are
 * `:<letter>[args]\r`; the unit echoes the command line, then answers one
 * CR LF ended line. These helpers turn reply text into NUT values the way
 * NUT 2.8.0's `tripplite` 0.93 does (C integer and float conversions kept).
 *
 * @module
 */

/** Default delays in seconds (offdelay, startdelay, rebootdelay). */
export const TL_DEFAULTS = { offdelay: 64, startdelay: 60, bootdelay: 64 };
/** Tries for each identification command before giving up. */
export const TL_MAXTRIES = 3;

/** strtol(s, NULL, 16) on at most `len` characters (0 when nothing parses). */
export function hex2d(s: string, len: number): number {
  const m = /^\s*([+-]?)(?:0[xX](?=[0-9a-fA-F]))?([0-9a-fA-F]+)/.exec(
    s.slice(0, len),
  );
  if (!m) return 0;
  const v = parseInt(m[2]!, 16);
  return m[1] === "-" ? -v : v;
}

/** strtol(s, 0, 10) without the octal/hex prefixes a device never sends. */
export function strtol10(s: string): number {
  const m = /^\s*([+-]?\d+)/.exec(s);
  return m ? parseInt(m[1]!, 10) : 0;
}

/** printf's `%<width>d`: right-aligned in `width` columns. */
export function padInt(n: number, width: number): string {
  return String(n).padStart(width, " ");
}

/** The identity published at start-up (upsdrv_initinfo). */
export interface TlIdentity {
  model: string;
  firmware: string;
  /** outlets as the driver counts them (decides the outlet.* commands) */
  plugs: number;
}

/** ups.model, ups.firmware and the outlet count from the :W :L :V :X replies. */
export function identity(
  w: string,
  l: string,
  v: string,
  x: string,
): TlIdentity {
  const wv = hex2d(w, 2);
  const lv = hex2d(l, 2);
  const name = wv & 0x40 ? "Unison" : "Smart";
  // the "new" VA formula applies when bit 7 of :W is set; else the old one
  const va = wv & 0x80
    ? ((wv & 0x3f) * 32 + (lv >> 3)) * 5
    : Math.trunc(lv / 2);
  const code = (s: string, i: number) => s.charCodeAt(i) || 0;
  const x0 = code(x, 0), x1 = code(x, 1);
  const gen = 1 + (!(x0 & 7) ? 1 : 0) * (!(x1 & 7) ? 1 : 0);
  // NUT counts plugs from the character code itself, not its digit value
  const plugs = x0 - (x1 >> 3 ? 1 : 0) * 8;
  const fw = (c: number) => String.fromCharCode((65 + c - 48) & 0xff);
  return {
    model: `${name} ${va}`,
    firmware: `${fw(code(v, 0))}${fw(code(v, 1))} (Gen ${gen})`,
    plugs,
  };
}

/** The fields of a 21-character :D reply. */
export interface TlData {
  volt: number;
  temp: number;
  load: number;
  /** a C float */
  freq: number;
  bcond: string;
  lstate: string;
  tstate: string;
  mode: string;
}

/** Decodes a :D reply (the caller has checked its length is 21). */
export function parseData(buf: string): TlData {
  return {
    volt: hex2d(buf.slice(2), 2),
    temp: Math.trunc(hex2d(buf.slice(6), 2) * 0.3636 - 21.0),
    load: hex2d(buf.slice(12), 2),
    freq: Math.fround(hex2d(buf.slice(18), 3) / 10.0),
    bcond: buf[0]!,
    lstate: buf[1]!,
    tstate: buf[4]!,
    mode: buf[5]!,
  };
}

/** The bounds NUT checks before trusting a :D reply. */
export function dataInBounds(d: TlData): boolean {
  return d.volt <= 270 && d.volt >= 0 && d.temp <= 100 && d.temp >= 0 &&
    d.load <= 100 && d.load >= 0 && d.freq <= 80.0 && d.freq >= 30.0;
}

/** Battery voltage from a :B reply (a C float). */
export function batteryVolts(buf: string): number {
  return Math.fround(hex2d(buf, 2) / 10.0);
}

/** Battery charge estimated from the voltage (11.0 V = 10 %, 13.4 V = 100 %). */
export function batteryCharge(bv: number): number {
  if (bv >= 13.4) return 100;
  if (bv <= 11.0) return 10;
  return Math.trunc(100 * Math.sqrt((bv - 11.0) / (13.4 - 11.0)));
}

/** ups.status tokens and the states NUT logs as unknown. */
export function statusOf(d: TlData): { tokens: string[]; unknown: string[] } {
  const tokens: string[] = [];
  const unknown: string[] = [];
  if (d.bcond === "0") tokens.push("LB");
  else if (d.bcond !== "1") unknown.push(`Unknown battery state: ${d.bcond}`);
  if (d.lstate === "0") tokens.push("OVER");
  else if (d.lstate !== "1") unknown.push(`Unknown load state: ${d.lstate}`);
  const tap: Record<string, string | null> = {
    "0": null,
    "1": "TRIM",
    "2": "BOOST",
    "3": "BOOST",
  };
  if (d.tstate in tap) {
    if (tap[d.tstate]) tokens.push(tap[d.tstate]!);
  } else unknown.push(`Unknown tap state: ${d.tstate}`);
  const mode: Record<string, string> = {
    "0": "OFF",
    "1": "OB",
    "2": "OL",
    "3": "OB",
  };
  if (d.mode in mode) tokens.push(mode[d.mode]!);
  else unknown.push(`Unknown mode state: ${d.mode}`);
  return { tokens, unknown };
}

/** ups.test.result for the :C self-test code (0..3). */
export const TEST_RESULTS: readonly string[] = Object.freeze([
  "OK",
  "Battery Bad (Replace)",
  "In Progress",
  "Bad Inverter",
]);

/** `%0<width>X` of a delay. */
export function hexArg(n: number, width: number): string {
  return (n >>> 0).toString(16).toUpperCase().padStart(width, "0");
}

/** The instant commands and the command each sends (the shutdowns are sequences). */
export const TL_SIMPLE_CMDS: Readonly<Record<string, string>> = Object.freeze({
  "test.battery.start": ":A\r",
  "load.off": ":K0\r",
  "load.on": ":K1\r",
  "outlet.1.load.off": ":K2\r",
  "outlet.1.load.on": ":K3\r",
  "outlet.2.load.off": ":K4\r",
  "outlet.2.load.on": ":K5\r",
});
