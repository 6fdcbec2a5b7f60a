/**
 * Cps subdriver (cps-hid.c, "CyberPower HID 0.6" in NUT 2.8.0).
 *
 * @module
 */
import type { UsbDeviceInfo } from "../../src/hid/device.ts";
import type { HidDescriptor } from "../../src/hid/parser.ts";
import { HID_USAGES } from "../../src/hid/usages.ts";
import {
  BEEPER,
  BOOST,
  CHARGING,
  type ClaimContext,
  type Conversion,
  DEFAULT_OFFDELAY,
  DEFAULT_ONDELAY,
  DISCHARGING,
  fieldByIdNode,
  FULLYCHARGED,
  type HidInfo,
  HU,
  type LookupContext,
  LOWBATT,
  ONLINE,
  OVERLOAD,
  RW,
  standardClaim,
  STR,
  STRINGID,
  type Subdriver,
  type SubdriverMemory,
  TEST_READ,
  TIMELIMITEXP,
  type UsbId,
} from "./types.ts";

const CPS_VENDORID = 0x0764;
/** Voltage limits the fix-up applies (a safety margin included). */
const CPS_VOLTAGE_LOGMIN = 0;
const CPS_VOLTAGE_LOGMAX = 511;
/** Ratio above nominal that marks a battery voltage read 3/2 too high. */
const BATTERY_VOLTAGE_SANITY_CHECK = 1.4;

/** Battery scaling state (0764:0501 reports some batteries 3/2 too high). */
interface BatteryScale {
  scale: number;
  mightNeedScale: boolean;
  checked: boolean;
}
const BATTERY = Symbol("cps battery scale");
function batteryOf(memory: SubdriverMemory): BatteryScale {
  return memory.slot(
    BATTERY,
    () => ({ scale: 1, mightNeedScale: false, checked: false }),
  );
}

function adjustBatteryScale(volt: number, ctx: LookupContext): void {
  const battery = batteryOf(ctx.memory);
  if (battery.checked) return;
  const nominal = ctx.getVar("battery.voltage.nominal");
  if (nominal === undefined) return;
  const nom = Number.parseFloat(nominal);
  if (!nom) return;
  if (volt / nom > BATTERY_VOLTAGE_SANITY_CHECK) battery.scale = 2 / 3;
  battery.checked = true;
}

const CPS_BATTVOLT: Conversion = {
  fun(v, ctx) {
    const battery = batteryOf(ctx.memory);
    if (battery.mightNeedScale) adjustBatteryScale(v, ctx);
    return (battery.scale * v).toFixed(1);
  },
};

const CPS_BATTCHARGE: Conversion = {
  fun: (v) => (v < 100 ? v : 100).toFixed(0),
};

function cpsBatteryScale(_info: UsbDeviceInfo, ctx: ClaimContext): void {
  batteryOf(ctx.memory).mightNeedScale = true;
}

/** Usage IDs the fix-up looks for (Power Device page). */
const USAGE_POW_VOLTAGE = 0x00840030;
const USAGE_POW_HIGH_VOLTAGE_TRANSFER = 0x00840054;

/**
 * cps_fix_report_desc: CP900EPFCLCD-class firmwares (0764:0501) give the
 * output voltage (report 18) the logical range of the high transfer voltage
 * (report 16); when both ranges are equal, the output voltage gets 0..511.
 */
export function cpsFixReportDesc(
  info: UsbDeviceInfo,
  desc: HidDescriptor,
): HidDescriptor | undefined {
  if (info.vendorId !== CPS_VENDORID || info.productId !== 0x0501) {
    return undefined;
  }
  const hvt = fieldByIdNode(desc, 16, USAGE_POW_HIGH_VOLTAGE_TRANSFER);
  if (hvt < 0) return undefined;
  const out = fieldByIdNode(desc, 18, USAGE_POW_VOLTAGE);
  if (out < 0) return undefined;
  const [h, o] = [desc.fields[hvt]!, desc.fields[out]!];
  if (h.logMin !== o.logMin || h.logMax !== o.logMax) return undefined;
  const fields = [...desc.fields];
  fields[out] = {
    ...o,
    logMin: CPS_VOLTAGE_LOGMIN,
    logMax: CPS_VOLTAGE_LOGMAX,
  };
  return { ...desc, fields };
}

/** USB IDs (usb_device_id_t table). */
export const CPS_DEVICES: readonly UsbId[] = [
  { vendor: 0x0764, product: 0x0005 },
  { vendor: 0x0764, product: 0x0501, hook: cpsBatteryScale },
  { vendor: 0x0764, product: 0x0601 },
];

const TABLE: readonly HidInfo[] = [
  {
    nut: "battery.type",
    path: "UPS.PowerSummary.iDeviceChemistry",
    dfl: "%s",
    lookup: STRINGID,
  },
  {
    nut: "battery.mfr.date",
    path: "UPS.PowerSummary.iOEMInformation",
    dfl: "%s",
    lookup: STRINGID,
  },
  {
    nut: "battery.charge.warning",
    path: "UPS.PowerSummary.WarningCapacityLimit",
    dfl: "%.0f",
  },
  {
    nut: "battery.charge.low",
    flags: RW | STR,
    len: 10,
    path: "UPS.PowerSummary.RemainingCapacityLimit",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "battery.charge",
    path: "UPS.PowerSummary.RemainingCapacity",
    dfl: "%s",
    lookup: CPS_BATTCHARGE,
  },
  {
    nut: "battery.runtime",
    path: "UPS.PowerSummary.RunTimeToEmpty",
    dfl: "%.0f",
  },
  {
    nut: "battery.runtime.low",
    flags: RW | STR,
    len: 10,
    path: "UPS.PowerSummary.RemainingTimeLimit",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "battery.voltage.nominal",
    path: "UPS.PowerSummary.ConfigVoltage",
    dfl: "%.0f",
  },
  {
    nut: "battery.voltage",
    path: "UPS.PowerSummary.Voltage",
    dfl: "%s",
    lookup: CPS_BATTVOLT,
  },
  { nut: "ups.load", path: "UPS.Output.PercentLoad", dfl: "%.0f" },
  {
    nut: "ups.beeper.status",
    path: "UPS.PowerSummary.AudibleAlarmControl",
    dfl: "%s",
    lookup: BEEPER,
  },
  {
    nut: "ups.test.result",
    path: "UPS.Output.Test",
    dfl: "%s",
    lookup: TEST_READ,
  },
  {
    nut: "ups.realpower.nominal",
    path: "UPS.Output.ConfigActivePower",
    dfl: "%.0f",
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
    nut: "ups.delay.shutdown",
    flags: RW | STR,
    len: 10,
    path: "UPS.Output.DelayBeforeShutdown",
    dfl: DEFAULT_OFFDELAY,
    hu: HU.ABSENT,
  },
  {
    nut: "ups.timer.start",
    path: "UPS.Output.DelayBeforeStartup",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "ups.timer.shutdown",
    path: "UPS.Output.DelayBeforeShutdown",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "ups.timer.reboot",
    path: "UPS.Output.DelayBeforeReboot",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.ACPresent",
    hu: HU.QUICK_POLL,
    lookup: ONLINE,
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
    path: "UPS.PowerSummary.PresentStatus.BelowRemainingCapacityLimit",
    hu: HU.QUICK_POLL,
    lookup: LOWBATT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.FullyCharged",
    lookup: FULLYCHARGED,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.RemainingTimeLimitExpired",
    lookup: TIMELIMITEXP,
  },
  { nut: "BOOL", path: "UPS.Output.Boost", lookup: BOOST },
  { nut: "BOOL", path: "UPS.Output.Overload", lookup: OVERLOAD },
  { nut: "input.frequency", path: "UPS.Input.Frequency", dfl: "%.1f" },
  {
    nut: "input.voltage.nominal",
    path: "UPS.Input.ConfigVoltage",
    dfl: "%.0f",
  },
  { nut: "input.voltage", path: "UPS.Input.Voltage", dfl: "%.1f" },
  {
    nut: "input.transfer.low",
    flags: RW | STR,
    len: 10,
    path: "UPS.Input.LowVoltageTransfer",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "input.transfer.high",
    flags: RW | STR,
    len: 10,
    path: "UPS.Input.HighVoltageTransfer",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  { nut: "output.frequency", path: "UPS.Output.Frequency", dfl: "%.1f" },
  { nut: "output.voltage", path: "UPS.Output.Voltage", dfl: "%.1f" },
  {
    nut: "output.voltage.nominal",
    path: "UPS.Output.ConfigVoltage",
    dfl: "%.0f",
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
    nut: "shutdown.stop",
    path: "UPS.Output.DelayBeforeShutdown",
    dfl: "-1",
    hu: HU.CMD,
  },
  {
    nut: "shutdown.reboot",
    path: "UPS.Output.DelayBeforeReboot",
    dfl: "10",
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
];

/** CyberPower HID 0.6. */
export const CPS: Subdriver = {
  name: "CyberPower HID 0.6",
  usages: [HID_USAGES],
  devices: CPS_DEVICES,
  table: TABLE,
  claim: standardClaim("CyberPower", CPS_DEVICES),
  fixReportDesc: cpsFixReportDesc,
  formatMfr: (i) => i.vendor ?? "CPS",
  formatModel: (i) => i.product,
  formatSerial: (i) => i.serial,
};
