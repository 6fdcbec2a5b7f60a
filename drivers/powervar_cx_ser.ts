/**
 * powervar_cx_ser: Powervar CUSPP UPS driver, serial (NUT master's
 * `powervar_cx_ser` 1.02; NUT 2.8.0 has no such driver).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { PowervarSerDriver, PVAR_SER_VARS } from "./powervar_cx/serial.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The powervar_cx_ser definition. */
export const def = defineDriver({
  name: "powervar_cx_ser",
  description: "Powervar-CUSSP UPS driver (Serial)",
  version: "1.02",
  vars: PVAR_SER_VARS,
  experimental: true,
  create: (ctx) => new PowervarSerDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
