/**
 * liebert-esp2: Liebert ESP-II serial UPS driver (NUT 2.8.0's
 * `liebert-esp2`, 0.05).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { ESP2_VARS, LiebertEsp2Driver } from "./liebert_esp2/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The liebert-esp2 definition. */
export const def = defineDriver({
  name: "liebert-esp2",
  description: "Liebert ESP-II serial UPS driver",
  version: "0.05",
  experimental: true,
  vars: ESP2_VARS,
  create: (ctx) => new LiebertEsp2Driver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
