/**
 * nut-scanner's `--json` (`-J`) output: one JSON array of every device
 * found, whatever the bus. The same form as the snmp branch's
 * `formatJson` in display.ts (`-J`/`--disp_json`): on merge keep one.
 *
 * @module
 */
import { PARSABLE_TYPE, type ScanDevice } from "./device.ts";

/** The devices as a JSON array (pretty-printed, one trailing newline). */
export function formatJson(devices: readonly ScanDevice[]): string {
  const list = devices.map((d) => ({
    type: PARSABLE_TYPE[d.bus],
    driver: d.driver,
    port: d.port,
    options: Object.fromEntries(d.options),
  }));
  return JSON.stringify(list, null, 2) + "\n";
}
