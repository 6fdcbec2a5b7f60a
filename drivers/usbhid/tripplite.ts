/**
 * Tripplite subdriver (tripplite-hid.c, "TrippLite HID 0.84" in NUT 2.8.0).
 *
 * @module
 */
import type { UsbDeviceInfo } from "../../src/hid/device.ts";
import { HID_USAGES, type UsageTable } from "../../src/hid/usages.ts";
import {
  AWAITINGPOWER,
  BEEPER,
  BOOST,
  CHARGING,
  type ClaimContext,
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
  LOWBATT,
  ONLINE,
  OVERHEAT,
  OVERLOAD,
  possiblySupported,
  REPLACEBATT,
  RW,
  SHUTDOWNIMM,
  STR,
  STRINGID,
  type Subdriver,
  type SubdriverMemory,
  TEST_READ,
  TRIM,
  type UsbId,
  usbSupport,
  VRANGE,
} from "./types.ts";

/** Scale factors, chosen by the USB ID at claim time (per instance). */
interface Scale {
  battery: number;
  ioVoltage: number;
  ioFrequency: number;
  ioCurrent: number;
}
const SCALE = Symbol("tripplite scale");
function scaleOf(memory: SubdriverMemory): Scale {
  return memory.slot(
    SCALE,
    () => ({ battery: 1, ioVoltage: 1, ioFrequency: 1, ioCurrent: 1 }),
  );
}

function batteryScale1dot0(_info: UsbDeviceInfo, ctx: ClaimContext): void {
  scaleOf(ctx.memory).battery = 1;
}

function batteryScale0dot1(_info: UsbDeviceInfo, ctx: ClaimContext): void {
  scaleOf(ctx.memory).battery = 0.1;
}

function smart1500lcdtScale(_info: UsbDeviceInfo, ctx: ClaimContext): void {
  Object.assign(scaleOf(ctx.memory), {
    battery: 100000,
    ioVoltage: 100000,
    ioFrequency: 0.01,
    ioCurrent: 0.01,
  });
}

/** Battery chemistry string, except on models known to report garbage. */
const TRIPPLITE_CHEMISTRY: Conversion = {
  async fun(v, ctx) {
    const model = ctx.getVar("ups.productid");
    if (model === "1003" || model === "2005") return "unknown";
    return await ctx.getString(Math.trunc(v));
  },
};

function scaled(key: keyof Scale): Conversion {
  return { fun: (v, ctx) => (scaleOf(ctx.memory)[key] * v).toFixed(1) };
}

const TRIPPLITE_BATTVOLT = scaled("battery");
const TRIPPLITE_IOVOLT = scaled("ioVoltage");
const TRIPPLITE_IOFREQ = scaled("ioFrequency");
const TRIPPLITE_IOAMP = scaled("ioCurrent");

const TRIPPLITE_VENDORID = 0x09ae;
const HP_VENDORID = 0x03f0;

/** Vendor usages (tripplite_usage_lkp). */
export const TRIPPLITE_USAGES: UsageTable = [
  ["TLCustom", 0xffff0010],
  ["TLDelayBeforeStartup", 0xffff0056],
  ["TLLowVoltageTransferMax", 0xffff0057],
  ["TLLowVoltageTransferMin", 0xffff0058],
  ["TLHighVoltageTransferMax", 0xffff0059],
  ["TLHighVoltageTransferMin", 0xffff005a],
  ["OutletState", 0xffff007a],
  ["OutletCount", 0xffff007b],
  ["UPSFirmwareVersion", 0xffff007c],
  ["CommunicationProtocolVersion", 0xffff007d],
  ["CommunicationVersion", 0xffff007e],
  ["iUPSPartNumber", 0xffff007f],
  ["AutoOnDelay", 0xffff0080],
  ["TLWatchdog", 0xffff0092],
  ["TLOutletsAvailableMask", 0xffff0095],
  ["TLOutletsStatusMask", 0xffff0096],
  ["TLCharging", 0x00840044],
  ["TLDischarging", 0x00840045],
  ["TLNeedReplacement", 0x0084004b],
  ["TLACPresent", 0x008400d0],
];

/** USB IDs (usb_device_id_t table). */
export const TRIPPLITE_DEVICES: readonly UsbId[] = [
  { vendor: 0x09ae, product: 0x1003, hook: batteryScale0dot1 },
  { vendor: 0x09ae, product: 0x1007, hook: batteryScale0dot1 },
  { vendor: 0x09ae, product: 0x1008, hook: batteryScale0dot1 },
  { vendor: 0x09ae, product: 0x1009, hook: batteryScale0dot1 },
  { vendor: 0x09ae, product: 0x1010, hook: batteryScale0dot1 },
  { vendor: 0x09ae, product: 0x1330, hook: batteryScale1dot0 },
  { vendor: 0x09ae, product: 0x2005, hook: batteryScale0dot1 },
  { vendor: 0x09ae, product: 0x2007, hook: batteryScale0dot1 },
  { vendor: 0x09ae, product: 0x2008, hook: batteryScale0dot1 },
  { vendor: 0x09ae, product: 0x2009, hook: batteryScale0dot1 },
  { vendor: 0x09ae, product: 0x2010, hook: batteryScale0dot1 },
  { vendor: 0x09ae, product: 0x2011, hook: batteryScale0dot1 },
  { vendor: 0x09ae, product: 0x2012, hook: batteryScale0dot1 },
  { vendor: 0x09ae, product: 0x2013, hook: batteryScale0dot1 },
  { vendor: 0x09ae, product: 0x2014, hook: batteryScale0dot1 },
  { vendor: 0x09ae, product: 0x3008, hook: batteryScale1dot0 },
  { vendor: 0x09ae, product: 0x3009, hook: batteryScale1dot0 },
  { vendor: 0x09ae, product: 0x3010, hook: batteryScale1dot0 },
  { vendor: 0x09ae, product: 0x3011, hook: batteryScale1dot0 },
  { vendor: 0x09ae, product: 0x3012, hook: batteryScale1dot0 },
  { vendor: 0x09ae, product: 0x3013, hook: batteryScale1dot0 },
  { vendor: 0x09ae, product: 0x3014, hook: batteryScale1dot0 },
  { vendor: 0x09ae, product: 0x3015, hook: batteryScale1dot0 },
  { vendor: 0x09ae, product: 0x3016, hook: smart1500lcdtScale },
  { vendor: 0x09ae, product: 0x3024, hook: smart1500lcdtScale },
  { vendor: 0x09ae, product: 0x4001, hook: batteryScale1dot0 },
  { vendor: 0x09ae, product: 0x4002, hook: batteryScale1dot0 },
  { vendor: 0x09ae, product: 0x4003, hook: batteryScale1dot0 },
  { vendor: 0x09ae, product: 0x4004, hook: batteryScale1dot0 },
  { vendor: 0x09ae, product: 0x4005, hook: batteryScale1dot0 },
  { vendor: 0x09ae, product: 0x4006, hook: batteryScale1dot0 },
  { vendor: 0x09ae, product: 0x4007, hook: batteryScale1dot0 },
  { vendor: 0x09ae, product: 0x4008, hook: batteryScale1dot0 },
  { vendor: 0x03f0, product: 0x0001, hook: batteryScale1dot0 },
  { vendor: 0x03f0, product: 0x1fe0, hook: batteryScale1dot0 },
  { vendor: 0x03f0, product: 0x1fe1, hook: batteryScale1dot0 },
  { vendor: 0x03f0, product: 0x1fe2, hook: batteryScale1dot0 },
  { vendor: 0x03f0, product: 0x1fe3, hook: batteryScale1dot0 },
  { vendor: 0x03f0, product: 0x1f06, hook: batteryScale1dot0 },
  { vendor: 0x03f0, product: 0x1f08, hook: batteryScale1dot0 },
  { vendor: 0x03f0, product: 0x1f09, hook: batteryScale1dot0 },
  { vendor: 0x03f0, product: 0x1f0a, hook: batteryScale1dot0 },
  { vendor: 0x05dd, product: 0xa011, hook: batteryScale1dot0 },
];

const TABLE: readonly HidInfo[] = [
  { nut: "UPS.Flow.0xffff0097", path: "UPS.Flow.0xffff0097", dfl: "%.0f" },
  {
    nut: "UPS.TLCustom.[1].0xffff0075",
    path: "UPS.TLCustom.[1].0xffff0075",
    dfl: "%.0f",
  },
  {
    nut: "UPS.TLCustom.[1].0xffff0076",
    path: "UPS.TLCustom.[1].0xffff0076",
    dfl: "%.0f",
  },
  {
    nut: "UPS.TLCustom.[1].0xffff007c",
    path: "UPS.TLCustom.[1].0xffff007c",
    dfl: "%.0f",
  },
  {
    nut: "UPS.TLCustom.[1].0xffff007d",
    path: "UPS.TLCustom.[1].0xffff007d",
    dfl: "%.0f",
  },
  {
    nut: "UPS.TLCustom.[1].0xffff00e0",
    path: "UPS.TLCustom.[1].0xffff00e0",
    dfl: "%.0f",
  },
  {
    nut: "UPS.TLCustom.[1].0xffff00e1",
    path: "UPS.TLCustom.[1].0xffff00e1",
    dfl: "%.0f",
  },
  {
    nut: "UPS.TLCustom.[1].0xffff00e2",
    path: "UPS.TLCustom.[1].0xffff00e2",
    dfl: "%.0f",
  },
  {
    nut: "UPS.TLCustom.[1].0xffff00e3",
    path: "UPS.TLCustom.[1].0xffff00e3",
    dfl: "%.0f",
  },
  {
    nut: "UPS.TLCustom.[1].0xffff00e4",
    path: "UPS.TLCustom.[1].0xffff00e4",
    dfl: "%.0f",
  },
  {
    nut: "UPS.TLCustom.[1].0xffff00e5",
    path: "UPS.TLCustom.[1].0xffff00e5",
    dfl: "%.0f",
  },
  {
    nut: "UPS.TLCustom.[1].0xffff00e6",
    path: "UPS.TLCustom.[1].0xffff00e6",
    dfl: "%.0f",
  },
  {
    nut: "UPS.TLCustom.[1].0xffff00e7",
    path: "UPS.TLCustom.[1].0xffff00e7",
    dfl: "%.0f",
  },
  {
    nut: "UPS.TLCustom.[1].0xffff00e8",
    path: "UPS.TLCustom.[1].0xffff00e8",
    dfl: "%.0f",
  },
  {
    nut: "UPS.0xffff0015.[1].0xffff00c0",
    path: "UPS.0xffff0015.[1].0xffff00c0",
    dfl: "%.0f",
  },
  {
    nut: "UPS.0xffff0015.[1].0xffff00c1",
    path: "UPS.0xffff0015.[1].0xffff00c1",
    dfl: "%.0f",
  },
  {
    nut: "UPS.0xffff0015.[1].0xffff00c2",
    path: "UPS.0xffff0015.[1].0xffff00c2",
    dfl: "%.0f",
  },
  {
    nut: "UPS.0xffff0015.[1].0xffff00c3",
    path: "UPS.0xffff0015.[1].0xffff00c3",
    dfl: "%.0f",
  },
  {
    nut: "UPS.0xffff0015.[1].0xffff00c4",
    path: "UPS.0xffff0015.[1].0xffff00c4",
    dfl: "%.0f",
  },
  {
    nut: "UPS.0xffff0015.[1].0xffff00c5",
    path: "UPS.0xffff0015.[1].0xffff00c5",
    dfl: "%.0f",
  },
  {
    nut: "UPS.0xffff0015.[1].0xffff00d2",
    path: "UPS.0xffff0015.[1].0xffff00d2",
    dfl: "%.0f",
  },
  {
    nut: "UPS.0xffff0015.[1].0xffff00d3",
    path: "UPS.0xffff0015.[1].0xffff00d3",
    dfl: "%.0f",
  },
  {
    nut: "UPS.0xffff0015.[1].0xffff00d6",
    path: "UPS.0xffff0015.[1].0xffff00d6",
    dfl: "%.0f",
  },
  {
    nut: "UPS.OutletSystem.Outlet.0xffff0081",
    path: "UPS.OutletSystem.Outlet.0xffff0081",
    dfl: "%.0f",
  },
  {
    nut: "UPS.OutletSystem.Outlet.0xffff0091",
    path: "UPS.OutletSystem.Outlet.0xffff0091",
    dfl: "%.0f",
  },
  {
    nut: "UPS.OutletSystem.Outlet.0xffff0093",
    path: "UPS.OutletSystem.Outlet.0xffff0093",
    dfl: "%.0f",
  },
  {
    nut: "UPS.OutletSystem.Outlet.0xffff0095",
    path: "UPS.OutletSystem.Outlet.0xffff0095",
    dfl: "%.0f",
  },
  {
    nut: "UPS.OutletSystem.Outlet.0xffff0096",
    path: "UPS.OutletSystem.Outlet.0xffff0096",
    dfl: "%.0f",
  },
  {
    nut: "UPS.OutletSystem.Outlet.0xffff0098",
    path: "UPS.OutletSystem.Outlet.0xffff0098",
    dfl: "%.0f",
  },
  {
    nut: "UPS.OutletSystem.Outlet.0xffff00a2",
    path: "UPS.OutletSystem.Outlet.0xffff00a2",
    dfl: "%.0f",
  },
  {
    nut: "UPS.OutletSystem.Outlet.0xffff00a4",
    path: "UPS.OutletSystem.Outlet.0xffff00a4",
    dfl: "%.0f",
  },
  {
    nut: "UPS.OutletSystem.Outlet.0xffff00a7",
    path: "UPS.OutletSystem.Outlet.0xffff00a7",
    dfl: "%.0f",
  },
  {
    nut: "UPS.OutletSystem.Outlet.0xffff00a9",
    path: "UPS.OutletSystem.Outlet.0xffff00a9",
    dfl: "%.0f",
  },
  {
    nut: "UPS.OutletSystem.Outlet.0xffff00aa",
    path: "UPS.OutletSystem.Outlet.0xffff00aa",
    dfl: "%.0f",
  },
  {
    nut: "UPS.OutletSystem.Outlet.0xffff00ab",
    path: "UPS.OutletSystem.Outlet.0xffff00ab",
    dfl: "%.0f",
  },
  {
    nut: "UPS.OutletSystem.Outlet.0xffff00ac",
    path: "UPS.OutletSystem.Outlet.0xffff00ac",
    dfl: "%.0f",
  },
  {
    nut: "UPS.PowerSummary.iOEMInformation",
    path: "UPS.PowerSummary.iOEMInformation",
    dfl: "%s",
    hu: HU.STATIC,
    lookup: STRINGID,
  },
  {
    nut: "device.part",
    path: "UPS.TLCustom.[1].iUPSPartNumber",
    dfl: "%s",
    hu: HU.STATIC,
    lookup: STRINGID,
  },
  {
    nut: "battery.charge",
    path: "UPS.PowerSummary.RemainingCapacity",
    dfl: "%.0f",
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
  },
  {
    nut: "battery.runtime",
    path: "UPS.PowerSummary.RunTimeToEmpty",
    dfl: "%.0f",
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
    dfl: "%s",
    lookup: TRIPPLITE_BATTVOLT,
  },
  {
    nut: "battery.type",
    path: "UPS.PowerSummary.iDeviceChemistry",
    dfl: "%s",
    hu: HU.STATIC,
    lookup: TRIPPLITE_CHEMISTRY,
  },
  {
    nut: "battery.temperature",
    path: "UPS.BatterySystem.Temperature",
    dfl: "%s",
    lookup: KELVIN_CELSIUS,
  },
  {
    nut: "ups.delay.start",
    flags: RW | STR,
    len: 10,
    path: "UPS.OutletSystem.Outlet.DelayBeforeStartup",
    dfl: DEFAULT_ONDELAY,
    hu: HU.ABSENT,
  },
  {
    nut: "ups.delay.start",
    flags: RW | STR,
    len: 10,
    path: "UPS.OutletSystem.Outlet.TLDelayBeforeStartup",
    dfl: DEFAULT_ONDELAY,
    hu: HU.ABSENT,
  },
  {
    nut: "ups.delay.shutdown",
    flags: RW | STR,
    len: 10,
    path: "UPS.OutletSystem.Outlet.DelayBeforeShutdown",
    dfl: DEFAULT_OFFDELAY,
    hu: HU.ABSENT,
  },
  {
    nut: "ups.timer.start",
    path: "UPS.OutletSystem.Outlet.DelayBeforeStartup",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "ups.timer.start",
    path: "UPS.OutletSystem.Outlet.TLDelayBeforeStartup",
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
    nut: "ups.test.result",
    path: "UPS.BatterySystem.Test",
    dfl: "%s",
    lookup: TEST_READ,
  },
  {
    nut: "ups.beeper.status",
    path: "UPS.PowerSummary.AudibleAlarmControl",
    dfl: "%s",
    lookup: BEEPER,
  },
  {
    nut: "ups.power.nominal",
    path: "UPS.Flow.ConfigApparentPower",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "ups.power",
    path: "UPS.OutletSystem.Outlet.ActivePower",
    dfl: "%.1f",
  },
  {
    nut: "ups.power",
    path: "UPS.PowerConverter.Output.ActivePower",
    dfl: "%.1f",
  },
  { nut: "ups.load", path: "UPS.OutletSystem.Outlet.PercentLoad", dfl: "%.0f" },
  {
    nut: "ups.firmware",
    path: "UPS.TLCustom.[1].UPSFirmwareVersion",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "ups.watchdog.status",
    path: "UPS.OutletSystem.Outlet.TLWatchdog",
    dfl: "%.0f",
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.InternalFailure",
    lookup: COMMFAULT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.ShutdownImminent",
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
    lookup: REPLACEBATT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.TLACPresent",
    hu: HU.QUICK_POLL,
    lookup: ONLINE,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.TLDischarging",
    hu: HU.QUICK_POLL,
    lookup: DISCHARGING,
  },
  { nut: "ups.load.nominal", path: "UPS.Flow.ConfigPercentLoad", dfl: "%.0f" },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.TLCharging",
    hu: HU.QUICK_POLL,
    lookup: CHARGING,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.TLNeedReplacement",
    lookup: REPLACEBATT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.PresentStatus.VoltageOutOfRange",
    lookup: VRANGE,
  },
  { nut: "BOOL", path: "UPS.PowerConverter.PresentStatus.Buck", lookup: TRIM },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.PresentStatus.Boost",
    lookup: BOOST,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.PresentStatus.Overload",
    lookup: OVERLOAD,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.PresentStatus.OverTemperature",
    lookup: OVERHEAT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.PresentStatus.InternalFailure",
    lookup: COMMFAULT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.PresentStatus.AwaitingPower",
    lookup: AWAITINGPOWER,
  },
  {
    nut: "input.voltage.nominal",
    path: "UPS.PowerSummary.Input.ConfigVoltage",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "input.voltage",
    path: "UPS.PowerSummary.Input.Voltage",
    dfl: "%s",
    lookup: TRIPPLITE_IOVOLT,
  },
  {
    nut: "input.voltage",
    path: "UPS.PowerConverter.Input.Voltage",
    dfl: "%s",
    lookup: TRIPPLITE_IOVOLT,
  },
  {
    nut: "input.frequency",
    path: "UPS.PowerConverter.Input.Frequency",
    dfl: "%s",
    lookup: TRIPPLITE_IOFREQ,
  },
  {
    nut: "input.transfer.low",
    flags: RW | STR,
    len: 5,
    path: "UPS.PowerConverter.Output.LowVoltageTransfer",
    dfl: "%.1f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "input.transfer.low.max",
    path: "UPS.PowerConverter.Output.TLLowVoltageTransferMax",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "input.transfer.low.min",
    path: "UPS.PowerConverter.Output.TLLowVoltageTransferMin",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "input.transfer.high",
    flags: RW | STR,
    len: 5,
    path: "UPS.PowerConverter.Output.HighVoltageTransfer",
    dfl: "%.1f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "input.transfer.high.max",
    path: "UPS.PowerConverter.Output.TLHighVoltageTransferMax",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "input.transfer.high.min",
    path: "UPS.PowerConverter.Output.TLHighVoltageTransferMin",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "output.voltage.nominal",
    path: "UPS.Flow.ConfigVoltage",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "output.voltage",
    path: "UPS.PowerConverter.Output.Voltage",
    dfl: "%s",
    lookup: TRIPPLITE_IOVOLT,
  },
  {
    nut: "output.voltage",
    path: "UPS.PowerSummary.Voltage",
    dfl: "%s",
    lookup: TRIPPLITE_IOVOLT,
  },
  {
    nut: "output.current",
    path: "UPS.PowerConverter.Output.Current",
    dfl: "%s",
    lookup: TRIPPLITE_IOAMP,
  },
  {
    nut: "output.frequency.nominal",
    path: "UPS.Flow.ConfigFrequency",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "output.frequency",
    path: "UPS.PowerConverter.Output.Frequency",
    dfl: "%s",
    lookup: TRIPPLITE_IOFREQ,
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
    nut: "load.off.delay",
    path: "UPS.OutletSystem.Outlet.DelayBeforeShutdown",
    dfl: DEFAULT_OFFDELAY,
    hu: HU.CMD,
  },
  {
    nut: "load.on.delay",
    path: "UPS.OutletSystem.Outlet.DelayBeforeStartup",
    dfl: DEFAULT_ONDELAY,
    hu: HU.CMD,
  },
  {
    nut: "load.on.delay",
    path: "UPS.OutletSystem.Outlet.TLDelayBeforeStartup",
    dfl: DEFAULT_ONDELAY,
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
  {
    nut: "shutdown.reboot",
    path: "UPS.OutletSystem.Outlet.TLWatchdog",
    dfl: "10",
    hu: HU.CMD,
  },
  {
    nut: "reset.watchdog",
    path: "UPS.OutletSystem.Outlet.TLWatchdog",
    dfl: "60",
    hu: HU.CMD,
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
    nut: "beeper.disable",
    path: "UPS.PowerSummary.AudibleAlarmControl",
    dfl: "1",
    hu: HU.CMD,
  },
  {
    nut: "beeper.enable",
    path: "UPS.PowerSummary.AudibleAlarmControl",
    dfl: "2",
    hu: HU.CMD,
  },
  {
    nut: "beeper.mute",
    path: "UPS.PowerSummary.AudibleAlarmControl",
    dfl: "3",
    hu: HU.CMD,
  },
];

/** TrippLite HID 0.84. */
export const TRIPPLITE: Subdriver = {
  name: "TrippLite HID 0.84",
  usages: [TRIPPLITE_USAGES, HID_USAGES],
  devices: TRIPPLITE_DEVICES,
  table: TABLE,
  claim(info, ctx) {
    const s = usbSupport(TRIPPLITE_DEVICES, info, ctx);
    if (s === "supported") return true;
    if (s !== "possibly") return false;
    // HP makes many USB devices that are no UPS: no hint for those
    if (info.vendorId === HP_VENDORID) return ctx.productid;
    if (info.vendorId !== TRIPPLITE_VENDORID) return false;
    if (info.productId === 0x0001) {
      ctx.log(
        "This Tripp Lite device (09ae/0001) is not supported by usbhid-ups.\n" +
          "Please use the tripplite_usb driver instead.\n",
      );
      return false;
    }
    if (ctx.productid) return true;
    ctx.log(possiblySupported("TrippLite", info));
    return false;
  },
  formatMfr: (i) => i.vendor,
  formatModel: (i) => i.product,
  formatSerial: (i) => i.serial,
};
