/**
 * Eaton / MGE subdriver (mge-hid.c, "MGE HID 1.46" in NUT 2.8.0): the rows
 * for battery, load, delays, transfer points, nominal ratings, outlets and
 * status (a subset of NUT's table; see the report).
 *
 * @module
 */
import { HID_USAGES } from "../../src/hid/usages.ts";
import { MGE_USAGES } from "../../src/hid/vendor_usages.ts";
import {
  beeperRows,
  COMMFAULT,
  DATE,
  FANFAIL,
  type HidInfo,
  HU,
  KELVIN_CELSIUS,
  ON_OFF,
  OVERHEAT,
  pdcCommands,
  RW,
  statusRows,
  STR,
  STRINGID,
  type Subdriver,
  TEST_READ,
  YES_NO,
} from "./types.ts";

const rw = RW | STR;
const ST = HU.STATIC;

function outlet(prefix: string, index: number, desc: string): HidInfo[] {
  const base = `UPS.OutletSystem.Outlet.[${index}]`;
  return [
    { nut: `${prefix}.id`, path: `${base}.OutletID`, dfl: "%.0f", hu: ST },
    {
      nut: `${prefix}.desc`,
      flags: rw,
      len: 20,
      path: `${base}.OutletID`,
      dfl: desc,
      hu: HU.ABSENT,
    },
    {
      nut: `${prefix}.switchable`,
      path: `${base}.PresentStatus.Switchable`,
      dfl: "%s",
      hu: ST,
      lookup: YES_NO,
    },
    ...(index > 1
      ? [
        {
          nut: `${prefix}.status`,
          path: `${base}.PresentStatus.SwitchOn/Off`,
          dfl: "%s",
          lookup: ON_OFF,
        },
        {
          nut: `${prefix}.delay.shutdown`,
          flags: rw,
          len: 10,
          path: `${base}.DelayBeforeShutdown`,
          dfl: "%.0f",
          hu: HU.SEMI_STATIC,
        },
        {
          nut: `${prefix}.delay.start`,
          flags: rw,
          len: 10,
          path: `${base}.DelayBeforeStartup`,
          dfl: "%.0f",
          hu: HU.SEMI_STATIC,
        },
        {
          nut: `${prefix}.load.off`,
          path: `${base}.DelayBeforeShutdown`,
          dfl: "0",
          hu: HU.CMD,
        },
        {
          nut: `${prefix}.load.on`,
          path: `${base}.DelayBeforeStartup`,
          dfl: "0",
          hu: HU.CMD,
        },
      ]
      : []),
  ];
}

const TABLE: HidInfo[] = [
  {
    nut: "battery.charge",
    path: "UPS.PowerSummary.RemainingCapacity",
    dfl: "%.0f",
  },
  {
    nut: "battery.charge.low",
    flags: rw,
    len: 5,
    path: "UPS.PowerSummary.RemainingCapacityLimitSetting",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "battery.charge.low",
    path: "UPS.PowerSummary.RemainingCapacityLimit",
    dfl: "%.0f",
    hu: ST,
  },
  {
    nut: "battery.charge.restart",
    flags: rw,
    len: 3,
    path: "UPS.PowerSummary.RestartLevel",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
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
  },
  {
    nut: "battery.temperature",
    path: "UPS.BatterySystem.Battery.Temperature",
    dfl: "%s",
    lookup: KELVIN_CELSIUS,
  },
  {
    nut: "battery.type",
    path: "UPS.PowerSummary.iDeviceChemistry",
    dfl: "%s",
    hu: ST,
    lookup: STRINGID,
  },
  { nut: "battery.voltage", path: "UPS.BatterySystem.Voltage", dfl: "%.1f" },
  { nut: "battery.voltage", path: "UPS.PowerSummary.Voltage", dfl: "%.1f" },
  {
    nut: "battery.voltage.nominal",
    path: "UPS.BatterySystem.ConfigVoltage",
    dfl: "%.0f",
    hu: ST,
  },
  {
    nut: "battery.voltage.nominal",
    path: "UPS.PowerSummary.ConfigVoltage",
    dfl: "%.0f",
    hu: ST,
  },
  {
    nut: "battery.protection",
    flags: rw,
    len: 5,
    path: "UPS.BatterySystem.Battery.DeepDischargeProtection",
    dfl: "%s",
    hu: HU.SEMI_STATIC,
    lookup: YES_NO,
  },
  {
    nut: "battery.mfr.date",
    path: "UPS.BatterySystem.Battery.ManufacturerDate",
    dfl: "%s",
    hu: ST,
    lookup: DATE,
  },
  {
    nut: "ups.firmware",
    path: "UPS.PowerSummary.iVersion",
    dfl: "%s",
    hu: ST,
    lookup: STRINGID,
  },
  { nut: "ups.load", path: "UPS.PowerSummary.PercentLoad", dfl: "%.0f" },
  {
    nut: "ups.load.high",
    flags: rw,
    len: 5,
    path: "UPS.Flow.[4].ConfigPercentLoad",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  ...pdcCommands("UPS.PowerSummary"),
  {
    nut: "ups.test.result",
    path: "UPS.BatterySystem.Battery.Test",
    dfl: "%s",
    lookup: TEST_READ,
  },
  {
    nut: "ups.test.interval",
    flags: rw,
    len: 8,
    path: "UPS.BatterySystem.Battery.TestPeriod",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  ...beeperRows("UPS.PowerSummary.AudibleAlarmControl"),
  {
    nut: "ups.power",
    path: "UPS.PowerConverter.Output.ApparentPower",
    dfl: "%.0f",
  },
  {
    nut: "ups.power.nominal",
    path: "UPS.Flow.[4].ConfigApparentPower",
    dfl: "%.0f",
    hu: ST,
  },
  {
    nut: "ups.realpower",
    path: "UPS.PowerConverter.Output.ActivePower",
    dfl: "%.0f",
  },
  {
    nut: "ups.realpower.nominal",
    path: "UPS.Flow.[4].ConfigActivePower",
    dfl: "%.0f",
    hu: ST,
  },
  {
    nut: "ups.temperature",
    path: "UPS.PowerSummary.Temperature",
    dfl: "%s",
    lookup: KELVIN_CELSIUS,
  },
  ...statusRows("UPS.PowerSummary.PresentStatus"),
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.InternalFailure",
    lookup: COMMFAULT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.Input.[1].PresentStatus.Boost",
    lookup: statusRows("x")[10]!.lookup!,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.Input.[1].PresentStatus.Buck",
    lookup: statusRows("x")[11]!.lookup!,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.FanFailure",
    lookup: FANFAIL,
  },
  {
    nut: "BOOL",
    path: "UPS.BatterySystem.Temperature.PresentStatus.OverTemperature",
    lookup: OVERHEAT,
  },
  {
    nut: "input.voltage",
    path: "UPS.PowerConverter.Input.[1].Voltage",
    dfl: "%.1f",
  },
  {
    nut: "input.frequency",
    path: "UPS.PowerConverter.Input.[1].Frequency",
    dfl: "%.1f",
  },
  {
    nut: "input.current",
    path: "UPS.PowerConverter.Input.[1].Current",
    dfl: "%.2f",
  },
  {
    nut: "input.voltage.nominal",
    path: "UPS.Flow.[1].ConfigVoltage",
    dfl: "%.0f",
    hu: ST,
  },
  {
    nut: "input.transfer.low",
    flags: rw,
    len: 5,
    path: "UPS.PowerConverter.Output.LowVoltageTransfer",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "input.transfer.high",
    flags: rw,
    len: 5,
    path: "UPS.PowerConverter.Output.HighVoltageTransfer",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "output.voltage",
    path: "UPS.PowerConverter.Output.Voltage",
    dfl: "%.1f",
  },
  {
    nut: "output.current",
    path: "UPS.PowerConverter.Output.Current",
    dfl: "%.2f",
  },
  {
    nut: "output.frequency",
    path: "UPS.PowerConverter.Output.Frequency",
    dfl: "%.1f",
  },
  {
    nut: "output.voltage.nominal",
    flags: rw,
    len: 5,
    path: "UPS.Flow.[4].ConfigVoltage",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "output.frequency.nominal",
    path: "UPS.Flow.[4].ConfigFrequency",
    dfl: "%.0f",
    hu: ST,
  },
  ...outlet("outlet", 1, "Main Outlet"),
  ...outlet("outlet.1", 2, "PowerShare Outlet 1"),
  ...outlet("outlet.2", 3, "PowerShare Outlet 2"),
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
];

/** Eaton / MGE (0463). */
export const MGE: Subdriver = {
  name: "MGE HID 1.46",
  usages: [MGE_USAGES, HID_USAGES],
  devices: [[0x0463, 0x0001], [0x0463, 0xffff]],
  table: TABLE,
  formatMfr: (i) => i.vendor ?? "Eaton",
  formatModel: (i) => i.product,
  formatSerial: (i) => i.serial,
};
