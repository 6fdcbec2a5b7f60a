/**
 * The APC Smart protocol tables of NUT 2.8.0's apcsmart (apcsmart_tabs.c,
 * "version 3.1"): NUT variable <-> query character with flags and formats,
 * instant commands, and the firmware compatibility table for units that do
 * not answer `a`.
 *
 * @module
 */

/** Variable flags (APC_* in apcsmart_tabs.h). */
export const VF = {
  /** poll this variable every update */
  POLL: 0x100,
  /** a string the UPS takes 8 characters of (ups.id, battery.date) */
  STRING: 0x800,
  /** several entries share a NUT name or a character; pick by regex */
  MULTI: 0x1000,
  /** comma-separated subfields published as name.1, name.2, ... */
  PACK: 0x2000,
} as const;

/** How a raw value is turned into NUT's (APC_F_*). */
export type ApcFormat =
  | "leave"
  | "percent"
  | "volt"
  | "amp"
  | "celsius"
  | "hex"
  | "dec"
  | "seconds"
  | "minutes"
  | "hours"
  | "reason";

/** One row of apc_vartab. */
export interface ApcVarDef {
  readonly name: string;
  readonly cmd: string;
  readonly flags: number;
  readonly format: ApcFormat;
  /** The raw answer must match this (MULTI entries). */
  readonly regex?: RegExp;
}

const P = VF.POLL;

/** apc_vartab: MULTI entries are listed in order of preference. */
export const APC_VARTAB: readonly ApcVarDef[] = [
  { name: "ups.temperature", cmd: "C", flags: P, format: "celsius" },
  { name: "ups.load", cmd: "P", flags: P, format: "percent" },
  { name: "ups.test.interval", cmd: "E", flags: 0, format: "hours" },
  { name: "ups.test.result", cmd: "X", flags: P, format: "leave" },
  { name: "ups.delay.start", cmd: "r", flags: 0, format: "seconds" },
  { name: "ups.delay.shutdown", cmd: "p", flags: 0, format: "seconds" },
  { name: "ups.id", cmd: "c", flags: VF.STRING, format: "leave" },
  { name: "ups.contacts", cmd: "i", flags: P, format: "hex" },
  { name: "ups.display.language", cmd: "\x0c", flags: 0, format: "leave" },
  { name: "input.voltage", cmd: "L", flags: P, format: "volt" },
  { name: "input.frequency", cmd: "F", flags: P, format: "dec" },
  { name: "input.sensitivity", cmd: "s", flags: 0, format: "leave" },
  { name: "input.quality", cmd: "9", flags: P, format: "hex" },
  { name: "input.transfer.low", cmd: "l", flags: 0, format: "volt" },
  { name: "input.transfer.high", cmd: "u", flags: 0, format: "volt" },
  { name: "input.transfer.reason", cmd: "G", flags: P, format: "reason" },
  { name: "input.voltage.maximum", cmd: "M", flags: P, format: "volt" },
  { name: "input.voltage.minimum", cmd: "N", flags: P, format: "volt" },
  { name: "output.current", cmd: "/", flags: P, format: "amp" },
  { name: "output.voltage", cmd: "O", flags: P, format: "volt" },
  { name: "output.voltage.nominal", cmd: "o", flags: 0, format: "volt" },
  { name: "ambient.humidity", cmd: "h", flags: P, format: "percent" },
  {
    name: "ambient.0.humidity",
    cmd: "H",
    flags: P | VF.PACK,
    format: "percent",
  },
  {
    name: "ambient.0.humidity.high",
    cmd: "{",
    flags: P | VF.PACK,
    format: "percent",
  },
  {
    name: "ambient.0.humidity.low",
    cmd: "}",
    flags: P | VF.PACK,
    format: "percent",
  },
  { name: "ambient.temperature", cmd: "t", flags: P, format: "celsius" },
  {
    name: "ambient.0.temperature",
    cmd: "T",
    flags: VF.MULTI | P | VF.PACK,
    format: "celsius",
    regex: /^[0-9]{2}\.[0-9]{2}$/,
  },
  {
    name: "ambient.0.temperature.high",
    cmd: "[",
    flags: P | VF.PACK,
    format: "celsius",
  },
  {
    name: "ambient.0.temperature.low",
    cmd: "]",
    flags: P | VF.PACK,
    format: "celsius",
  },
  { name: "battery.date", cmd: "x", flags: VF.STRING, format: "leave" },
  { name: "battery.charge", cmd: "f", flags: P, format: "percent" },
  { name: "battery.charge.restart", cmd: "e", flags: 0, format: "percent" },
  { name: "battery.voltage", cmd: "B", flags: P, format: "volt" },
  { name: "battery.voltage.nominal", cmd: "g", flags: 0, format: "leave" },
  { name: "battery.runtime", cmd: "j", flags: P, format: "minutes" },
  { name: "battery.runtime.low", cmd: "q", flags: 0, format: "minutes" },
  { name: "battery.packs", cmd: ">", flags: 0, format: "dec" },
  { name: "battery.packs.bad", cmd: "<", flags: 0, format: "dec" },
  { name: "battery.alarm.threshold", cmd: "k", flags: 0, format: "leave" },
  {
    name: "device.uptime",
    cmd: "T",
    flags: VF.MULTI | P,
    format: "hours",
    regex: /^[0-9]{3}\.[0-9]{1}$/,
  },
  { name: "ups.serial", cmd: "n", flags: 0, format: "leave" },
  { name: "ups.mfr.date", cmd: "m", flags: 0, format: "leave" },
  { name: "ups.model", cmd: "\x01", flags: 0, format: "leave" },
  { name: "ups.firmware.aux", cmd: "v", flags: 0, format: "leave" },
  {
    name: "ups.firmware",
    cmd: "b",
    flags: VF.MULTI,
    format: "leave",
    regex: /^[A-Za-z0-9]+\.[A-Za-z0-9]+\.[A-Za-z0-9]+$/,
  },
  { name: "ups.firmware", cmd: "V", flags: VF.MULTI, format: "leave" },
];

/** Command flags (APC_NASTY, APC_REPEAT). */
export const CF = {
  /** must be requested twice within 3..15 s */
  NASTY: 0x2,
  /** the character is sent twice, 1.3 s apart */
  REPEAT: 0x4,
} as const;

/** One row of apc_cmdtab. */
export interface ApcCmdDef {
  readonly name: string;
  /** The instcmd parameter must match this; without it, no parameter allowed. */
  readonly ext?: RegExp;
  readonly cmd: string;
  readonly flags: number;
}

/** apc_cmdtab: instant commands and their characters. */
export const APC_CMDTAB: readonly ApcCmdDef[] = [
  {
    name: "shutdown.return",
    ext: /^[Aa][Tt]:[0-9]{1,3}$/,
    cmd: "@",
    flags: CF.NASTY,
  },
  { name: "shutdown.return", ext: /^([Cc][Ss]|)$/, cmd: "S", flags: CF.NASTY },
  { name: "shutdown.stayoff", cmd: "K", flags: CF.NASTY | CF.REPEAT },
  { name: "load.off", cmd: "Z", flags: CF.NASTY | CF.REPEAT },
  { name: "load.on", cmd: "\x0e", flags: CF.REPEAT },
  { name: "calibrate.start", cmd: "D", flags: 0 },
  { name: "calibrate.stop", cmd: "D", flags: 0 },
  { name: "test.panel.start", cmd: "A", flags: 0 },
  { name: "test.failure.start", cmd: "U", flags: 0 },
  { name: "test.battery.start", cmd: "W", flags: 0 },
  { name: "test.battery.stop", cmd: "W", flags: 0 },
  { name: "bypass.start", cmd: "^", flags: 0 },
  { name: "bypass.stop", cmd: "^", flags: 0 },
];

const MATRIX = "@789ABCDEFGKLMNOPQRSTUVWXYZcefgjklmnopqrsuwxz/<>\\^\x0c\x16";
const MATRIX2 = "@79ABCDEFGKLMNOPQRSUVWXYZcefgjklmnopqrsuxz/<>";
const SU = "@79ABCDEFGKLMNOPQRSUVWXYZcefgjklmnopqrsuxz";

/** apc_compattab: firmware id -> command characters, for units without `a`. */
export const APC_COMPATTAB: ReadonlyArray<readonly [string, string]> = [
  ["0XI", MATRIX],
  ["0XM", MATRIX],
  ["0ZI", MATRIX2],
  ["5UI", MATRIX2],
  ["5ZM", MATRIX2],
  ["6QD", SU],
  ["6QI", SU],
  ["6TD", SU],
  ["6TI", SU],
  ["7QD", SU],
  ["7QI", SU],
  ["7TD", SU],
  ["7TI", SU],
  ["6JI", "@789ABCFGKLMNOPQSTUVWXYZfg"],
  ["7II", "@79ABCEFGKLMNOPQRSUVWXYZcfg"],
  ["9II", "@79ABCEFGKLMNOPQRSUVWXYZcfg"],
  ["9GI", "@79ABCEFGKLMNOPQRSUVWXYZcfg"],
  ["8II", "@79ABCEFGKLMNOPQRSUVWXYZcfg"],
  ["8GI", "@79ABCEFGKLMNOPQRSUVWXYZfg"],
  ["8QD", SU],
  ["8QI", SU],
  ["8TD", SU],
  ["8TI", SU],
  ["5.4.D", "@\x01ABPQRSUYbdfgjmnx9"],
  // old units answering 'b' with two hex digits (fake key, as NUT)
  ["set\x01", "@789ABCFGKLMNOPQRSUVWXYZ"],
];

/** Command characters the driver uses itself or ignores (APC_UNR_CMDS). */
export const APC_UNR_CMDS = "\x1a\x7f~')-+8QRYayz";

/** Status byte bits (`Q`), in NUT's status_set order. */
export const STATUS_BITS: ReadonlyArray<readonly [number, string]> = [
  [0x01, "CAL"],
  [0x02, "TRIM"],
  [0x04, "BOOST"],
  [0x08, "OL"],
  [0x10, "OB"],
  [0x20, "OVER"],
  [0x40, "LB"],
  [0x80, "RB"],
];

/** ups.status tokens of a status byte (OFF when no bit is set). */
export function statusTokens(status: number): string[] {
  const out = STATUS_BITS.filter(([bit]) => status & bit).map(([, t]) => t);
  if (status === 0) out.push("OFF");
  return out;
}

const REASONS: Record<string, string> = {
  R: "unacceptable utility voltage rate of change",
  H: "high utility voltage",
  L: "low utility voltage",
  T: "line voltage notch or spike",
  O: "no transfers yet since turnon",
  S: "simulated power failure or UPS test",
};

/** C's strtol(s, NULL, 10) for the leading integer (0 when none). */
export function strtol10(s: string): number {
  const m = /^\s*([+-]?\d+)/.exec(s);
  return m ? parseInt(m[1]!, 10) : 0;
}

/** convert_data: an APC raw value in NUT's units. */
export function convertData(format: ApcFormat, raw: string): string {
  switch (format) {
    case "hours":
      return String(3600 * strtol10(raw));
    case "minutes":
      return String(60 * strtol10(raw));
    case "reason":
      return REASONS[raw[0] ?? ""] ?? raw;
    default:
      return raw;
  }
}

/** The `a` answer format: version.alerts.commands[.more]. */
export const CMDSET_FORMAT = /^[0-9]\.[^.]*\.[^.]+(\.[^.]+)?$/;
/** Option formats checked at start-up, as NUT. */
export const OPTION_FORMATS: Readonly<Record<string, RegExp>> = {
  awd: /^[0-9]{1,3}$/,
  sdtype: /^[0-5]$/,
  advorder: /^([0-4]{1,5}|[Nn][Oo])$/,
  cshdelay: /^([0-9]\.?|[0-9]?\.[0-9])$/,
};
