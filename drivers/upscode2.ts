/**
 * upscode2: UPScode II UPS driver (NUT 2.8.0's `upscode2`, 0.90).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { UPSCODE2_VARS, Upscode2Driver } from "./upscode2/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The upscode2 definition. */
export const def = defineDriver({
  name: "upscode2",
  description: "UPScode II UPS driver",
  version: "0.90",
  experimental: true,
  vars: UPSCODE2_VARS,
  create: (ctx) => new Upscode2Driver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
