/**
 * The output formats of nut-scanner 2.8.0 (nutscan-display.c): ups.conf
 * sections (`-N`, the default) and one parsable line per device (`-P`).
 *
 * @module
 */
import { PARSABLE_TYPE, type ScanDevice } from "./device.ts";

/**
 * ups.conf format. Sections are `[nutdevN]` as in 2.8.0 (master writes
 * `[nutdev-<bus>N]`); N counts from `first` across every bus of the run.
 * No blank line separates sections, as in 2.8.0.
 */
export function formatUpsConf(
  devices: readonly ScanDevice[],
  first = 1,
): string {
  let n = first;
  let out = "";
  for (const d of devices) {
    out += `[nutdev${n++}]\n\tdriver = "${d.driver}"\n\tport = "${d.port}"\n`;
    for (const [name, value] of d.options) out += `\t${name} = "${value}"\n`;
  }
  return out;
}

/** Parsable format: `TYPE:driver="d",port="p"[,opt="v"...]` per device. */
export function formatParsable(devices: readonly ScanDevice[]): string {
  let out = "";
  for (const d of devices) {
    out += `${PARSABLE_TYPE[d.bus]}:driver="${d.driver}",port="${d.port}"`;
    for (const [name, value] of d.options) out += `,${name}="${value}"`;
    out += "\n";
  }
  return out;
}

/**
 * JSON (deno-nut's own form): one object per device with the bus's
 * parsable TYPE word, driver, port and the options in output order.
 */
export function formatJson(devices: readonly ScanDevice[]): string {
  const list = devices.map((d) => ({
    type: PARSABLE_TYPE[d.bus],
    driver: d.driver,
    port: d.port,
    options: Object.fromEntries(d.options),
  }));
  return JSON.stringify(list, null, 2) + "\n";
}
