/**
 * tripplite: Tripp Lite SmartUPS serial driver (NUT 2.8.0's `tripplite`,
 * 0.93).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { TL_SER_VARS, TrippLiteSerDriver } from "./tripplite/smart_driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The tripplite definition. */
export const def = defineDriver({
  name: "tripplite",
  description: "Tripp-Lite SmartUPS driver",
  version: "0.93",
  vars: TL_SER_VARS,
  create: (ctx) => new TrippLiteSerDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
