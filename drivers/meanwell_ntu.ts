/**
 * meanwell_ntu: Mean Well NTU series inverter/UPS (NUT master's
 * `meanwell_ntu` 1.60; NUT 2.8.0 has no such driver).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { MeanwellNtuDriver } from "./meanwell_ntu/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The meanwell_ntu definition (no driver variables: NUT adds none). */
export const def = defineDriver({
  name: "meanwell_ntu",
  description: "meanwell_ntu",
  version: "1.60",
  vars: [],
  experimental: true,
  create: (ctx) => new MeanwellNtuDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
