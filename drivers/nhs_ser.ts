/**
 * nhs_ser: NHS Sistemas Eletronicos nobreak driver (NUT master's
 * `nhs_ser` 0.05; NUT 2.8.0 has no such driver).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { NHS_VARS, NhsDriver } from "./nhs_ser/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The nhs_ser definition. */
export const def = defineDriver({
  name: "nhs_ser",
  description: "NHS Nobreak Drivers",
  version: "0.05",
  vars: NHS_VARS,
  create: (ctx) => new NhsDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
