/**
 * microdowell: MICRODOWELL UPS driver (NUT 2.8.0's `microdowell`, 0.02).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { MICRODOWELL_VARS, MicrodowellDriver } from "./microdowell/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The microdowell definition. */
export const def = defineDriver({
  name: "microdowell",
  description: "MICRODOWELL UPS driver",
  version: "0.02",
  vars: MICRODOWELL_VARS,
  create: (ctx) => new MicrodowellDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
