/**
 * nutdrv_siemens-sitop: Siemens SITOP UPS500 series driver (NUT 2.8.0's
 * `nutdrv_siemens-sitop`, 0.03).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { SITOP_VARS, SitopDriver } from "./siemens_sitop/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The nutdrv_siemens-sitop definition. */
export const def = defineDriver({
  name: "nutdrv_siemens-sitop",
  description: "Siemens SITOP UPS500 series driver",
  version: "0.03",
  experimental: true,
  vars: SITOP_VARS,
  create: (ctx) => new SitopDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
