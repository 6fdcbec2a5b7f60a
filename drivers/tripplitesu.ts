/**
 * tripplitesu: Tripp Lite SmartOnline driver (NUT 2.8.0's `tripplitesu`,
 * 0.06).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { TRIPPLITESU_VARS, TripplitesuDriver } from "./tripplitesu/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The tripplitesu definition. */
export const def = defineDriver({
  name: "tripplitesu",
  description: "Tripp Lite SmartOnline driver",
  version: "0.06",
  experimental: true,
  vars: TRIPPLITESU_VARS,
  create: (ctx) => new TripplitesuDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
