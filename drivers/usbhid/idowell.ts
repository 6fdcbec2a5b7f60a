/**
 * Idowell subdriver (idowell-hid.c, "iDowell HID 0.2" in NUT 2.8.0).
 *
 * @module
 */
import { HID_USAGES } from "../../src/hid/usages.ts";
import {
  CHARGING,
  COMMFAULT,
  DEFAULT_OFFDELAY,
  DEFAULT_ONDELAY,
  DISCHARGING,
  type HidInfo,
  HU,
  LOWBATT,
  OFF,
  ONLINE,
  OVERLOAD,
  REPLACEBATT,
  RW,
  SHUTDOWNIMM,
  standardClaim,
  STR,
  STRINGID,
  type Subdriver,
  type UsbId,
} from "./types.ts";

/** USB IDs (usb_device_id_t table). */
export const IDOWELL_DEVICES: readonly UsbId[] = [
  { vendor: 0x075d, product: 0x0300 },
];

const TABLE: readonly HidInfo[] = [
  {
    nut: "unmapped.ups.flow.[4].flowid",
    path: "UPS.Flow.[4].FlowID",
    dfl: "%.0f",
  },
  {
    nut: "unmapped.ups.powerconverter.output.outputid",
    path: "UPS.PowerConverter.Output.OutputID",
    dfl: "%.0f",
  },
  {
    nut: "unmapped.ups.powerconverter.powerconverterid",
    path: "UPS.PowerConverter.PowerConverterID",
    dfl: "%.0f",
  },
  {
    nut: "unmapped.ups.powersummary.capacitygranularity1",
    path: "UPS.PowerSummary.CapacityGranularity1",
    dfl: "%.0f",
  },
  {
    nut: "unmapped.ups.powersummary.capacitymode",
    path: "UPS.PowerSummary.CapacityMode",
    dfl: "%.0f",
  },
  {
    nut: "unmapped.ups.powersummary.flowid",
    path: "UPS.PowerSummary.FlowID",
    dfl: "%.0f",
  },
  {
    nut: "unmapped.ups.powersummary.fullchargecapacity",
    path: "UPS.PowerSummary.FullChargeCapacity",
    dfl: "%.0f",
  },
  {
    nut: "unmapped.ups.powersummary.imanufacturer",
    path: "UPS.PowerSummary.iManufacturer",
    dfl: "%.0f",
  },
  {
    nut: "unmapped.ups.powersummary.iproduct",
    path: "UPS.PowerSummary.iProduct",
    dfl: "%.0f",
  },
  {
    nut: "unmapped.ups.powersummary.iserialnumber",
    path: "UPS.PowerSummary.iSerialNumber",
    dfl: "%.0f",
  },
  {
    nut: "unmapped.ups.powersummary.powersummaryid",
    path: "UPS.PowerSummary.PowerSummaryID",
    dfl: "%.0f",
  },
  {
    nut: "unmapped.ups.powersummary.presentstatus.undefined",
    path: "UPS.PowerSummary.PresentStatus.Undefined",
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
    path: "UPS.PowerSummary.PresentStatus.CommunicationLost",
    lookup: COMMFAULT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.Discharging",
    hu: HU.QUICK_POLL,
    lookup: DISCHARGING,
  },
  { nut: "BOOL", path: "UPS.PowerSummary.PresentStatus.Good", lookup: OFF },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.InternalFailure",
    lookup: COMMFAULT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.NeedReplacement",
    lookup: REPLACEBATT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.Overload",
    lookup: OVERLOAD,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.ShutdownImminent",
    lookup: SHUTDOWNIMM,
  },
  {
    nut: "battery.charge",
    path: "UPS.PowerSummary.RemainingCapacity",
    dfl: "%.0f",
  },
  {
    nut: "battery.charge.low",
    path: "UPS.PowerSummary.RemainingCapacityLimit",
    dfl: "%.0f",
    hu: HU.STATIC,
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
    hu: HU.STATIC,
    lookup: STRINGID,
  },
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
  { nut: "ups.load", path: "UPS.PowerSummary.PercentLoad", dfl: "%.0f" },
  {
    nut: "ups.power.nominal",
    path: "UPS.Flow.[4].ConfigApparentPower",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
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
  {
    nut: "output.voltage",
    path: "UPS.PowerConverter.Output.Voltage",
    dfl: "%.1f",
  },
  {
    nut: "output.voltage.nominal",
    path: "UPS.Flow.[4].ConfigVoltage",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "output.frequency.nominal",
    path: "UPS.Flow.[4].ConfigFrequency",
    dfl: "%.0f",
    hu: HU.STATIC,
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
];

/** iDowell HID 0.2. */
export const IDOWELL: Subdriver = {
  name: "iDowell HID 0.2",
  usages: [HID_USAGES],
  devices: IDOWELL_DEVICES,
  table: TABLE,
  claim: standardClaim("iDowell", IDOWELL_DEVICES),
  formatMfr: (i) => i.vendor ?? "iDowell",
  formatModel: (i) => i.product,
  formatSerial: (i) => i.serial,
};
