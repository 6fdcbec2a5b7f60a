/**
 * adelsystem_cbi: ADELSYSTEM CB/CBI DC-UPS over Modbus (NUT 2.8.0's
 * `adelsystem_cbi`, 0.01).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { ADEL_VARS, AdelsystemDriver } from "./modbus/adelsystem.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The adelsystem_cbi definition. */
export const def = defineDriver({
  name: "adelsystem_cbi",
  description: "NUT ADELSYSTEM DC-UPS CB/CBI driver",
  version: "0.01",
  vars: ADEL_VARS,
  create: (ctx) => new AdelsystemDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
