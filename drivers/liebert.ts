/**
 * liebert: Liebert MultiLink UPS driver (NUT 2.8.0's `liebert`, 1.03).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { LIEBERT_VARS, LiebertDriver } from "./liebert/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The liebert definition. */
export const def = defineDriver({
  name: "liebert",
  description: "Liebert MultiLink UPS driver",
  version: "1.03",
  experimental: true,
  vars: LIEBERT_VARS,
  create: (ctx) => new LiebertDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
