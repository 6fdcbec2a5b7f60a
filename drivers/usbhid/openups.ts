/**
 * Openups subdriver (openups-hid.c, "openUPS HID 0.5" in NUT 2.8.0).
 *
 * @module
 */
import type { UsbDeviceInfo } from "../../src/hid/device.ts";
import { HID_USAGES, type UsageTable } from "../../src/hid/usages.ts";
import {
  type ClaimContext,
  COMMFAULT,
  type Conversion,
  type HidInfo,
  HU,
  LOWBATT,
  OVERHEAT,
  OVERLOAD,
  REPLACEBATT,
  SHUTDOWNIMM,
  standardClaim,
  STRINGID,
  type Subdriver,
  type SubdriverMemory,
  TIMELIMITEXP,
  type UsbId,
} from "./types.ts";

/** Scale factors per model, set by the claim (get_voltage_multiplier), per instance. */
interface Scale {
  vin: number;
  vout: number;
  ccharge: number;
  cdischarge: number;
}
const SCALE = Symbol("openups scale");
function scaleOf(memory: SubdriverMemory): Scale {
  return memory.slot(
    SCALE,
    () => ({ vin: 1, vout: 1, ccharge: 1, cdischarge: 1 }),
  );
}

function getVoltageMultiplier(info: UsbDeviceInfo, ctx: ClaimContext): void {
  const scale = scaleOf(ctx.memory);
  if (info.productId === 0xd004) {
    Object.assign(scale, {
      vin: 0.03545 * 100,
      vout: 0.02571 * 100,
      ccharge: 0.8274 / 10,
      cdischarge: 16.113 / 10,
    });
  } else if (info.productId === 0xd005) {
    Object.assign(scale, {
      vin: 0.1,
      vout: 0.1,
      ccharge: 0.1,
      cdischarge: 0.1,
    });
  }
}

/** Thermistor readings at -40, -35, ... 125 degrees C. */
const THERM_TBL = [
  0x31,
  0x40,
  0x53,
  0x68,
  0x82,
  0xa0,
  0xc3,
  0xe9,
  0x113,
  0x13f,
  0x16e,
  0x19f,
  0x1cf,
  0x200,
  0x22f,
  0x25c,
  0x286,
  0x2ae,
  0x2d3,
  0x2f4,
  0x312,
  0x32d,
  0x345,
  0x35a,
  0x36d,
  0x37e,
  0x38c,
  0x399,
  0x3a5,
  0x3af,
  0x3b7,
  0x3bf,
  0x3c6,
  0x3cc,
];

function nonZero(on: string, off = `!${on}`): Conversion {
  return { fun: (v) => (v ? on : off) };
}

const OPENUPS_CHARGING_INFO = nonZero("chrg");
const OPENUPS_DISCHARGING_INFO = nonZero("dischrg");
const OPENUPS_ONLINE_INFO = nonZero("online");
const OPENUPS_NOBATTERY_INFO = nonZero("nobattery");
const OPENUPS_OFF_INFO = nonZero("!off", "off");

function scaled(key: keyof Scale, digits: number): Conversion {
  return { fun: (v, ctx) => (v * scaleOf(ctx.memory)[key]).toFixed(digits) };
}

const OPENUPS_VIN_INFO = scaled("vin", 2);
const OPENUPS_VOUT_INFO = scaled("vout", 2);
const OPENUPS_CCHARGE_INFO = scaled("ccharge", 3);
const OPENUPS_CDISCHARGE_INFO = scaled("cdischarge", 3);

/** Thermistor reading (x100) to degrees C, interpolated. */
const OPENUPS_TEMPERATURE_INFO: Conversion = {
  fun(v) {
    const t = Math.trunc(v * 100) >>> 0;
    const last = THERM_TBL.length - 1;
    if (t <= THERM_TBL[0]!) return "-40";
    if (t >= THERM_TBL[last]!) return "125";
    let pos = 0;
    for (let i = last; i >= 0; i--) {
      if (t >= THERM_TBL[i]!) {
        pos = i;
        break;
      }
    }
    if (t === THERM_TBL[pos]) return String(pos * 5 - 40);
    const [t1, t2] = [pos * 5 - 40, (pos + 1) * 5 - 40];
    const [d1, d2] = [THERM_TBL[pos]!, THERM_TBL[pos + 1]!];
    return ((t - d1) * (t2 - t1) / (d2 - d1) + t1).toFixed(2);
  },
};

/** Vendor usages (openups_usage_lkp). */
export const OPENUPS_USAGES: UsageTable = [
  ["Cell1", 0x00000001],
  ["Cell2", 0x00000002],
  ["Cell3", 0x00000003],
  ["Cell4", 0x00000004],
  ["Cell5", 0x00000005],
  ["Cell6", 0x00000006],
];

/** USB IDs (usb_device_id_t table). */
export const OPENUPS_DEVICES: readonly UsbId[] = [
  { vendor: 0x04d8, product: 0xd004, hook: getVoltageMultiplier },
  { vendor: 0x04d8, product: 0xd005, hook: getVoltageMultiplier },
];

const TABLE: readonly HidInfo[] = [
  {
    nut: "ups.serial",
    path: "UPS.PowerSummary.iSerialNumber",
    dfl: "%s",
    lookup: STRINGID,
  },
  {
    nut: "battery.type",
    path: "UPS.PowerSummary.iDeviceChemistry",
    dfl: "%s",
    hu: HU.STATIC,
    lookup: STRINGID,
  },
  {
    nut: "battery.mfr.date",
    path: "UPS.PowerSummary.iOEMInformation",
    dfl: "%s",
    hu: HU.STATIC,
    lookup: STRINGID,
  },
  {
    nut: "battery.voltage",
    path: "UPS.PowerSummary.Voltage",
    dfl: "%.2f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "battery.current",
    path: "UPS.PowerSummary.Current",
    dfl: "%.3f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "battery.capacity",
    path: "UPS.PowerSummary.DesignCapacity",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "battery.charge",
    path: "UPS.PowerSummary.RemainingCapacity",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "battery.charge.low",
    path: "UPS.PowerSummary.RemainingCapacityLimit",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "battery.charge.warning",
    path: "UPS.PowerSummary.WarningCapacityLimit",
    dfl: "%.0f",
  },
  {
    nut: "battery.runtime",
    path: "UPS.PowerSummary.RunTimeToEmpty",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "battery.temperature",
    path: "UPS.PowerSummary.Temperature",
    hu: HU.QUICK_POLL,
    lookup: OPENUPS_TEMPERATURE_INFO,
  },
  {
    nut: "output.voltage",
    path: "UPS.PowerSummary.Output.Voltage",
    hu: HU.QUICK_POLL,
    lookup: OPENUPS_VOUT_INFO,
  },
  {
    nut: "output.current",
    path: "UPS.PowerSummary.Output.Current",
    hu: HU.QUICK_POLL,
    lookup: OPENUPS_CDISCHARGE_INFO,
  },
  {
    nut: "input.voltage",
    path: "UPS.PowerSummary.Input.Voltage",
    hu: HU.QUICK_POLL,
    lookup: OPENUPS_VIN_INFO,
  },
  {
    nut: "input.current",
    path: "UPS.PowerSummary.Input.Current",
    hu: HU.QUICK_POLL,
    lookup: OPENUPS_CCHARGE_INFO,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.Good",
    hu: HU.QUICK_POLL,
    lookup: OPENUPS_OFF_INFO,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.InternalFailure",
    hu: HU.QUICK_POLL,
    lookup: COMMFAULT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.Overload",
    hu: HU.QUICK_POLL,
    lookup: OVERLOAD,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.OverTemperature",
    hu: HU.QUICK_POLL,
    lookup: OVERHEAT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.ShutdownImminent",
    hu: HU.QUICK_POLL,
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
    path: "UPS.PowerSummary.PresentStatus.RemainingTimeLimitExpired",
    hu: HU.QUICK_POLL,
    lookup: TIMELIMITEXP,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.Charging",
    hu: HU.QUICK_POLL,
    lookup: OPENUPS_CHARGING_INFO,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.Discharging",
    hu: HU.QUICK_POLL,
    lookup: OPENUPS_DISCHARGING_INFO,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.NeedReplacement",
    lookup: REPLACEBATT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.ACPresent",
    hu: HU.QUICK_POLL,
    lookup: OPENUPS_ONLINE_INFO,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.BatteryPresent",
    hu: HU.QUICK_POLL,
    lookup: OPENUPS_NOBATTERY_INFO,
  },
];

/** openUPS HID 0.5. */
export const OPENUPS: Subdriver = {
  name: "openUPS HID 0.5",
  usages: [OPENUPS_USAGES, HID_USAGES],
  devices: OPENUPS_DEVICES,
  table: TABLE,
  claim: standardClaim("openUPS", OPENUPS_DEVICES),
  formatMfr: (i) => i.vendor ?? "openUPS",
  formatModel: (i) => i.product,
  formatSerial: (i) => i.serial,
};
