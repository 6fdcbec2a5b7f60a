/**
 * Ragtech Easy Pro family 10 (NUT master's `ragtech` 0.10), pure: 6-byte
 * frames `AA op addrHi addrLo value check` (check = the sum of the last
 * three mod 256; op 04 reads `value` registers, 01 writes, 02 ANDs, 03
 * ORs), the model table and the main range's (0x80..0x9D) conversions.
 *
 * @module
 */
import { fixed } from "../../src/cgi/cfmt.ts";

/** Opcodes. */
export const OP = { write: 1, and: 2, or: 3, read: 4 } as const;
/** The opaque wake-up the OEM client sends before the first poll. */
export const HANDSHAKE = Uint8Array.from([0xff, 0xfe, 0x00, 0x8e, 0x01, 0x8f]);
/** The main range. */
export const MAIN_BASE = 0x80, MAIN_LEN = 30;

/** A command frame. */
export function frame(op: number, addr: number, value: number): Uint8Array {
  const hi = (addr >> 8) & 0xff, lo = addr & 0xff, v = value & 0xff;
  return Uint8Array.from([0xaa, op, hi, lo, v, (hi + lo + v) & 0xff]);
}

/** A family-10 model: VA, current/voltage/battery multipliers, nominal V, power factor. */
export interface RagtechModel {
  name: string;
  va: number;
  imult: number;
  vmult: number;
  bmult: number;
  vout: number;
  pf: number;
}

const SIZES: Array<[number, number, number]> = [
  // VA, TI current multiplier, M2 current multiplier
  [600, 3.2, 1.7],
  [700, 3.2, 2.3],
  [900, 4.94, 2.64],
  [1200, 6.37, 3.41],
  [1300, 9.56, 5.11],
  [1400, 11.15, 5.96],
  [1600, 12.8, 6.8],
  [1800, 14.4, 7.65],
  [2000, 15.93, 8.52],
  [2200, 17.52, 9.37],
];

/** Models by V_MODEL id: even ids are 115 V "TI", odd ones 220 V "M2"; 24 V battery from 1300 VA. */
export const RAGTECH_MODELS: readonly RagtechModel[] = SIZES.flatMap((
  [va, ti, m2],
) => {
  const bmult = va >= 1300 ? 0.134 : 0.067;
  return [
    {
      name: `Easy ${va} TI`,
      va,
      imult: ti,
      vmult: 0.555,
      bmult,
      vout: 115,
      pf: 0.7,
    },
    {
      name: `Easy ${va} M2`,
      va,
      imult: m2,
      vmult: 1.03,
      bmult,
      vout: 220,
      pf: 0.7,
    },
  ];
});

/** The profile used for an unknown id. */
export const FALLBACK_MODEL: RagtechModel = {
  name: "Unknown",
  va: 0,
  imult: 6.37,
  vmult: 0.555,
  bmult: 0.067,
  vout: 115,
  pf: 0.7,
};

/** Register `addr` of the main range. */
export const reg = (r: Uint8Array, addr: number): number =>
  r[addr - MAIN_BASE]!;

/** Static values from the first main-range read. */
export function ratings(
  r: Uint8Array,
  model: RagtechModel,
  va: number,
): Array<[string, string]> {
  const out: Array<[string, string]> = [["ups.model", model.name]];
  if (va) {
    out.push(["ups.power.nominal", String(va)]);
    out.push([
      "ups.realpower.nominal",
      String(Math.trunc(va * model.pf + 0.5)),
    ]);
  }
  out.push([
    "input.voltage.nominal",
    reg(r, 0x8b) * 1.06 > 150 ? "220" : "115",
  ]);
  out.push(["output.voltage.nominal", String(model.vout)]);
  out.push(["battery.voltage.nominal", model.bmult > 0.1 ? "24" : "12"]);
  out.push(["ups.firmware", fixed(reg(r, 0x9b) * 0.1, 1)]);
  return out;
}

/** Calibration the driver reads once. */
export interface Calibration {
  iout: number;
  osc53: number;
  osc57: number;
}

/** Output frequency from V_FOUTPUT and the two oscillator calibrations. */
export function frequency(v: number, c: Calibration): number {
  if (c.osc57 === c.osc53) return 0;
  return (53 + 4 * (v - c.osc53) / (c.osc57 - c.osc53)) * 0.9806 + 1.46;
}

/** What a poll publishes. */
export interface RagtechReading {
  vars: Array<[string, string]>;
  status: string[];
  /** null: no alarm bit set (NUT then leaves ups.alarm as it was) */
  alarms: string[] | null;
}

/** The measurements and status of a main-range read. */
export function reading(
  r: Uint8Array,
  model: RagtechModel,
  va: number,
  c: Calibration,
): RagtechReading {
  const vout = reg(r, 0x9d) * model.vmult;
  const iout = reg(r, 0x8c) * model.imult / c.iout;
  const vars: Array<[string, string]> = [
    ["battery.charge", fixed(reg(r, 0x87) / 2.55, 1)],
    ["battery.voltage", fixed(reg(r, 0x8a) * model.bmult, 2)],
    ["input.voltage", fixed(reg(r, 0x8b) * 1.06, 1)],
    ["output.voltage", fixed(vout, 1)],
    ["output.current", fixed(iout, 2)],
    ["ups.load", fixed(va > 0 ? vout * iout / va * 100 : 0, 1)],
    ["ups.temperature", String(reg(r, 0x8e))],
    ["output.frequency", fixed(frequency(reg(r, 0x97), c), 2)],
  ];
  const st = reg(r, 0x90), fa = reg(r, 0x91);
  const status = [st & 0x40 ? "OB" : "OL"];
  if (fa & 0x01) status.push("LB");
  if (fa & 0x08) status.push("OVER");
  if (st & 0x04) status.push("CAL");
  if (st & 0x03) status.push("RB");
  let alarms: string[] | null = null;
  if (fa & 0xc2) {
    alarms = [];
    if (fa & 0x02) alarms.push("Overtemperature");
    if (fa & 0x40) alarms.push("Inverter fault");
    if (fa & 0x80) alarms.push("Short circuit");
  }
  return { vars, status, alarms };
}
