/**
 * APC subdriver (apc-hid.c, "APC HID 0.98" in NUT 2.8.0).
 *
 * @module
 */
import { HID_USAGES } from "../../src/hid/usages.ts";
import { APC_USAGES } from "../../src/hid/vendor_usages.ts";
import {
  beeperRows,
  CHARGING,
  type Conversion,
  DATE,
  DISCHARGING,
  type HidInfo,
  HU,
  KELVIN_CELSIUS,
  LOWBATT,
  ONLINE,
  pdcCommands,
  RW,
  SHUTDOWNIMM,
  statusRows,
  STR,
  STRINGID,
  type Subdriver,
  TEST_READ,
} from "./types.ts";

/** APC's hexadecimal-as-decimal date: 0x102202 = 2002/10/22. */
const APC_DATE: Conversion = {
  fun(v) {
    const n = Math.trunc(v);
    if (n === 0) return "not set";
    const d = (s: number) => ((n >> s) & 0xf) + 10 * ((n >> (s + 4)) & 0xf);
    let year = d(0);
    year += year >= 70 ? 1900 : 2000;
    const p = (x: number, w: number) => String(x).padStart(w, "0");
    return `${p(year, 4)}/${p(d(16), 2)}/${p(d(8), 2)}`;
  },
};

const STATUS_FLAG: HidInfo["lookup"] = [[8, "!off"], [16, "!off"], [0, "off"]];
const VRANGE_CAUSE: HidInfo["lookup"] = [
  [1, "vrange"],
  [2, "vrange"],
  [4, "vrange"],
  [8, "vrange"],
  [9, "vrange"],
  [0, "!vrange"],
];
const FRANGE_CAUSE: HidInfo["lookup"] = [[7, "frange"], [0, "!frange"]];
const SENSITIVITY: HidInfo["lookup"] = [[0, "low"], [1, "medium"], [2, "high"]];
const q = HU.QUICK_POLL;
const rw = RW | STR;

const TABLE: HidInfo[] = [
  {
    nut: "battery.charge",
    path: "UPS.PowerSummary.RemainingCapacity",
    dfl: "%.0f",
  },
  {
    nut: "battery.charge.low",
    flags: rw,
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
    flags: rw,
    len: 10,
    path: "UPS.Battery.RemainingTimeLimit",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "battery.runtime.low",
    flags: rw,
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
    path: "UPS.Battery.ManufacturerDate",
    dfl: "%s",
    lookup: DATE,
  },
  {
    nut: "battery.mfr.date",
    path: "UPS.PowerSummary.APCBattReplaceDate",
    dfl: "%s",
    lookup: APC_DATE,
  },
  {
    nut: "battery.date",
    path: "UPS.Battery.APCBattReplaceDate",
    dfl: "%s",
    lookup: APC_DATE,
  },
  { nut: "ups.load", path: "UPS.Output.PercentLoad", dfl: "%.1f" },
  { nut: "ups.load", path: "UPS.PowerConverter.PercentLoad", dfl: "%.0f" },
  ...pdcCommands("UPS.PowerSummary").filter((r) => !(r.hu! & HU.CMD)),
  ...pdcCommands("UPS.Output").filter((r) => !(r.hu! & HU.CMD)),
  ...pdcCommands("UPS.APCGeneralCollection").filter((r) => !(r.hu! & HU.CMD))
    .map((r) => ({ ...r, path: r.path.replace(/\.Delay/, ".APCDelay") })),
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
    lookup: beeperRows("x")[0]!.lookup!,
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
  ...statusRows("UPS.PowerSummary.PresentStatus"),
  { nut: "BOOL", path: "UPS.PowerSummary.Charging", hu: q, lookup: CHARGING },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.Discharging",
    hu: q,
    lookup: DISCHARGING,
  },
  { nut: "BOOL", path: "UPS.PowerSummary.ACPresent", hu: q, lookup: ONLINE },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.BelowRemainingCapacityLimit",
    hu: q,
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
    hu: q,
    lookup: STATUS_FLAG,
  },
  { nut: "BOOL", path: "UPS.Input.APCLineFailCause", lookup: VRANGE_CAUSE },
  { nut: "BOOL", path: "UPS.Input.APCLineFailCause", lookup: FRANGE_CAUSE },
  { nut: "input.voltage", path: "UPS.Input.Voltage", dfl: "%.1f" },
  {
    nut: "input.voltage.nominal",
    path: "UPS.Input.ConfigVoltage",
    dfl: "%.0f",
  },
  {
    nut: "input.transfer.low",
    flags: rw,
    len: 10,
    path: "UPS.Output.LowVoltageTransfer",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "input.transfer.high",
    flags: rw,
    len: 10,
    path: "UPS.Output.HighVoltageTransfer",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "input.transfer.low",
    flags: rw,
    len: 10,
    path: "UPS.Input.LowVoltageTransfer",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "input.transfer.high",
    flags: rw,
    len: 10,
    path: "UPS.Input.HighVoltageTransfer",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "input.sensitivity",
    flags: rw,
    len: 10,
    path: "UPS.Input.APCSensitivity",
    dfl: "%s",
    hu: HU.SEMI_STATIC,
    lookup: SENSITIVITY,
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
  ...pdcCommands("UPS.PowerSummary").filter((r) => r.hu! & HU.CMD),
  ...pdcCommands("UPS.Output").filter((r) => r.hu! & HU.CMD),
  ...pdcCommands("UPS.APCGeneralCollection").filter((r) => r.hu! & HU.CMD)
    .map((r) => ({ ...r, path: r.path.replace(/\.Delay/, ".APCDelay") })),
  ...beeperRows("UPS.PowerSummary.AudibleAlarmControl").slice(1),
];

/** APC (051d). */
export const APC: Subdriver = {
  name: "APC HID 0.98",
  usages: [APC_USAGES, HID_USAGES],
  devices: [[0x051d, 0x0002], [0x051d, 0x0003]],
  table: TABLE,
  formatMfr: (i) => i.vendor ?? "APC",
  formatModel(i, set) {
    const product = i.product ?? "unknown";
    const fw = product.indexOf("FW:");
    if (fw < 0) return product;
    const model = product.slice(0, Math.max(0, fw - 1));
    let rest = product.slice(fw + 3);
    const usb = rest.indexOf("USB FW:");
    if (usb >= 0) {
      set("ups.firmware.aux", rest.slice(usb + 7));
      rest = rest.slice(0, Math.max(0, usb - 1));
    }
    set("ups.firmware", rest);
    return model;
  },
  formatSerial: (i) => i.serial,
};
