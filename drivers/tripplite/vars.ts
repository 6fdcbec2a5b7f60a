/**
 * tripplite_usb's ups.conf variables (upsdrv_makevartable of 2.8.0).
 *
 * @module
 */
import type { DriverVar } from "../../src/driver/types.ts";

/** The variables `-L` lists, in NUT's order. */
export const TRIPPLITE_VARS: readonly DriverVar[] = [
  {
    name: "offdelay",
    kind: "value",
    desc: "Set shutdown delay, in seconds (default=64)",
  },
  {
    name: "vendor",
    kind: "value",
    desc: "Regular expression to match UPS Manufacturer string",
  },
  {
    name: "product",
    kind: "value",
    desc: "Regular expression to match UPS Product string",
  },
  {
    name: "serial",
    kind: "value",
    desc: "Regular expression to match UPS Serial number",
  },
  {
    name: "vendorid",
    kind: "value",
    desc:
      "Regular expression to match UPS Manufacturer numerical ID (4 digits hexadecimal)",
  },
  {
    name: "productid",
    kind: "value",
    desc:
      "Regular expression to match UPS Product numerical ID (4 digits hexadecimal)",
  },
  {
    name: "bus",
    kind: "value",
    desc: "Regular expression to match USB bus name",
  },
  {
    name: "device",
    kind: "value",
    desc: "Regular expression to match USB device name",
  },
  {
    name: "usb_set_altinterface",
    kind: "value",
    desc:
      "Force redundant call to usb_set_altinterface() (value=bAlternateSetting; default=0)",
  },
  {
    name: "battery_min",
    kind: "value",
    desc: "Minimum battery voltage, corresponding to 10% charge (default=11.0)",
  },
  {
    name: "battery_max",
    kind: "value",
    desc:
      "Maximum battery voltage, corresponding to 100% charge (default=13.4)",
  },
];
