/**
 * genericups: Generic contact-closure UPS driver (NUT 2.8.0's
 * `genericups`, 1.38).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { GENERIC_VARS, GenericUpsDriver } from "./genericups/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The genericups definition. */
export const def = defineDriver({
  name: "genericups",
  description: "Generic contact-closure UPS driver",
  version: "1.38",
  vars: GENERIC_VARS,
  create: (ctx) => new GenericUpsDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
