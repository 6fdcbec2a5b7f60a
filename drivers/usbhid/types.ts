/**
 * The shape of a usbhid-ups subdriver (NUT's subdriver_t / hid_info_t /
 * info_lkp_t) and the value lookups shared by every vendor table.
 *
 * @module
 */
import type { UsbDeviceInfo } from "../../src/hid/device.ts";
import type { UsageTable } from "../../src/hid/usages.ts";

/** ST_FLAG_RW / ST_FLAG_STRING. */
export const RW = 1;
export const STR = 2;

/** hidflags (usbhid-ups.h). */
export const HU = {
  STATIC: 2,
  SEMI_STATIC: 4,
  ABSENT: 8,
  QUICK_POLL: 16,
  ENUM: 32,
  CMD: 64,
} as const;

/** Conversion with a function (fun) and optional reverse (nuf). */
export interface Conversion {
  fun(
    value: number,
    ctx: LookupContext,
  ): string | undefined | Promise<string | undefined>;
  nuf?(text: string): number;
}

/** Value-to-string table or a conversion. */
export type Lookup = ReadonlyArray<readonly [number, string]> | Conversion;

/** What conversions may consult. */
export interface LookupContext {
  getString(index: number): Promise<string | undefined>;
  getVar(name: string): string | undefined;
}

/** One mapping row (hid_info_t). */
export interface HidInfo {
  /** NUT variable, command, "BOOL" (status) or "ups.alarm". */
  readonly nut: string;
  readonly flags?: number;
  readonly len?: number;
  readonly path: string;
  /** printf format, default value (ABSENT) or command value (CMD). */
  readonly dfl?: string;
  readonly hu?: number;
  readonly lookup?: Lookup;
}

/** A vendor subdriver. */
export interface Subdriver {
  /** As NUT's driver.version.data, e.g. "APC HID 0.98". */
  readonly name: string;
  readonly usages: readonly UsageTable[];
  /** [vendorId, productId] pairs it supports. */
  readonly devices: ReadonlyArray<readonly [number, number]>;
  readonly table: readonly HidInfo[];
  /** Only claims when `explore` is set (NUT's explore subdriver). */
  readonly exploreOnly?: boolean;
  /** CyberPower defaults (pollfreq 12, ondelay 120, offdelay 60). */
  readonly cps?: boolean;
  formatMfr(info: UsbDeviceInfo): string | undefined;
  formatModel(
    info: UsbDeviceInfo,
    set: (name: string, value: string) => void,
  ): string | undefined;
  formatSerial(info: UsbDeviceInfo): string | undefined;
}

function flag(on: string): Lookup {
  return [[1, on], [0, `!${on}`]];
}

/** Status lookups (usbhid-ups.c *_info). */
export const ONLINE = flag("online");
export const DISCHARGING = flag("dischrg");
export const CHARGING = flag("chrg");
export const LOWBATT = flag("lowbatt");
export const OVERLOAD = flag("overload");
export const REPLACEBATT = flag("replacebatt");
export const TRIM = flag("trim");
export const BOOST = flag("boost");
export const SHUTDOWNIMM = flag("shutdownimm");
export const OVERHEAT = flag("overheat");
export const AWAITINGPOWER = flag("awaitingpower");
export const COMMFAULT = flag("commfault");
export const TIMELIMITEXP = flag("timelimitexp");
export const FULLYCHARGED = flag("fullycharged");
export const FANFAIL = flag("fanfail");
export const CAL = flag("cal");
export const BYPASSAUTO = flag("bypassauto");
export const BYPASSMAN = flag("bypassman");
export const VRANGE = flag("vrange");
export const FRANGE = flag("frange");
/** Reversed: 0 means off. */
export const OFF: Lookup = [[0, "off"], [1, "!off"]];
/** Reversed: 0 means no battery. */
export const NOBATTERY: Lookup = [[1, "!nobattery"], [0, "nobattery"]];

export const TEST_READ: Lookup = [
  [1, "Done and passed"],
  [2, "Done and warning"],
  [3, "Done and error"],
  [4, "Aborted"],
  [5, "In progress"],
  [6, "No test initiated"],
  [7, "Test scheduled"],
];
export const BEEPER: Lookup = [[1, "disabled"], [2, "enabled"], [3, "muted"]];
export const YES_NO: Lookup = [[0, "no"], [1, "yes"]];
export const ON_OFF: Lookup = [[0, "off"], [1, "on"]];

function pad(n: number, w: number): string {
  return String(n).padStart(w, "0");
}

/** Packed HID date (year-1980)*512 + month*32 + day. */
export const DATE: Conversion = {
  fun(v) {
    const n = Math.trunc(v);
    if (n === 0) return "not set";
    return `${pad(1980 + (n >> 9), 4)}/${pad((n >> 5) & 0x0f, 2)}/${
      pad(n & 0x1f, 2)
    }`;
  },
  nuf(text) {
    const m = /^(\d+)\/(\d+)\/(\d+)/.exec(text);
    if (!m) return 0;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (y - 1980 > 127 || mo > 12 || d > 31) return 0;
    return ((y - 1980) << 9) + (mo << 5) + d;
  },
};

/** A string descriptor index. */
export const STRINGID: Conversion = {
  async fun(v, ctx) {
    return await ctx.getString(Math.trunc(v));
  },
};

/** Kelvin to Celsius unless it already looks like Celsius. */
export const KELVIN_CELSIUS: Conversion = {
  fun(v) {
    return (v >= 273 && v <= 373 ? v - 273.15 : v).toFixed(1);
  },
};

/** 8 hex digits. */
export const HEX: Conversion = {
  fun(v) {
    return (Math.trunc(v) >>> 0).toString(16).padStart(8, "0");
  },
};

/** Divide by 10, one decimal. */
export const DIV10: Conversion = { fun: (v) => (v * 0.1).toFixed(1) };

/** NUT's defaults (usbhid-ups.h). */
export const DEFAULT_ONDELAY = "30";
export const DEFAULT_OFFDELAY = "20";
export const DEFAULT_ONDELAY_CPS = "120";
export const DEFAULT_OFFDELAY_CPS = "60";

/** Standard HID PDC commands on a collection (PowerSummary, Output, ...). */
export function pdcCommands(
  base: string,
  on = DEFAULT_ONDELAY,
  off = DEFAULT_OFFDELAY,
): HidInfo[] {
  return [
    {
      nut: "ups.delay.start",
      flags: RW | STR,
      len: 10,
      path: `${base}.DelayBeforeStartup`,
      dfl: on,
      hu: HU.ABSENT,
    },
    {
      nut: "ups.delay.shutdown",
      flags: RW | STR,
      len: 10,
      path: `${base}.DelayBeforeShutdown`,
      dfl: off,
      hu: HU.ABSENT,
    },
    {
      nut: "ups.timer.start",
      path: `${base}.DelayBeforeStartup`,
      dfl: "%.0f",
      hu: HU.QUICK_POLL,
    },
    {
      nut: "ups.timer.shutdown",
      path: `${base}.DelayBeforeShutdown`,
      dfl: "%.0f",
      hu: HU.QUICK_POLL,
    },
    {
      nut: "ups.timer.reboot",
      path: `${base}.DelayBeforeReboot`,
      dfl: "%.0f",
      hu: HU.QUICK_POLL,
    },
    {
      nut: "load.off.delay",
      path: `${base}.DelayBeforeShutdown`,
      dfl: off,
      hu: HU.CMD,
    },
    {
      nut: "load.on.delay",
      path: `${base}.DelayBeforeStartup`,
      dfl: on,
      hu: HU.CMD,
    },
    {
      nut: "shutdown.stop",
      path: `${base}.DelayBeforeShutdown`,
      dfl: "-1",
      hu: HU.CMD,
    },
    {
      nut: "shutdown.reboot",
      path: `${base}.DelayBeforeReboot`,
      dfl: "10",
      hu: HU.CMD,
    },
  ];
}

/** Beeper commands and status on AudibleAlarmControl. */
export function beeperRows(path: string): HidInfo[] {
  return [
    { nut: "ups.beeper.status", path, dfl: "%s", lookup: BEEPER },
    { nut: "beeper.on", path, dfl: "2", hu: HU.CMD },
    { nut: "beeper.off", path, dfl: "3", hu: HU.CMD },
    { nut: "beeper.enable", path, dfl: "2", hu: HU.CMD },
    { nut: "beeper.disable", path, dfl: "1", hu: HU.CMD },
    { nut: "beeper.mute", path, dfl: "3", hu: HU.CMD },
  ];
}

/** Status flags under a PresentStatus collection. */
export function statusRows(base: string): HidInfo[] {
  const q = HU.QUICK_POLL;
  return [
    { nut: "BOOL", path: `${base}.ACPresent`, hu: q, lookup: ONLINE },
    { nut: "BOOL", path: `${base}.Discharging`, hu: q, lookup: DISCHARGING },
    { nut: "BOOL", path: `${base}.Charging`, hu: q, lookup: CHARGING },
    {
      nut: "BOOL",
      path: `${base}.ShutdownImminent`,
      hu: q,
      lookup: SHUTDOWNIMM,
    },
    {
      nut: "BOOL",
      path: `${base}.BelowRemainingCapacityLimit`,
      hu: q,
      lookup: LOWBATT,
    },
    { nut: "BOOL", path: `${base}.Overload`, hu: q, lookup: OVERLOAD },
    {
      nut: "BOOL",
      path: `${base}.NeedReplacement`,
      hu: q,
      lookup: REPLACEBATT,
    },
    {
      nut: "BOOL",
      path: `${base}.RemainingTimeLimitExpired`,
      hu: q,
      lookup: TIMELIMITEXP,
    },
    { nut: "BOOL", path: `${base}.BatteryPresent`, hu: q, lookup: NOBATTERY },
    { nut: "BOOL", path: `${base}.FullyCharged`, hu: q, lookup: FULLYCHARGED },
    { nut: "BOOL", path: `${base}.Boost`, hu: q, lookup: BOOST },
    { nut: "BOOL", path: `${base}.Buck`, hu: q, lookup: TRIM },
    { nut: "BOOL", path: `${base}.OverTemperature`, hu: q, lookup: OVERHEAT },
    {
      nut: "BOOL",
      path: `${base}.CommunicationLost`,
      hu: q,
      lookup: COMMFAULT,
    },
    {
      nut: "BOOL",
      path: `${base}.AwaitingPower`,
      hu: q,
      lookup: AWAITINGPOWER,
    },
  ];
}

/** Battery/UPS rows every HID PDC device exposes under PowerSummary. */
export function pdcSummaryRows(): HidInfo[] {
  return [
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
    { nut: "battery.voltage", path: "UPS.PowerSummary.Voltage", dfl: "%.1f" },
    {
      nut: "battery.voltage.nominal",
      path: "UPS.PowerSummary.ConfigVoltage",
      dfl: "%.1f",
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
      path: "UPS.PowerSummary.ManufacturerDate",
      dfl: "%s",
      lookup: DATE,
    },
    { nut: "ups.load", path: "UPS.PowerSummary.PercentLoad", dfl: "%.0f" },
    { nut: "ups.load", path: "UPS.Output.PercentLoad", dfl: "%.0f" },
    { nut: "input.voltage", path: "UPS.Input.Voltage", dfl: "%.1f" },
    {
      nut: "input.voltage.nominal",
      path: "UPS.Input.ConfigVoltage",
      dfl: "%.0f",
    },
    { nut: "input.frequency", path: "UPS.Input.Frequency", dfl: "%.1f" },
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
    { nut: "output.voltage", path: "UPS.Output.Voltage", dfl: "%.1f" },
    {
      nut: "output.voltage.nominal",
      path: "UPS.Output.ConfigVoltage",
      dfl: "%.0f",
    },
    { nut: "output.frequency", path: "UPS.Output.Frequency", dfl: "%.1f" },
    { nut: "output.current", path: "UPS.Output.Current", dfl: "%.2f" },
    {
      nut: "ups.power.nominal",
      path: "UPS.Output.ConfigApparentPower",
      dfl: "%.0f",
    },
    {
      nut: "ups.realpower.nominal",
      path: "UPS.Output.ConfigActivePower",
      dfl: "%.0f",
    },
    {
      nut: "ups.temperature",
      path: "UPS.PowerSummary.Temperature",
      dfl: "%s",
      lookup: KELVIN_CELSIUS,
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
      nut: "ups.test.result",
      path: "UPS.BatterySystem.Battery.Test",
      dfl: "%s",
      lookup: TEST_READ,
    },
  ];
}

/** A subdriver that uses the USB strings as NUT's defaults do. */
export function usbStrings(): Pick<
  Subdriver,
  "formatMfr" | "formatModel" | "formatSerial"
> {
  return {
    formatMfr: (i) => i.vendor,
    formatModel: (i) => i.product,
    formatSerial: (i) => i.serial,
  };
}
