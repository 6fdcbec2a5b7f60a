/**
 * safenet: Generic SafeNet UPS driver (NUT 2.8.0's `safenet`, 1.7).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { SAFENET_VARS, SafenetDriver } from "./safenet/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The safenet definition. */
export const def = defineDriver({
  name: "safenet",
  description: "Generic SafeNet UPS driver",
  version: "1.7",
  vars: SAFENET_VARS,
  create: (ctx) => new SafenetDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
