/**
 * everups: Ever NET-DPC / AP-PRO units (NUT 2.8.0's `everups`, 0.04; not
 * built by Debian).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { EverupsDriver } from "./everups/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The everups definition. */
export const def = defineDriver({
  name: "everups",
  description: "Ever UPS driver (serial)",
  version: "0.04",
  vars: [],
  create: (ctx) => new EverupsDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
