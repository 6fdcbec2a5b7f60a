/**
 * The 'ATCL FOR UPS' USB protocol (NUT's nutdrv_atcl_usb): the unit sends
 * 8-byte interrupt IN reports on 0x81 whose byte 0 is the state (3 on line,
 * 1 on battery, 2 low battery) and bytes 1-7 are zero; shutdown is the
 * 8-byte report 01 00 .. 00 written twice to interrupt OUT 0x02, 170 ms
 * apart. The device IDs (0001:0000) are generic, so the vendor string
 * "ATCL FOR UPS" (or ups.conf `vendor`) decides.
 *
 * @module
 */
import type { UsbDeviceInfo } from "../../src/transport/usb_link.ts";

export const ATCL_ID = { vendorId: 0x0001, productId: 0x0000 } as const;
export const ATCL_VENDOR = "ATCL FOR UPS";
export const STATUS = { endpoint: 0x81, length: 8 } as const;
export const SHUTDOWN_ENDPOINT = 0x02;
export const SHUTDOWN_PACKET = Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0);
/** NUT's USB_TIMEOUT for every transfer (ms). */
export const TIMEOUT_MS = 5000;

/** device_match_func: IDs, then the vendor string (or `vendor=`, "NULL" for none). */
export function atclMatches(
  d: UsbDeviceInfo,
  requestedVendor: string | undefined,
): boolean {
  if (d.vendorId !== ATCL_ID.vendorId || d.productId !== ATCL_ID.productId) {
    return false;
  }
  if (d.vendor === undefined) return requestedVendor === "NULL";
  if (d.vendor === ATCL_VENDOR) return true;
  return requestedVendor !== undefined && d.vendor === requestedVendor;
}

/** What a status report says: the tokens, or the unknown state byte. */
export function decodeStatus(
  report: Uint8Array,
): { tokens: string[]; unknown?: number; extraBytes: boolean } {
  // strnlen(reply + 1, 7) != 0: some byte before the first NUL is set
  const extraBytes = (report[1] ?? 0) !== 0;
  switch (report[0]) {
    case 3:
      return { tokens: ["OL"], extraBytes };
    case 2:
      return { tokens: ["LB", "OB"], extraBytes };
    case 1:
      return { tokens: ["OB"], extraBytes };
    default:
      return { tokens: [], unknown: report[0] ?? 0, extraBytes };
  }
}
