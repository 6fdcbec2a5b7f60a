/**
 * Mean Well NTU answers (NUT master's `meanwell_ntu` 1.60), pure. `Q` is
 * answered by `(vout step vbat charge temp vin freq unused ppp flags`:
 * output volts, a coarse load step, battery volts, charge %, inverter
 * temperature, utility volts (meaningful only while the utility is there),
 * output Hz (on battery), an unused number, the load % and 19 status bits
 * as '0'/'1'. `I` is answered by `#eq float alarm shutdown transfer mfr
 * serial REV:firmware model ...`.
 *
 * @module
 */
import { fixed } from "../../src/cgi/cfmt.ts";
import { sscanf } from "../../src/driver/scanf.ts";

/** The 19 status bits, published as experimental.* info variables. */
export const NTU_BITS: readonly string[] = [
  "inverter.mode",
  "bypass.mode",
  "utility.present",
  "charge.utility",
  "charge.solar",
  "saving.mode",
  "battery.low",
  "shutdown.mode",
  "battery.ovp",
  "remote.shutdown",
  "overload.level1",
  "overload.level2",
  "overload.level3",
  "overtemp",
  "inverter.uvp",
  "inverter.ovp",
  "inverter.fault",
  "eeprom.error",
  "system.shutdown",
].map((n) => `experimental.${n}`);

/** What one answer publishes: variables in order and ups.status tokens. */
export interface NtuReading {
  vars: Array<[string, string]>;
  status: string[];
}

/** Parses a `Q` answer (without its CR); null when fewer than ten fields scan. */
export function parseQ(line: string): NtuReading | null {
  const f = sscanf(line, "( %d %d %f %d %f %d %f %d %7s %31s");
  if (f.length < 10) return null;
  const [vout, step, vbat, charge, temp, vin, freq] = f as number[];
  const ppp = f[8] as string, flags = f[9] as string;
  const vars: Array<[string, string]> = [
    ["output.voltage", fixed(vout!, 1)],
    ["battery.voltage", fixed(vbat!, 2)],
    ["battery.charge", String(charge)],
    ["ups.temperature", fixed(temp!, 1)],
  ];
  if (freq! > 0) vars.push(["output.frequency", fixed(freq!, 1)]);
  // strtol of the load field; a zero/bogus one falls back to the coarse step
  let load = Number(/^\s*[+-]?\d+/.exec(ppp)?.[0] ?? 0) | 0;
  if (load <= 0 && step! > 0) load = step!;
  vars.push(["ups.load", String(load)]);
  for (const name of NTU_BITS) vars.push([name, "0"]);
  const on = (i: number) => flags[i] === "1";
  const status: string[] = [];
  for (let i = 0; i < 19 && i < flags.length; i++) {
    if (!on(i)) continue;
    vars.push([NTU_BITS[i]!, "1"]);
    const token =
      ({ 0: "OB", 1: "BYPASS", 2: "OL", 6: "LB", 13: "OVER" } as Record<
        number,
        string
      >)[i];
    if (token) status.push(token);
  }
  const inverter = on(0), bypass = on(1), utility = on(2);
  const charging = on(3) || on(4);
  if (charging) status.push("CHRG");
  if (inverter && !utility && !charging) status.push("DISCHRG");
  vars.push(["input.voltage", utility && vin! > 0 ? String(vin) : "0"]);
  // in bypass the output equals the input, which the unit reports as 0
  if (bypass && vout === 0 && vin! > 0) {
    vars.push(["output.voltage", String(vin)]);
  }
  vars.push(["ups.mode", bypass ? "bypass" : "line-interactive"]);
  return { vars, status };
}

/** Parses an `I` answer; empty when fewer than its five numbers scan. */
export function parseI(line: string): Array<[string, string]> {
  const f = sscanf(line, "#%f %f %f %f %f %31s %31s REV:%31s %31s");
  if (f.length < 5) return [];
  const vars: Array<[string, string]> = [];
  const both = (what: string, v: unknown) => {
    if (typeof v === "string" && v) {
      vars.push([`device.${what}`, v], [`ups.${what}`, v]);
    }
  };
  both("mfr", f[5]);
  both("serial", f[6]);
  both("firmware", f[7]);
  both("model", f[8]);
  vars.push(["battery.alarm.voltage", fixed(f[2] as number, 1)]);
  vars.push(["battery.shutdown.voltage", fixed(f[3] as number, 1)]);
  return vars;
}
