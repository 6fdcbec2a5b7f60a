/**
 * Huawei UPS2000 (1-3 kVA) register tables, from NUT 2.8.0's
 * `huawei-ups2000` facts. Register numbers are the datasheet's; the Modbus
 * address is the number plus 10000 (alarms: plus 1024, read as one block
 * of 27 from 40156).
 *
 * @module
 */

/** A measured value: register, printf format, type, divisor. */
export interface Ups2000Var {
  name: string;
  reg: number;
  type: "float" | "u16" | "u32";
  /** digits after the point */
  decimals: number;
  /** the raw value is divided by this (as a C float) */
  scaling: number;
}

/** upsdrv_updateinfo's values (11000 x28, 12000 x34, 19009). */
export const UPS2000_VARS: readonly Ups2000Var[] = [
  { name: "input.voltage", reg: 1000, type: "float", decimals: 1, scaling: 10 },
  {
    name: "input.frequency",
    reg: 1003,
    type: "float",
    decimals: 1,
    scaling: 10,
  },
  {
    name: "input.bypass.voltage",
    reg: 1004,
    type: "float",
    decimals: 1,
    scaling: 10,
  },
  {
    name: "input.bypass.frequency",
    reg: 1007,
    type: "float",
    decimals: 1,
    scaling: 10,
  },
  {
    name: "output.voltage",
    reg: 1008,
    type: "float",
    decimals: 1,
    scaling: 10,
  },
  {
    name: "output.current",
    reg: 1011,
    type: "float",
    decimals: 1,
    scaling: 10,
  },
  {
    name: "output.frequency",
    reg: 1014,
    type: "float",
    decimals: 1,
    scaling: 10,
  },
  {
    name: "output.realpower",
    reg: 1015,
    type: "float",
    decimals: 1,
    scaling: 0.01,
  },
  {
    name: "output.power",
    reg: 1018,
    type: "float",
    decimals: 1,
    scaling: 0.01,
  },
  { name: "ups.load", reg: 1021, type: "float", decimals: 1, scaling: 10 },
  {
    name: "ups.temperature",
    reg: 1027,
    type: "float",
    decimals: 1,
    scaling: 10,
  },
  {
    name: "battery.voltage",
    reg: 2000,
    type: "float",
    decimals: 1,
    scaling: 10,
  },
  { name: "battery.charge", reg: 2003, type: "u16", decimals: 1, scaling: 1 },
  { name: "battery.runtime", reg: 2004, type: "u32", decimals: 0, scaling: 1 },
  { name: "battery.packs", reg: 2007, type: "u16", decimals: 0, scaling: 1 },
  { name: "battery.capacity", reg: 2033, type: "u16", decimals: 0, scaling: 1 },
  {
    name: "ups.power.nominal",
    reg: 9009,
    type: "float",
    decimals: 0,
    scaling: 0.01,
  },
];

/** A status flag: a value the register equals, or a bit it has set. */
export interface Ups2000Flag {
  status: string;
  val?: number;
  bit?: number;
  charger?: string;
}

/** Status registers; `mustMatch`: a value no flag matches is an error. */
export const UPS2000_STATUS: ReadonlyArray<
  { reg: number; mustMatch: boolean; flags: readonly Ups2000Flag[] }
> = [
  {
    reg: 1024,
    mustMatch: true,
    flags: [
      { status: "OFF", val: 0 },
      { status: "BYPASS", val: 1 },
      { status: "OL", val: 2 },
      { status: "OB", val: 3 },
      { status: "OL ECO", val: 5 },
    ],
  },
  {
    reg: 1043,
    mustMatch: false,
    flags: [{ status: "CAL", bit: 2 }, { status: "LB", bit: 6 }],
  },
  {
    // 3 float and 4 equalization charging both count as charging
    reg: 2002,
    mustMatch: true,
    flags: [
      { status: "", val: 2, charger: "resting" },
      { status: "CHRG", val: 3, charger: "charging" },
      { status: "CHRG", val: 4, charger: "charging" },
      { status: "DISCHRG", val: 5, charger: "discharging" },
    ],
  },
];

/** An alarm bit: register, bit, alarm and cause ids, status word, name. */
export interface Ups2000Alarm {
  reg: number;
  bit: number;
  id: number;
  cause: number;
  status?: string;
  name: string;
  /** LOG_ALERT (error) or LOG_WARNING */
  error: boolean;
}

const a = (
  reg: number,
  bit: number,
  id: number,
  cause: number,
  name: string,
  error: boolean,
  status?: string,
): Ups2000Alarm =>
  status ? { reg, bit, id, cause, name, error, status } : {
    reg,
    bit,
    id,
    cause,
    name,
    error,
  };

/** The alarms NUT decodes (register 40161 also means "no bypass"). */
export const UPS2000_ALARMS: readonly Ups2000Alarm[] = [
  a(40156, 3, 30, 1, "UPS internal overtemperature", true),
  a(40161, 1, 10, 1, "Abnormal bypass voltage", false),
  a(40161, 2, 10, 2, "Abnormal bypass frequency", false),
  a(40163, 3, 25, 1, "Battery overvoltage", false),
  a(40164, 1, 29, 1, "Battery needs maintenance", false, "RB"),
  a(40164, 3, 26, 1, "Battery undervoltage", false),
  a(40170, 4, 22, 1, "Battery disconnected", true),
  a(40173, 5, 66, 1, "Output overload (105%-110%)", true, "OVER"),
  a(40173, 3, 66, 2, "Output overload (110%-130%)", true, "OVER"),
  a(40174, 0, 14, 1, "UPS startup timeout", true),
  a(40179, 14, 42, 15, "Rectifier fault (internal fault)", true),
  a(40179, 15, 42, 17, "Rectifier fault (internal fault)", true),
  a(40180, 1, 42, 18, "Rectifier fault (internal fault)", true),
  a(40180, 5, 42, 24, "EEPROM fault (internal fault)", true),
  a(40180, 6, 42, 27, "Inverter fault (internal fault)", true),
  a(40180, 7, 42, 28, "Inverter fault (internal fault)", true),
  a(40180, 10, 42, 31, "Inverter fault (internal fault)", true),
  a(40180, 11, 42, 32, "UPS internal overtemperature", true),
  a(40180, 13, 42, 36, "Charger fault (internal fault)", true),
  a(40182, 4, 42, 42, "Charger fault (internal fault)", true),
  a(40182, 13, 66, 3, "Output overload shutdown", true, "OVER"),
  a(40182, 14, 66, 4, "Bypass output overload shutdown", true, "OVER"),
];

/** Delays: variable, ups.conf name, bounds and step in seconds. */
export const UPS2000_DELAYS = [
  { name: "ups.delay.shutdown", conf: "offdelay", min: 6, max: 5940, step: 6 },
  { name: "ups.delay.reboot", conf: "rebootdelay", min: 6, max: 5940, step: 6 },
  { name: "ups.delay.start", conf: "ondelay", min: 60, max: 5940, step: 60 },
] as const;

/** Instant commands written as registers: [register, value] pairs. */
export const UPS2000_WRITES: Readonly<
  Record<string, ReadonlyArray<[number, number]>>
> = {
  "test.battery.start.quick": [[2028, 1]],
  "test.battery.start.deep": [[2021, 1]],
  "test.battery.stop": [[2023, 1]],
  "beeper.enable": [[1046, 0]],
  "beeper.disable": [[1046, 1]],
  "load.off": [[1045, 0], [1030, 1]],
  "bypass.stop": [[1029, 1], [1045, 0]],
};

/** Every command, in NUT's order. */
export const UPS2000_CMDS: readonly string[] = [
  ...Object.keys(UPS2000_WRITES),
  "load.on",
  "bypass.start",
  "beeper.toggle",
  "shutdown.stayoff",
  "shutdown.return",
  "shutdown.reboot",
  "shutdown.reboot.graceful",
];

/** Models NUT accepts. */
export const UPS2000_MODELS: readonly string[] = ["UPS2000", "UPS2000A"];
