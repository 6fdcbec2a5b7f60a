/**
 * Builder for subdrivers whose tables are the standard HID PDC paths plus a
 * few vendor rows, and the explore fallback (standard paths only).
 *
 * @module
 */
import { HID_USAGES, type UsageTable } from "../../src/hid/usages.ts";
import {
  beeperRows,
  type HidInfo,
  pdcCommands,
  pdcSummaryRows,
  statusRows,
  type Subdriver,
  usbStrings,
} from "./types.ts";

/** The standard rows: summary, delays, status flags, beeper. */
export function standardRows(delayBase = "UPS.PowerSummary"): HidInfo[] {
  return [
    ...pdcSummaryRows(),
    ...pdcCommands(delayBase),
    ...statusRows("UPS.PowerSummary.PresentStatus"),
    ...beeperRows("UPS.PowerSummary.AudibleAlarmControl"),
  ];
}

/** A subdriver made of vendor rows (first, so they win) plus the standard ones. */
export function pdcSubdriver(
  name: string,
  devices: ReadonlyArray<readonly [number, number]>,
  rows: HidInfo[] = [],
  options: {
    usages?: UsageTable;
    delayBase?: string;
    mfr?: string;
  } = {},
): Subdriver {
  const strings = usbStrings();
  return {
    name,
    usages: options.usages ? [options.usages, HID_USAGES] : [HID_USAGES],
    devices,
    table: [...rows, ...standardRows(options.delayBase)],
    ...strings,
    formatMfr: (i) => i.vendor ?? options.mfr,
  };
}

/** NUT's explore subdriver, with standard rows so unknown devices still report. */
export const EXPLORE: Subdriver = {
  ...pdcSubdriver("EXPLORE HID 0.2", []),
  exploreOnly: true,
};
