/**
 * Belkin subdriver (belkin-hid.c, "Belkin/Liebert HID 0.18" in NUT 2.8.0).
 *
 * @module
 */
import { HID_USAGES, type UsageTable } from "../../src/hid/usages.ts";
import {
  BEEPER,
  type Conversion,
  DATE,
  DEFAULT_OFFDELAY,
  DEFAULT_ONDELAY,
  DIV10,
  type HidInfo,
  HU,
  type Lookup,
  possiblySupported,
  RW,
  STR,
  STRINGID,
  type Subdriver,
  type SubdriverMemory,
  type UsbId,
  usbSupport,
} from "./types.ts";

/** A status flag from one bit: `on` when set (or when clear if `inverted`). */
function bitFlag(mask: number, on: string, inverted = false): Conversion {
  return {
    fun: (v) => ((Math.trunc(v) & mask) !== 0) !== inverted ? on : `!${on}`,
  };
}

/** Liebert's plain flags, as functions (any non-zero value sets). */
function nonZero(on: string): Conversion {
  return { fun: (v) => (v ? on : `!${on}`) };
}

const LIEBERT_ONLINE_INFO = nonZero("online");
const LIEBERT_DISCHARGING_INFO = nonZero("dischrg");
const LIEBERT_CHARGING_INFO = nonZero("chrg");
const LIEBERT_LOWBATT_INFO = nonZero("lowbatt");
const LIEBERT_REPLACEBATT_INFO = nonZero("replacebatt");
const LIEBERT_SHUTDOWNIMM_INFO = nonZero("shutdownimm");

/** Exponent fix-ups Liebert firmwares need (learned from a reading, per instance). */
const LIEBERT_SCALE = Symbol("liebert scale");
function liebertScaleOf(memory: SubdriverMemory) {
  return memory.slot(LIEBERT_SCALE, () => ({ config: 1, line: 1 }));
}

const LIEBERT_CONFIG_VOLTAGE_INFO: Conversion = {
  fun(v, ctx) {
    const liebertScale = liebertScaleOf(ctx.memory);
    if (v < 1 && Math.abs(v - 1e-7) < 1e-9) {
      liebertScale.config = 1e8;
      liebertScale.line = 1e7;
    }
    return (v * liebertScale.config).toFixed(1);
  },
};

const LIEBERT_LINE_VOLTAGE_INFO: Conversion = {
  fun(v, ctx) {
    const liebertScale = liebertScaleOf(ctx.memory);
    if (v < 1 && Math.abs(v - 1e-7) < 1e-9) liebertScale.line = 1e7;
    return (v * liebertScale.line).toFixed(1);
  },
};

const BELKIN_FIRMWARE_CONVERSION: Conversion = {
  fun: (v) => String(Math.trunc(v) >> 4),
};

const UPS_TYPES: Record<number, string> = {
  1: "offline",
  2: "line-interactive",
  3: "simple online",
  4: "simple offline",
  5: "simple line-interactive",
};
const BELKIN_UPSTYPE_CONVERSION: Conversion = {
  fun: (v) => UPS_TYPES[Math.trunc(v) & 0x0f] ?? "online",
};

const BELKIN_SENSITIVITY_CONVERSION: Conversion = {
  fun: (v) =>
    ({ 1: "reduced", 2: "low" } as Record<number, string>)[
      Math.trunc(v)
    ] ?? "normal",
};

const BELKIN_TEST_INFO: Lookup = [
  [0, "No test initiated"],
  [1, "Done and passed"],
  [2, "Done and warning"],
  [3, "Done and error"],
  [4, "Aborted"],
  [5, "In progress"],
];

const BELKIN_OVERLOAD_CONVERSION = bitFlag(0x0010, "overload");
const BELKIN_OVERHEAT_CONVERSION = bitFlag(0x0040, "overheat");
const BELKIN_COMMFAULT_CONVERSION = bitFlag(0x0080, "commfault");
const BELKIN_AWAITINGPOWER_CONVERSION = bitFlag(0x2000, "awaitingpower");
const BELKIN_ONLINE_CONVERSION = bitFlag(0x0001, "online", true);
const BELKIN_LOWBATT_CONVERSION = bitFlag(0x0004, "lowbatt");
const BELKIN_DEPLETED_CONVERSION = bitFlag(0x0040, "depleted");
const BELKIN_REPLACEBATT_CONVERSION = bitFlag(0x0080, "replacebatt");

const BELKIN_VENDORID = 0x050d;
const LIEBERT_VENDORID = 0x10af;

/** Vendor usages (belkin_usage_lkp). */
export const BELKIN_USAGES: UsageTable = [
  ["BELKINConfig", 0x00860026],
  ["BELKINConfigVoltage", 0x00860040],
  ["BELKINConfigFrequency", 0x00860042],
  ["BELKINConfigApparentPower", 0x00860043],
  ["BELKINConfigBatteryVoltage", 0x00860044],
  ["BELKINConfigOverloadTransfer", 0x00860045],
  ["BELKINLowVoltageTransfer", 0x00860053],
  ["BELKINHighVoltageTransfer", 0x00860054],
  ["BELKINLowVoltageTransferMax", 0x0086005b],
  ["BELKINLowVoltageTransferMin", 0x0086005c],
  ["BELKINHighVoltageTransferMax", 0x0086005d],
  ["BELKINHighVoltageTransferMin", 0x0086005e],
  ["BELKINControls", 0x00860027],
  ["BELKINLoadOn", 0x00860050],
  ["BELKINLoadOff", 0x00860051],
  ["BELKINLoadToggle", 0x00860052],
  ["BELKINDelayBeforeReboot", 0x00860055],
  ["BELKINDelayBeforeStartup", 0x00860056],
  ["BELKINDelayBeforeShutdown", 0x00860057],
  ["BELKINTest", 0x00860058],
  ["BELKINAudibleAlarmControl", 0x0086005a],
  ["BELKINDevice", 0x00860029],
  ["BELKINVoltageSensitivity", 0x00860074],
  ["BELKINModelString", 0x00860075],
  ["BELKINModelStringOffset", 0x00860076],
  ["BELKINUPSType", 0x0086007c],
  ["BELKINPowerState", 0x0086002a],
  ["BELKINInput", 0x0086001a],
  ["BELKINOutput", 0x0086001c],
  ["BELKINBatterySystem", 0x00860010],
  ["BELKINVoltage", 0x00860030],
  ["BELKINFrequency", 0x00860032],
  ["BELKINPower", 0x00860034],
  ["BELKINPercentLoad", 0x00860035],
  ["BELKINTemperature", 0x00860036],
  ["BELKINCharge", 0x00860039],
  ["BELKINRunTimeToEmpty", 0x0086006c],
  ["BELKINStatus", 0x00860028],
  ["BELKINBatteryStatus", 0x00860022],
  ["BELKINPowerStatus", 0x00860021],
];

/** USB IDs (usb_device_id_t table). */
export const BELKIN_DEVICES: readonly UsbId[] = [
  { vendor: 0x050d, product: 0x0980 },
  { vendor: 0x050d, product: 0x0900 },
  { vendor: 0x050d, product: 0x0910 },
  { vendor: 0x050d, product: 0x0912 },
  { vendor: 0x050d, product: 0x0551 },
  { vendor: 0x050d, product: 0x0750 },
  { vendor: 0x050d, product: 0x0751 },
  { vendor: 0x050d, product: 0x0375 },
  { vendor: 0x050d, product: 0x0f51 },
  { vendor: 0x050d, product: 0x1100 },
  { vendor: 0x10af, product: 0x0004 },
  { vendor: 0x10af, product: 0x0001 },
  { vendor: 0x10af, product: 0x0004 },
  { vendor: 0x10af, product: 0x0008 },
];

const TABLE: readonly HidInfo[] = [
  {
    nut: "battery.charge",
    path: "UPS.BELKINBatterySystem.BELKINCharge",
    dfl: "%.0f",
  },
  {
    nut: "battery.charge.low",
    path: "UPS.PowerSummary.RemainingCapacityLimit",
    dfl: "%.0f",
  },
  {
    nut: "battery.charge.warning",
    path: "UPS.PowerSummary.WarningCapacityLimit",
    dfl: "%.0f",
  },
  {
    nut: "battery.runtime",
    path: "UPS.PowerSummary.RunTimeToEmpty",
    dfl: "%.0f",
  },
  {
    nut: "battery.type",
    path: "UPS.PowerSummary.iDeviceChemistry",
    dfl: "%s",
    lookup: STRINGID,
  },
  {
    nut: "battery.voltage",
    path: "UPS.BELKINBatterySystem.BELKINVoltage",
    dfl: "%s",
    lookup: DIV10,
  },
  {
    nut: "battery.voltage.nominal",
    path: "UPS.BELKINConfig.BELKINConfigBatteryVoltage",
    dfl: "%.0f",
  },
  {
    nut: "input.frequency",
    path: "UPS.BELKINPowerState.BELKINInput.BELKINFrequency",
    dfl: "%s",
    lookup: DIV10,
  },
  {
    nut: "input.frequency.nominal",
    path: "UPS.BELKINConfig.BELKINConfigFrequency",
    dfl: "%.0f",
  },
  {
    nut: "input.sensitivity",
    flags: RW | STR,
    len: 10,
    path: "UPS.BELKINDevice.BELKINVoltageSensitivity",
    dfl: "%s",
    lookup: BELKIN_SENSITIVITY_CONVERSION,
  },
  {
    nut: "input.transfer.high",
    flags: RW | STR,
    len: 10,
    path: "UPS.BELKINConfig.BELKINHighVoltageTransfer",
    dfl: "%.0f",
  },
  {
    nut: "input.transfer.high.max",
    path: "UPS.BELKINConfig.BELKINHighVoltageTransferMax",
    dfl: "%.0f",
  },
  {
    nut: "input.transfer.high.min",
    path: "UPS.BELKINConfig.BELKINHighVoltageTransferMin",
    dfl: "%.0f",
  },
  {
    nut: "input.transfer.low",
    flags: RW | STR,
    len: 10,
    path: "UPS.BELKINConfig.BELKINLowVoltageTransfer",
    dfl: "%.0f",
  },
  {
    nut: "input.transfer.low.max",
    path: "UPS.BELKINConfig.BELKINLowVoltageTransferMax",
    dfl: "%.0f",
  },
  {
    nut: "input.transfer.low.min",
    path: "UPS.BELKINConfig.BELKINLowVoltageTransferMin",
    dfl: "%.0f",
  },
  {
    nut: "input.voltage",
    path: "UPS.BELKINPowerState.BELKINInput.BELKINVoltage",
    dfl: "%s",
    lookup: DIV10,
  },
  {
    nut: "input.voltage.nominal",
    path: "UPS.BELKINConfig.BELKINConfigVoltage",
    dfl: "%.0f",
  },
  {
    nut: "output.frequency",
    path: "UPS.BELKINPowerState.BELKINOutput.BELKINFrequency",
    dfl: "%s",
    lookup: DIV10,
  },
  {
    nut: "output.voltage",
    path: "UPS.BELKINPowerState.BELKINOutput.BELKINVoltage",
    dfl: "%s",
    lookup: DIV10,
  },
  {
    nut: "ups.beeper.status",
    path: "UPS.BELKINControls.BELKINAudibleAlarmControl",
    dfl: "%s",
    lookup: BEEPER,
  },
  {
    nut: "ups.delay.start",
    flags: RW | STR,
    len: 10,
    path: "UPS.BELKINControls.BELKINDelayBeforeStartup",
    dfl: DEFAULT_ONDELAY,
    hu: HU.ABSENT,
  },
  {
    nut: "ups.delay.shutdown",
    flags: RW | STR,
    len: 10,
    path: "UPS.BELKINControls.BELKINDelayBeforeShutdown",
    dfl: DEFAULT_OFFDELAY,
    hu: HU.ABSENT,
  },
  {
    nut: "ups.timer.start",
    path: "UPS.BELKINControls.BELKINDelayBeforeStartup",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "ups.timer.shutdown",
    path: "UPS.BELKINControls.BELKINDelayBeforeShutdown",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "ups.timer.reboot",
    path: "UPS.BELKINControls.BELKINDelayBeforeReboot",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "ups.firmware",
    path: "UPS.BELKINDevice.BELKINUPSType",
    dfl: "%s",
    lookup: BELKIN_FIRMWARE_CONVERSION,
  },
  {
    nut: "ups.load",
    path: "UPS.BELKINPowerState.BELKINOutput.BELKINPercentLoad",
    dfl: "%.0f",
  },
  {
    nut: "ups.load.high",
    path: "UPS.BELKINConfig.BELKINConfigOverloadTransfer",
    dfl: "%.0f",
  },
  {
    nut: "ups.mfr.date",
    path: "UPS.PowerSummary.ManufacturerDate",
    dfl: "%s",
    lookup: DATE,
  },
  {
    nut: "ups.power.nominal",
    path: "UPS.BELKINConfig.BELKINConfigApparentPower",
    dfl: "%.0f",
  },
  {
    nut: "ups.serial",
    path: "UPS.PowerSummary.iSerialNumber",
    dfl: "%s",
    lookup: STRINGID,
  },
  {
    nut: "ups.test.result",
    path: "UPS.BELKINControls.BELKINTest",
    dfl: "%s",
    lookup: BELKIN_TEST_INFO,
  },
  {
    nut: "ups.type",
    path: "UPS.BELKINDevice.BELKINUPSType",
    dfl: "%s",
    lookup: BELKIN_UPSTYPE_CONVERSION,
  },
  {
    nut: "battery.charge",
    path: "UPS.PowerSummary.RemainingCapacity",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "input.frequency",
    path: "UPS.Input.Frequency",
    dfl: "%s",
    lookup: DIV10,
  },
  {
    nut: "input.voltage",
    path: "UPS.Input.Voltage",
    dfl: "%s",
    lookup: LIEBERT_LINE_VOLTAGE_INFO,
  },
  {
    nut: "output.voltage",
    path: "UPS.Output.Voltage",
    dfl: "%s",
    lookup: LIEBERT_LINE_VOLTAGE_INFO,
  },
  {
    nut: "battery.voltage",
    path: "UPS.PowerSummary.Voltage",
    dfl: "%s",
    lookup: LIEBERT_LINE_VOLTAGE_INFO,
  },
  {
    nut: "battery.voltage.nominal",
    path: "UPS.PowerSummary.ConfigVoltage",
    dfl: "%s",
    hu: HU.STATIC,
    lookup: LIEBERT_CONFIG_VOLTAGE_INFO,
  },
  { nut: "ups.load", path: "UPS.Output.PercentLoad", dfl: "%.0f" },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.Discharging",
    hu: HU.QUICK_POLL,
    lookup: LIEBERT_DISCHARGING_INFO,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.Charging",
    hu: HU.QUICK_POLL,
    lookup: LIEBERT_CHARGING_INFO,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.ShutdownImminent",
    lookup: LIEBERT_SHUTDOWNIMM_INFO,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.ACPresent",
    hu: HU.QUICK_POLL,
    lookup: LIEBERT_ONLINE_INFO,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.Discharging",
    hu: HU.QUICK_POLL,
    lookup: LIEBERT_DISCHARGING_INFO,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.Charging",
    hu: HU.QUICK_POLL,
    lookup: LIEBERT_CHARGING_INFO,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.ShutdownImminent",
    lookup: LIEBERT_SHUTDOWNIMM_INFO,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.ACPresent",
    hu: HU.QUICK_POLL,
    lookup: LIEBERT_ONLINE_INFO,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.NeedReplacement",
    hu: HU.QUICK_POLL,
    lookup: LIEBERT_REPLACEBATT_INFO,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.BelowRemainingCapacityLimit",
    hu: HU.QUICK_POLL,
    lookup: LIEBERT_LOWBATT_INFO,
  },
  {
    nut: "BOOL",
    path: "UPS.BELKINStatus.BELKINPowerStatus",
    lookup: BELKIN_OVERLOAD_CONVERSION,
  },
  {
    nut: "BOOL",
    path: "UPS.BELKINStatus.BELKINPowerStatus",
    lookup: BELKIN_OVERHEAT_CONVERSION,
  },
  {
    nut: "BOOL",
    path: "UPS.BELKINStatus.BELKINPowerStatus",
    lookup: BELKIN_COMMFAULT_CONVERSION,
  },
  {
    nut: "BOOL",
    path: "UPS.BELKINStatus.BELKINPowerStatus",
    lookup: BELKIN_AWAITINGPOWER_CONVERSION,
  },
  {
    nut: "BOOL",
    path: "UPS.BELKINStatus.BELKINPowerStatus",
    hu: HU.QUICK_POLL,
    lookup: BELKIN_ONLINE_CONVERSION,
  },
  {
    nut: "BOOL",
    path: "UPS.BELKINStatus.BELKINBatteryStatus",
    hu: HU.QUICK_POLL,
    lookup: BELKIN_DEPLETED_CONVERSION,
  },
  {
    nut: "BOOL",
    path: "UPS.BELKINStatus.BELKINBatteryStatus",
    lookup: BELKIN_REPLACEBATT_CONVERSION,
  },
  {
    nut: "BOOL",
    path: "UPS.BELKINStatus.BELKINBatteryStatus",
    hu: HU.QUICK_POLL,
    lookup: BELKIN_LOWBATT_CONVERSION,
  },
  {
    nut: "test.battery.start.quick",
    path: "UPS.BELKINControls.BELKINTest",
    dfl: "1",
    hu: HU.CMD,
  },
  {
    nut: "test.battery.start.deep",
    path: "UPS.BELKINControls.BELKINTest",
    dfl: "2",
    hu: HU.CMD,
  },
  {
    nut: "test.battery.stop",
    path: "UPS.BELKINControls.BELKINTest",
    dfl: "3",
    hu: HU.CMD,
  },
  {
    nut: "beeper.on",
    path: "UPS.BELKINControls.BELKINAudibleAlarmControl",
    dfl: "2",
    hu: HU.CMD,
  },
  {
    nut: "beeper.off",
    path: "UPS.BELKINControls.BELKINAudibleAlarmControl",
    dfl: "3",
    hu: HU.CMD,
  },
  {
    nut: "beeper.disable",
    path: "UPS.BELKINControls.BELKINAudibleAlarmControl",
    dfl: "1",
    hu: HU.CMD,
  },
  {
    nut: "beeper.enable",
    path: "UPS.BELKINControls.BELKINAudibleAlarmControl",
    dfl: "2",
    hu: HU.CMD,
  },
  {
    nut: "beeper.mute",
    path: "UPS.BELKINControls.BELKINAudibleAlarmControl",
    dfl: "3",
    hu: HU.CMD,
  },
  {
    nut: "load.off",
    path: "UPS.BELKINControls.BELKINDelayBeforeShutdown",
    dfl: "1",
    hu: HU.CMD,
  },
  {
    nut: "load.on",
    path: "UPS.BELKINControls.BELKINDelayBeforeStartup",
    dfl: "1",
    hu: HU.CMD,
  },
  {
    nut: "load.off.delay",
    path: "UPS.BELKINControls.BELKINDelayBeforeShutdown",
    dfl: DEFAULT_OFFDELAY,
    hu: HU.CMD,
  },
  {
    nut: "load.on.delay",
    path: "UPS.BELKINControls.BELKINDelayBeforeStartup",
    dfl: DEFAULT_ONDELAY,
    hu: HU.CMD,
  },
  {
    nut: "shutdown.stop",
    path: "UPS.BELKINControls.BELKINDelayBeforeShutdown",
    dfl: "-1",
    hu: HU.CMD,
  },
  {
    nut: "shutdown.reboot",
    path: "UPS.BELKINControls.BELKINDelayBeforeReboot",
    dfl: "10",
    hu: HU.CMD,
  },
];

/** Belkin/Liebert HID 0.18. */
export const BELKIN: Subdriver = {
  name: "Belkin/Liebert HID 0.18",
  usages: [BELKIN_USAGES, HID_USAGES],
  devices: BELKIN_DEVICES,
  table: TABLE,
  claim(info, ctx) {
    const s = usbSupport(BELKIN_DEVICES, info, ctx);
    if (s === "supported") return true;
    if (s !== "possibly") return false;
    // F5U218-MOB 4-Port USB Hub is no UPS
    if (info.vendorId === BELKIN_VENDORID && info.productId === 0x0218) {
      return false;
    }
    if (ctx.productid) return true;
    const mfr = info.vendorId === LIEBERT_VENDORID ? "Liebert" : "Belkin";
    ctx.log(possiblySupported(mfr, info));
    return false;
  },
  formatMfr(i) {
    const mfr = (i.vendor ?? "Belkin").replace(/^ +/, "");
    return mfr === "" ? "Belkin" : mfr;
  },
  formatModel: (i) => i.product ? i.product : "unknown",
  async formatSerial(i, ctx) {
    if (i.serial !== undefined) return i.serial;
    const s = await ctx.readString("UPS.PowerSummary.iSerialNumber");
    return s ? s : undefined;
  },
};
