/**
 * Register maps of the Modbus UPSes NUT drives, written from the facts of
 * NUT's drivers: Phoenix Contact QUINT-UPS (input registers 29697..29840)
 * and Socomec JBUS units (holding registers 0x1000..0x1090). Each takes a
 * few knobs the tests turn.
 *
 * @module
 */
import { RegisterMap } from "../../src/modbus/device.ts";

/** QUINT-UPS/24DC state. */
export interface PhoenixState {
  onBattery?: boolean;
  shutdownEvent?: boolean;
  charging?: boolean;
  alarms?: number;
}

/** A QUINT-UPS/24DC (unit 192). */
export function phoenixMap(s: PhoenixState = {}): RegisterMap {
  return new RegisterMap()
    .set(
      "input",
      29697,
      s.onBattery ? 1 : 0,
      s.shutdownEvent ? 1 : 0,
      s.charging ? 1 : 0,
    )
    .set("input", 29745, s.onBattery ? 23_480 : 24_120)
    .set("input", 29749, s.onBattery ? 71 : 100, 42, 0, 0, 0)
    .set(
      "input",
      29792,
      27_310,
      301,
      0,
      s.onBattery ? 38 : 54,
      0,
      0,
      2_250,
      0,
      38,
      0,
    )
    .set("input", 29840, s.alarms ?? 0);
}

/** A Socomec unit's identity and state. */
export interface SocomecState {
  code?: number;
  kva10?: number;
  serial?: string;
  threePhase?: boolean;
  /** minutes; undefined: on mains (0xFFFF) */
  runtime?: number;
  alarms?: [number, number, number, number];
  ambient?: number;
}

const words = (text: string) => {
  const out: number[] = [];
  for (let i = 0; i < 10; i += 2) {
    out.push((text.charCodeAt(i) || 0) | ((text.charCodeAt(i + 1) || 0) << 8));
  }
  return out;
};

/** A Socomec JBUS unit (unit 1). */
export function socomecMap(s: SocomecState = {}): RegisterMap {
  const m = new RegisterMap();
  m.set(
    "holding",
    0x1000,
    s.code ?? 515,
    s.kva10 ?? 100,
    0,
    ...words(s.serial ?? "DX01234567"),
    0,
    0,
    0,
    0,
  );
  const cfg = new Array(32).fill(0);
  cfg.splice(0, 4, 230, 231, 50, 50);
  cfg[8] = 650;
  cfg[9] = 32;
  m.set("holding", 0x10e0, ...cfg);
  // 14:07:33 on 2026-12-07: (min, sec) (day, hour) (month, -) (year)
  m.set("holding", 0x1360, (7 << 8) | 33, (7 << 8) | 14, 12 << 8, 26);
  m.set("holding", 0x1020, 0x000f, 0x0c01, 1, 0, 0x1244, 0);
  m.set("holding", 0x1040, ...(s.alarms ?? [0, 0, 0, 0]));
  const meas = new Array(48).fill(0);
  if (s.threePhase) {
    meas.splice(0, 4, 31, 28, 35, 33);
    meas.splice(6, 6, 229, 230, 231, 230, 229, 231);
    meas.splice(15, 3, 14, 12, 0xffff);
  } else {
    meas.splice(0, 3, 42, 0xffff, 0xffff);
    meas[6] = 229;
    meas[9] = 230;
    meas[15] = 9;
  }
  meas[4] = s.runtime === undefined ? 100 : 64;
  meas[5] = 655;
  meas.splice(
    18,
    7,
    501,
    499,
    2_715,
    0,
    s.ambient ?? 0xffff,
    s.runtime ?? 0xffff,
    s.runtime === undefined ? 0 : 123,
  );
  m.set("holding", 0x1060, ...meas);
  return m;
}

/** A Huawei UPS2000's state. */
export interface Ups2000State {
  model?: string;
  /** 1024: 0 off, 1 bypass, 2 on line, 3 on battery, 5 eco */
  mode?: number;
  /** 2002: 2 resting, 3/4 charging, 5 discharging */
  charger?: number;
  /** 1043 bits: 2 self-test, 6 low battery */
  flags?: number;
  /** [register 40156.., bits] pairs */
  alarms?: Array<[number, number]>;
  beeperDisabled?: boolean;
  /** the 0x87 device count */
  units?: number;
}

/** A Huawei UPS2000 (unit 1) with its 0x2B/0x0E identification. */
export function ups2000Map(s: Ups2000State = {}): RegisterMap {
  const m = new RegisterMap();
  m.set("holding", 11000, ...new Array(60).fill(0));
  m.set("holding", 12000, ...new Array(40).fill(0));
  m.set("holding", 11000, 2301, 0, 0, 500, 2298, 0, 0, 501, 2300);
  m.set("holding", 11011, 23, 0, 0, 500, 45, 0, 0, 52, 0, 0, 215);
  m.set("holding", 11024, s.mode ?? 2);
  m.set("holding", 11027, 312);
  m.set("holding", 11043, s.flags ?? 0);
  m.set("holding", 11046, s.beeperDisabled ? 1 : 0);
  m.set("holding", 12000, 272, 0, s.charger ?? 3, 100, 0, 5400, 0, 1);
  m.set("holding", 12033, 9);
  m.set("holding", 19009, 100);
  const alarms = new Array(27).fill(0);
  for (const [reg, bit] of s.alarms ?? []) alarms[reg - 40156] |= 1 << bit;
  m.set("holding", 41180, ...alarms);
  const desc = `1=${
    s.model ?? "UPS2000A"
  };2=V100R001C01SPC120;3=P1.0-D1.0;4=2102290591QFH1000123;5=0;6=0;`;
  const n = s.units ?? 1;
  m.raw = (pdu) =>
    pdu[0] === 0x2b
      ? new Uint8Array([
        0x2b,
        0x0e,
        0x03,
        0x03,
        0x00,
        0x00,
        0x02,
        0x87,
        4,
        n >>> 24,
        (n >> 16) & 0xff,
        (n >> 8) & 0xff,
        n & 0xff,
        0x88,
        desc.length,
        ...[...desc].map((c) => c.charCodeAt(0)),
      ])
      : null;
  return m;
}

/** An ADELSYSTEM CB/CBI state: register offsets from 40001 and values. */
export type AdelState = Record<number, number>;

/** An ADELSYSTEM CBI DC-UPS (unit 5): 120 holding registers from 0. */
export function adelMap(s: AdelState = {}): RegisterMap {
  const regs = new Array(120).fill(0);
  // charging (bulk), mains on, 27.6 V battery, 24.1 V / 3.2 A load
  Object.assign(regs, {
    4: 2,
    5: 1,
    7: 27_600,
    10: 24_100,
    19: 3_200,
    22: 985,
    25: 298,
    28: 311,
    29: 229,
    67: 4,
    103: 95,
  }, s);
  return new RegisterMap().set("holding", 0, ...regs);
}

/** A MUST EP2000Pro's state: register numbers (30000.., 31000..) and values. */
export type MustState = Record<number, number>;

/** A MUST EP2000Pro (unit 10): 24 V, 2000 W, on line, boost, charging. */
export function mustMap(s: MustState = {}): RegisterMap {
  const m = new RegisterMap();
  const base = [
    0,
    112,
    4,
    24,
    2000,
    2295,
    500,
    2301,
    500,
    38,
    812,
    0,
    41,
    0,
    272,
    54,
    0,
    87,
    36,
    2,
    0,
    0,
    0,
    1,
    1,
    0,
    0,
  ];
  m.set("holding", 30000, ...base);
  m.set("holding", 31000, 0, 230, 210, 282, 276, 20, 0, 0, 0, 1);
  m.set("holding", 31010, ...new Array(8).fill(0));
  m.set("holding", 32000, 0, 0, 0);
  for (const [reg, v] of Object.entries(s)) m.set("holding", Number(reg), v);
  return m;
}

/** Registers of an APC Smart-UPS (Modbus map MPAO-98KJ7F) to override. */
export type ApcState = Record<number, number>;

/** Text as APC strings: two characters a register, NUL padded. */
export function apcText(text: string, regs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < regs; i++) {
    out.push(
      ((text.charCodeAt(2 * i) || 0) << 8) | (text.charCodeAt(2 * i + 1) || 0),
    );
  }
  return out;
}

/** Days since 2000-01-01. */
export const apcDays = (iso: string) =>
  Math.round(Date.parse(`${iso}T00:00:00Z`) / 86400_000) - 10957;

/**
 * A Smart-UPS 2200 (unit 1) with the main and one switched outlet group,
 * on line at 23.5 % load.
 */
export function apcMap(s: ApcState = {}): RegisterMap {
  const m = new RegisterMap();
  for (const [at, n] of [[0, 27], [128, 44], [516, 120], [1026, 22]]) {
    m.set("holding", at!, ...new Array(n!).fill(0));
  }
  m.set("holding", 1536, ...new Array(8).fill(0));
  m.set("holding", 0, 0, 2, 8, 0, 1, 0, 0, 0); // MOG on, SOG0 off
  m.set("holding", 23, 4 | 64);
  m.set("holding", 128, 0, 3540, 100 * 512, 874);
  m.set("holding", 133, apcDays("2028-05-01"), 0, 3264, 6016, 0, 6400);
  m.set("holding", 140, 80, 0, 14720, 0, 6400, 1, 57920);
  m.set("holding", 151, 14688, 0, 0, 12224, 0xffff, 0, 0, 120, 30, 0);
  m.set("holding", 161, 0, 0);
  m.set("holding", 516, ...apcText("UPS 09.8 / ID=20", 8));
  m.set("holding", 532, ...apcText("Smart-UPS 2200", 16));
  m.set("holding", 564, ...apcText("AS1234567890", 8));
  m.set("holding", 588, 2200, 1980, 3, apcDays("2021-03-15"));
  m.set("holding", 595, apcDays("2023-06-01"), ...apcText("apcups", 8));
  m.set("holding", 604, ...apcText("Main", 8), ...apcText("Group1", 8));
  m.set("holding", 1026, 253, 200, 0, 90, 0, 0, 8, 0, 30, 10, 0, 8);
  for (const [reg, v] of Object.entries(s)) m.set("holding", Number(reg), v);
  return m;
}
