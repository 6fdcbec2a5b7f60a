/**
 * nutdrv_atcl_usb: 'ATCL FOR UPS' USB driver (NUT 2.8.0's
 * `nutdrv_atcl_usb`, 1.16).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { AtclDriver } from "./atcl/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The nutdrv_atcl_usb definition. */
export const def = defineDriver({
  name: "nutdrv_atcl_usb",
  description: "'ATCL FOR UPS' USB driver",
  version: "1.16",
  vars: [{
    name: "vendor",
    kind: "value",
    desc: "USB vendor string (or NULL if none)",
  }],
  create: (ctx) => new AtclDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
