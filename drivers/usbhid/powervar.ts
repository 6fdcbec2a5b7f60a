/**
 * Powervar subdriver (powervar-hid.c, "Powervar HID 0.20" in NUT 2.8.0).
 *
 * @module
 */
import { HID_USAGES, type UsageTable } from "../../src/hid/usages.ts";
import {
  CHARGING,
  DEPLETED,
  DISCHARGING,
  FULLYCHARGED,
  type HidInfo,
  HU,
  LOWBATT,
  ONLINE,
  OVERHEAT,
  OVERLOAD,
  REPLACEBATT,
  SHUTDOWNIMM,
  standardClaim,
  STRINGID,
  type Subdriver,
  TIMELIMITEXP,
  type UsbId,
  YES_NO,
} from "./types.ts";

/** Vendor usages (powervar_usage_lkp). */
export const POWERVAR_USAGES: UsageTable = [
  ["POWERVAR1", 0xff000001],
];

/** USB IDs (usb_device_id_t table). */
export const POWERVAR_DEVICES: readonly UsbId[] = [
  { vendor: 0x4234, product: 0x0002 },
];

const TABLE: readonly HidInfo[] = [
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
    nut: "battery.capacity",
    path: "UPS.PowerSummary.FullChargeCapacity",
    dfl: "%.0f",
  },
  {
    nut: "battery.runtime",
    path: "UPS.PowerSummary.RuntimeToEmpty",
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
    path: "UPS.PowerSummary.PresentStatus.InternalFailure",
    lookup: YES_NO,
  },
  { nut: "BOOL", path: "UPS.PowerSummary.PresentStatus.Good", lookup: YES_NO },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.OverTemperature",
    lookup: OVERHEAT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.FullyCharged",
    lookup: FULLYCHARGED,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.FullyDischarged",
    lookup: DEPLETED,
  },
];

/** Powervar HID 0.20. */
export const POWERVAR: Subdriver = {
  name: "Powervar HID 0.20",
  usages: [POWERVAR_USAGES, HID_USAGES],
  devices: POWERVAR_DEVICES,
  table: TABLE,
  claim(info, ctx) {
    const ok = standardClaim("Powervar", POWERVAR_DEVICES)(info, ctx);
    if (ok) ctx.tweak({ hidRepIndex: 1 });
    return ok;
  },
  formatMfr: (i) => i.vendor ?? "Powervar",
  formatModel: (i) => i.product,
  formatSerial: (i) => i.serial,
};
