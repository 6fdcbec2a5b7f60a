/**
 * nut-scanner's `--json` (`-J`) output: one JSON array of every device
 * found, whatever the bus.
 *
 * @module
 */
import { PARSABLE_TYPE, type ScanDevice } from "./device.ts";

/** The devices as a JSON array (pretty-printed, one trailing newline). */
export function formatJson(devices: readonly ScanDevice[]): string {
  const list = devices.map((d) => ({
    bus: d.bus,
    type: PARSABLE_TYPE[d.bus],
    driver: d.driver,
    port: d.port,
    options: Object.fromEntries(d.options),
  }));
  return JSON.stringify(list, null, 2) + "\n";
}
