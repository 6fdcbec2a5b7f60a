/**
 * optiups: Opti-UPS driver (NUT 2.8.0's `optiups`, 1.02).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { OPTI_HELP, OPTI_VARS, OptiDriver } from "./optiups/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The optiups definition. */
export const def = defineDriver({
  name: "optiups",
  description: "Opti-UPS driver",
  version: "1.02",
  vars: OPTI_VARS,
  help: OPTI_HELP,
  create: (ctx) => new OptiDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
