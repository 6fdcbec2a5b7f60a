/**
 * etapro: ETA PRO units (NUT 2.8.0's `etapro`, 0.05).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { EtaproDriver } from "./etapro/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The etapro definition. */
export const def = defineDriver({
  name: "etapro",
  description: "ETA PRO driver",
  version: "0.05",
  vars: [],
  create: (ctx) => new EtaproDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
