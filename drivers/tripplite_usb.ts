/**
 * tripplite_usb: Tripp Lite OMNIVS / SMARTPRO driver (NUT 2.8.0's
 * `tripplite_usb`, 0.33).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { TRIPPLITE_VARS, TrippLiteDriver } from "./tripplite/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The tripplite_usb definition. */
export const def = defineDriver({
  name: "tripplite_usb",
  description: "Tripp Lite OMNIVS / SMARTPRO driver",
  version: "0.33",
  vars: TRIPPLITE_VARS,
  create: (ctx) => new TrippLiteDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
