/**
 * powervar_cx_usb: Powervar CUSPP UPS driver, USB (NUT master's
 * `powervar_cx_usb` 1.02; NUT 2.8.0 has no such driver).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { PVAR_VARS } from "./powervar_cx/core.ts";
import { PowervarUsbDriver } from "./powervar_cx/usb.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The powervar_cx_usb definition (NUT lists only the three delay variables). */
export const def = defineDriver({
  name: "powervar_cx_usb",
  description: "Powervar-CUSSP UPS driver (USB)",
  version: "1.02",
  vars: PVAR_VARS,
  create: (ctx) => new PowervarUsbDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
