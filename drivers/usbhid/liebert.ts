/**
 * Liebert subdriver (liebert-hid.c, "Phoenixtec/Liebert HID 0.41" in NUT 2.8.0).
 *
 * @module
 */
import { HID_USAGES } from "../../src/hid/usages.ts";
import {
  CHARGING,
  DISCHARGING,
  type HidInfo,
  HU,
  LOWBATT,
  ONLINE,
  OVERLOAD,
  SHUTDOWNIMM,
  standardClaim,
  STRINGID,
  type Subdriver,
  type UsbId,
} from "./types.ts";

/** USB IDs (usb_device_id_t table). */
export const LIEBERT_DEVICES: readonly UsbId[] = [
  { vendor: 0x06da, product: 0xffff },
];

const TABLE: readonly HidInfo[] = [
  { nut: "battery.voltage", path: "UPS.PowerSummary.Voltage", dfl: "%.2f" },
  {
    nut: "battery.voltage.nominal",
    path: "UPS.PowerSummary.ConfigVoltage",
    dfl: "%.2f",
    hu: HU.STATIC,
  },
  {
    nut: "battery.charge",
    path: "UPS.PowerSummary.RemainingCapacity",
    dfl: "%.0f",
  },
  {
    nut: "battery.runtime",
    path: "UPS.PowerSummary.RunTimeToEmpty",
    dfl: "%.0f",
  },
  {
    nut: "battery.type",
    path: "UPS.PowerSummary.iDeviceChemistry",
    dfl: "%s",
    lookup: STRINGID,
  },
  { nut: "ups.load", path: "UPS.PowerSummary.PercentLoad", dfl: "%.0f" },
  {
    nut: "output.voltage",
    path: "UPS.PowerConverter.Output.Voltage",
    dfl: "%.1f",
  },
  {
    nut: "output.frequency",
    path: "UPS.PowerConverter.Output.Frequency",
    dfl: "%.2f",
  },
  {
    nut: "output.transfer.high",
    path: "UPS.PowerConverter.Output.HighVoltageTransfer",
    dfl: "%.1f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "output.transfer.low",
    path: "UPS.PowerConverter.Output.LowVoltageTransfer",
    dfl: "%.1f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "input.voltage",
    path: "UPS.PowerConverter.Input.[1].Voltage",
    dfl: "%.1f",
  },
  {
    nut: "input.frequency",
    path: "UPS.PowerConverter.Input.[1].Frequency",
    dfl: "%.2f",
  },
  {
    nut: "input.transfer.low",
    path: "UPS.PowerConverter.Output.ffff0057",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "input.transfer.high",
    path: "UPS.PowerConverter.Output.ffff0058",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "input.frequency.transfer.low",
    path: "UPS.PowerConverter.Output.ffff00f9",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "input.frequency.transfer.high",
    path: "UPS.PowerConverter.Output.ffff00f8",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.ACPresent",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
    lookup: ONLINE,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.BelowRemainingCapacityLimit",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
    lookup: LOWBATT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.Charging",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
    lookup: CHARGING,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.Discharging",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
    lookup: DISCHARGING,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.Overload",
    dfl: "%.0f",
    lookup: OVERLOAD,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.ShutdownImminent",
    dfl: "%.0f",
    lookup: SHUTDOWNIMM,
  },
];

/** Phoenixtec/Liebert HID 0.41. */
export const LIEBERT: Subdriver = {
  name: "Phoenixtec/Liebert HID 0.41",
  usages: [HID_USAGES],
  devices: LIEBERT_DEVICES,
  table: TABLE,
  claim: standardClaim("Liebert", LIEBERT_DEVICES),
  formatMfr: (i) => i.vendor ?? "Liebert",
  formatModel: (i) => i.product,
  formatSerial: (i) => i.serial,
};
