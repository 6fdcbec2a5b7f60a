/**
 * nhs_ser's ups.conf variables (NUT master's addvar list, in its order)
 * and the serial settings, checked as NUT checks them (a bad value stops
 * the driver). Flow control is checked but not applied: our serial layer
 * has no RTS/CTS or XON/XOFF setting; 5 and 6 data bits are opened as 8.
 *
 * @module
 */
import type { DriverVar } from "../../src/driver/types.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import type { SerialSettings } from "../../src/transport/mod.ts";

const v = (name: string, desc: string): DriverVar => ({
  name,
  kind: "value",
  desc,
});
const flag = (name: string, desc: string): DriverVar => ({
  name,
  kind: "flag",
  desc,
});
const pct = (what: string) =>
  `Voltage In Percentage to calculate ${what} level. Default is 2.00`;

/** The variables of nhs_ser. */
export const NHS_VARS: readonly DriverVar[] = [
  v(
    "baud",
    "Serial baud rate from the rates compiled into this driver (default: 2400)",
  ),
  v("serial_data_bits", "Serial data bits: 5, 6, 7 or 8 (default: 8)"),
  v("serial_parity", "Serial parity: none, even or odd (default: none)"),
  v("serial_stop_bits", "Serial stop bits: 1 or 2 (default: 1)"),
  v(
    "serial_flow_control",
    "Serial flow control: none, hardware, software or both (default: hardware)",
  ),
  v(
    "serial_read_timeout_ms",
    "Timeout per serial byte: 0 to 60000 ms (default: 100)",
  ),
  v(
    "serial_send_pace_us",
    "Delay between transmitted bytes: 0 to 999999 us (default: 0)",
  ),
  v("ah", "Battery discharge capacity in Ampere/hour"),
  v("va", "Nobreak NOMINAL POWER in VA"),
  v(
    "pf",
    "Power Factor to use in calculations of battery time. Default is 0.90",
  ),
  v("vin_low_warn_perc", pct("warning low")),
  v("vin_low_crit_perc", pct("critical low")),
  v("vin_high_warn_perc", pct("warning high")),
  v("vin_high_crit_perc", pct("critical high")),
  v("numbatteries", "Num Batteries (override value from nobreak)"),
  v(
    "vbat",
    "Battery Voltage (override default value). Default is 12.00",
  ),
  flag("debug_pkt_raw", "Enable debug logging of packet bytes"),
  flag("debug_pkt_data", "Enable debug logging of data packet decoding"),
  flag("debug_pkt_hwinfo", "Enable debug logging of hwinfo packet decoding"),
];

/** The baud rates NUT's table has (Linux build). */
const BAUDS = [
  50,
  75,
  110,
  134,
  150,
  200,
  300,
  600,
  1200,
  2400,
  4800,
  9600,
  19200,
  38400,
  57600,
  115200,
  230400,
  460800,
  921600,
  1500000,
  2000000,
  2500000,
  3000000,
  3500000,
  4000000,
];

/** The checked serial options. */
export interface NhsSerial {
  settings: SerialSettings;
  flow: string;
  readTimeoutMs: number;
  paceUs: number;
}

function integer(
  name: string,
  text: string,
  ok: (n: number) => boolean,
  want: string,
): number {
  if (!/^[+-]?\d+$/.test(text) || !ok(Number(text))) {
    throw new DriverFatalError(`Invalid ${name} value '${text}': ${want}`);
  }
  return Number(text);
}

/** parse_serial_options. */
export function serialOptions(values: ReadonlyMap<string, string>): NhsSerial {
  const get = (k: string) => values.get(k);
  let speed = 2400, bits = 8, stop = 1, readTimeoutMs = 100, paceUs = 0;
  let parity: "none" | "even" | "odd" = "none", flow = "hardware";
  const baud = get("baud");
  if (baud !== undefined) {
    if (!/^[+-]?\d+$/.test(baud) || Number(baud) <= 0) {
      throw new DriverFatalError(
        `Invalid baud value '${baud}': expected a supported baud rate`,
      );
    }
    if (!BAUDS.includes(Number(baud))) {
      throw new DriverFatalError(
        `Invalid baud value '${baud}': rate is not available in this build`,
      );
    }
    speed = Number(baud);
  }
  const db = get("serial_data_bits");
  if (db !== undefined) {
    bits = integer(
      "serial_data_bits",
      db,
      (n) => n >= 5 && n <= 8,
      "expected 5, 6, 7 or 8",
    );
  }
  const par = get("serial_parity");
  if (par !== undefined) {
    const p = par.toLowerCase();
    if (p !== "none" && p !== "even" && p !== "odd") {
      throw new DriverFatalError(
        `Invalid serial_parity value '${par}': expected none, even or odd`,
      );
    }
    parity = p;
  }
  const sb = get("serial_stop_bits");
  if (sb !== undefined) {
    stop = integer(
      "serial_stop_bits",
      sb,
      (n) => n === 1 || n === 2,
      "expected 1 or 2",
    );
  }
  const fc = get("serial_flow_control");
  if (fc !== undefined) {
    if (!["none", "hardware", "software", "both"].includes(fc.toLowerCase())) {
      throw new DriverFatalError(
        `Invalid serial_flow_control value '${fc}': expected none, hardware, software or both`,
      );
    }
    flow = fc;
  }
  const rt = get("serial_read_timeout_ms");
  if (rt !== undefined) {
    readTimeoutMs = integer(
      "serial_read_timeout_ms",
      rt,
      (n) => n >= 0 && n <= 60000,
      "expected 0 to 60000",
    );
  }
  const sp = get("serial_send_pace_us");
  if (sp !== undefined) {
    paceUs = integer(
      "serial_send_pace_us",
      sp,
      (n) => n >= 0 && n <= 999999,
      "expected 0 to 999999",
    );
  }
  return {
    settings: {
      speed,
      parity,
      dataBits: bits === 7 ? 7 : 8,
      stopBits: stop === 2 ? 2 : 1,
    },
    flow,
    readTimeoutMs,
    paceUs,
  };
}
