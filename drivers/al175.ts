/**
 * al175: Eltek AL175/COMLI driver (NUT 2.8.0's `al175`, 0.13).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { Al175Driver } from "./al175/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The al175 definition. */
export const def = defineDriver({
  name: "al175",
  description: "Eltek AL175/COMLI driver",
  version: "0.13",
  experimental: true,
  vars: [],
  create: (ctx) => new Al175Driver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
