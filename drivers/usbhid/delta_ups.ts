/**
 * Delta_Ups subdriver (delta_ups-hid.c, "Delta UPS HID 0.6" in NUT 2.8.0).
 *
 * @module
 */
import { HID_USAGES, type UsageTable } from "../../src/hid/usages.ts";
import {
  AWAITINGPOWER,
  BEEPER,
  BOOST,
  CHARGING,
  COMMFAULT,
  type Conversion,
  DEFAULT_OFFDELAY,
  DEFAULT_ONDELAY,
  DEPLETED,
  DISCHARGING,
  FULLYCHARGED,
  type HidInfo,
  HU,
  KELVIN_CELSIUS,
  type Lookup,
  LOWBATT,
  NOBATTERY,
  OFF,
  ONLINE,
  OVERHEAT,
  OVERLOAD,
  REPLACEBATT,
  RW,
  SHUTDOWNIMM,
  standardClaim,
  STR,
  STRINGID,
  type Subdriver,
  TEST_READ,
  TRIM,
  type UsbId,
  VRANGE,
  YES_NO,
} from "./types.ts";

const DELTA_UPS_SENSITIVITY_INFO: Lookup = [
  [0, "normal"],
  [1, "reduced"],
  [2, "low"],
];

const UPS_TYPES = [
  "online",
  "offline",
  "line-interactive",
  "3-phase",
  "split-phase",
];
const DELTA_UPS_TYPE_INFO: Conversion = {
  fun(v) {
    let type = Math.trunc(v) & 0xf;
    if (type === 6) type = 4;
    else if (type > 2 && type <= 5) type -= 2;
    return UPS_TYPES[type];
  },
};

const DELTA_UPS_OUTPUT_SOURCE_INFO: Lookup = [
  [0, "normal"],
  [1, "battery"],
  [2, "bypass/reserve"],
  [3, "reducing"],
  [4, "boosting"],
  [5, "manual bypass"],
  [6, "other"],
  [7, "no output"],
  [8, "on eco"],
];

/** Vendor usages (delta_ups_usage_lkp). */
export const DELTA_UPS_USAGES: UsageTable = [
  ["DELTA1", 0x00000000],
  ["DELTA2", 0xff000055],
  ["DeltaCustom", 0xffff0010],
  ["DELTA4", 0xffff0056],
  ["DeltaConfigTransferLowMax", 0xffff0057],
  ["DeltaConfigTransferLowMin", 0xffff0058],
  ["DeltaConfigTransferHighMax", 0xffff0059],
  ["DeltaConfigTransferHighMin", 0xffff005a],
  ["DELTA9", 0xffff0060],
  ["DeltaConfigExternalBatteryPack", 0xffff0061],
  ["DELTA11", 0xffff0062],
  ["DELTA12", 0xffff0063],
  ["DELTA13", 0xffff0064],
  ["DELTA14", 0xffff0065],
  ["DELTA15", 0xffff0066],
  ["DELTA16", 0xffff0067],
  ["DELTA17", 0xffff0068],
  ["DeltaModelName", 0xffff0075],
  ["DELTA19", 0xffff0076],
  ["DeltaUPSType", 0xffff007c],
  ["DELTA21", 0xffff007d],
  ["DeltaConfigStartPowerRestoreDelay", 0xffff0081],
  ["DeltaOutputSource", 0xffff0091],
  ["DELTA24", 0xffff0092],
  ["DELTA25", 0xffff0093],
  ["DELTA26", 0xffff0094],
  ["DELTA27", 0xffff0095],
  ["DELTA28", 0xffff0096],
  ["DELTA29", 0xffff0097],
  ["DELTA30", 0xffff0098],
  ["DELTA31", 0xffff0099],
  ["DELTA32", 0xffff009a],
  ["DeltaConfigSensitivity", 0xffff009b],
  ["DeltaConfigStartPowerRestore", 0xffff009c],
];

/** USB IDs (usb_device_id_t table). */
export const DELTA_UPS_DEVICES: readonly UsbId[] = [
  { vendor: 0x05dd, product: 0x041b },
];

const TABLE: readonly HidInfo[] = [
  {
    nut: "input.sensitivity",
    flags: RW,
    path: "UPS.DeltaCustom.[1].DeltaConfigSensitivity",
    dfl: "%s",
    lookup: DELTA_UPS_SENSITIVITY_INFO,
  },
  {
    nut: "input.voltage.nominal",
    path: "UPS.PowerSummary.Input.ConfigVoltage",
    dfl: "%.1f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "input.voltage",
    path: "UPS.PowerSummary.Input.Voltage",
    dfl: "%.1f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "input.voltage",
    path: "UPS.PowerConverter.Input.Voltage",
    dfl: "%.1f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "input.transfer.low",
    flags: RW,
    path: "UPS.PowerConverter.Output.LowVoltageTransfer",
    dfl: "%.1f",
  },
  {
    nut: "input.transfer.high",
    flags: RW,
    path: "UPS.PowerConverter.Output.HighVoltageTransfer",
    dfl: "%.1f",
  },
  {
    nut: "input.transfer.low.min",
    path: "UPS.PowerConverter.Output.DeltaConfigTransferLowMin",
    dfl: "%.1f",
    hu: HU.STATIC,
  },
  {
    nut: "input.transfer.low.max",
    path: "UPS.PowerConverter.Output.DeltaConfigTransferLowMax",
    dfl: "%.1f",
    hu: HU.STATIC,
  },
  {
    nut: "input.transfer.high.min",
    path: "UPS.PowerConverter.Output.DeltaConfigTransferHighMin",
    dfl: "%.1f",
    hu: HU.STATIC,
  },
  {
    nut: "input.transfer.high.max",
    path: "UPS.PowerConverter.Output.DeltaConfigTransferHighMax",
    dfl: "%.1f",
    hu: HU.STATIC,
  },
  {
    nut: "input.source",
    path: "UPS.OutletSystem.Outlet.DeltaOutputSource",
    dfl: "%s",
    lookup: DELTA_UPS_OUTPUT_SOURCE_INFO,
  },
  {
    nut: "input.frequency",
    path: "UPS.PowerConverter.Input.Frequency",
    dfl: "%.1f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "battery.voltage.nominal",
    path: "UPS.BatterySystem.Battery.ConfigVoltage",
    dfl: "%.1f",
    hu: HU.STATIC,
  },
  {
    nut: "battery.voltage",
    path: "UPS.BatterySystem.Battery.Voltage",
    dfl: "%.1f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "battery.charge",
    path: "UPS.PowerSummary.RemainingCapacity",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "battery.charge",
    path: "UPS.BatterySystem.Battery.RemainingCapacity",
    dfl: "%.0f",
  },
  {
    nut: "battery.charge.low",
    flags: RW | STR,
    len: 5,
    path: "UPS.PowerSummary.RemainingCapacityLimit",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "battery.charge.warning",
    path: "UPS.PowerSummary.WarningCapacityLimit",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "battery.temperature",
    path: "UPS.BatterySystem.Temperature",
    dfl: "%s",
    hu: HU.QUICK_POLL,
    lookup: KELVIN_CELSIUS,
  },
  {
    nut: "battery.runtime",
    path: "UPS.PowerSummary.RunTimeToEmpty",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "battery.type",
    path: "UPS.PowerSummary.iDeviceChemistry",
    dfl: "%s",
    hu: HU.STATIC,
    lookup: STRINGID,
  },
  {
    nut: "battery.capacity",
    path: "UPS.PowerSummary.DesignCapacity",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "battery.capacity",
    path: "UPS.PowerSummary.FullChargeCapacity",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "output.voltage.nominal",
    path: "UPS.Flow.ConfigVoltage",
    dfl: "%.1f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "output.frequency.nominal",
    path: "UPS.Flow.ConfigFrequency",
    dfl: "%.1f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "output.voltage",
    path: "UPS.PowerConverter.Output.Voltage",
    dfl: "%.1f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "output.frequency",
    path: "UPS.PowerConverter.Output.Frequency",
    dfl: "%.1f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "output.current",
    path: "UPS.PowerConverter.Output.Current",
    dfl: "%.1f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "ups.beeper.status",
    path: "UPS.PowerSummary.AudibleAlarmControl",
    dfl: "%s",
    hu: HU.QUICK_POLL,
    lookup: BEEPER,
  },
  {
    nut: "ups.test.result",
    path: "UPS.BatterySystem.Test",
    dfl: "%s",
    lookup: TEST_READ,
  },
  {
    nut: "ups.type",
    path: "UPS.DeltaCustom.[1].DeltaUPSType",
    dfl: "%s",
    hu: HU.STATIC,
    lookup: DELTA_UPS_TYPE_INFO,
  },
  {
    nut: "ups.start.auto",
    flags: RW,
    path: "UPS.DeltaCustom.[1].DeltaConfigStartPowerRestore",
    dfl: "%s",
    lookup: YES_NO,
  },
  {
    nut: "ups.power.nominal",
    path: "UPS.Flow.ConfigApparentPower",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "ups.realpower",
    path: "UPS.OutletSystem.Outlet.ActivePower",
    dfl: "%.1f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "ups.realpower",
    path: "UPS.PowerConverter.Output.ActivePower",
    dfl: "%.1f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "ups.load",
    path: "UPS.OutletSystem.Outlet.PercentLoad",
    dfl: "%.1f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "ups.delay.start",
    flags: RW,
    path: "UPS.OutletSystem.Outlet.DeltaConfigStartPowerRestoreDelay",
    dfl: "%.0f",
  },
  {
    nut: "ups.timer.start",
    path: "UPS.OutletSystem.Outlet.DelayBeforeStartup",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "ups.timer.shutdown",
    path: "UPS.OutletSystem.Outlet.DelayBeforeShutdown",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "ups.timer.reboot",
    path: "UPS.OutletSystem.Outlet.DelayBeforeReboot",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.Good",
    hu: HU.QUICK_POLL,
    lookup: OFF,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.InternalFailure",
    hu: HU.QUICK_POLL,
    lookup: COMMFAULT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.ShutdownImminent",
    hu: HU.QUICK_POLL,
    lookup: SHUTDOWNIMM,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.ACPresent",
    hu: HU.QUICK_POLL,
    lookup: ONLINE,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.BelowRemainingCapacityLimit",
    hu: HU.QUICK_POLL,
    lookup: LOWBATT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.FullyCharged",
    hu: HU.QUICK_POLL,
    lookup: FULLYCHARGED,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.Charging",
    hu: HU.QUICK_POLL,
    lookup: CHARGING,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.Discharging",
    hu: HU.QUICK_POLL,
    lookup: DISCHARGING,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.FullyDischarged",
    hu: HU.QUICK_POLL,
    lookup: DEPLETED,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.NeedReplacement",
    hu: HU.QUICK_POLL,
    lookup: REPLACEBATT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.PresentStatus.VoltageOutOfRange",
    hu: HU.QUICK_POLL,
    lookup: VRANGE,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.PresentStatus.Buck",
    hu: HU.QUICK_POLL,
    lookup: TRIM,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.PresentStatus.Boost",
    hu: HU.QUICK_POLL,
    lookup: BOOST,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.PresentStatus.Overload",
    hu: HU.QUICK_POLL,
    lookup: OVERLOAD,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.PresentStatus.Used",
    hu: HU.QUICK_POLL,
    lookup: NOBATTERY,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.PresentStatus.OverTemperature",
    hu: HU.QUICK_POLL,
    lookup: OVERHEAT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.PresentStatus.InternalFailure",
    hu: HU.QUICK_POLL,
    lookup: COMMFAULT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.PresentStatus.AwaitingPower",
    hu: HU.QUICK_POLL,
    lookup: AWAITINGPOWER,
  },
  {
    nut: "beeper.on",
    path: "UPS.PowerSummary.AudibleAlarmControl",
    dfl: "2",
    hu: HU.CMD,
  },
  {
    nut: "beeper.off",
    path: "UPS.PowerSummary.AudibleAlarmControl",
    dfl: "3",
    hu: HU.CMD,
  },
  {
    nut: "beeper.enable",
    path: "UPS.PowerSummary.AudibleAlarmControl",
    dfl: "2",
    hu: HU.CMD,
  },
  {
    nut: "beeper.disable",
    path: "UPS.PowerSummary.AudibleAlarmControl",
    dfl: "1",
    hu: HU.CMD,
  },
  {
    nut: "beeper.mute",
    path: "UPS.PowerSummary.AudibleAlarmControl",
    dfl: "3",
    hu: HU.CMD,
  },
  {
    nut: "test.battery.start.quick",
    path: "UPS.BatterySystem.Test",
    dfl: "1",
    hu: HU.CMD,
  },
  {
    nut: "test.battery.start.deep",
    path: "UPS.BatterySystem.Test",
    dfl: "2",
    hu: HU.CMD,
  },
  {
    nut: "test.battery.stop",
    path: "UPS.BatterySystem.Test",
    dfl: "3",
    hu: HU.CMD,
  },
  {
    nut: "load.on.delay",
    path: "UPS.OutletSystem.Outlet.DelayBeforeStartup",
    dfl: DEFAULT_ONDELAY,
    hu: HU.CMD,
  },
  {
    nut: "load.off.delay",
    path: "UPS.OutletSystem.Outlet.DelayBeforeShutdown",
    dfl: DEFAULT_OFFDELAY,
    hu: HU.CMD,
  },
  {
    nut: "shutdown.stop",
    path: "UPS.OutletSystem.Outlet.DelayBeforeShutdown",
    dfl: "-1",
    hu: HU.CMD,
  },
  {
    nut: "shutdown.reboot",
    path: "UPS.OutletSystem.Outlet.DelayBeforeReboot",
    dfl: "10",
    hu: HU.CMD,
  },
];

/** Delta UPS HID 0.6. */
export const DELTA_UPS: Subdriver = {
  name: "Delta UPS HID 0.6",
  usages: [DELTA_UPS_USAGES, HID_USAGES],
  devices: DELTA_UPS_DEVICES,
  table: TABLE,
  claim: standardClaim("Delta", DELTA_UPS_DEVICES),
  formatMfr: (i) => i.vendor ?? "Delta",
  async formatModel(i, ctx) {
    const model = await ctx.readString("UPS.DeltaCustom.[1].DeltaModelName");
    return model ? model : i.product;
  },
  formatSerial: (i) => i.serial,
};
