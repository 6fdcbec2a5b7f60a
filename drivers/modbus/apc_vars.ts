/**
 * apc_modbus's ups.conf variables as NUT master's build with USB lists them
 * (`-L`): nut_usb_addvars' matching and tuning keys first, then the Modbus
 * ones.
 *
 * @module
 */
import type { DriverVar } from "../../src/driver/types.ts";

const TUNING = "Deeper tuning of USB communications for complex devices";

/** ups.conf variables of NUT's build with USB (nut_usb_addvars first). */
export const APC_VARS: readonly DriverVar[] = [
  ["vendor", "Regular expression to match UPS Manufacturer string"],
  ["product", "Regular expression to match UPS Product string"],
  ["serial", "Regular expression to match UPS Serial number"],
  [
    "vendorid",
    "Regular expression to match UPS Manufacturer numerical ID (4 digits hexadecimal)",
  ],
  [
    "productid",
    "Regular expression to match UPS Product numerical ID (4 digits hexadecimal)",
  ],
  ["bus", "Regular expression to match USB bus name"],
  ["device", "Regular expression to match USB device name"],
  ["busport", "Regular expression to match USB bus port name"],
  [
    "allow_duplicates",
    "If you have several UPS devices which may not be uniquely identified by options above, allow each driver instance with this option to take the first match if available, or try another (association of driver to device may vary between runs)",
  ],
  [
    "usb_set_altinterface",
    "Force redundant call to usb_set_altinterface() (value=bAlternateSetting; default=0)",
  ],
  ["usb_config_index", TUNING],
  ["usb_hid_rep_index", TUNING],
  ["usb_hid_desc_index", TUNING],
  ["usb_hid_ep_in", TUNING],
  ["usb_hid_ep_out", TUNING],
  [
    "porttype",
    "Modbus port type (serial, tcp, usb, default=usb)",
  ],
  ["slaveid", "Modbus slave id (default=1)"],
  [
    "response_timeout_ms",
    "Modbus response timeout in milliseconds (default=500, 2000 for TCP)",
  ],
  [
    "modbus_retries",
    "Number of retries for Modbus register reads on timeout errors (default=3)",
  ],
  ["baudrate", "Modbus serial RTU communication speed in baud (default=9600)"],
  ["parity", "Modbus serial RTU parity (N=none, E=even, O=odd, default=N)"],
  ["databits", "Modbus serial RTU data bit count (default=8)"],
  ["stopbits", "Modbus serial RTU stop bit count (default=1)"],
].map(([name, desc]) => ({
  name: name!,
  kind: name === "allow_duplicates" ? "flag" as const : "value" as const,
  desc: desc!,
}));
