/**
 * USB device matching as NUT's usb-common.c does it: the ups.conf regexes
 * (vendorid, productid, vendor, product, serial, bus, device, busport), each
 * matched case-insensitively against the whole whitespace-trimmed value, and
 * the exact matcher that finds the same unit again after a reconnect.
 *
 * @module
 */
import type { UsbDeviceInfo } from "../hid/device.ts";

/** The ups.conf keys a regex matcher reads, in NUT's order. */
export const MATCH_KEYS = [
  "vendorid",
  "productid",
  "vendor",
  "product",
  "serial",
  "bus",
  "device",
  "busport",
] as const;

/** A device predicate. */
export type UsbMatcher = (info: UsbDeviceInfo) => boolean;

/** A regex in ups.conf that does not compile. */
export class BadRegexError extends Error {
  override name = "BadRegexError";
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, "0");
}

/** The value each key is matched against (IDs as `%04x`). */
export function matchValue(
  info: UsbDeviceInfo,
  key: typeof MATCH_KEYS[number],
): string | undefined {
  switch (key) {
    case "vendorid":
      return hex4(info.vendorId);
    case "productid":
      return hex4(info.productId);
    case "vendor":
      return info.vendor;
    case "product":
      return info.product;
    case "serial":
      return info.serial;
    case "bus":
      return info.bus;
    case "device":
      return info.device;
    case "busport":
      return info.busport;
  }
}

/** True when `re` matches all of `value` (trimmed; absent counts as ""). */
export function wholeMatch(re: RegExp, value: string | undefined): boolean {
  const s = (value ?? "").replace(/^[ \t\n]+|[ \t\n]+$/g, "");
  const m = re.exec(s);
  return m !== null && m.index === 0 && m[0].length === s.length;
}

/**
 * The regex matcher for the given ups.conf values (absent keys match
 * anything). Throws BadRegexError naming the key whose regex is invalid.
 */
export function regexMatcher(
  values: ReadonlyMap<string, string> | Record<string, string | undefined>,
): UsbMatcher {
  const get = (k: string) =>
    values instanceof Map
      ? values.get(k)
      : (values as Record<string, string>)[k];
  const tests: Array<[typeof MATCH_KEYS[number], RegExp]> = [];
  for (const key of MATCH_KEYS) {
    const src = get(key);
    if (src === undefined) continue;
    try {
      tests.push([key, new RegExp(src, "i")]);
    } catch {
      throw new BadRegexError(`Invalid regular expression: ${src}`);
    }
  }
  return (info) =>
    tests.every(([k, re]) => wholeMatch(re, matchValue(info, k)));
}

/** Matches exactly the unit `info` describes (IDs, strings, bus) — NUT's reopen matcher. */
export function exactMatcher(info: UsbDeviceInfo): UsbMatcher {
  return (d) =>
    d.vendorId === info.vendorId && d.productId === info.productId &&
    d.vendor === info.vendor && d.product === info.product &&
    d.serial === info.serial && d.bus === info.bus;
}

/** The udev rule line that grants the nut user access to a device. */
export function udevRule(info: UsbDeviceInfo): string {
  return `SUBSYSTEM=="usb", ATTR{idVendor}=="${hex4(info.vendorId)}", ` +
    `ATTR{idProduct}=="${hex4(info.productId)}", MODE="664", GROUP="nut"`;
}

/** The plain-words report for a device that is present but cannot be opened. */
export function permissionMessage(info: UsbDeviceInfo): string {
  return `USB device ${hex4(info.vendorId)}:${hex4(info.productId)} on bus ` +
    `${info.bus} device ${info.device} is present but cannot be opened ` +
    `(permission denied). The driver runs as an unprivileged user; install ` +
    `NUT's udev rules (/lib/udev/rules.d/62-nut-usbups.rules in Debian's ` +
    `nut-server) or add this rule to /etc/udev/rules.d/ and replug the ` +
    `device:\n  ${udevRule(info)}`;
}
