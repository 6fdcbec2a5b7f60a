/**
 * USB scan (scan_usb.c): enumerate the machine's USB devices and keep those
 * whose VID:PID is in the table of supported IDs (NUT's generated
 * nutscan-usb.h). The table is a parameter: the CLI builds it from the
 * drivers' own device lists. Options follow 2.8.0: vendorid, productid
 * (uppercase hex), product, serial, vendor, bus.
 *
 * @module
 */
import type { UsbDeviceInfo } from "../hid/device.ts";
import type { ScanDevice } from "./device.ts";

export type { UsbDeviceInfo } from "../hid/device.ts";

/** One supported VID:PID and the driver that handles it. */
export interface UsbIdEntry {
  vendor: number;
  product: number;
  driver: string;
}

/** Lists the USB devices present (with their string descriptors). */
export type UsbEnumerator = () => Promise<UsbDeviceInfo[]>;

function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, "0");
}

/**
 * Builds the lookup from (vendor, product) to driver names; the first
 * driver listed for an ID wins, later ones are alternates.
 */
export function usbIdTable(
  entries: Iterable<UsbIdEntry>,
): Map<string, string[]> {
  const table = new Map<string, string[]>();
  for (const e of entries) {
    const key = `${hex4(e.vendor)}:${hex4(e.product)}`;
    const drivers = table.get(key) ?? [];
    if (!drivers.includes(e.driver)) drivers.push(e.driver);
    table.set(key, drivers);
  }
  return table;
}

/** The devices of `infos` that a driver supports, as scan results. */
export function matchUsb(
  infos: readonly UsbDeviceInfo[],
  table: ReadonlyMap<string, readonly string[]>,
): ScanDevice[] {
  const out: ScanDevice[] = [];
  for (const info of infos) {
    const drivers = table.get(`${hex4(info.vendorId)}:${hex4(info.productId)}`);
    if (!drivers || drivers.length === 0) continue;
    const options: Array<[string, string]> = [
      ["vendorid", hex4(info.vendorId)],
      ["productid", hex4(info.productId)],
    ];
    if (info.product) options.push(["product", info.product]);
    if (info.serial) options.push(["serial", info.serial]);
    if (info.vendor) options.push(["vendor", info.vendor]);
    options.push(["bus", info.bus]);
    out.push({ bus: "usb", driver: drivers[0]!, port: "auto", options });
  }
  return out;
}

/**
 * The real enumerator over npm:usb (loaded on first use, so other scans do
 * not need libusb): every device we may open, never claimed.
 */
export async function enumerateUsb(): Promise<UsbDeviceInfo[]> {
  const { usbOpener } = await import("../transport/usb.ts");
  const infos: UsbDeviceInfo[] = [];
  await usbOpener().open((info) => {
    infos.push(info);
    return false;
  });
  return infos;
}

/** Result of scanUsb: the matches, and how many devices were seen at all. */
export interface UsbScanResult {
  devices: ScanDevice[];
  seen: number;
}

/** Scans with `enumerate` and matches against `table`. */
export async function scanUsb(
  table: ReadonlyMap<string, readonly string[]>,
  enumerate: UsbEnumerator = enumerateUsb,
): Promise<UsbScanResult> {
  const infos = await enumerate();
  return { devices: matchUsb(infos, table), seen: infos.length };
}
