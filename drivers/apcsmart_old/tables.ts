/**
 * apcsmart-old's tables (NUT 2.8.0 apcsmart-old.h, "version 2.2"): one
 * variable per command character, the instant commands, and the command
 * sets of units that cannot answer `a`. Formats reuse apcsmart's
 * convert_data.
 *
 * @module
 */
import type { ApcFormat } from "../apcsmart/tables.ts";

/** One variable: NUT name, command character, polled each update, 8-char string. */
export interface OldVar {
  readonly name: string;
  readonly cmd: string;
  readonly poll: boolean;
  readonly string: boolean;
  readonly format: ApcFormat;
}

const v = (
  name: string,
  cmd: string,
  format: ApcFormat = "leave",
  poll = false,
  string = false,
): OldVar => ({ name, cmd, poll, string, format });
const P = true;

/** apc_vartab of apcsmart-old, in its order (the order of a full poll). */
export const OLD_VARTAB: readonly OldVar[] = [
  v("ups.firmware.old", "V"),
  v("ups.firmware", "b"),
  v("ups.firmware.aux", "v"),
  v("ups.model", "\x01"),
  v("ups.serial", "n"),
  v("ups.mfr.date", "m"),
  v("ups.temperature", "C", "celsius", P),
  v("ups.load", "P", "percent", P),
  v("ups.test.interval", "E", "hours"),
  v("ups.test.result", "X", "leave", P),
  v("ups.delay.start", "r", "seconds"),
  v("ups.delay.shutdown", "p", "seconds"),
  v("ups.id", "c", "leave", false, true),
  v("ups.contacts", "i", "hex", P),
  v("ups.display.language", "\x0c"),
  v("input.voltage", "L", "volt", P),
  v("input.frequency", "F", "dec", P),
  v("input.sensitivity", "s"),
  v("input.quality", "9", "hex", P),
  v("input.transfer.low", "l", "volt"),
  v("input.transfer.high", "u", "volt"),
  v("input.transfer.reason", "G", "reason", P),
  v("input.voltage.maximum", "M", "volt", P),
  v("input.voltage.minimum", "N", "volt", P),
  v("output.current", "/", "amp", P),
  v("output.voltage", "O", "volt", P),
  v("output.voltage.nominal", "o", "volt"),
  v("ambient.humidity", "h", "percent", P),
  v("ambient.humidity.high", "{", "percent"),
  v("ambient.humidity.low", "}", "percent"),
  v("ambient.temperature", "t", "celsius", P),
  v("ambient.temperature.high", "[", "celsius"),
  v("ambient.temperature.low", "]", "celsius"),
  v("battery.date", "x", "leave", false, true),
  v("battery.charge", "f", "percent", P),
  v("battery.charge.restart", "e", "percent"),
  v("battery.voltage", "B", "volt", P),
  v("battery.voltage.nominal", "g"),
  v("battery.runtime", "j", "minutes", P),
  v("battery.runtime.low", "q", "minutes"),
  v("battery.packs", ">", "dec"),
  v("battery.packs.bad", "<", "dec"),
  v("battery.alarm.threshold", "k"),
];

/** One instant command: NASTY ones need a repeat within 3-15 s; REPEAT ones are sent twice. */
export interface OldCmd {
  readonly name: string;
  readonly cmd: string;
  readonly nasty: boolean;
  readonly repeat: boolean;
}

const c = (
  name: string,
  cmd: string,
  nasty = false,
  repeat = false,
): OldCmd => ({
  name,
  cmd,
  nasty,
  repeat,
});

/** apc_cmdtab of apcsmart-old. */
export const OLD_CMDTAB: readonly OldCmd[] = [
  c("load.off", "Z", true, true),
  c("load.on", "\x0e", false, true),
  c("test.panel.start", "A"),
  c("test.failure.start", "U"),
  c("test.battery.start", "W"),
  c("test.battery.stop", "W"),
  c("shutdown.return.grace", "@", true),
  c("shutdown.return", "S", true),
  c("shutdown.stayoff", "K", true, true),
  c("calibrate.start", "D"),
  c("calibrate.stop", "D"),
  c("bypass.start", "^"),
  c("bypass.stop", "^"),
];

const MATRIX = "789ABCDEFGKLMNOPQRSTUVWXYZcefgjklmnopqrsuwxz/<>\\^\x0c\x16";
const MATRIX5 = "79ABCDEFGKLMNOPQRSUVWXYZcefgjklmnopqrsuxz/<>";
const SU = "79ABCDEFGKLMNOPQRSUVWXYZcefgjklmnopqrsuxz";
const SUI = "79ABCEFGKLMNOPQSUVWXYZcfg";
const SU600 = "789ABCEFGKLMNOPQRSUVWXYZ";

/** compat_tab: firmware (from `V`, else `b`) to the command characters it takes. */
export const OLD_COMPAT: Readonly<Record<string, string>> = {
  "0XI": MATRIX,
  "0XM": MATRIX,
  "0ZI": MATRIX5,
  "5UI": MATRIX5,
  "5ZM": MATRIX5,
  "6QD": SU,
  "6QI": SU,
  "6TD": SU,
  "6TI": SU,
  "7QD": SU,
  "7QI": SU,
  "7TD": SU,
  "7TI": SU,
  "7II": SUI,
  "9II": SUI,
  "9GI": SUI,
  "8QD": SU,
  "8QI": SU,
  "8TD": SU,
  "8TI": SU,
  "5.4.D": "\x01ABPQRSUYbdfgjmnx9",
  D9: SU600,
  D8: SU600,
  D7: SU600,
  D6: SU600,
  D5: SU600,
  D4: SU600,
};

/** Status bits of `Q`, in the order NUT sets the tokens. */
export const OLD_STATUS: ReadonlyArray<readonly [number, string]> = [
  [0x01, "CAL"],
  [0x02, "TRIM"],
  [0x04, "BOOST"],
  [0x08, "OL"],
  [0x10, "OB"],
  [0x20, "OVER"],
  [0x40, "LB"],
  [0x80, "RB"],
];

/** ups_status_set: the tokens, OFF when no bit is set. */
export function oldStatus(status: number): string[] {
  const t = OLD_STATUS.filter(([b]) => status & b).map(([, n]) => n);
  return status === 0 ? ["OFF"] : t;
}

/** Read sets of apcsmart-old: replies, ^Z, and polls (alerts handled). */
export const OLD_SETS = {
  ign: { ignore: "\r+$|!~%?=#&", alert: "" },
  minign: { ignore: "\r+$|!", alert: "" },
  poll: { ignore: "\r&|", alert: "$!%+#?=" },
} as const;
