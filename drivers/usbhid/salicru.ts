/**
 * Salicru subdriver (salicru-hid.c, "Salicru HID 0.3" in NUT 2.8.0).
 *
 * @module
 */
import { HID_USAGES } from "../../src/hid/usages.ts";
import {
  BEEPER,
  BOOST,
  CHARGING,
  COMMFAULT,
  DISCHARGING,
  FULLYCHARGED,
  type HidInfo,
  HU,
  LOWBATT,
  ONLINE,
  OVERHEAT,
  OVERLOAD,
  RW,
  standardClaim,
  STR,
  STRINGID,
  type Subdriver,
  TEST_READ,
  TIMELIMITEXP,
  type UsbId,
} from "./types.ts";

/** USB IDs (usb_device_id_t table). */
export const SALICRU_DEVICES: readonly UsbId[] = [
  { vendor: 0x2e66, product: 0x0201 },
  { vendor: 0x2e66, product: 0x0202 },
  { vendor: 0x2e66, product: 0x0203 },
  { vendor: 0x2e66, product: 0x0300 },
];

const TABLE: readonly HidInfo[] = [
  {
    nut: "experimental.ups.powersummary.imanufacturer",
    path: "UPS.PowerSummary.iManufacturer",
    dfl: "%.0f",
  },
  {
    nut: "experimental.ups.powersummary.iproduct",
    path: "UPS.PowerSummary.CapacityMode",
    dfl: "%.0f",
  },
  {
    nut: "experimental.ups.powersummary.iserialnumber",
    path: "UPS.PowerSummary.iSerialNumber",
    dfl: "%.0f",
  },
  {
    nut: "experimental.ups.powersummary.capacitymode",
    path: "UPS.PowerSummary.CapacityMode",
    dfl: "%.0f",
  },
  {
    nut: "experimental.ups.powersummary.rechargeable",
    path: "UPS.PowerSummary.Rechargeable",
    dfl: "%.0f",
  },
  {
    nut: "experimental.ups.powersummary.designcapacity",
    path: "UPS.PowerSummary.DesignCapacity",
    dfl: "%.0f",
  },
  {
    nut: "experimental.ups.powersummary.fullchargecapacity",
    path: "UPS.PowerSummary.FullChargeCapacity",
    dfl: "%.0f",
  },
  {
    nut: "battery.type",
    path: "UPS.PowerSummary.iDeviceChemistry",
    dfl: "%s",
    lookup: STRINGID,
  },
  {
    nut: "battery.charge",
    path: "UPS.PowerSummary.RemainingCapacity",
    dfl: "%.0f",
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
  { nut: "battery.voltage", path: "UPS.PowerSummary.Voltage", dfl: "%.2f" },
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
  { nut: "BOOL", path: "UPS.Output.CommunicationLost", lookup: COMMFAULT },
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
    nut: "input.transfer.high",
    path: "UPS.PowerConverter.Output.HighVoltageTransfer",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "input.transfer.low",
    path: "UPS.PowerConverter.Output.LowVoltageTransfer",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  { nut: "output.frequency", path: "UPS.Output.Frequency", dfl: "%.1f" },
  { nut: "output.voltage", path: "UPS.Output.Voltage", dfl: "%.1f" },
  {
    nut: "output.voltage.nominal",
    path: "UPS.Output.ConfigVoltage",
    dfl: "%.0f",
  },
  { nut: "ups.load", path: "UPS.PowerSummary.PercentLoad", dfl: "%.0f" },
  {
    nut: "ups.test.result",
    path: "UPS.BatterySystem.Battery.Test",
    dfl: "%s",
    lookup: TEST_READ,
  },
  {
    nut: "ups.realpower.nominal",
    path: "UPS.Flow.[4].ConfigActivePower",
    dfl: "%.0f",
  },
  {
    nut: "ups.realpower",
    path: "UPS.PowerConverter.Output.ActivePower",
    dfl: "%.0f",
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.Overload",
    lookup: OVERLOAD,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.OverTemperature",
    lookup: OVERHEAT,
  },
  {
    nut: "input.frequency",
    path: "UPS.PowerConverter.Input.[1].Frequency",
    dfl: "%.1f",
  },
  {
    nut: "input.voltage",
    path: "UPS.PowerConverter.Input.[1].Voltage",
    dfl: "%.1f",
  },
  {
    nut: "output.frequency",
    path: "UPS.PowerConverter.Output.Frequency",
    dfl: "%.1f",
  },
  {
    nut: "output.voltage",
    path: "UPS.PowerConverter.Output.Voltage",
    dfl: "%.1f",
  },
  {
    nut: "output.voltage.nominal",
    path: "UPS.PowerSummary.ConfigVoltage",
    dfl: "%.0f",
  },
  {
    nut: "ups.test.result",
    path: "UPS.BatterySystem.Battery.Test",
    dfl: "%s",
    lookup: TEST_READ,
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
];

/** Salicru HID 0.3. */
export const SALICRU: Subdriver = {
  name: "Salicru HID 0.3",
  usages: [HID_USAGES],
  devices: SALICRU_DEVICES,
  table: TABLE,
  claim: standardClaim("Salicru", SALICRU_DEVICES),
  formatMfr: (i) => i.vendor ?? "Salicru",
  formatModel: (i) => i.product,
  formatSerial: (i) => i.serial,
};
