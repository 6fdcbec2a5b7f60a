/**
 * What a scan finds (NUT's nutscan_device_t): the bus it was found on, the
 * driver and port to put in ups.conf, and extra options in order.
 *
 * @module
 */

/** The buses nut-scanner knows, in the order results are displayed. */
export type Bus =
  | "usb"
  | "snmp"
  | "xml"
  | "nut"
  | "simulation"
  | "avahi"
  | "ipmi"
  | "serial";

/** Display order of the buses (nut-scanner prints USB first, serial last). */
export const BUS_ORDER: readonly Bus[] = [
  "usb",
  "snmp",
  "xml",
  "nut",
  "simulation",
  "avahi",
  "ipmi",
  "serial",
];

/** The TYPE word of the parsable (`-P`) format, per bus (2.8.0 prints EATON_SERIAL for -E, observed). */
export const PARSABLE_TYPE: Readonly<Record<Bus, string>> = {
  usb: "USB",
  snmp: "SNMP",
  xml: "XML",
  nut: "NUT",
  simulation: "NUT_SIMULATION",
  avahi: "Avahi",
  ipmi: "IPMI",
  serial: "EATON_SERIAL",
};

/** One discovered device. */
export interface ScanDevice {
  bus: Bus;
  driver: string;
  port: string;
  /** Extra ups.conf options (`vendorid`, `serial`, ...), in output order. */
  options: ReadonlyArray<readonly [string, string]>;
}

/** Sorts devices into display order, keeping each bus's own order. */
export function inDisplayOrder(devices: readonly ScanDevice[]): ScanDevice[] {
  return BUS_ORDER.flatMap((bus) => devices.filter((d) => d.bus === bus));
}
