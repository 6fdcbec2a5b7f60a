/**
 * Device and subdriver selection (usb-common.c regex matcher, usbhid-ups.c
 * subdriver claim): every configured value is a case-insensitive regular
 * expression that must match the whole field.
 *
 * @module
 */
import type { UsbDeviceInfo } from "../../src/hid/device.ts";
import { SUBDRIVERS } from "./list.ts";
import type { ClaimContext, Subdriver } from "./types.ts";

/** ups.conf keys the matcher reads. */
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

function hex4(n: number): string {
  return n.toString(16).padStart(4, "0");
}

/** Builds the matcher; throws `invalid regular expression: X` like NUT. */
export function deviceMatcher(
  values: ReadonlyMap<string, string>,
): (info: UsbDeviceInfo) => boolean {
  const tests: Array<[(i: UsbDeviceInfo) => string | undefined, RegExp]> = [];
  const field: Record<
    typeof MATCH_KEYS[number],
    (i: UsbDeviceInfo) => string | undefined
  > = {
    vendorid: (i) => hex4(i.vendorId),
    productid: (i) => hex4(i.productId),
    vendor: (i) => i.vendor,
    product: (i) => i.product,
    serial: (i) => i.serial,
    bus: (i) => i.bus,
    device: (i) => i.device,
    busport: (i) => i.busport,
  };
  for (const key of MATCH_KEYS) {
    const re = values.get(key);
    if (re === undefined) continue;
    try {
      tests.push([field[key], new RegExp(`^(?:${re})$`, "i")]);
    } catch {
      throw new Error(`invalid regular expression: ${re}`);
    }
  }
  return (info) =>
    tests.every(([get, re]) => {
      const v = get(info);
      return v !== undefined && re.test(v.trim());
    });
}

/** The subdriver for a device, or undefined ("Manufacturer not supported!"). */
export function selectSubdriver(
  info: UsbDeviceInfo,
  values: ReadonlyMap<string, string>,
  ctx: ClaimContext,
): Subdriver | undefined {
  // deno-nut extension: `subdriver` names one (exact or regex) and skips claims
  const wanted = values.get("subdriver");
  if (wanted !== undefined) {
    const exact = SUBDRIVERS.find((s) => s.name === wanted);
    if (exact) return exact;
    try {
      const re = new RegExp(wanted, "i");
      const hit = SUBDRIVERS.find((s) => re.test(s.name));
      if (hit) return hit;
    } catch {
      // not a regex: fall through to claiming
    }
  }
  return SUBDRIVERS.find((s) => s.claim(info, ctx));
}
