/**
 * nhs_ser's interpretation of a data packet (interpret_pkt_data of NUT
 * master's nhs_ser.c): status and alarms, measurements, power figures from
 * the VA rating and power factor, thresholds from the hardware packet,
 * battery figures. C float arithmetic is kept (Math.fround) so the
 * printed values match.
 *
 * @module
 */
import { fixed } from "../../src/cgi/cfmt.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import { NHS_MODELS } from "./models.ts";
import {
  nhsAlarms,
  type NhsData,
  type NhsHw,
  nhsStatus,
  roundAway,
} from "./protocol.ts";

const f = Math.fround;
const f2 = (x: number) => fixed(x, 2);

/** What interpret_pkt_data keeps between packets (NUT's statics). */
export interface NhsCache {
  va: number;
  ah: number;
  numbat: number;
  vbat: number;
  pf: number;
  minInput: number;
  maxPower: number;
  minPower: number;
  maxPercent: number;
  minPercent: number;
}

/** A fresh cache. */
export function newCache(): NhsCache {
  return {
    va: 0,
    ah: 0,
    numbat: 0,
    vbat: 0,
    pf: 0,
    minInput: 0,
    maxPower: 0,
    minPower: 0,
    maxPercent: 0,
    minPercent: 0,
  };
}

/** The model's name and VA (NHS UNKNOWN, 0 for an unknown code). */
export function modelInfo(code: number): [string, number] {
  const m = NHS_MODELS.find(([c]) => c === code);
  return m ? [m[1], m[2]] : ["NHS UNKNOWN", 0];
}

const atoi = (s: string) => {
  const m = /^\s*[+-]?\d+/.exec(s);
  return m ? Number(m[0]) | 0 : 0;
};
const atof = (s: string) => {
  const m = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(s);
  return m ? Number(m[0]) : 0;
};

/** What one data packet publishes. */
export interface NhsOut {
  vars: Array<[string, string]>;
  status: string[];
  alarms: string[];
}

/** interpret_pkt_data; `hw` only when its checksum was good. */
export function interpretData(
  d: NhsData,
  hw: NhsHw | null,
  c: NhsCache,
  values: ReadonlyMap<string, string>,
): NhsOut {
  const got = hw !== null && hw.size > 0;
  if (got) c.minInput = hw.in220 ? hw.under220 : hw.under120;
  else if (!c.minInput) c.minInput = 96;
  const status = nhsStatus(d, c.minInput);
  const get = (k: string) => values.get(k);
  if (!c.vbat) {
    c.vbat = get("vbat") !== undefined ? atoi(get("vbat")!) >>> 0 : 12;
  }
  if (!c.ah) {
    const ah = get("ah");
    if (ah === undefined) {
      throw new DriverFatalError(
        "Please set AH (Ampere Hour) value to your battery's equipment in ups.conf.",
      );
    }
    c.ah = atoi(ah) >>> 0;
  }
  if (c.va === 0 && got) {
    const known = modelInfo(hw.model)[1];
    if (known > 0) c.va = known;
    else if (get("va") !== undefined) c.va = atoi(get("va")!) >>> 0;
    else {
      throw new DriverFatalError(
        "Please set VA (Volt Ampere) nominal capacity value to your equipment in ups.conf.",
      );
    }
  }
  if (!c.pf) c.pf = f(get("pf") !== undefined ? atof(get("pf")!) : 0.9);
  if (!c.numbat) {
    // the declared option (master reads an undeclared `numbat`, so it never applies)
    const n = get("numbatteries");
    c.numbat = n !== undefined ? atoi(n) >>> 0 : 0;
    if (c.numbat === 0 && got) c.numbat = hw.batteries;
  }
  const v: Array<[string, string]> = [
    ["ups.temperature", f2(d.temp)],
    ["ups.load", String(d.load)],
    ["ups.efficiency", f2(f(f(d.vacout * d.vacin) / 100))],
  ];
  let vpower = 0, abat = 0;
  if (c.va > 0 && c.pf > 0) {
    vpower = f(f(c.va * c.pf) * (d.load / 100));
    abat = f(f(vpower / d.vdcReal) / c.numbat);
    if (vpower > c.maxPower) c.maxPower = vpower;
    if (vpower < c.minPower) c.minPower = vpower;
    v.push(
      ["ups.power", f2(vpower)],
      ["ups.realpower", String(roundAway(vpower))],
      ["ups.power.nominal", String(c.va)],
      ["ups.realpower.nominal", String(roundAway(c.va * c.pf))],
      ["output.realpower", String(roundAway(c.va * (d.load / 100)))],
      ["output.power", f2(vpower)],
      ["output.power.maximum", f2(c.maxPower)],
      ["output.power.minimum", f2(c.minPower)],
      ["output.power.percent", String(d.load)],
    );
    if (d.load > c.maxPercent) c.maxPercent = d.load;
    if (d.load < c.minPercent) c.minPercent = d.load;
    v.push(
      ["output.power.maximum.percent", String(c.maxPercent)],
      ["output.power.minimum.percent", String(c.minPercent)],
    );
  }
  v.push(
    ["output.voltage", f2(d.vacout)],
    ["input.voltage", f2(d.vacin)],
    // NUT swaps the two
    ["input.voltage.maximum", f2(d.vacinMin)],
    ["input.voltage.minimum", f2(d.vacinMax)],
  );
  if (got) {
    const perc = (k: string) => f(get(k) !== undefined ? atof(get(k)!) : 2);
    const under = hw.in220 ? hw.under220 : hw.under120;
    const over = hw.in220 ? hw.over220 : hw.over120;
    const lw = perc("vin_low_warn_perc"), lc = perc("vin_low_crit_perc");
    const hw2 = perc("vin_high_warn_perc"), hc = perc("vin_high_crit_perc");
    const k = Math.abs(lw - lc) < 1e-6 ? 2 : 1;
    v.push(
      ["ups.beeper.status", hw.buzzerDisabled ? "0" : "1"],
      ["input.voltage.low.warning", f2(f(under + under * (f(lw * k) / 100)))],
      ["input.voltage.low.critical", f2(f(under + under * (lc / 100)))],
      ["input.voltage.high.warning", f2(f(over + over * (f(hw2 * k) / 100)))],
      ["input.voltage.high.critical", f2(f(over + over * (hc / 100)))],
      ["input.transfer.low", String(under)],
      ["input.transfer.high", String(over)],
      ["input.voltage.nominal", String(hw.in220 ? hw.out220 : hw.out120)],
      ["output.voltage.nominal", String(hw.out220V ? hw.out220 : hw.out120)],
    );
  }
  const charge = Math.min(100, roundAway(f(f(d.vdcReal * 100) / c.vbat)));
  v.push(
    ["battery.charge", String(charge)],
    ["battery.voltage", f2(d.vdcReal)],
    ["battery.current", f2(abat)],
    ["battery.current.total", f2(f(abat * c.numbat))],
    ["battery.temperature", String(roundAway(d.temp))],
    ["battery.packs", String(c.numbat)],
    ["battery.voltage.nominal", String(c.vbat)],
    ["battery.capacity", String(c.ah)],
    ["battery.capacity.nominal", f2(f(c.ah * c.pf))],
    ["battery.runtime.low", "30"],
  );
  if (vpower > 0) {
    const current = f(vpower / c.vbat);
    v.push([
      "battery.runtime",
      String(Math.trunc(f(f(c.ah / current) * 3600))),
    ]);
  }
  v.push([
    "battery.charger.status",
    d.charger ? "CHARGING" : d.batteryMode ? "DISCHARGING" : "RESTING",
  ]);
  return { vars: v, status, alarms: nhsAlarms(d) };
}

/** interpret_pkt_hwinfo's variables (needs a good data packet first, as NUT checks). */
export function interpretHw(hw: NhsHw): Array<[string, string]> {
  const [name] = modelInfo(hw.model);
  const mfr = "NHS Sistemas Eletronicos LTDA";
  return [
    ["device.model", name],
    ["device.mfr", mfr],
    ["device.serial", hw.serial],
    ["device.type", "ups"],
    ["ups.model", name],
    ["ups.mfr", mfr],
    ["ups.serial", hw.serial],
    ["ups.firmware", String(hw.swVersion)],
    ["ups.firmware.aux", String(hw.hwVersion)],
  ];
}
