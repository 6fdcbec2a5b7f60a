/**
 * bicker_ser: Bicker supercapacitor DC UPS driver (NUT master's
 * `bicker_ser` 0.06; NUT 2.8.0 has no such driver).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { BickerDriver } from "./bicker_ser/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The bicker_ser definition (no driver variables: NUT adds none). */
export const def = defineDriver({
  name: "bicker_ser",
  description: "Bicker serial protocol",
  version: "0.06",
  vars: [],
  experimental: true,
  create: (ctx) => new BickerDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
