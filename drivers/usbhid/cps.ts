/**
 * CyberPower subdriver (cps-hid.c, "CyberPower HID 0.6" in NUT 2.8.0).
 *
 * @module
 */
import { HID_USAGES } from "../../src/hid/usages.ts";
import {
  beeperRows,
  BOOST,
  DATE,
  type HidInfo,
  HU,
  KELVIN_CELSIUS,
  OVERLOAD,
  pdcCommands,
  RW,
  statusRows,
  STR,
  STRINGID,
  type Subdriver,
  TEST_READ,
} from "./types.ts";

const rw = RW | STR;
const TABLE: HidInfo[] = [
  {
    nut: "battery.type",
    path: "UPS.PowerSummary.iDeviceChemistry",
    dfl: "%s",
    lookup: STRINGID,
  },
  {
    nut: "battery.mfr.date",
    flags: rw,
    len: 10,
    path: "UPS.Battery.ManufacturerDate",
    dfl: "%s",
    hu: HU.SEMI_STATIC,
    lookup: DATE,
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
    flags: rw,
    len: 10,
    path: "UPS.PowerSummary.RemainingCapacityLimit",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "battery.charge",
    path: "UPS.PowerSummary.RemainingCapacity",
    dfl: "%s",
    lookup: { fun: (v) => Math.min(v, 100).toFixed(0) },
  },
  {
    nut: "battery.runtime",
    path: "UPS.PowerSummary.RunTimeToEmpty",
    dfl: "%.0f",
  },
  {
    nut: "battery.runtime.low",
    flags: rw,
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
  { nut: "battery.voltage", path: "UPS.PowerSummary.Voltage", dfl: "%.1f" },
  { nut: "ups.load", path: "UPS.Output.PercentLoad", dfl: "%.0f" },
  {
    nut: "ups.test.result",
    path: "UPS.Output.Test",
    dfl: "%s",
    lookup: TEST_READ,
  },
  { nut: "ups.power", path: "UPS.Output.ApparentPower", dfl: "%.0f" },
  {
    nut: "ups.power.nominal",
    path: "UPS.Output.ConfigApparentPower",
    dfl: "%.0f",
  },
  { nut: "ups.realpower", path: "UPS.Output.ActivePower", dfl: "%.0f" },
  {
    nut: "ups.realpower.nominal",
    path: "UPS.Output.ConfigActivePower",
    dfl: "%.0f",
  },
  ...pdcCommands("UPS.Output"),
  {
    nut: "ups.firmware",
    path: "UPS.PowerSummary.CPSFirmwareVersion",
    dfl: "%s",
    hu: HU.STATIC,
    lookup: STRINGID,
  },
  {
    nut: "ups.temperature",
    path: "UPS.PowerSummary.Temperature",
    dfl: "%s",
    lookup: KELVIN_CELSIUS,
  },
  ...statusRows("UPS.PowerSummary.PresentStatus"),
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
  ...beeperRows("UPS.PowerSummary.AudibleAlarmControl"),
];

/** CyberPower (0764, and Cyber Energy 0483:a430). */
export const CPS: Subdriver = {
  name: "CyberPower HID 0.6",
  usages: [[["CPSFirmwareVersion", 0xff0100d0], [
    "CPSInputSensitivity",
    0xff010043,
  ]], HID_USAGES],
  devices: [[0x0764, 0x0005], [0x0764, 0x0501], [0x0764, 0x0601], [
    0x0483,
    0xa430,
  ]],
  table: TABLE,
  formatMfr: (i) => i.vendor ?? "CPS",
  formatModel: (i) => i.product,
  formatSerial: (i) => i.serial,
};
