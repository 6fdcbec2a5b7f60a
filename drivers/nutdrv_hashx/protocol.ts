/**
 * The "#" protocol of NUT master's `nutdrv_hashx` 0.03 (Atlantis Land
 * A03-S1200 and kin), pure. Every answer starts with '#': a status value
 * (`#0` success, `#-1` failure, `#-3` unsupported...), the session hash,
 * comma lists (X41 model,firmware,...; X27 nominal,high,low,...; X72
 * VA,W,V,Hz low,Hz high,A) or the `B` record
 * `#I<in V>O<out V>L<load>B<charge>V<batt V>F<in Hz>H<out Hz>R<min>S<bytes>`.
 *
 * @module
 */
import { fixed } from "../../src/cgi/cfmt.ts";
import { sscanf } from "../../src/driver/scanf.ts";

/** The 16-character session id sent with K19, and the hash the unit answers to X19. */
export const SESSION_ID = "OoNUTisAMAZINGoO", SESSION_HASH = "74279F35A48F5F13";

/** Instant commands and their device commands, in NUT's order. */
export const HASHX_CMDS: ReadonlyArray<readonly [string, string]> = [
  ["beeper.enable", "K60:1"],
  ["beeper.disable", "K60:0"],
  ["experimental.test.beeper.start", "AU"],
  ["experimental.test.beeper.stop", "KA"],
  ["test.battery.start.deep", "AH"],
  ["test.battery.start.quick", "A"],
  ["test.battery.stop", "KA"],
  ["calibrate.start", "AH"],
  ["calibrate.stop", "KA"],
];

/** str_to_int: the whole text (spaces trimmed) as a base-10 int, or null. */
export function strToInt(text: string | undefined): number | null {
  const t = (text ?? "").trim();
  if (!/^[+-]?\d+$/.test(t)) return null;
  const n = Number(t);
  return n < -(2 ** 31) || n > 2 ** 31 - 1 ? null : n;
}

/** str_to_double base 10: the whole text as a number, or null. */
export function strToDouble(text: string | undefined): number | null {
  const t = (text ?? "").trim();
  if (!t || !/^[-+.0-9Ee]+$/.test(t)) return null;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  return Number(t);
}

/**
 * A status value answer (`#n`, two or three characters); -255 when not
 * one, or when its characters are no number (NUT's str_to_int zeroes its
 * result before failing, so there they counted as 0, success).
 */
export function statusValue(line: string | null): number {
  if (line === null || line.length < 2 || line.length > 3) return -255;
  return strToInt(line.slice(1)) ?? -255;
}

/** strsep over `,`: the fields after the first character. */
function fields(line: string): string[] {
  return line.slice(1).split(",");
}

/** X41: device.model and ups.firmware. */
export function parseDeviceInfo(line: string): Array<[string, string]> {
  const f = fields(line);
  const out: Array<[string, string]> = [["device.model", f[0]!]];
  if (f.length > 1) out.push(["ups.firmware", f[1]!]);
  return out;
}

/** X27: nominal input voltage and the power-failure bounds. */
export function parseVoltageSettings(line: string): Array<[string, string]> {
  const names = [
    "input.voltage.nominal",
    "input.voltage.high.critical",
    "input.voltage.low.critical",
  ];
  const out: Array<[string, string]> = [];
  fields(line).slice(0, 3).forEach((f, i) => {
    const n = strToInt(f);
    if (n !== null) out.push([names[i]!, String(n)]);
  });
  return out;
}

/** X72: ratings; `extra` tells that more fields than six came. */
export function parsePowerInfo(
  line: string,
): { vars: Array<[string, string]>; extra: boolean } {
  const names = [
    "ups.power.nominal",
    "ups.realpower.nominal",
    "input.voltage.nominal",
    "input.frequency.low",
    "input.frequency.high",
    "output.current.nominal",
  ];
  const f = fields(line), vars: Array<[string, string]> = [];
  f.slice(0, 6).forEach((t, i) => {
    if (i < 3) {
      const n = strToInt(t);
      if (n !== null) vars.push([names[i]!, String(n)]);
    } else {
      const d = strToDouble(t);
      if (d !== null) vars.push([names[i]!, fixed(d, 1)]);
    }
  });
  return { vars, extra: f.length > 6 };
}

/** What a `B` answer publishes. */
export interface HashxStatus {
  vars: Array<[string, string]>;
  /** null when fewer than five status bytes came (status left as it was). */
  status: string[] | null;
  alarm: string | null;
}

/** Parses a `B` answer; null when not even the input voltage scans. */
export function parseStatus(line: string): HashxStatus | null {
  const f = sscanf(line.slice(1), "I%fO%fL%dB%dV%fF%fH%fR%dS") as number[];
  if (f.length < 1) return null;
  const at = (i: number) => (i < f.length ? f[i]! : -1);
  const vars: Array<[string, string]> = [];
  const put = (name: string, v: number, text: string) => {
    if (v >= 0) vars.push([name, text]);
  };
  put("input.voltage", at(0), fixed(at(0), 1));
  put("output.voltage", at(1), fixed(at(1), 1));
  put("battery.voltage", at(4), fixed(at(4), 1));
  put("input.frequency", at(5), fixed(at(5), 1));
  put("output.frequency", at(6), fixed(at(6), 1));
  put("ups.load", at(2), String(at(2)));
  put("battery.charge", at(3), String(at(3)));
  put("battery.runtime", at(7), String(at(7) * 60));
  const s = line.indexOf("S");
  const bytes = s < 0
    ? []
    : [...line.slice(s + 1)].map((c) => c.charCodeAt(0) & 0x7f);
  if (bytes.length < 5) return { vars, status: null, alarm: null };
  const status: string[] = [];
  if (bytes[0]! & 0x08) status.push("CAL");
  let charger: string;
  if (!(bytes[1]! & 0x04)) {
    charger = "discharging";
    status.push("OB");
  } else {
    charger = (bytes[2]! & 0x50) === 0x50 ? "resting" : "charging";
    status.push("OL");
  }
  vars.push(["battery.charger.status", charger]);
  status.push(bytes[4]! & 0x20 ? "LB" : "HB");
  let alarm: string | null = null;
  if (bytes[0]! & 0x20) {
    alarm = bytes[0]! & 0x08
      ? "TEST MODE: Battery is critically low!"
      : "Battery is critically low, UPS is about to turn off!";
  }
  if (bytes[4]! & 0x40) status.push("OFF");
  return { vars, status, alarm };
}
