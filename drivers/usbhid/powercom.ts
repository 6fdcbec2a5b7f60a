/**
 * Powercom subdriver (powercom-hid.c, "PowerCOM HID 0.6" in NUT 2.8.0).
 *
 * @module
 */
import { HID_USAGES, type UsageTable } from "../../src/hid/usages.ts";
import {
  BOOST,
  CHARGING,
  COMMFAULT,
  type Conversion,
  DATE,
  DEFAULT_OFFDELAY,
  DISCHARGING,
  type HidInfo,
  HU,
  type Lookup,
  type LookupContext,
  LOWBATT,
  NOBATTERY,
  ONLINE,
  OVERLOAD,
  possiblySupported,
  REPLACEBATT,
  RW,
  SHUTDOWNIMM,
  STR,
  STRINGID,
  type Subdriver,
  TEST_READ,
  TIMELIMITEXP,
  TRIM,
  type UsbId,
  usbSupport,
} from "./types.ts";

/** atoi: leading integer of a string, 0 when none. */
function atoi(text: string | undefined): number {
  const m = /^\s*[+-]?\d+/.exec(text ?? "");
  return m ? Number.parseInt(m[0], 10) : 0;
}

/** Startup delay: byte-swapped minutes. */
const POWERCOM_STARTUP_INFO: Conversion = {
  fun(v) {
    const i = Math.trunc(v) & 0xffff;
    return String(60 * (((i & 0x00ff) << 8) + (i >> 8)));
  },
  nuf(text, ctx) {
    const iv = Math.trunc(atoi(text ?? ctx.getVar("ups.delay.start")) / 60);
    if (iv < 0 || iv > 0xffff) return 0;
    return ((iv << 8) & 0xffff) + (iv >> 8);
  },
};

/** Shutdown delay: low byte minutes, high byte seconds; bit 14 = return. */
function shutdownCommand(
  text: string | undefined,
  ctx: LookupContext,
  bit: number,
): number {
  const iv = atoi(text ?? ctx.getVar("ups.delay.shutdown"));
  if (iv < 0 || iv > 0xffff) return 0;
  const val = iv || 1;
  return ((((val % 60) << 8) & 0xffff) + Math.trunc(val / 60)) | bit;
}

const POWERCOM_SHUTDOWN_INFO: Conversion = {
  fun(v) {
    const i = Math.trunc(v) & 0xffff;
    return String(60 * (i & 0x00ff) + (i >> 8));
  },
  nuf: (text, ctx) => shutdownCommand(text, ctx, 0x4000),
};

/** Bit 15: stay off. Reading it publishes nothing (no forward function). */
const POWERCOM_STAYOFF_INFO: Conversion = {
  fun: () => undefined,
  nuf: (text, ctx) => shutdownCommand(text, ctx, 0x8000),
};

const POWERCOM_BEEPER_INFO: Lookup = [[1, "enabled"], [2, "disabled"]];

const POWERCOM_VOLTAGE_CONVERSION: Conversion = {
  fun: (v) => (v * 4).toFixed(0),
};

function bitFlag(mask: number, on: string, inverted = false): Conversion {
  return {
    fun: (v) => ((Math.trunc(v) & mask) !== 0) !== inverted ? on : `!${on}`,
  };
}

const POWERCOM_UPSFAIL_CONVERSION = bitFlag(0x0001, "fanfail");
const POWERCOM_REPLACEBATT_CONVERSION = bitFlag(0x0002, "replacebatt");
const POWERCOM_TEST_CONVERSION = bitFlag(0x0004, "cal");
const POWERCOM_SHUTDOWNIMM_CONVERSION = bitFlag(0x0010, "shutdownimm");
const POWERCOM_ONLINE_CONVERSION = bitFlag(0x0001, "online", true);
const POWERCOM_LOWBATT_CONVERSION = bitFlag(0x0002, "lowbatt");
const POWERCOM_OVERLOAD_CONVERSION = bitFlag(0x0020, "overload");
const POWERCOM_TRIM_CONVERSION: Conversion = {
  fun: (v) => (Math.trunc(v) & 0x0018) === 0x0008 ? "trim" : "!trim",
};
const POWERCOM_BOOST_CONVERSION: Conversion = {
  fun: (v) => (Math.trunc(v) & 0x0018) === 0x0018 ? "boost" : "!boost",
};

/** Vendor usages (powercom_usage_lkp). */
export const POWERCOM_USAGES: UsageTable = [
  ["PowercomUPS", 0x00020004],
  ["PowercomBatterySystem", 0x00020010],
  ["PowercomPowerConverter", 0x00020016],
  ["PowercomInput", 0x0002001a],
  ["PowercomOutput", 0x0002001c],
  ["PowercomVoltage", 0x00020030],
  ["PowercomFrequency", 0x00020032],
  ["PowercomPercentLoad", 0x00020035],
  ["PowercomTemperature", 0x00020036],
  ["PowercomDelayBeforeStartup", 0x00020056],
  ["PowercomDelayBeforeShutdown", 0x00020057],
  ["PowercomTest", 0x00020058],
  ["PowercomShutdownRequested", 0x00020068],
  ["PowercomInternalChargeController", 0x00020081],
  ["PowercomPrimaryBatterySupport", 0x00020082],
  ["PowercomDesignCapacity", 0x00020083],
  ["PowercomSpecificationInfo", 0x00020084],
  ["PowercomManufacturerDate", 0x00020085],
  ["PowercomSerialNumber", 0x00020086],
  ["PowercomManufacturerName", 0x00020087],
  ["POWERCOM1", 0x0084002f],
  ["POWERCOM2", 0xff860060],
  ["POWERCOM3", 0xff860080],
  ["PCMDelayBeforeStartup", 0x00ff0056],
  ["PCMDelayBeforeShutdown", 0x00ff0057],
];

/** USB IDs (usb_device_id_t table). */
export const POWERCOM_DEVICES: readonly UsbId[] = [
  { vendor: 0x0d9f, product: 0x00a2 },
  { vendor: 0x0d9f, product: 0x00a3 },
  { vendor: 0x0d9f, product: 0x00a4 },
  { vendor: 0x0d9f, product: 0x00a5 },
  { vendor: 0x0d9f, product: 0x00a6 },
  { vendor: 0x0d9f, product: 0x0004 },
  { vendor: 0x0d9f, product: 0x0001 },
];

const TABLE: readonly HidInfo[] = [
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.ACPresent",
    lookup: ONLINE,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.BatteryPresent",
    lookup: NOBATTERY,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.BelowRemainingCapacityLimit",
    lookup: LOWBATT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.Charging",
    lookup: CHARGING,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.CommunicationLost",
    lookup: COMMFAULT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.Discharging",
    lookup: DISCHARGING,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.NeedReplacement",
    lookup: REPLACEBATT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.Overload",
    lookup: OVERLOAD,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.RemainingTimeLimitExpired",
    lookup: TIMELIMITEXP,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.ShutdownImminent",
    lookup: SHUTDOWNIMM,
  },
  { nut: "BOOL", path: "UPS.PresentStatus.ACPresent", lookup: ONLINE },
  { nut: "BOOL", path: "UPS.PresentStatus.BatteryPresent", lookup: NOBATTERY },
  {
    nut: "BOOL",
    path: "UPS.PresentStatus.BelowRemainingCapacityLimit",
    lookup: LOWBATT,
  },
  { nut: "BOOL", path: "UPS.PresentStatus.Boost", lookup: BOOST },
  { nut: "BOOL", path: "UPS.PresentStatus.Buck", lookup: TRIM },
  { nut: "BOOL", path: "UPS.PresentStatus.Charging", lookup: CHARGING },
  {
    nut: "BOOL",
    path: "UPS.PresentStatus.CommunicationLost",
    lookup: COMMFAULT,
  },
  { nut: "BOOL", path: "UPS.PresentStatus.Discharging", lookup: DISCHARGING },
  {
    nut: "BOOL",
    path: "UPS.PresentStatus.NeedReplacement",
    lookup: REPLACEBATT,
  },
  { nut: "BOOL", path: "UPS.PresentStatus.Overload", lookup: OVERLOAD },
  {
    nut: "BOOL",
    path: "UPS.PresentStatus.RemainingTimeLimitExpired",
    lookup: TIMELIMITEXP,
  },
  {
    nut: "BOOL",
    path: "UPS.PresentStatus.ShutdownImminent",
    lookup: SHUTDOWNIMM,
  },
  {
    nut: "battery.charge",
    path: "UPS.PowerSummary.RemainingCapacity",
    dfl: "%.0f",
  },
  { nut: "battery.charge", path: "UPS.Battery.RemainingCapacity", dfl: "%.0f" },
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
    nut: "battery.date",
    path: "UPS.Battery.ManufacturerDate",
    dfl: "%s",
    hu: HU.STATIC,
    lookup: DATE,
  },
  {
    nut: "battery.type",
    path: "UPS.PowerSummary.iDeviceChemistry",
    dfl: "%s",
    hu: HU.STATIC,
    lookup: STRINGID,
  },
  {
    nut: "ups.beeper.status",
    path: "UPS.PowerSummary.AudibleAlarmControl",
    dfl: "%s",
    lookup: POWERCOM_BEEPER_INFO,
  },
  {
    nut: "ups.beeper.status",
    path: "UPS.AudibleAlarmControl",
    dfl: "%s",
    lookup: POWERCOM_BEEPER_INFO,
  },
  { nut: "ups.load", path: "UPS.Output.PercentLoad", dfl: "%.0f" },
  {
    nut: "ups.date",
    path: "UPS.PowerSummary.ManufacturerDate",
    dfl: "%s",
    hu: HU.STATIC,
    lookup: DATE,
  },
  {
    nut: "ups.test.result",
    path: "UPS.Battery.Test",
    dfl: "%s",
    lookup: TEST_READ,
  },
  {
    nut: "ups.delay.start",
    flags: RW | STR,
    len: 8,
    path: "UPS.PowerSummary.DelayBeforeStartup",
    dfl: "60",
    hu: HU.ABSENT,
  },
  {
    nut: "ups.timer.start",
    path: "UPS.PowerSummary.DelayBeforeStartup",
    dfl: "%.0f",
    lookup: POWERCOM_STARTUP_INFO,
  },
  {
    nut: "ups.delay.shutdown",
    flags: RW | STR,
    len: 8,
    path: "UPS.PowerSummary.DelayBeforeShutdown",
    dfl: DEFAULT_OFFDELAY,
    hu: HU.ABSENT,
  },
  {
    nut: "ups.timer.shutdown",
    path: "UPS.PowerSummary.DelayBeforeShutdown",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
    lookup: POWERCOM_SHUTDOWN_INFO,
  },
  {
    nut: "ups.delay.shutdown",
    flags: RW | STR,
    len: 8,
    path: "UPS.PowerSummary.PCMDelayBeforeShutdown",
    dfl: DEFAULT_OFFDELAY,
    hu: HU.ABSENT,
  },
  {
    nut: "ups.timer.shutdown",
    path: "UPS.PowerSummary.PCMDelayBeforeShutdown",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
    lookup: POWERCOM_SHUTDOWN_INFO,
  },
  { nut: "input.voltage", path: "UPS.Input.Voltage", dfl: "%.1f" },
  {
    nut: "input.voltage.nominal",
    path: "UPS.Input.ConfigVoltage",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  { nut: "input.frequency", path: "UPS.Input.Frequency", dfl: "%.1f" },
  { nut: "output.voltage", path: "UPS.Output.Voltage", dfl: "%.1f" },
  {
    nut: "output.voltage.nominal",
    path: "UPS.Output.ConfigVoltage",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  { nut: "output.frequency", path: "UPS.Output.Frequency", dfl: "%.1f" },
  {
    nut: "beeper.toggle",
    path: "UPS.PowerSummary.AudibleAlarmControl",
    dfl: "1",
    hu: HU.CMD,
  },
  {
    nut: "beeper.enable",
    path: "UPS.PowerSummary.AudibleAlarmControl",
    dfl: "1",
    hu: HU.CMD,
  },
  {
    nut: "beeper.disable",
    path: "UPS.PowerSummary.AudibleAlarmControl",
    dfl: "0",
    hu: HU.CMD,
  },
  {
    nut: "test.battery.start.quick",
    path: "UPS.Battery.Test",
    dfl: "1",
    hu: HU.CMD,
  },
  {
    nut: "load.on.delay",
    path: "UPS.PowerSummary.DelayBeforeStartup",
    hu: HU.CMD,
    lookup: POWERCOM_STARTUP_INFO,
  },
  {
    nut: "shutdown.return",
    path: "UPS.PowerSummary.DelayBeforeShutdown",
    hu: HU.CMD,
    lookup: POWERCOM_SHUTDOWN_INFO,
  },
  {
    nut: "shutdown.stayoff",
    path: "UPS.PowerSummary.DelayBeforeShutdown",
    hu: HU.CMD,
    lookup: POWERCOM_STAYOFF_INFO,
  },
  {
    nut: "load.on",
    path: "UPS.PowerSummary.PCMDelayBeforeStartup",
    dfl: "0",
    hu: HU.CMD,
    lookup: POWERCOM_STARTUP_INFO,
  },
  {
    nut: "load.off",
    path: "UPS.PowerSummary.PCMDelayBeforeShutdown",
    dfl: "0",
    hu: HU.CMD,
    lookup: POWERCOM_STAYOFF_INFO,
  },
  {
    nut: "shutdown.return",
    path: "UPS.PowerSummary.PCMDelayBeforeShutdown",
    hu: HU.CMD,
    lookup: POWERCOM_SHUTDOWN_INFO,
  },
  {
    nut: "shutdown.stayoff",
    path: "UPS.PowerSummary.PCMDelayBeforeShutdown",
    hu: HU.CMD,
    lookup: POWERCOM_STAYOFF_INFO,
  },
  {
    nut: "ups.serial",
    path: "PowercomUPS.PowercomSerialNumber",
    dfl: "%s",
    lookup: STRINGID,
  },
  {
    nut: "ups.mfr",
    path: "PowercomUPS.PowercomManufacturerName",
    dfl: "%s",
    lookup: STRINGID,
  },
  {
    nut: "ups.mfr.date",
    path: "PowercomUPS.PowercomManufacturerDate",
    dfl: "%s",
    lookup: DATE,
  },
  {
    nut: "battery.temperature",
    path: "PowercomUPS.PowercomBatterySystem.PowercomTemperature",
    dfl: "%.0f",
  },
  { nut: "battery.temperature", path: "UPS.Battery.Temperature", dfl: "%.1f" },
  {
    nut: "battery.charge",
    path: "PowercomUPS.PowercomBatterySystem.PowercomVoltage",
    dfl: "%.0f",
  },
  {
    nut: "input.frequency",
    path: "PowercomUPS.PowercomPowerConverter.PowercomInput.PowercomFrequency",
    dfl: "%.0f",
  },
  {
    nut: "input.voltage",
    path: "PowercomUPS.PowercomPowerConverter.PowercomInput.PowercomVoltage",
    dfl: "%.0f",
    lookup: POWERCOM_VOLTAGE_CONVERSION,
  },
  {
    nut: "output.voltage",
    path: "PowercomUPS.PowercomPowerConverter.PowercomOutput.PowercomVoltage",
    dfl: "%.0f",
    lookup: POWERCOM_VOLTAGE_CONVERSION,
  },
  {
    nut: "ups.load",
    path:
      "PowercomUPS.PowercomPowerConverter.PowercomOutput.PowercomPercentLoad",
    dfl: "%.0f",
  },
  {
    nut: "BOOL",
    path:
      "PowercomUPS.PowercomPowerConverter.PowercomOutput.PowercomInternalChargeController",
    hu: HU.QUICK_POLL,
    lookup: POWERCOM_UPSFAIL_CONVERSION,
  },
  {
    nut: "BOOL",
    path:
      "PowercomUPS.PowercomPowerConverter.PowercomOutput.PowercomInternalChargeController",
    hu: HU.QUICK_POLL,
    lookup: POWERCOM_REPLACEBATT_CONVERSION,
  },
  {
    nut: "BOOL",
    path:
      "PowercomUPS.PowercomPowerConverter.PowercomOutput.PowercomInternalChargeController",
    hu: HU.QUICK_POLL,
    lookup: POWERCOM_TEST_CONVERSION,
  },
  {
    nut: "BOOL",
    path:
      "PowercomUPS.PowercomPowerConverter.PowercomOutput.PowercomInternalChargeController",
    hu: HU.QUICK_POLL,
    lookup: POWERCOM_SHUTDOWNIMM_CONVERSION,
  },
  {
    nut: "BOOL",
    path:
      "PowercomUPS.PowercomPowerConverter.PowercomOutput.PowercomPrimaryBatterySupport",
    hu: HU.QUICK_POLL,
    lookup: POWERCOM_ONLINE_CONVERSION,
  },
  {
    nut: "BOOL",
    path:
      "PowercomUPS.PowercomPowerConverter.PowercomOutput.PowercomPrimaryBatterySupport",
    hu: HU.QUICK_POLL,
    lookup: POWERCOM_LOWBATT_CONVERSION,
  },
  {
    nut: "BOOL",
    path:
      "PowercomUPS.PowercomPowerConverter.PowercomOutput.PowercomPrimaryBatterySupport",
    hu: HU.QUICK_POLL,
    lookup: POWERCOM_TRIM_CONVERSION,
  },
  {
    nut: "BOOL",
    path:
      "PowercomUPS.PowercomPowerConverter.PowercomOutput.PowercomPrimaryBatterySupport",
    hu: HU.QUICK_POLL,
    lookup: POWERCOM_BOOST_CONVERSION,
  },
  {
    nut: "BOOL",
    path:
      "PowercomUPS.PowercomPowerConverter.PowercomOutput.PowercomPrimaryBatterySupport",
    hu: HU.QUICK_POLL,
    lookup: POWERCOM_OVERLOAD_CONVERSION,
  },
  {
    nut: "output.frequency",
    path: "PowercomUPS.PowercomPowerConverter.PowercomOutput.PowercomFrequency",
    dfl: "%.0f",
  },
  {
    nut: "ups.test.result",
    path: "PowercomUPS.PowercomPowerConverter.PowercomTest",
    dfl: "%s",
    lookup: TEST_READ,
  },
  {
    nut: "ups.delay.shutdown",
    path: "PowercomUPS.PowercomPowerConverter.PowercomDelayBeforeShutdown",
    dfl: "%.0f",
  },
  {
    nut: "ups.delay.start",
    path: "PowercomUPS.PowercomPowerConverter.PowercomDelayBeforeStartup",
    dfl: "%.0f",
  },
  {
    nut: "load.off",
    path: "PowercomUPS.PowercomPowerConverter.PowercomDelayBeforeShutdown",
    dfl: "0",
    hu: HU.CMD,
  },
];

/** PowerCOM HID 0.6. */
export const POWERCOM: Subdriver = {
  name: "PowerCOM HID 0.6",
  usages: [POWERCOM_USAGES, HID_USAGES],
  devices: POWERCOM_DEVICES,
  table: TABLE,
  claim(info, ctx) {
    const s = usbSupport(POWERCOM_DEVICES, info, ctx);
    if (s === "supported") {
      // the oldest models only answer on the interrupt pipe, 8 bytes
      if (info.productId === 0x0001) {
        ctx.tweak({ interruptOnly: true, interruptSize: 8 });
      }
      return true;
    }
    if (s !== "possibly") return false;
    if (info.productId === 0x0002) {
      ctx.log(
        "This Powercom device (0d9f/0002) is not supported by usbhid-ups.\n" +
          "Please use the 'powercom' driver instead.\n",
      );
      return false;
    }
    if (ctx.productid) return true;
    ctx.log(possiblySupported("PowerCOM", info));
    return false;
  },
  formatMfr: (i) => i.vendor ?? "PowerCOM",
  formatModel: (i) => i.product,
  formatSerial: (i) => i.serial,
};
