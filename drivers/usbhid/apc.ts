/**
 * Apc subdriver (apc-hid.c, "APC HID 0.98" in NUT 2.8.0).
 *
 * @module
 */
import type { UsbDeviceInfo } from "../../src/hid/device.ts";
import type { HidDescriptor } from "../../src/hid/parser.ts";
import { HID_USAGES, type UsageTable } from "../../src/hid/usages.ts";
import {
  BEEPER,
  CHARGING,
  type ClaimContext,
  type Conversion,
  DATE,
  DEFAULT_OFFDELAY,
  DEFAULT_ONDELAY,
  DISCHARGING,
  fieldByIdNode,
  type FormatContext,
  type HidInfo,
  HU,
  KELVIN_CELSIUS,
  type Lookup,
  LOWBATT,
  NOBATTERY,
  ONLINE,
  OVERLOAD,
  REPLACEBATT,
  RW,
  SHUTDOWNIMM,
  standardClaim,
  STR,
  STRINGID,
  type Subdriver,
  TEST_READ,
  TIMELIMITEXP,
  type UsbId,
} from "./types.ts";

const APC_VENDORID = 0x051d;

/** Back-UPS models whose firmware overflows some reports (max_report_size). */
const TWEAK_MAX_REPORT = ["Back-UPS ES 525", "Back-UPS CS"];

function disableInterruptPipe(_info: UsbDeviceInfo, ctx: ClaimContext): void {
  ctx.tweak({ noInterruptPipe: true });
}

function generalApcCheck(info: UsbDeviceInfo, ctx: ClaimContext): void {
  if (info.product === undefined) {
    ctx.log(
      "device->Product is NULL so it is not possible to determine whether to activate max_report_size workaround",
    );
    return;
  }
  if (TWEAK_MAX_REPORT.some((p) => info.product!.startsWith(p))) {
    ctx.tweak({ maxReportSize: true });
  }
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, "0");
}

/** APC's BCD date 0xMMDDYY (0x102202 = 2002/10/22). */
const APC_DATE_CONVERSION: Conversion = {
  fun(v) {
    const n = Math.trunc(v);
    if (n === 0) return "not set";
    const bcd = (s: number) => ((n >> s) & 0xf) + 10 * ((n >> (s + 4)) & 0xf);
    let year = bcd(0);
    year += year >= 70 ? 1900 : 2000;
    return `${pad(year, 4)}/${pad(bcd(16), 2)}/${pad(bcd(8), 2)}`;
  },
  nuf(text) {
    const m = /^(\d+)\/(\d+)\/(\d+)/.exec(text ?? "");
    if (!m) return 0;
    let [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (y >= 2070 || mo > 12 || d > 31) return 0;
    y %= 100;
    const bcd = (x: number) => ((Math.trunc(x / 10) & 0xf) << 4) + (x % 10);
    return bcd(y) + (bcd(mo) << 16) + (bcd(d) << 8);
  },
};

const APCSTATUSFLAG_INFO: Lookup = [[8, "!off"], [16, "!off"], [0, "off"]];
const APC_LINEFAILCAUSE_VRANGE_INFO: Lookup = [
  [1, "vrange"],
  [2, "vrange"],
  [4, "vrange"],
  [8, "vrange"],
  [9, "vrange"],
  [0, "!vrange"],
];
const APC_LINEFAILCAUSE_FRANGE_INFO: Lookup = [[7, "frange"], [0, "!frange"]];
const APC_SENSITIVITY_INFO: Lookup = [[0, "low"], [1, "medium"], [2, "high"]];

const USAGE_POW_VOLTAGE = 0x00840030;
const USAGE_POW_CONFIG_VOLTAGE = 0x00840040;
const USAGE_POW_HIGH_VOLTAGE_TRANSFER = 0x00840054;

/**
 * apc_fix_report_desc (051d:0002): when the high transfer voltage (report
 * 0x33) can exceed the input voltage (0x31) or the nominal (0x30) range,
 * widen those to 0..2*max and 255.
 */
export function apcFixReportDesc(
  info: UsbDeviceInfo,
  desc: HidDescriptor,
): HidDescriptor | undefined {
  if (info.vendorId !== APC_VENDORID || info.productId !== 0x0002) {
    return undefined;
  }
  const hvt = fieldByIdNode(desc, 0x33, USAGE_POW_HIGH_VOLTAGE_TRANSFER);
  if (hvt < 0) return undefined;
  const hvtMax = desc.fields[hvt]!.logMax;
  const fields = [...desc.fields];
  let fixed = false;
  const volt = fieldByIdNode(desc, 0x31, USAGE_POW_VOLTAGE);
  if (volt >= 0 && hvtMax > fields[volt]!.logMax) {
    fields[volt] = { ...fields[volt]!, logMin: 0, logMax: hvtMax * 2 };
    fixed = true;
  }
  const cvolt = fieldByIdNode(desc, 0x30, USAGE_POW_CONFIG_VOLTAGE);
  if (cvolt >= 0 && hvtMax > fields[cvolt]!.logMax) {
    fields[cvolt] = { ...fields[cvolt]!, logMax: 255 };
    fixed = true;
  }
  return fixed ? { ...desc, fields } : undefined;
}

/** apc_format_model: "Back-UPS 500 FW:6.3.I USB FW:c1" splits off firmwares. */
function apcFormatModel(info: UsbDeviceInfo, ctx: FormatContext): string {
  const model = (info.product ?? "unknown").slice(0, 63);
  const fw = model.indexOf("FW:");
  if (fw < 0) return model;
  let rest = model.slice(fw + 3);
  const usb = rest.indexOf("USB FW:");
  if (usb >= 0) {
    ctx.set("ups.firmware.aux", rest.slice(usb + 7));
    rest = rest.slice(0, Math.max(0, usb - 1));
  }
  ctx.set("ups.firmware", rest);
  return model.slice(0, Math.max(0, fw - 1));
}

/** Vendor usages (apc_usage_lkp). */
export const APC_USAGES: UsageTable = [
  ["APCGeneralCollection", 0xff860005],
  ["APCEnvironment", 0xff860006],
  ["APCProbe1", 0xff860007],
  ["APCProbe2", 0xff860008],
  ["APCBattReplaceDate", 0xff860016],
  ["APCBattCapBeforeStartup", 0xff860019],
  ["APC_UPS_FirmwareRevision", 0xff860042],
  ["APCLineFailCause", 0xff860052],
  ["APCStatusFlag", 0xff860060],
  ["APCSensitivity", 0xff860061],
  ["APCPanelTest", 0xff860072],
  ["APCShutdownAfterDelay", 0xff860076],
  ["APC_USB_FirmwareRevision", 0xff860079],
  ["APCDelayBeforeReboot", 0xff86007c],
  ["APCDelayBeforeShutdown", 0xff86007d],
  ["APCDelayBeforeStartup", 0xff86007e],
  ["BUPHibernate", 0x00850058],
  ["BUPBattCapBeforeStartup", 0x00860012],
  ["BUPDelayBeforeStartup", 0x00860076],
  ["BUPSelfTest", 0x00860010],
];

/** USB IDs (usb_device_id_t table). */
export const APC_DEVICES: readonly UsbId[] = [
  { vendor: 0x051d, product: 0x0000 },
  { vendor: 0x051d, product: 0x0002, hook: generalApcCheck },
  { vendor: 0x051d, product: 0x0003, hook: disableInterruptPipe },
];

const TABLE: readonly HidInfo[] = [
  {
    nut: "battery.charge",
    path: "UPS.PowerSummary.RemainingCapacity",
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
    nut: "battery.charge.warning",
    path: "UPS.PowerSummary.WarningCapacityLimit",
    dfl: "%.0f",
  },
  { nut: "battery.runtime", path: "UPS.Battery.RunTimeToEmpty", dfl: "%.0f" },
  {
    nut: "battery.runtime",
    path: "UPS.PowerSummary.RunTimeToEmpty",
    dfl: "%.0f",
  },
  {
    nut: "battery.runtime.low",
    flags: RW | STR,
    len: 10,
    path: "UPS.Battery.RemainingTimeLimit",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "battery.runtime.low",
    flags: RW | STR,
    len: 10,
    path: "UPS.PowerSummary.RemainingTimeLimit",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  { nut: "battery.voltage", path: "UPS.Battery.Voltage", dfl: "%.1f" },
  { nut: "battery.voltage", path: "UPS.PowerSummary.Voltage", dfl: "%.1f" },
  {
    nut: "battery.voltage.nominal",
    path: "UPS.Battery.ConfigVoltage",
    dfl: "%.1f",
  },
  {
    nut: "battery.voltage.nominal",
    path: "UPS.PowerSummary.ConfigVoltage",
    dfl: "%.1f",
  },
  {
    nut: "battery.temperature",
    path: "UPS.Battery.Temperature",
    dfl: "%s",
    lookup: KELVIN_CELSIUS,
  },
  {
    nut: "battery.type",
    path: "UPS.PowerSummary.iDeviceChemistry",
    dfl: "%s",
    lookup: STRINGID,
  },
  {
    nut: "battery.mfr.date",
    flags: RW | STR,
    len: 10,
    path: "UPS.Battery.ManufacturerDate",
    dfl: "%s",
    hu: HU.SEMI_STATIC,
    lookup: DATE,
  },
  {
    nut: "battery.mfr.date",
    path: "UPS.PowerSummary.APCBattReplaceDate",
    dfl: "%s",
    lookup: APC_DATE_CONVERSION,
  },
  {
    nut: "battery.date",
    path: "UPS.Battery.APCBattReplaceDate",
    dfl: "%s",
    lookup: APC_DATE_CONVERSION,
  },
  { nut: "ups.load", path: "UPS.Output.PercentLoad", dfl: "%.1f" },
  { nut: "ups.load", path: "UPS.PowerConverter.PercentLoad", dfl: "%.0f" },
  {
    nut: "ups.delay.start",
    flags: RW | STR,
    len: 10,
    path: "UPS.PowerSummary.DelayBeforeStartup",
    dfl: DEFAULT_ONDELAY,
    hu: HU.ABSENT,
  },
  {
    nut: "ups.delay.shutdown",
    flags: RW | STR,
    len: 10,
    path: "UPS.PowerSummary.DelayBeforeShutdown",
    dfl: DEFAULT_OFFDELAY,
    hu: HU.ABSENT,
  },
  {
    nut: "ups.timer.start",
    path: "UPS.PowerSummary.DelayBeforeStartup",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "ups.timer.shutdown",
    path: "UPS.PowerSummary.DelayBeforeShutdown",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "ups.timer.reboot",
    path: "UPS.PowerSummary.DelayBeforeReboot",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
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
    nut: "ups.delay.start",
    flags: RW | STR,
    len: 10,
    path: "UPS.APCGeneralCollection.APCDelayBeforeStartup",
    dfl: DEFAULT_ONDELAY,
    hu: HU.ABSENT,
  },
  {
    nut: "ups.delay.shutdown",
    flags: RW | STR,
    len: 10,
    path: "UPS.APCGeneralCollection.APCDelayBeforeShutdown",
    dfl: DEFAULT_OFFDELAY,
    hu: HU.ABSENT,
  },
  {
    nut: "ups.timer.start",
    path: "UPS.APCGeneralCollection.APCDelayBeforeStartup",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "ups.timer.shutdown",
    path: "UPS.APCGeneralCollection.APCDelayBeforeShutdown",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "ups.timer.reboot",
    path: "UPS.APCGeneralCollection.APCDelayBeforeReboot",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "ups.test.result",
    path: "UPS.Battery.Test",
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
    nut: "ups.mfr.date",
    path: "UPS.ManufacturerDate",
    dfl: "%s",
    lookup: DATE,
  },
  {
    nut: "ups.mfr.date",
    path: "UPS.PowerSummary.ManufacturerDate",
    dfl: "%s",
    lookup: DATE,
  },
  {
    nut: "ups.realpower.nominal",
    path: "UPS.PowerConverter.ConfigActivePower",
    dfl: "%.0f",
  },
  {
    nut: "ups.realpower.nominal",
    path: "UPS.Output.ConfigActivePower",
    dfl: "%.0f",
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.ACPresent",
    hu: HU.QUICK_POLL,
    lookup: ONLINE,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.Discharging",
    hu: HU.QUICK_POLL,
    lookup: DISCHARGING,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.Charging",
    hu: HU.QUICK_POLL,
    lookup: CHARGING,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.ShutdownImminent",
    lookup: SHUTDOWNIMM,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.BelowRemainingCapacityLimit",
    hu: HU.QUICK_POLL,
    lookup: LOWBATT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.Overload",
    lookup: OVERLOAD,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.NeedReplacement",
    lookup: REPLACEBATT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.RemainingTimeLimitExpired",
    lookup: TIMELIMITEXP,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.BatteryPresent",
    lookup: NOBATTERY,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.Charging",
    hu: HU.QUICK_POLL,
    lookup: CHARGING,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.Discharging",
    hu: HU.QUICK_POLL,
    lookup: DISCHARGING,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.ACPresent",
    hu: HU.QUICK_POLL,
    lookup: ONLINE,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.BelowRemainingCapacityLimit",
    hu: HU.QUICK_POLL,
    lookup: LOWBATT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.ShutdownImminent",
    lookup: SHUTDOWNIMM,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.APCStatusFlag",
    hu: HU.QUICK_POLL,
    lookup: APCSTATUSFLAG_INFO,
  },
  {
    nut: "BOOL",
    path: "UPS.Input.APCLineFailCause",
    lookup: APC_LINEFAILCAUSE_VRANGE_INFO,
  },
  {
    nut: "BOOL",
    path: "UPS.Input.APCLineFailCause",
    lookup: APC_LINEFAILCAUSE_FRANGE_INFO,
  },
  { nut: "input.voltage", path: "UPS.Input.Voltage", dfl: "%.1f" },
  {
    nut: "input.voltage.nominal",
    path: "UPS.Input.ConfigVoltage",
    dfl: "%.0f",
  },
  {
    nut: "input.transfer.low",
    flags: RW | STR,
    len: 10,
    path: "UPS.Output.LowVoltageTransfer",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "input.transfer.high",
    flags: RW | STR,
    len: 10,
    path: "UPS.Output.HighVoltageTransfer",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
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
  {
    nut: "input.sensitivity",
    flags: RW | STR,
    len: 10,
    path: "UPS.Input.APCSensitivity",
    dfl: "%s",
    hu: HU.SEMI_STATIC,
    lookup: APC_SENSITIVITY_INFO,
  },
  { nut: "output.voltage", path: "UPS.Output.Voltage", dfl: "%.1f" },
  {
    nut: "output.voltage.nominal",
    path: "UPS.Output.ConfigVoltage",
    dfl: "%.1f",
  },
  { nut: "output.current", path: "UPS.Output.Current", dfl: "%.2f" },
  { nut: "output.frequency", path: "UPS.Output.Frequency", dfl: "%.1f" },
  {
    nut: "ambient.temperature",
    path: "UPS.APCEnvironment.APCProbe1.Temperature",
    dfl: "%s",
    lookup: KELVIN_CELSIUS,
  },
  {
    nut: "ambient.humidity",
    path: "UPS.APCEnvironment.APCProbe1.Humidity",
    dfl: "%.1f",
  },
  {
    nut: "test.battery.start.quick",
    path: "UPS.BatterySystem.Battery.Test",
    dfl: "1",
    hu: HU.CMD,
  },
  {
    nut: "test.battery.start.quick",
    path: "UPS.Battery.Test",
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
    nut: "test.battery.start.deep",
    path: "UPS.Battery.Test",
    dfl: "2",
    hu: HU.CMD,
  },
  {
    nut: "test.battery.stop",
    path: "UPS.BatterySystem.Battery.Test",
    dfl: "3",
    hu: HU.CMD,
  },
  { nut: "test.battery.stop", path: "UPS.Battery.Test", dfl: "3", hu: HU.CMD },
  { nut: "test.panel.start", path: "UPS.APCPanelTest", dfl: "1", hu: HU.CMD },
  { nut: "test.panel.stop", path: "UPS.APCPanelTest", dfl: "0", hu: HU.CMD },
  {
    nut: "test.panel.start",
    path: "UPS.PowerSummary.APCPanelTest",
    dfl: "1",
    hu: HU.CMD,
  },
  {
    nut: "test.panel.stop",
    path: "UPS.PowerSummary.APCPanelTest",
    dfl: "0",
    hu: HU.CMD,
  },
  {
    nut: "load.off.delay",
    path: "UPS.PowerSummary.DelayBeforeShutdown",
    dfl: DEFAULT_OFFDELAY,
    hu: HU.CMD,
  },
  {
    nut: "load.on.delay",
    path: "UPS.PowerSummary.DelayBeforeStartup",
    dfl: DEFAULT_ONDELAY,
    hu: HU.CMD,
  },
  {
    nut: "shutdown.stop",
    path: "UPS.PowerSummary.DelayBeforeShutdown",
    dfl: "-1",
    hu: HU.CMD,
  },
  {
    nut: "shutdown.reboot",
    path: "UPS.PowerSummary.DelayBeforeReboot",
    dfl: "10",
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
    nut: "load.off.delay",
    path: "UPS.APCGeneralCollection.APCDelayBeforeShutdown",
    dfl: DEFAULT_OFFDELAY,
    hu: HU.CMD,
  },
  {
    nut: "load.on.delay",
    path: "UPS.APCGeneralCollection.APCDelayBeforeStartup",
    dfl: DEFAULT_ONDELAY,
    hu: HU.CMD,
  },
  {
    nut: "shutdown.stop",
    path: "UPS.APCGeneralCollection.APCDelayBeforeShutdown",
    dfl: "-1",
    hu: HU.CMD,
  },
  {
    nut: "shutdown.reboot",
    path: "UPS.APCGeneralCollection.APCDelayBeforeReboot",
    dfl: "10",
    hu: HU.CMD,
  },
  {
    nut: "shutdown.return",
    path: "UPS.Output.APCDelayBeforeReboot",
    dfl: "1",
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

/** APC HID 0.98. */
export const APC: Subdriver = {
  name: "APC HID 0.98",
  usages: [APC_USAGES, HID_USAGES],
  devices: APC_DEVICES,
  table: TABLE,
  claim: standardClaim("APC", APC_DEVICES),
  fixReportDesc: apcFixReportDesc,
  formatMfr: (i) => i.vendor ?? "APC",
  formatModel: apcFormatModel,
  formatSerial: (i) => i.serial,
};
