/**
 * Eaton / MGE subdriver (mge-hid.c, "MGE HID 1.46" in NUT 2.8.0).
 *
 * @module
 */
import type { UsbDeviceInfo } from "../../src/hid/device.ts";
import { HID_USAGES, type UsageTable } from "../../src/hid/usages.ts";
import {
  BATTVOLTHI,
  BATTVOLTLO,
  BEEPER,
  BOOST,
  BYPASSAUTO,
  BYPASSMAN,
  CHARGERFAIL,
  COMMFAULT,
  type Conversion,
  DEFAULT_OFFDELAY,
  DEFAULT_ONDELAY,
  FANFAIL,
  type FormatContext,
  FRANGE,
  type HidInfo,
  HU,
  KELVIN_CELSIUS,
  type Lookup,
  type LookupContext,
  LOWBATT,
  NOBATTERY,
  OFF,
  ON_OFF,
  ONLINE,
  OVERHEAT,
  OVERLOAD,
  possiblySupported,
  REPLACEBATT,
  RW,
  SHUTDOWNIMM,
  STR,
  STRINGID,
  type Subdriver,
  type SubdriverMemory,
  TEST_READ,
  TRIM,
  type UsbId,
  usbSupport,
  VRANGE,
  YES_NO,
} from "./types.ts";

const DELL_VENDORID = 0x047c;
const HP_VENDORID = 0x03f0;
const PHOENIXTEC = 0x06da;

/** Model families (models_type_t); offline models are below MGE_DEFAULT. */
const MGE_DEFAULT_OFFLINE = 0;
const MGE_PEGASUS = 0x100;
const MGE_3S = 0x110;
const MGE_DEFAULT = 0x200;
const MGE_EVOLUTION = 0x300;
const MGE_EVOLUTION_650 = 0x301;
const MGE_PULSAR_M = 0x400;
const EATON_5P = 0x500;
const COUNTRY_UNKNOWN = -1;
const COUNTRY_EUROPE = 0;
const ABM_UNKNOWN = -1;
const ABM_DISABLED = 0;

/** What the model name and device data taught the subdriver (per instance). */
interface MgeState {
  type: number;
  country: number;
  abm: number;
  nominal: number;
}
const MGE_STATE = Symbol("mge state");
function mgeOf(memory: SubdriverMemory): MgeState {
  return memory.slot(MGE_STATE, () => ({
    type: MGE_DEFAULT,
    country: COUNTRY_UNKNOWN,
    abm: ABM_UNKNOWN,
    nominal: -1,
  }));
}

/** The model family an instance learned from its model name (tests). */
export function mgeModelType(memory: SubdriverMemory): number {
  return mgeOf(memory).type;
}

const EATON_ABM_ENABLED_INFO: Conversion = {
  fun(v, ctx) {
    mgeOf(ctx.memory).abm = Math.trunc(v);
    return undefined;
  },
};

const ABM_STATUS: Record<number, string> = {
  1: "charging",
  2: "discharging",
  3: "floating",
  4: "resting",
  6: "off",
};
const EATON_ABM_STATUS_INFO: Conversion = {
  fun(v, ctx) {
    if (mgeOf(ctx.memory).abm === ABM_DISABLED) {
      ctx.delVar("battery.charger.status");
      return undefined;
    }
    return ABM_STATUS[Math.trunc(v)];
  },
};

const EATON_ABM_CHRG_DISCHRG_INFO: Conversion = {
  fun(v, ctx) {
    if (mgeOf(ctx.memory).abm === ABM_DISABLED) return undefined;
    const n = Math.trunc(v);
    if (n === 1 || n === 3) return "chrg";
    return n === 2 ? "dischrg" : undefined;
  },
};

/** Legacy CHRG/DISCHRG flags count only while ABM is disabled. */
function abmChecked(flag: string): Conversion {
  return {
    fun: (v, ctx) =>
      mgeOf(ctx.memory).abm === ABM_DISABLED && v === 1 ? flag : `!${flag}`,
  };
}
const EATON_DISCHARGING_INFO = abmChecked("dischrg");
const EATON_CHARGING_INFO = abmChecked("chrg");

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** Unix time to local "YYYY/MM/DD" / "HH:MM:SS" (ups.date / ups.time). */
function localParts(v: number): [string, string] | undefined {
  const d = new Date(Math.trunc(v) * 1000);
  if (Number.isNaN(d.getTime())) return undefined;
  const y = String(d.getFullYear()).padStart(4, "0");
  return [
    `${y}/${pad2(d.getMonth() + 1)}/${pad2(d.getDate())}`,
    `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`,
  ];
}

/** "YYYY/MM/DD HH:MM:SS" local time back to Unix time, 0 when unparsable. */
function fromLocal(date: string | undefined, time: string | undefined): number {
  const m = /^(\d+)\/(\d+)\/(\d+) (\d+):(\d+):(\d+)/.exec(`${date} ${time}`);
  if (!m) return 0;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as number[];
  return Math.trunc(new Date(y!, mo! - 1, d, h, mi, s).getTime() / 1000);
}

const MGE_DATE_CONVERSION: Conversion = {
  fun: (v) => localParts(v)?.[0],
  nuf: (text, ctx) => fromLocal(text, ctx.getVar("ups.time")),
};
const MGE_TIME_CONVERSION: Conversion = {
  fun: (v) => localParts(v)?.[1],
  nuf: (text, ctx) => fromLocal(ctx.getVar("ups.date"), text),
};

const MGE_BATTERY_VOLTAGE_NOMINAL: Conversion = {
  fun(v, ctx) {
    const mge = mgeOf(ctx.memory);
    switch (mge.type & 0xff00) {
      case MGE_EVOLUTION:
        if (mge.type === MGE_EVOLUTION_650) v = 12;
        break;
      case MGE_PULSAR_M:
      case EATON_5P:
        break;
      default:
        return undefined;
    }
    return v.toFixed(0);
  },
};

const MGE_BATTERY_VOLTAGE: Conversion = {
  fun(v, ctx) {
    const family = mgeOf(ctx.memory).type & 0xff00;
    if (
      family !== MGE_EVOLUTION && family !== MGE_PULSAR_M && family !== EATON_5P
    ) return undefined;
    return v.toFixed(1);
  },
};

const MGE_POWERFACTOR_CONVERSION: Conversion = {
  fun: (v) => (v / 100).toFixed(2),
};
const MGE_BATTERY_CAPACITY: Conversion = {
  fun: (v) => (v / 3600).toFixed(2),
};

const EATON_ENABLE_DISABLE_INFO: Lookup = [[0, "disabled"], [1, "enabled"]];
const MGE_UPSTYPE_CONVERSION: Lookup = [
  [1, "offline / line interactive"],
  [2, "online"],
  [3, "online - unitary/parallel"],
  [4, "online - parallel with hot standy"],
  [5, "online - hot standby redundancy"],
];
const MGE_SENSITIVITY_INFO: Lookup = [[0, "normal"], [1, "high"], [2, "low"]];
const MGE_EMERGENCY_STOP: Lookup = [[1, "Emergency stop!"]];
const MGE_WIRING_FAULT: Lookup = [[1, "Wiring fault!"]];
const MGE_CONFIG_FAILURE: Lookup = [[1, "Fatal EEPROM fault!"]];
const MGE_INVERTER_VOLTHI: Lookup = [[1, "Inverter AC voltage too high!"]];
const MGE_INVERTER_VOLTLO: Lookup = [[1, "Inverter AC voltage too low!"]];
const MGE_SHORT_CIRCUIT: Lookup = [[1, "Output short circuit!"]];
const MGE_ONBATT_INFO: Lookup = [[1, "!online"], [0, "online"]];

/** Eco settings exist on Protection Station, Ellipse ECO and non-EU 3S. */
function isPegasus(ctx: LookupContext): boolean {
  const mge = mgeOf(ctx.memory);
  const family = mge.type & 0xff00;
  if (family === MGE_PEGASUS) return true;
  return family === MGE_3S && mge.country !== COUNTRY_EUROPE;
}

const PEGASUS_THRESHOLD_INFO: Conversion = {
  fun: (v, ctx) => isPegasus(ctx) ? v.toFixed(0) : undefined,
  values: [[10, "10"], [25, "25"], [60, "60"]],
};

const PEGASUS_YES_NO_INFO: Conversion = {
  fun: (v, ctx) => isPegasus(ctx) ? (v === 0 ? "no" : "yes") : undefined,
  nuf: (text, ctx) => isPegasus(ctx) && (text ?? "").startsWith("yes") ? 1 : 0,
  values: [[0, "no"], [1, "yes"]],
};

const EATON_CHECK_COUNTRY_INFO: Conversion = {
  fun(v, ctx) {
    mgeOf(ctx.memory).country = Math.trunc(v);
    return undefined;
  },
};

/** atoi: leading integer of a string, 0 when none. */
function atoi(text: string): number {
  const m = /^\s*[+-]?\d+/.exec(text);
  return m ? Number.parseInt(m[0], 10) : 0;
}

/** ups.realpower estimated from load, nominal power and power factor. */
const EATON_COMPUTE_REALPOWER_INFO: Conversion = {
  fun(_v, ctx) {
    const load = ctx.getVar("ups.load");
    const nominal = ctx.getVar("ups.power.nominal");
    if (load === undefined || nominal === undefined) return undefined;
    const pf = ctx.getVar("output.powerfactor");
    // NUT 2.8.0 reads the power factor with atoi(): "0.90" counts as 0
    const factor = pf !== undefined ? atoi(pf) : 0.8;
    return Math.round(atoi(load) * 0.01 * atoi(nominal) * factor).toFixed(0);
  },
};

const LV = [100, 110, 120, 127];
const HV208 = [200, 208];
const HV230 = [220, 230, 240];

/** Settable nominal output voltages, limited to the model's range. */
const NOMINAL_OUTPUT_VOLTAGE_INFO: Conversion = {
  fun(v, ctx) {
    const mge = mgeOf(ctx.memory);
    if (mge.nominal < 0) mge.nominal = Math.trunc(v);
    const value = Math.trunc(v);
    const online = (mge.type & 0xff00) >= MGE_DEFAULT;
    if (LV.includes(mge.nominal)) {
      if (!LV.includes(value)) return undefined;
    } else if (HV208.includes(mge.nominal)) {
      if (!HV208.includes(value) && !(HV230.includes(value) && online)) {
        return undefined;
      }
    } else if (HV230.includes(mge.nominal)) {
      if (HV208.includes(value)) {
        if (!online) return undefined;
      } else if (!HV230.includes(value)) return undefined;
    }
    return v.toFixed(0);
  },
  values: [
    [200, "200"],
    [208, "208"],
    [220, "220"],
    [230, "230"],
    [240, "240"],
    [100, "100"],
    [110, "110"],
    [120, "120"],
    [127, "127"],
  ],
};

const EATON_CONVERTER_ONLINE_INFO: Conversion = {
  fun: (v, ctx) =>
    ctx.hasStatus("off") ? undefined : (v === 0 ? "!online" : "online"),
};

/** mge_model_names: [iProduct, iModel, type, name (undefined: concatenate)]. */
const MGE_MODEL_NAMES: ReadonlyArray<
  readonly [string, string, number, string | undefined]
> = [
  ["ELLIPSE", "300", MGE_DEFAULT_OFFLINE, "ellipse 300"],
  ["ELLIPSE", "500", MGE_DEFAULT_OFFLINE, "ellipse 500"],
  ["ELLIPSE", "650", MGE_DEFAULT_OFFLINE, "ellipse 650"],
  ["ELLIPSE", "800", MGE_DEFAULT_OFFLINE, "ellipse 800"],
  ["ELLIPSE", "1200", MGE_DEFAULT_OFFLINE, "ellipse 1200"],
  ["ellipse", "PR500", MGE_DEFAULT_OFFLINE, "ellipse premium 500"],
  ["ellipse", "PR650", MGE_DEFAULT_OFFLINE, "ellipse premium 650"],
  ["ellipse", "PR800", MGE_DEFAULT_OFFLINE, "ellipse premium 800"],
  ["ellipse", "PR1200", MGE_DEFAULT_OFFLINE, "ellipse premium 1200"],
  ["ELLIPSE", "600", MGE_DEFAULT_OFFLINE, "Ellipse 600"],
  ["ELLIPSE", "750", MGE_DEFAULT_OFFLINE, "Ellipse 750"],
  ["ELLIPSE", "1000", MGE_DEFAULT_OFFLINE, "Ellipse 1000"],
  ["ELLIPSE", "1500", MGE_DEFAULT_OFFLINE, "Ellipse 1500"],
  ["Ellipse MAX", "600", MGE_DEFAULT_OFFLINE, undefined],
  ["Ellipse MAX", "850", MGE_DEFAULT_OFFLINE, undefined],
  ["Ellipse MAX", "1100", MGE_DEFAULT_OFFLINE, undefined],
  ["Ellipse MAX", "1500", MGE_DEFAULT_OFFLINE, undefined],
  ["PROTECTIONCENTER", "420", MGE_DEFAULT_OFFLINE, "Protection Center 420"],
  ["PROTECTIONCENTER", "500", MGE_DEFAULT_OFFLINE, "Protection Center 500"],
  ["PROTECTIONCENTER", "675", MGE_DEFAULT_OFFLINE, "Protection Center 675"],
  ["Protection Station", "500", MGE_PEGASUS, undefined],
  ["Protection Station", "650", MGE_PEGASUS, undefined],
  ["Protection Station", "800", MGE_PEGASUS, undefined],
  ["Ellipse ECO", "650", MGE_PEGASUS, undefined],
  ["Ellipse ECO", "800", MGE_PEGASUS, undefined],
  ["Ellipse ECO", "1200", MGE_PEGASUS, undefined],
  ["Ellipse ECO", "1600", MGE_PEGASUS, undefined],
  ["3S", "450", MGE_DEFAULT_OFFLINE, undefined],
  ["3S", "550", MGE_DEFAULT_OFFLINE, undefined],
  ["3S", "700", MGE_3S, undefined],
  ["3S", "750", MGE_3S, undefined],
  ["Evolution", "500", MGE_DEFAULT, "Pulsar Evolution 500"],
  ["Evolution", "800", MGE_DEFAULT, "Pulsar Evolution 800"],
  ["Evolution", "1100", MGE_DEFAULT, "Pulsar Evolution 1100"],
  ["Evolution", "1500", MGE_DEFAULT, "Pulsar Evolution 1500"],
  ["Evolution", "2200", MGE_DEFAULT, "Pulsar Evolution 2200"],
  ["Evolution", "3000", MGE_DEFAULT, "Pulsar Evolution 3000"],
  ["Evolution", "3000XL", MGE_DEFAULT, "Pulsar Evolution 3000 XL"],
  ["Evolution", "650", MGE_EVOLUTION_650, undefined],
  ["Evolution", "850", MGE_EVOLUTION + 2, undefined],
  ["Evolution", "1150", MGE_EVOLUTION + 3, undefined],
  ["Evolution", "S 1250", MGE_EVOLUTION + 4, undefined],
  ["Evolution", "1550", MGE_EVOLUTION + 5, undefined],
  ["Evolution", "S 1750", MGE_EVOLUTION + 6, undefined],
  ["Evolution", "2000", MGE_EVOLUTION + 7, undefined],
  ["Evolution", "S 2500", MGE_EVOLUTION + 8, undefined],
  ["Evolution", "S 3000", MGE_EVOLUTION + 9, undefined],
  ["Eaton 5P", "650", EATON_5P, "5P 650"],
  ["Eaton 5P", "850", EATON_5P, "5P 850"],
  ["Eaton 5P", "1150", EATON_5P, "5P 1150"],
  ["Eaton 5P", "1550", EATON_5P, "5P 1550"],
  ["PULSAR M", "2200", MGE_PULSAR_M + 1, undefined],
  ["PULSAR M", "3000", MGE_PULSAR_M + 2, undefined],
  ["PULSAR M", "3000 XL", MGE_PULSAR_M + 3, undefined],
  ["EX", "2200", MGE_PULSAR_M + 1, undefined],
  ["EX", "3000", MGE_PULSAR_M + 2, undefined],
  ["EX", "3000 XL", MGE_PULSAR_M + 2, undefined],
  ["PULSAR", "MX4000", MGE_DEFAULT, "Pulsar MX 4000 RT"],
  ["PULSAR", "MX5000", MGE_DEFAULT, "Pulsar MX 5000 RT"],
  ["NOVA AVR", "500", MGE_DEFAULT, "Nova 500 AVR"],
  ["NOVA AVR", "600", MGE_DEFAULT, "Nova 600 AVR"],
  ["NOVA AVR", "625", MGE_DEFAULT, "Nova 625 AVR"],
  ["NOVA AVR", "1100", MGE_DEFAULT, "Nova 1100 AVR"],
  ["NOVA AVR", "1250", MGE_DEFAULT, "Nova 1250 AVR"],
  ["EXtreme", "700C", MGE_DEFAULT, "Pulsar EXtreme 700C"],
  ["EXtreme", "1000C", MGE_DEFAULT, "Pulsar EXtreme 1000C"],
  ["EXtreme", "1500C", MGE_DEFAULT, "Pulsar EXtreme 1500C"],
  ["EXtreme", "1500CCLA", MGE_DEFAULT, "Pulsar EXtreme 1500C CLA"],
  ["EXtreme", "2200C", MGE_DEFAULT, "Pulsar EXtreme 2200C"],
  ["EXtreme", "3200C", MGE_DEFAULT, "Pulsar EXtreme 3200C"],
  ["EX", "700RT", MGE_DEFAULT, "Pulsar EX 700 RT"],
  ["EX", "1000RT", MGE_DEFAULT, "Pulsar EX 1000 RT"],
  ["EX", "1500RT", MGE_DEFAULT, "Pulsar EX 1500 RT"],
  ["EX", "2200RT", MGE_DEFAULT, "Pulsar EX 2200 RT"],
  ["EX", "3200RT", MGE_DEFAULT, "Pulsar EX 3200 RT"],
  ["EX", "5RT31", MGE_DEFAULT, "EX 5 RT 3:1"],
  ["EX", "7RT31", MGE_DEFAULT, "EX 7 RT 3:1"],
  ["EX", "11RT31", MGE_DEFAULT, "EX 11 RT 3:1"],
  ["EX", "5RT", MGE_DEFAULT, "EX 5 RT"],
  ["EX", "7RT", MGE_DEFAULT, "EX 7 RT"],
  ["EX", "11RT", MGE_DEFAULT, "EX 11 RT"],
  ["GALAXY", "3000_10", MGE_DEFAULT, "Galaxy 3000 10 kVA"],
  ["GALAXY", "3000_15", MGE_DEFAULT, "Galaxy 3000 15 kVA"],
  ["GALAXY", "3000_20", MGE_DEFAULT, "Galaxy 3000 20 kVA"],
  ["GALAXY", "3000_30", MGE_DEFAULT, "Galaxy 3000 30 kVA"],
];

/** SMALLBUF (512): NUT keeps at most 511 bytes of a name. */
const SMALLBUF = 512;

/**
 * get_model_name: the friendly name for a known iProduct/iModel pair (and
 * its model family), else "iProduct iModel".
 */
export function mgeModelName(
  iProduct: string,
  iModel: string,
  memory: SubdriverMemory,
): string {
  const hit = MGE_MODEL_NAMES.find(([p, m]) => p === iProduct && m === iModel);
  if (hit) mgeOf(memory).type = hit[2];
  return hit?.[3] ?? `${iProduct} ${iModel}`.slice(0, SMALLBUF - 1);
}

/** mge_format_model: iProduct + iModel (or the VA rating when no iModel). */
async function mgeFormatModel(
  info: UsbDeviceInfo,
  ctx: FormatContext,
): Promise<string | undefined> {
  if (info.vendorId === DELL_VENDORID) return info.product;
  const product = (info.product ?? "unknown").slice(0, SMALLBUF - 1);
  let model = (await ctx.readString("UPS.PowerSummary.iModel")) ?? "";
  if (model === "") {
    const va = await ctx.readValue("UPS.Flow.[4].ConfigApparentPower");
    if (va !== undefined) model = String(Math.trunc(va));
  }
  return model !== "" ? mgeModelName(product, model, ctx.memory) : info.product;
}

/** AEG PROTECT NAS boxes use Phoenixtec's ID; the rest is liebert-hid's. */
function isAeg(info: UsbDeviceInfo): boolean {
  return (info.vendor ?? "").includes("AEG") ||
    (info.product ?? "").includes("AEG");
}

/** Vendor usages (mge_usage_lkp). */
export const MGE_USAGES: UsageTable = [
  ["Undefined", 0xffff0000],
  ["STS", 0xffff0001],
  ["Environment", 0xffff0002],
  ["Statistic", 0xffff0003],
  ["StatisticSystem", 0xffff0004],
  // names NUT added after 2.8.0 (its later logs print them; 2.8.0 printed hex)
  ["USB", 0xffff0005],
  ["Phase", 0xffff0010],
  ["PhaseID", 0xffff0011],
  ["Chopper", 0xffff0012],
  ["ChopperID", 0xffff0013],
  ["Inverter", 0xffff0014],
  ["InverterID", 0xffff0015],
  ["Rectifier", 0xffff0016],
  ["RectifierID", 0xffff0017],
  ["LCMSystem", 0xffff0018],
  ["LCMSystemID", 0xffff0019],
  ["LCMAlarm", 0xffff001a],
  ["LCMAlarmID", 0xffff001b],
  ["HistorySystem", 0xffff001c],
  ["HistorySystemID", 0xffff001d],
  ["Event", 0xffff001e],
  ["EventID", 0xffff001f],
  ["CircuitBreaker", 0xffff0020],
  ["TransferForbidden", 0xffff0021],
  ["OverallAlarm", 0xffff0022],
  ["Dephasing", 0xffff0023],
  ["BypassBreaker", 0xffff0024],
  ["PowerModule", 0xffff0025],
  ["PowerRate", 0xffff0026],
  ["PowerSource", 0xffff0027],
  ["CurrentPowerSource", 0xffff0028],
  ["RedundancyLevel", 0xffff0029],
  ["RedundancyLost", 0xffff002a],
  ["NotificationStatus", 0xffff002b],
  ["ProtectionLost", 0xffff002c],
  ["ConfigurationFailure", 0xffff002d],
  ["CompatibilityFailure", 0xffff002e],
  ["SwitchType", 0xffff0040],
  ["ConverterType", 0xffff0041],
  ["FrequencyConverterMode", 0xffff0042],
  ["AutomaticRestart", 0xffff0043],
  ["ForcedReboot", 0xffff0044],
  ["TestPeriod", 0xffff0045],
  ["EnergySaving", 0xffff0046],
  ["StartOnBattery", 0xffff0047],
  ["Schedule", 0xffff0048],
  ["DeepDischargeProtection", 0xffff0049],
  ["ShortCircuit", 0xffff004a],
  ["ExtendedVoltageMode", 0xffff004b],
  ["SensitivityMode", 0xffff004c],
  ["RemainingCapacityLimitSetting", 0xffff004d],
  ["ExtendedFrequencyMode", 0xffff004e],
  ["FrequencyConverterModeSetting", 0xffff004f],
  ["LowVoltageBoostTransfer", 0xffff0050],
  ["HighVoltageBoostTransfer", 0xffff0051],
  ["LowVoltageBuckTransfer", 0xffff0052],
  ["HighVoltageBuckTransfer", 0xffff0053],
  ["OverloadTransferEnable", 0xffff0054],
  ["OutOfToleranceTransferEnable", 0xffff0055],
  ["ForcedTransferEnable", 0xffff0056],
  ["LowVoltageBypassTransfer", 0xffff0057],
  ["HighVoltageBypassTransfer", 0xffff0058],
  ["FrequencyRangeBypassTransfer", 0xffff0059],
  ["LowVoltageEcoTransfer", 0xffff005a],
  ["HighVoltageEcoTransfer", 0xffff005b],
  ["FrequencyRangeEcoTransfer", 0xffff005c],
  ["ShutdownTimer", 0xffff005d],
  ["StartupTimer", 0xffff005e],
  ["RestartLevel", 0xffff005f],
  ["PhaseOutOfRange", 0xffff0060],
  ["CurrentLimitation", 0xffff0061],
  ["ThermalOverload", 0xffff0062],
  ["SynchroSource", 0xffff0063],
  ["FuseFault", 0xffff0064],
  ["ExternalProtectedTransfert", 0xffff0065],
  ["ExternalForcedTransfert", 0xffff0066],
  ["Compensation", 0xffff0067],
  ["EmergencyStop", 0xffff0068],
  ["PowerFactor", 0xffff0069],
  ["PeakFactor", 0xffff006a],
  ["ChargerType", 0xffff006b],
  ["HighPositiveDCBusVoltage", 0xffff006c],
  ["LowPositiveDCBusVoltage", 0xffff006d],
  ["HighNegativeDCBusVoltage", 0xffff006e],
  ["LowNegativeDCBusVoltage", 0xffff006f],
  ["FrequencyRangeTransfer", 0xffff0070],
  ["WiringFaultDetection", 0xffff0071],
  ["ControlStandby", 0xffff0072],
  ["ShortCircuitTolerance", 0xffff0073],
  ["VoltageTooHigh", 0xffff0074],
  ["VoltageTooLow", 0xffff0075],
  ["DCBusUnbalanced", 0xffff0076],
  ["FanFailure", 0xffff0077],
  ["WiringFault", 0xffff0078],
  ["Floating", 0xffff0079],
  ["OverCurrent", 0xffff007a],
  ["RemainingActivePower", 0xffff007b],
  ["Energy", 0xffff007c],
  ["Threshold", 0xffff007d],
  ["OverThreshold", 0xffff007e],
  ["Sensor", 0xffff0080],
  ["LowHumidity", 0xffff0081],
  ["HighHumidity", 0xffff0082],
  ["LowTemperature", 0xffff0083],
  ["HighTemperature", 0xffff0084],
  ["ECOControl", 0xffff0085],
  ["Efficiency", 0xffff0086],
  ["ABMEnable", 0xffff0087],
  ["NegativeCurrent", 0xffff0088],
  ["AutomaticStart", 0xffff0089],
  ["Count", 0xffff0090],
  ["Timer", 0xffff0091],
  ["Interval", 0xffff0092],
  ["TimerExpired", 0xffff0093],
  ["Mode", 0xffff0094],
  ["Country", 0xffff0095],
  ["State", 0xffff0096],
  ["Time", 0xffff0097],
  ["Code", 0xffff0098],
  ["DataValid", 0xffff0099],
  ["ToggleTimer", 0xffff009a],
  ["BypassTransferDelay", 0xffff009b],
  ["HysteresysVoltageTransfer", 0xffff009c],
  ["SlewRate", 0xffff009d],
  ["PDU", 0xffff00a0],
  ["Breaker", 0xffff00a1],
  ["BreakerID", 0xffff00a2],
  ["OverVoltage", 0xffff00a3],
  ["Tripped", 0xffff00a4],
  ["OverEnergy", 0xffff00a5],
  ["OverHumidity", 0xffff00a6],
  ["ConfigurationReset", 0xffff00a7],
  ["Level", 0xffff00a8],
  ["PDUType", 0xffff00a9],
  ["ReactivePower", 0xffff00aa],
  ["Pole", 0xffff00ab],
  ["PoleID", 0xffff00ac],
  ["Reset", 0xffff00ad],
  ["WatchdogReset", 0xffff00ae],
  ["COPIBridge", 0xffff00e0],
  ["System", 0xffff00e5], // after 2.8.0, as USB above
  ["Status", 0xffff00e9], // after 2.8.0, as USB above
  ["iModel", 0xffff00f0],
  ["iVersion", 0xffff00f1],
  ["iTechnicalLevel", 0xffff00f2],
  ["iPartNumber", 0xffff00f3],
  ["iReferenceNumber", 0xffff00f4],
  ["iGang", 0xffff00f5],
];

/** USB IDs (usb_device_id_t table). */
export const MGE_DEVICES: readonly UsbId[] = [
  { vendor: 0x0463, product: 0x0001 },
  { vendor: 0x0463, product: 0xffff },
  { vendor: 0x047c, product: 0xffff },
  { vendor: 0x0592, product: 0x0004 },
  { vendor: 0x03f0, product: 0x1fe5 },
  { vendor: 0x03f0, product: 0x1fe6 },
  { vendor: 0x03f0, product: 0x1fe7 },
  { vendor: 0x03f0, product: 0x1fe8 },
  { vendor: 0x2b2d, product: 0xffff },
  { vendor: 0x06da, product: 0xffff },
  { vendor: 0x04b3, product: 0x0001 },
];

const TABLE: readonly HidInfo[] = [
  {
    nut: "device.country",
    flags: STR,
    len: 20,
    path: "UPS.PowerSummary.Country",
    dfl: "Europe",
    hu: HU.STATIC,
    lookup: EATON_CHECK_COUNTRY_INFO,
  },
  {
    nut: "battery.charge",
    path: "UPS.PowerSummary.RemainingCapacity",
    dfl: "%.0f",
  },
  {
    nut: "battery.charge.low",
    flags: RW | STR,
    len: 5,
    path: "UPS.PowerSummary.RemainingCapacityLimitSetting",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "battery.charge.low",
    path: "UPS.PowerSummary.RemainingCapacityLimit",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "battery.charge.restart",
    flags: RW | STR,
    len: 3,
    path: "UPS.PowerSummary.RestartLevel",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "battery.capacity",
    path: "UPS.BatterySystem.Battery.DesignCapacity",
    dfl: "%s",
    hu: HU.STATIC,
    lookup: MGE_BATTERY_CAPACITY,
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
  },
  {
    nut: "battery.runtime.elapsed",
    path: "UPS.StatisticSystem.Input.[1].Statistic.[1].Time",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "battery.runtime.low",
    flags: RW | STR,
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
    hu: HU.STATIC,
    lookup: STRINGID,
  },
  { nut: "battery.voltage", path: "UPS.BatterySystem.Voltage", dfl: "%.1f" },
  {
    nut: "battery.voltage",
    path: "UPS.PowerSummary.Voltage",
    dfl: "%s",
    lookup: MGE_BATTERY_VOLTAGE,
  },
  {
    nut: "battery.voltage.nominal",
    path: "UPS.BatterySystem.ConfigVoltage",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "battery.voltage.nominal",
    path: "UPS.PowerSummary.ConfigVoltage",
    dfl: "%s",
    hu: HU.STATIC,
    lookup: MGE_BATTERY_VOLTAGE_NOMINAL,
  },
  {
    nut: "battery.protection",
    flags: RW | STR,
    len: 5,
    path: "UPS.BatterySystem.Battery.DeepDischargeProtection",
    dfl: "%s",
    hu: HU.SEMI_STATIC,
    lookup: YES_NO,
  },
  {
    nut: "battery.energysave",
    flags: RW | STR,
    len: 5,
    path: "UPS.PowerConverter.Input.[3].EnergySaving",
    dfl: "%s",
    hu: HU.SEMI_STATIC,
    lookup: YES_NO,
  },
  {
    nut: "battery.energysave.load",
    flags: RW | STR,
    len: 5,
    path: "UPS.PowerConverter.Input.[3].ConfigPercentLoad",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "battery.energysave.delay",
    flags: RW | STR,
    len: 5,
    path: "UPS.PowerConverter.Input.[3].EnergySaving.ShutdownTimer",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "battery.energysave.delay",
    flags: RW | STR,
    len: 5,
    path: "UPS.PowerConverter.Input.[3].ShutdownTimer",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "battery.energysave.realpower",
    flags: RW | STR,
    len: 5,
    path: "UPS.PowerConverter.Input.[3].ConfigActivePower",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "battery.charger.status",
    path: "UPS.BatterySystem.Charger.ABMEnable",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
    lookup: EATON_ABM_ENABLED_INFO,
  },
  {
    nut: "battery.charger.status",
    path: "UPS.BatterySystem.Charger.Mode",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
    lookup: EATON_ABM_STATUS_INFO,
  },
  {
    nut: "ups.efficiency",
    path: "UPS.PowerConverter.Output.Efficiency",
    dfl: "%.0f",
  },
  {
    nut: "ups.firmware",
    path: "UPS.PowerSummary.iVersion",
    dfl: "%s",
    hu: HU.STATIC,
    lookup: STRINGID,
  },
  { nut: "ups.load", path: "UPS.PowerSummary.PercentLoad", dfl: "%.0f" },
  {
    nut: "ups.load.high",
    flags: RW | STR,
    len: 5,
    path: "UPS.Flow.[4].ConfigPercentLoad",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
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
  {
    nut: "ups.timer.reboot",
    path: "UPS.PowerSummary.DelayBeforeReboot",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "ups.test.result",
    path: "UPS.BatterySystem.Battery.Test",
    dfl: "%s",
    lookup: TEST_READ,
  },
  {
    nut: "ups.test.interval",
    flags: RW | STR,
    len: 8,
    path: "UPS.BatterySystem.Battery.TestPeriod",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "ups.beeper.status",
    path: "UPS.BatterySystem.Battery.AudibleAlarmControl",
    dfl: "%s",
    hu: HU.SEMI_STATIC,
    lookup: BEEPER,
  },
  {
    nut: "ups.beeper.status",
    path: "UPS.PowerSummary.AudibleAlarmControl",
    dfl: "%s",
    hu: HU.SEMI_STATIC,
    lookup: BEEPER,
  },
  {
    nut: "ups.temperature",
    path: "UPS.PowerSummary.Temperature",
    dfl: "%s",
    lookup: KELVIN_CELSIUS,
  },
  {
    nut: "ups.power",
    path: "UPS.PowerConverter.Output.ApparentPower",
    dfl: "%.0f",
  },
  {
    nut: "ups.L1.power",
    path: "UPS.PowerConverter.Output.Phase.[1].ApparentPower",
    dfl: "%.0f",
  },
  {
    nut: "ups.L2.power",
    path: "UPS.PowerConverter.Output.Phase.[2].ApparentPower",
    dfl: "%.0f",
  },
  {
    nut: "ups.L3.power",
    path: "UPS.PowerConverter.Output.Phase.[3].ApparentPower",
    dfl: "%.0f",
  },
  {
    nut: "ups.power.nominal",
    path: "UPS.Flow.[4].ConfigApparentPower",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "ups.realpower",
    path: "UPS.PowerConverter.Output.ActivePower",
    dfl: "%.0f",
  },
  {
    nut: "ups.realpower",
    path: "UPS.Flow.[4].ConfigApparentPower",
    dfl: "-1",
    lookup: EATON_COMPUTE_REALPOWER_INFO,
  },
  {
    nut: "ups.L1.realpower",
    path: "UPS.PowerConverter.Output.Phase.[1].ActivePower",
    dfl: "%.0f",
  },
  {
    nut: "ups.L2.realpower",
    path: "UPS.PowerConverter.Output.Phase.[2].ActivePower",
    dfl: "%.0f",
  },
  {
    nut: "ups.L3.realpower",
    path: "UPS.PowerConverter.Output.Phase.[3].ActivePower",
    dfl: "%.0f",
  },
  {
    nut: "ups.realpower.nominal",
    path: "UPS.Flow.[4].ConfigActivePower",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "ups.start.auto",
    flags: RW | STR,
    len: 5,
    path: "UPS.PowerConverter.Input.[1].AutomaticRestart",
    dfl: "%s",
    hu: HU.SEMI_STATIC,
    lookup: YES_NO,
  },
  {
    nut: "ups.start.battery",
    flags: RW | STR,
    len: 5,
    path: "UPS.PowerConverter.Input.[3].StartOnBattery",
    dfl: "%s",
    hu: HU.SEMI_STATIC,
    lookup: YES_NO,
  },
  {
    nut: "ups.start.reboot",
    flags: RW | STR,
    len: 5,
    path: "UPS.PowerConverter.Output.ForcedReboot",
    dfl: "%s",
    hu: HU.SEMI_STATIC,
    lookup: YES_NO,
  },
  {
    nut: "ups.shutdown",
    flags: RW | STR,
    len: 10,
    path: "UPS.PowerSummary.PresentStatus.Switchable",
    dfl: "%s",
    hu: HU.SEMI_STATIC | HU.ENUM,
    lookup: EATON_ENABLE_DISABLE_INFO,
  },
  {
    nut: "ups.date",
    flags: RW | STR,
    len: 10,
    path: "UPS.PowerSummary.Time",
    dfl: "%s",
    lookup: MGE_DATE_CONVERSION,
  },
  {
    nut: "ups.time",
    flags: RW | STR,
    len: 10,
    path: "UPS.PowerSummary.Time",
    dfl: "%s",
    lookup: MGE_TIME_CONVERSION,
  },
  {
    nut: "ups.date",
    path: "UPS.PowerSummary.Time",
    dfl: "%s",
    lookup: MGE_DATE_CONVERSION,
  },
  {
    nut: "ups.time",
    path: "UPS.PowerSummary.Time",
    dfl: "%s",
    lookup: MGE_TIME_CONVERSION,
  },
  {
    nut: "ups.type",
    path: "UPS.PowerConverter.ConverterType",
    dfl: "%s",
    hu: HU.STATIC,
    lookup: MGE_UPSTYPE_CONVERSION,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.ACPresent",
    hu: HU.QUICK_POLL,
    lookup: ONLINE,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.Input.[3].PresentStatus.Used",
    lookup: MGE_ONBATT_INFO,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.Discharging",
    hu: HU.QUICK_POLL,
    lookup: EATON_DISCHARGING_INFO,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.Charging",
    hu: HU.QUICK_POLL,
    lookup: EATON_CHARGING_INFO,
  },
  {
    nut: "BOOL",
    path: "UPS.BatterySystem.Charger.Mode",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
    lookup: EATON_ABM_CHRG_DISCHRG_INFO,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.BelowRemainingCapacityLimit",
    hu: HU.QUICK_POLL,
    lookup: LOWBATT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.Output.Overload.[1].PresentStatus.OverThreshold",
    lookup: OVERLOAD,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.Output.Overload.[2].PresentStatus.OverThreshold",
    lookup: OVERLOAD,
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
    path: "UPS.LCMSystem.LCMAlarm.[2].PresentStatus.TimerExpired",
    lookup: REPLACEBATT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.Input.[1].PresentStatus.Buck",
    lookup: TRIM,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.Input.[1].PresentStatus.Boost",
    lookup: BOOST,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.Input.[1].PresentStatus.VoltageOutOfRange",
    lookup: VRANGE,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.Input.[1].PresentStatus.FrequencyOutOfRange",
    lookup: FRANGE,
  },
  { nut: "BOOL", path: "UPS.PowerSummary.PresentStatus.Good", lookup: OFF },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.Input.[1].PresentStatus.Used",
    lookup: EATON_CONVERTER_ONLINE_INFO,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.Input.[2].PresentStatus.Used",
    lookup: BYPASSAUTO,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.Input.[4].PresentStatus.Used",
    lookup: BYPASSMAN,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.FanFailure",
    lookup: FANFAIL,
  },
  {
    nut: "BOOL",
    path: "UPS.BatterySystem.Battery.PresentStatus.Present",
    lookup: NOBATTERY,
  },
  {
    nut: "BOOL",
    path: "UPS.BatterySystem.Charger.PresentStatus.InternalFailure",
    lookup: CHARGERFAIL,
  },
  {
    nut: "BOOL",
    path: "UPS.BatterySystem.Charger.PresentStatus.VoltageTooHigh",
    lookup: BATTVOLTHI,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.Input.[1].PresentStatus.VoltageTooHigh",
    lookup: BATTVOLTHI,
  },
  {
    nut: "BOOL",
    path: "UPS.BatterySystem.Battery.PresentStatus.VoltageTooHigh",
    lookup: BATTVOLTHI,
  },
  {
    nut: "BOOL",
    path: "UPS.BatterySystem.Charger.PresentStatus.VoltageTooLow",
    lookup: BATTVOLTLO,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.Input.[1].PresentStatus.VoltageTooLow",
    lookup: MGE_ONBATT_INFO,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.InternalFailure",
    lookup: COMMFAULT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.OverTemperature",
    lookup: OVERHEAT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.ShutdownImminent",
    lookup: SHUTDOWNIMM,
  },
  {
    nut: "ups.alarm",
    path: "UPS.PowerSummary.PresentStatus.EmergencyStop",
    lookup: MGE_EMERGENCY_STOP,
  },
  {
    nut: "ups.alarm",
    path: "UPS.PowerConverter.Input.[1].PresentStatus.WiringFault",
    lookup: MGE_WIRING_FAULT,
  },
  {
    nut: "ups.alarm",
    path: "UPS.PowerSummary.PresentStatus.ConfigurationFailure",
    lookup: MGE_CONFIG_FAILURE,
  },
  {
    nut: "ups.alarm",
    path: "UPS.PowerConverter.Inverter.PresentStatus.VoltageTooHigh",
    lookup: MGE_INVERTER_VOLTHI,
  },
  {
    nut: "ups.alarm",
    path: "UPS.PowerConverter.Inverter.PresentStatus.VoltageTooLow",
    lookup: MGE_INVERTER_VOLTLO,
  },
  {
    nut: "ups.alarm",
    path: "UPS.PowerConverter.Output.PresentStatus.ShortCircuit",
    lookup: MGE_SHORT_CIRCUIT,
  },
  {
    nut: "input.voltage",
    path: "UPS.PowerConverter.Input.[1].Voltage",
    dfl: "%.1f",
  },
  {
    nut: "input.L1-N.voltage",
    path: "UPS.PowerConverter.Input.[1].Phase.[1].Voltage",
    dfl: "%.1f",
  },
  {
    nut: "input.L2-N.voltage",
    path: "UPS.PowerConverter.Input.[1].Phase.[2].Voltage",
    dfl: "%.1f",
  },
  {
    nut: "input.L3-N.voltage",
    path: "UPS.PowerConverter.Input.[1].Phase.[3].Voltage",
    dfl: "%.1f",
  },
  {
    nut: "input.L1-L2.voltage",
    path: "UPS.PowerConverter.Input.[1].Phase.[12].Voltage",
    dfl: "%.1f",
  },
  {
    nut: "input.L2-L3.voltage",
    path: "UPS.PowerConverter.Input.[1].Phase.[23].Voltage",
    dfl: "%.1f",
  },
  {
    nut: "input.L3-L1.voltage",
    path: "UPS.PowerConverter.Input.[1].Phase.[31].Voltage",
    dfl: "%.1f",
  },
  {
    nut: "input.voltage.nominal",
    path: "UPS.Flow.[1].ConfigVoltage",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "input.current",
    path: "UPS.PowerConverter.Input.[1].Current",
    dfl: "%.2f",
  },
  {
    nut: "input.L1.current",
    path: "UPS.PowerConverter.Input.[1].Phase.[1].Current",
    dfl: "%.1f",
  },
  {
    nut: "input.L2.current",
    path: "UPS.PowerConverter.Input.[1].Phase.[2].Current",
    dfl: "%.1f",
  },
  {
    nut: "input.L3.current",
    path: "UPS.PowerConverter.Input.[1].Phase.[3].Current",
    dfl: "%.1f",
  },
  {
    nut: "input.current.nominal",
    path: "UPS.Flow.[1].ConfigCurrent",
    dfl: "%.2f",
    hu: HU.STATIC,
  },
  {
    nut: "input.frequency",
    path: "UPS.PowerConverter.Input.[1].Frequency",
    dfl: "%.1f",
  },
  {
    nut: "input.frequency.nominal",
    path: "UPS.Flow.[1].ConfigFrequency",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "input.transfer.low",
    flags: RW | STR,
    len: 5,
    path: "UPS.PowerConverter.Output.LowVoltageTransfer",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "input.transfer.boost.low",
    flags: RW | STR,
    len: 5,
    path: "UPS.PowerConverter.Output.LowVoltageBoostTransfer",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "input.transfer.boost.high",
    flags: RW | STR,
    len: 5,
    path: "UPS.PowerConverter.Output.HighVoltageBoostTransfer",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "input.transfer.trim.low",
    flags: RW | STR,
    len: 5,
    path: "UPS.PowerConverter.Output.LowVoltageBuckTransfer",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "input.transfer.high",
    flags: RW | STR,
    len: 5,
    path: "UPS.PowerConverter.Output.HighVoltageTransfer",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "input.transfer.trim.high",
    flags: RW | STR,
    len: 5,
    path: "UPS.PowerConverter.Output.HighVoltageBuckTransfer",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "input.sensitivity",
    flags: RW | STR,
    len: 10,
    path: "UPS.PowerConverter.Output.SensitivityMode",
    dfl: "%s",
    hu: HU.SEMI_STATIC,
    lookup: MGE_SENSITIVITY_INFO,
  },
  {
    nut: "input.voltage.extended",
    flags: RW | STR,
    len: 5,
    path: "UPS.PowerConverter.Output.ExtendedVoltageMode",
    dfl: "%s",
    hu: HU.SEMI_STATIC,
    lookup: YES_NO,
  },
  {
    nut: "input.frequency.extended",
    flags: RW | STR,
    len: 5,
    path: "UPS.PowerConverter.Output.ExtendedFrequencyMode",
    dfl: "%s",
    hu: HU.SEMI_STATIC,
    lookup: YES_NO,
  },
  {
    nut: "input.bypass.voltage",
    path: "UPS.PowerConverter.Input.[2].Voltage",
    dfl: "%.1f",
  },
  {
    nut: "input.bypass.L1-N.voltage",
    path: "UPS.PowerConverter.Input.[2].Phase.[1].Voltage",
    dfl: "%.1f",
  },
  {
    nut: "input.bypass.L2-N.voltage",
    path: "UPS.PowerConverter.Input.[2].Phase.[2].Voltage",
    dfl: "%.1f",
  },
  {
    nut: "input.bypass.L3-N.voltage",
    path: "UPS.PowerConverter.Input.[2].Phase.[3].Voltage",
    dfl: "%.1f",
  },
  {
    nut: "input.bypass.L1-L2.voltage",
    path: "UPS.PowerConverter.Input.[2].Phase.[12].Voltage",
    dfl: "%.1f",
  },
  {
    nut: "input.bypass.L2-L3.voltage",
    path: "UPS.PowerConverter.Input.[2].Phase.[23].Voltage",
    dfl: "%.1f",
  },
  {
    nut: "input.bypass.L3-L1.voltage",
    path: "UPS.PowerConverter.Input.[2].Phase.[31].Voltage",
    dfl: "%.1f",
  },
  {
    nut: "input.bypass.voltage.nominal",
    path: "UPS.Flow.[2].ConfigVoltage",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "input.bypass.current",
    path: "UPS.PowerConverter.Input.[2].Current",
    dfl: "%.2f",
  },
  {
    nut: "input.bypass.L1.current",
    path: "UPS.PowerConverter.Input.[2].Phase.[1].Current",
    dfl: "%.1f",
  },
  {
    nut: "input.bypass.L2.current",
    path: "UPS.PowerConverter.Input.[2].Phase.[2].Current",
    dfl: "%.1f",
  },
  {
    nut: "input.bypass.L3.current",
    path: "UPS.PowerConverter.Input.[2].Phase.[3].Current",
    dfl: "%.1f",
  },
  {
    nut: "input.bypass.current.nominal",
    path: "UPS.Flow.[2].ConfigCurrent",
    dfl: "%.2f",
    hu: HU.STATIC,
  },
  {
    nut: "input.bypass.frequency",
    path: "UPS.PowerConverter.Input.[2].Frequency",
    dfl: "%.1f",
  },
  {
    nut: "input.bypass.frequency.nominal",
    path: "UPS.Flow.[2].ConfigFrequency",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "output.voltage",
    path: "UPS.PowerConverter.Output.Voltage",
    dfl: "%.1f",
  },
  {
    nut: "output.L1-N.voltage",
    path: "UPS.PowerConverter.Output.Phase.[1].Voltage",
    dfl: "%.1f",
  },
  {
    nut: "output.L2-N.voltage",
    path: "UPS.PowerConverter.Output.Phase.[2].Voltage",
    dfl: "%.1f",
  },
  {
    nut: "output.L3-N.voltage",
    path: "UPS.PowerConverter.Output.Phase.[3].Voltage",
    dfl: "%.1f",
  },
  {
    nut: "output.L1-L2.voltage",
    path: "UPS.PowerConverter.Output.Phase.[12].Voltage",
    dfl: "%.1f",
  },
  {
    nut: "output.L2-L3.voltage",
    path: "UPS.PowerConverter.Output.Phase.[23].Voltage",
    dfl: "%.1f",
  },
  {
    nut: "output.L3-L1.voltage",
    path: "UPS.PowerConverter.Output.Phase.[31].Voltage",
    dfl: "%.1f",
  },
  {
    nut: "output.voltage.nominal",
    flags: RW | STR,
    len: 3,
    path: "UPS.Flow.[4].ConfigVoltage",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC | HU.ENUM,
    lookup: NOMINAL_OUTPUT_VOLTAGE_INFO,
  },
  {
    nut: "output.current",
    path: "UPS.PowerConverter.Output.Current",
    dfl: "%.2f",
  },
  {
    nut: "output.L1.current",
    path: "UPS.PowerConverter.Output.Phase.[1].Current",
    dfl: "%.1f",
  },
  {
    nut: "output.L2.current",
    path: "UPS.PowerConverter.Output.Phase.[2].Current",
    dfl: "%.1f",
  },
  {
    nut: "output.L3.current",
    path: "UPS.PowerConverter.Output.Phase.[3].Current",
    dfl: "%.1f",
  },
  {
    nut: "output.current.nominal",
    path: "UPS.Flow.[4].ConfigCurrent",
    dfl: "%.2f",
  },
  {
    nut: "output.frequency",
    path: "UPS.PowerConverter.Output.Frequency",
    dfl: "%.1f",
  },
  {
    nut: "output.frequency.nominal",
    path: "UPS.Flow.[4].ConfigFrequency",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "output.powerfactor",
    path: "UPS.PowerConverter.Output.PowerFactor",
    dfl: "%s",
    lookup: MGE_POWERFACTOR_CONVERSION,
  },
  {
    nut: "outlet.id",
    path: "UPS.OutletSystem.Outlet.[1].OutletID",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "outlet.desc",
    flags: RW | STR,
    len: 20,
    path: "UPS.OutletSystem.Outlet.[1].OutletID",
    dfl: "Main Outlet",
    hu: HU.ABSENT,
  },
  {
    nut: "outlet.switchable",
    path: "UPS.OutletSystem.Outlet.[1].PresentStatus.Switchable",
    dfl: "%s",
    hu: HU.STATIC,
    lookup: YES_NO,
  },
  {
    nut: "outlet.power",
    flags: RW | STR,
    len: 6,
    path: "UPS.OutletSystem.Outlet.[1].ConfigApparentPower",
    dfl: "%s",
    hu: HU.SEMI_STATIC | HU.ENUM,
    lookup: PEGASUS_THRESHOLD_INFO,
  },
  {
    nut: "outlet.power",
    path: "UPS.OutletSystem.Outlet.[1].ApparentPower",
    dfl: "%.0f",
  },
  {
    nut: "outlet.realpower",
    path: "UPS.OutletSystem.Outlet.[1].ActivePower",
    dfl: "%.0f",
  },
  {
    nut: "outlet.current",
    path: "UPS.OutletSystem.Outlet.[1].Current",
    dfl: "%.2f",
  },
  {
    nut: "outlet.powerfactor",
    path: "UPS.OutletSystem.Outlet.[1].PowerFactor",
    dfl: "%.2f",
  },
  {
    nut: "outlet.1.id",
    path: "UPS.OutletSystem.Outlet.[2].OutletID",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "outlet.1.desc",
    flags: RW | STR,
    len: 20,
    path: "UPS.OutletSystem.Outlet.[2].OutletID",
    dfl: "PowerShare Outlet 1",
    hu: HU.ABSENT,
  },
  {
    nut: "outlet.1.switchable",
    path: "UPS.OutletSystem.Outlet.[2].PresentStatus.Switchable",
    dfl: "%s",
    hu: HU.STATIC,
    lookup: YES_NO,
  },
  {
    nut: "outlet.1.status",
    path: "UPS.OutletSystem.Outlet.[2].PresentStatus.SwitchOn/Off",
    dfl: "%s",
    lookup: ON_OFF,
  },
  {
    nut: "outlet.1.status",
    path: "UPS.PowerSummary.PresentStatus.ACPresent",
    dfl: "%s",
    lookup: ON_OFF,
  },
  {
    nut: "outlet.1.autoswitch.charge.low",
    flags: RW | STR,
    len: 3,
    path: "UPS.OutletSystem.Outlet.[2].RemainingCapacityLimit",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "outlet.1.delay.shutdown",
    flags: RW | STR,
    len: 5,
    path: "UPS.OutletSystem.Outlet.[2].ShutdownTimer",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "outlet.1.delay.start",
    flags: RW | STR,
    len: 5,
    path: "UPS.OutletSystem.Outlet.[2].StartupTimer",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "outlet.1.power",
    path: "UPS.OutletSystem.Outlet.[2].ApparentPower",
    dfl: "%.0f",
  },
  {
    nut: "outlet.1.realpower",
    path: "UPS.OutletSystem.Outlet.[2].ActivePower",
    dfl: "%.0f",
  },
  {
    nut: "outlet.1.current",
    path: "UPS.OutletSystem.Outlet.[2].Current",
    dfl: "%.2f",
  },
  {
    nut: "outlet.1.powerfactor",
    path: "UPS.OutletSystem.Outlet.[2].PowerFactor",
    dfl: "%.2f",
  },
  {
    nut: "outlet.2.id",
    path: "UPS.OutletSystem.Outlet.[3].OutletID",
    dfl: "%.0f",
    hu: HU.STATIC,
  },
  {
    nut: "outlet.2.desc",
    flags: RW | STR,
    len: 20,
    path: "UPS.OutletSystem.Outlet.[3].OutletID",
    dfl: "PowerShare Outlet 2",
    hu: HU.ABSENT,
  },
  {
    nut: "outlet.2.switchable",
    flags: RW | STR,
    len: 3,
    path: "UPS.OutletSystem.Outlet.[3].PresentStatus.Switchable",
    dfl: "%s",
    hu: HU.SEMI_STATIC,
    lookup: PEGASUS_YES_NO_INFO,
  },
  {
    nut: "outlet.2.switchable",
    path: "UPS.OutletSystem.Outlet.[3].PresentStatus.Switchable",
    dfl: "%s",
    lookup: YES_NO,
  },
  {
    nut: "outlet.2.status",
    path: "UPS.OutletSystem.Outlet.[3].PresentStatus.SwitchOn/Off",
    dfl: "%s",
    lookup: ON_OFF,
  },
  {
    nut: "outlet.2.autoswitch.charge.low",
    flags: RW | STR,
    len: 3,
    path: "UPS.OutletSystem.Outlet.[3].RemainingCapacityLimit",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "outlet.2.delay.shutdown",
    flags: RW | STR,
    len: 5,
    path: "UPS.OutletSystem.Outlet.[3].ShutdownTimer",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "outlet.2.delay.start",
    flags: RW | STR,
    len: 5,
    path: "UPS.OutletSystem.Outlet.[3].StartupTimer",
    dfl: "%.0f",
    hu: HU.SEMI_STATIC,
  },
  {
    nut: "outlet.2.power",
    path: "UPS.OutletSystem.Outlet.[3].ApparentPower",
    dfl: "%.0f",
  },
  {
    nut: "outlet.2.realpower",
    path: "UPS.OutletSystem.Outlet.[3].ActivePower",
    dfl: "%.0f",
  },
  {
    nut: "outlet.2.current",
    path: "UPS.OutletSystem.Outlet.[3].Current",
    dfl: "%.2f",
  },
  {
    nut: "outlet.2.powerfactor",
    path: "UPS.OutletSystem.Outlet.[3].PowerFactor",
    dfl: "%.2f",
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
    nut: "beeper.off",
    path: "UPS.PowerSummary.AudibleAlarmControl",
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
    nut: "beeper.mute",
    path: "UPS.BatterySystem.Battery.AudibleAlarmControl",
    dfl: "3",
    hu: HU.CMD,
  },
  {
    nut: "beeper.mute",
    path: "UPS.PowerSummary.AudibleAlarmControl",
    dfl: "3",
    hu: HU.CMD,
  },
  {
    nut: "beeper.disable",
    path: "UPS.BatterySystem.Battery.AudibleAlarmControl",
    dfl: "1",
    hu: HU.CMD,
  },
  {
    nut: "beeper.disable",
    path: "UPS.PowerSummary.AudibleAlarmControl",
    dfl: "1",
    hu: HU.CMD,
  },
  {
    nut: "beeper.enable",
    path: "UPS.BatterySystem.Battery.AudibleAlarmControl",
    dfl: "2",
    hu: HU.CMD,
  },
  {
    nut: "beeper.enable",
    path: "UPS.PowerSummary.AudibleAlarmControl",
    dfl: "2",
    hu: HU.CMD,
  },
  {
    nut: "outlet.1.load.off",
    path: "UPS.OutletSystem.Outlet.[2].DelayBeforeShutdown",
    dfl: "0",
    hu: HU.CMD,
  },
  {
    nut: "outlet.1.load.on",
    path: "UPS.OutletSystem.Outlet.[2].DelayBeforeStartup",
    dfl: "0",
    hu: HU.CMD,
  },
  {
    nut: "outlet.2.load.off",
    path: "UPS.OutletSystem.Outlet.[3].DelayBeforeShutdown",
    dfl: "0",
    hu: HU.CMD,
  },
  {
    nut: "outlet.2.load.on",
    path: "UPS.OutletSystem.Outlet.[3].DelayBeforeStartup",
    dfl: "0",
    hu: HU.CMD,
  },
];

/** MGE HID 1.46. */
export const MGE: Subdriver = {
  name: "MGE HID 1.46",
  usages: [MGE_USAGES, HID_USAGES],
  devices: MGE_DEVICES,
  table: TABLE,
  claim(info, ctx) {
    const s = usbSupport(MGE_DEVICES, info, ctx);
    if (s === "no") return false;
    if (info.vendorId === PHOENIXTEC) return isAeg(info);
    if (s === "supported") return true;
    // HP and Dell make many USB devices that are no UPS: no hint for those
    if (info.vendorId === HP_VENDORID || info.vendorId === DELL_VENDORID) {
      return ctx.productid;
    }
    if (ctx.productid) return true;
    ctx.log(possiblySupported("Eaton / MGE", info));
    return false;
  },
  formatMfr: (i) => i.vendor ?? "Eaton",
  formatModel: mgeFormatModel,
  formatSerial: (i) => i.serial,
};
