/**
 * richcomm_usb: Richcomm dry-contact to USB driver (NUT 2.8.0's
 * `richcomm_usb`, 0.10).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { RichcommDriver } from "./richcomm/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The richcomm_usb definition. */
export const def = defineDriver({
  name: "richcomm_usb",
  description: "Richcomm dry-contact to USB driver",
  version: "0.10",
  vars: [],
  create: (ctx) => new RichcommDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
