/**
 * Legrand subdriver (legrand-hid.c, "Legrand HID 0.2" in NUT 2.8.0).
 *
 * @module
 */
import type { UsbDeviceInfo } from "../../src/hid/device.ts";
import { HID_USAGES } from "../../src/hid/usages.ts";
import {
  CHARGING,
  type ClaimContext,
  type Conversion,
  DEFAULT_OFFDELAY,
  DEFAULT_ONDELAY,
  DISCHARGING,
  DIV10,
  type HidInfo,
  HU,
  LOWBATT,
  ONLINE,
  OVERLOAD,
  RW,
  standardClaim,
  STR,
  type Subdriver,
  type UsbId,
} from "./types.ts";

function disableInterruptPipe(_info: UsbDeviceInfo, ctx: ClaimContext): void {
  ctx.tweak({ noInterruptPipe: true });
}

function times(factor: number): Conversion {
  return { fun: (v) => (v * factor).toFixed(1) };
}

const LEGRAND_TIMES10_INFO = times(10);
const LEGRAND_TIMES100K_INFO = times(100000);
const LEGRAND_TIMES1M_INFO = times(1000000);
const LEGRAND_TIMES10M_INFO = times(10000000);

/** USB IDs (usb_device_id_t table). */
export const LEGRAND_DEVICES: readonly UsbId[] = [
  { vendor: 0x1cb0, product: 0x0038, hook: disableInterruptPipe },
  { vendor: 0x1cb0, product: 0x0032, hook: disableInterruptPipe },
];

const TABLE: readonly HidInfo[] = [
  { nut: "input.voltage", path: "UPS.Input.Voltage", dfl: "%.0f" },
  {
    nut: "input.voltage",
    path: "UPS.PowerConverter.Input.Voltage",
    dfl: "%.0f",
    lookup: LEGRAND_TIMES1M_INFO,
  },
  {
    nut: "input.transfer.high",
    path: "UPS.Input.HighVoltageTransfer",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "input.transfer.high",
    path: "UPS.PowerConverter.Output.HighVoltageTransfer",
    dfl: "%.0f",
    hu: HU.STATIC,
    lookup: LEGRAND_TIMES10_INFO,
  },
  {
    nut: "input.transfer.low",
    path: "UPS.Input.LowVoltageTransfer",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "input.transfer.low",
    path: "UPS.PowerConverter.Output.LowVoltageTransfer",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "input.voltage.nominal",
    path: "UPS.Input.ConfigVoltage",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "input.voltage.nominal",
    path: "UPS.Flow.ConfigVoltage",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "battery.voltage.nominal",
    path: "UPS.PowerSummary.ConfigVoltage",
    dfl: "%.0f",
    hu: HU.STATIC,
    lookup: DIV10,
  },
  {
    nut: "battery.voltage.nominal",
    path: "UPS.BatterySystem.Battery.ConfigVoltage",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "battery.voltage",
    path: "UPS.PowerSummary.Voltage",
    dfl: "%.0f",
    lookup: DIV10,
  },
  {
    nut: "battery.voltage",
    path: "UPS.BatterySystem.Battery.Voltage",
    dfl: "%.0f",
    lookup: LEGRAND_TIMES100K_INFO,
  },
  {
    nut: "battery.charge",
    path: "UPS.PowerSummary.RemainingCapacity",
    dfl: "%.0f",
  },
  {
    nut: "battery.runtime",
    path: "UPS.PowerSummary.RuntimeToEmpty",
    dfl: "%.0f",
  },
  {
    nut: "battery.charge.warning",
    path: "UPS.PowerSummary.WarningCapacityLimit",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "battery.charge.low",
    path: "UPS.PowerSummary.RemainingCapacityLimit",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  { nut: "output.voltage", path: "UPS.Output.Voltage", dfl: "%.0f" },
  {
    nut: "output.voltage",
    path: "UPS.PowerConverter.Output.Voltage",
    dfl: "%.0f",
    lookup: LEGRAND_TIMES10M_INFO,
  },
  { nut: "output.frequency", path: "UPS.Output.Frequency", dfl: "%.0f" },
  { nut: "ups.load", path: "UPS.Output.PercentLoad", dfl: "%.0f" },
  { nut: "ups.load", path: "UPS.OutletSystem.Outlet.PercentLoad", dfl: "%.0f" },
  {
    nut: "ups.realpower.nominal",
    path: "UPS.Output.ConfigActivePower",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "ups.realpower.nominal",
    path: "UPS.Flow.ConfigApparentPower",
    dfl: "%.0f",
    hu: HU.STATIC,
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
    path: "UPS.Output.Overload",
    hu: HU.QUICK_POLL,
    lookup: OVERLOAD,
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
    nut: "ups.delay.start",
    flags: RW | STR,
    len: 10,
    path: "UPS.OutletSystem.Outlet.DelayBeforeStartup",
    dfl: DEFAULT_ONDELAY,
    hu: HU.ABSENT,
  },
  {
    nut: "ups.delay.shutdown",
    flags: RW | STR,
    len: 10,
    path: "UPS.Output.DelayBeforeShutdown",
    dfl: DEFAULT_OFFDELAY,
    hu: HU.ABSENT,
  },
  {
    nut: "ups.delay.start",
    flags: RW | STR,
    len: 10,
    path: "UPS.Output.DelayBeforeStartup",
    dfl: DEFAULT_ONDELAY,
    hu: HU.ABSENT,
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
    nut: "load.off.delay",
    path: "UPS.Output.DelayBeforeShutdown",
    dfl: DEFAULT_OFFDELAY,
    hu: HU.CMD,
  },
  {
    nut: "load.on.delay",
    path: "UPS.Output.DelayBeforeStartup",
    dfl: DEFAULT_ONDELAY,
    hu: HU.CMD,
  },
  {
    nut: "test.battery.start.quick",
    path: "UPS.BatterySystem.Battery.Test",
    dfl: "1",
    hu: HU.CMD,
  },
  {
    nut: "test.battery.start.deep",
    path: "UPS.BatterySystem.Battery.Test",
    dfl: "2",
    hu: HU.CMD,
  },
  {
    nut: "test.battery.stop",
    path: "UPS.BatterySystem.Battery.Test",
    dfl: "3",
    hu: HU.CMD,
  },
  {
    nut: "test.battery.start.quick",
    path: "UPS.Output.Test",
    dfl: "1",
    hu: HU.CMD,
  },
  {
    nut: "test.battery.start.deep",
    path: "UPS.Output.Test",
    dfl: "2",
    hu: HU.CMD,
  },
  { nut: "test.battery.stop", path: "UPS.Output.Test", dfl: "3", hu: HU.CMD },
  {
    nut: "beeper.enable",
    path: "UPS.PowerSummary.AudibleAlarmControl",
    dfl: "2",
    hu: HU.CMD,
  },
  {
    nut: "beeper.disable",
    path: "UPS.PowerSummary.AudibleAlarmControl",
    dfl: "3",
    hu: HU.CMD,
  },
];

/** Legrand HID 0.2. */
export const LEGRAND: Subdriver = {
  name: "Legrand HID 0.2",
  usages: [HID_USAGES],
  devices: LEGRAND_DEVICES,
  table: TABLE,
  claim: standardClaim("Legrand", LEGRAND_DEVICES),
  formatMfr: (i) => i.vendor ?? "Legrand",
  formatModel: (i) => i.product,
  formatSerial: (i) => i.serial,
};
