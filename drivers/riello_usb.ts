/**
 * riello_usb: Riello USB driver (NUT 2.8.0's `riello_usb`, 0.07): GPSER
 * through the Cypress bridge of Riello units.
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { RielloDriver } from "./riello/driver.ts";
import { usbOpener } from "./riello/usb.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The riello_usb definition. */
export const def = defineDriver({
  name: "riello_usb",
  description: "Riello USB driver",
  version: "0.07",
  vars: [],
  create: (ctx) => new RielloDriver(ctx, usbOpener()),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
