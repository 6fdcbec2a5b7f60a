/**
 * mge-utalk: MGE UPS SYSTEMS/U-Talk driver (NUT 2.8.0's `mge-utalk`, 0.94).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { UTALK_VARS, UtalkDriver } from "./mge_utalk/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The mge-utalk definition. */
export const def = defineDriver({
  name: "mge-utalk",
  description: "MGE UPS SYSTEMS/U-Talk driver",
  version: "0.94",
  vars: UTALK_VARS,
  create: (ctx) => new UtalkDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
