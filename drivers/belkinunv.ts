/**
 * belkinunv: Belkin 'Universal UPS' driver (NUT 2.8.0's `belkinunv`, 0.08).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { UNV_VARS, UnvDriver } from "./belkin/unv_driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The belkinunv definition. */
export const def = defineDriver({
  name: "belkinunv",
  description: "Belkin 'Universal UPS' driver",
  version: "0.08",
  vars: UNV_VARS,
  help: "\nWritable variables:\n" +
    " input.sensitivity: normal, medium, low\n" +
    " ups.beeper.status: enabled, disabled, muted\n" +
    " input.transfer.low: (in V)\n" +
    " input.transfer.high: (in V)\n",
  create: (ctx) => new UnvDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
