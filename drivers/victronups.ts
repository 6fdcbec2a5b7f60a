/**
 * victronups: GE/IMV/Victron UPS driver (NUT 2.8.0's `victronups`, 0.21).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { VICTRON_VARS, VictronDriver } from "./victronups/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The victronups definition. */
export const def = defineDriver({
  name: "victronups",
  description: "GE/IMV/Victron UPS driver",
  version: "0.21",
  vars: VICTRON_VARS,
  create: (ctx) => new VictronDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
