/**
 * The shape of a usbhid-ups subdriver (NUT's subdriver_t / hid_info_t /
 * info_lkp_t) and the value lookups shared by every vendor table.
 *
 * @module
 */
import type { UsbDeviceInfo } from "../../src/hid/device.ts";
import type { HidDescriptor } from "../../src/hid/parser.ts";
import type { UsageTable } from "../../src/hid/usages.ts";

/** ST_FLAG_RW / ST_FLAG_STRING / ST_FLAG_NUMBER. */
export const RW = 1;
export const STR = 2;
export const NUM = 4;

/** hidflags (usbhid-ups.h). */
export const HU = {
  STATIC: 2,
  SEMI_STATIC: 4,
  ABSENT: 8,
  QUICK_POLL: 16,
  STALE: 32,
  CMD: 64,
  ENUM: 128,
} as const;

/**
 * Conversion with a function (fun) and optional reverse (nuf). `values`
 * are the HID/NUT pairs NUT keeps beside the function: setvar matches
 * them when there is no nuf, HU.ENUM offers those fun accepts.
 */
export interface Conversion {
  fun(
    value: number,
    ctx: LookupContext,
  ): string | undefined | Promise<string | undefined>;
  nuf?(text: string | undefined, ctx: LookupContext): number;
  readonly values?: ReadonlyArray<readonly [number, string]>;
}

/** Value-to-string table or a conversion. */
export type Lookup = ReadonlyArray<readonly [number, string]> | Conversion;

/**
 * What a subdriver learns about its device: scale factors chosen at claim
 * time or from the first readings (NUT keeps them in C globals). One per
 * driver instance, so two UPSes served by one process never share them.
 */
export class SubdriverMemory {
  #slots = new Map<symbol, unknown>();

  /** The slot named by `key`, created by `init` on first use. */
  slot<T>(key: symbol, init: () => T): T {
    if (!this.#slots.has(key)) this.#slots.set(key, init());
    return this.#slots.get(key) as T;
  }
}

/** What conversions may consult. */
export interface LookupContext {
  /** The instance's subdriver memory (what the claim and earlier readings set). */
  readonly memory: SubdriverMemory;
  getString(index: number): Promise<string | undefined>;
  getVar(name: string): string | undefined;
  /** dstate_delinfo, for conversions that withdraw a variable. */
  delVar(name: string): void;
  /** The internal status flags collected so far (online, off, ...). */
  hasStatus(flag: string): boolean;
  /** The buffered report (ID byte first) as last read, if any. */
  report(id: number): Uint8Array | undefined;
}

/** What format_mfr / format_model / format_serial may use. */
export interface FormatContext {
  /** The instance's subdriver memory (a model name may teach the family). */
  readonly memory: SubdriverMemory;
  /** dstate_setinfo. */
  set(name: string, value: string): void;
  /** HIDGetItemValue on a path of the subdriver's table. */
  readValue(path: string): Promise<number | undefined>;
  /** HIDGetItemString: the string whose index a path holds. */
  readString(path: string): Promise<string | undefined>;
}

/** One usb_device_id_t entry; `hook` runs when the device is claimed. */
export interface UsbId {
  readonly vendor: number;
  readonly product: number;
  readonly hook?: (info: UsbDeviceInfo, ctx: ClaimContext) => void;
}

/** Driver-wide tweaks a claim may ask for (usbhid-ups globals). */
export interface UsbTweaks {
  /** use_interrupt_pipe = FALSE. */
  noInterruptPipe?: boolean;
  /** interrupt_only = 1. */
  interruptOnly?: boolean;
  interruptSize?: number;
  /** max_report_size = 1 (APC Back-UPS ES/CS). */
  maxReportSize?: boolean;
  /** usb->hid_ep_in / hid_ep_out / hid_rep_index. */
  hidEpIn?: number;
  hidEpOut?: number;
  hidRepIndex?: number;
}

/** What a claim may consult and change. */
export interface ClaimContext {
  /** The instance's subdriver memory (claim hooks set scale factors here). */
  readonly memory: SubdriverMemory;
  /** `productid` was configured (accept POSSIBLY_SUPPORTED devices). */
  readonly productid: boolean;
  /** `explore` flag set. */
  readonly explore: boolean;
  tweak(t: UsbTweaks): void;
  /** upsdebugx(0, ...) / upslogx messages. */
  log(message: string): void;
}

/** is_usb_device_supported() result. */
export type Support = "supported" | "possibly" | "no";

/** is_usb_device_supported(): runs the entry's hook on a full match. */
export function usbSupport(
  devices: readonly UsbId[],
  info: UsbDeviceInfo,
  ctx: ClaimContext,
): Support {
  let out: Support = "no";
  for (const d of devices) {
    if (d.vendor !== info.vendorId) continue;
    out = "possibly";
    if (d.product !== info.productId) continue;
    d.hook?.(info, ctx);
    return "supported";
  }
  return out;
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, "0");
}

/** possibly_supported() message. */
export function possiblySupported(mfr: string, info: UsbDeviceInfo): string {
  const [v, p] = [hex4(info.vendorId), hex4(info.productId)];
  return `This ${mfr} device (${v}:${p}) is not (or perhaps not yet) supported\n` +
    "by usbhid-ups. Please make sure you have an up-to-date version of NUT. If\n" +
    "this does not fix the problem, try running the driver with the\n" +
    `'-x productid=${p}' option. Please report your results to the NUT user's\n` +
    "mailing list <nut-upsuser@lists.alioth.debian.org>.\n";
}

/** The claim most subdrivers use: known IDs, or known vendor with productid. */
export function standardClaim(
  mfr: string,
  devices: readonly UsbId[],
): Subdriver["claim"] {
  return (info, ctx) => {
    const s = usbSupport(devices, info, ctx);
    if (s === "supported") return true;
    if (s === "possibly") {
      if (ctx.productid) return true;
      ctx.log(possiblySupported(mfr, info));
    }
    return false;
  };
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

/** Result of a format_* method. */
export type Formatted = string | undefined | Promise<string | undefined>;

/** FindObject_with_ID_Node: first field of a report whose path ends in `node`. */
export function fieldByIdNode(
  desc: HidDescriptor,
  reportId: number,
  node: number,
): number {
  return desc.fields.findIndex((f) =>
    f.reportId === reportId && f.path.length > 0 &&
    f.path[f.path.length - 1] === node
  );
}

/** A vendor subdriver (NUT's subdriver_t). */
export interface Subdriver {
  /** As NUT's driver.version.data, e.g. "APC HID 0.98". */
  readonly name: string;
  readonly usages: readonly UsageTable[];
  /** The usb_device_id_t table. */
  readonly devices: readonly UsbId[];
  readonly table: readonly HidInfo[];
  /** True when this subdriver takes the device (NUT's claim()). */
  claim(info: UsbDeviceInfo, ctx: ClaimContext): boolean;
  /** fix_report_desc: a corrected descriptor, or undefined when none applies. */
  fixReportDesc?(
    info: UsbDeviceInfo,
    desc: HidDescriptor,
  ): HidDescriptor | undefined;
  formatMfr(info: UsbDeviceInfo, ctx: FormatContext): Formatted;
  formatModel(info: UsbDeviceInfo, ctx: FormatContext): Formatted;
  formatSerial(info: UsbDeviceInfo, ctx: FormatContext): Formatted;
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
export const DEPLETED = flag("depleted");
export const BATTVOLTLO = flag("battvoltlo");
export const BATTVOLTHI = flag("battvolthi");
export const CHARGERFAIL = flag("chargerfail");
/** Reversed: 0 means off. */
export const OFF: Lookup = [[0, "off"], [1, "!off"]];
/** Reversed: 0 means no battery. */
export const NOBATTERY: Lookup = [[1, "!nobattery"], [0, "nobattery"]];

export const TEST_WRITE: Lookup = [
  [0, "No test"],
  [1, "Quick test"],
  [2, "Deep test"],
  [3, "Abort test"],
];
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
    const m = /^(\d+)\/(\d+)\/(\d+)/.exec(text ?? "");
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
