/**
 * nutdrv_hashx: generic "#" protocol serial UPS driver (NUT master's
 * `nutdrv_hashx` 0.03; NUT 2.8.0 has no such driver).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { HashxDriver } from "./nutdrv_hashx/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The nutdrv_hashx definition (no driver variables: NUT adds none). */
export const def = defineDriver({
  name: "nutdrv_hashx",
  description: "Generic #* Serial driver",
  version: "0.03",
  vars: [],
  experimental: true,
  create: (ctx) => new HashxDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
