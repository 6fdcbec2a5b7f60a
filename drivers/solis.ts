/**
 * solis: Microsol Solis UPS driver (NUT 2.8.0's `solis`, 0.68).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { SOLIS_VARS, SolisDriver } from "./microsol/solis.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The solis definition. */
export const def = defineDriver({
  name: "solis",
  description: "Microsol Solis UPS driver",
  version: "0.68",
  vars: SOLIS_VARS,
  create: (ctx) => new SolisDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
