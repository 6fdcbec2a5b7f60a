/**
 * ragtech: Ragtech Easy Pro family UPS driver (NUT master's `ragtech`
 * 0.10; NUT 2.8.0 has no such driver).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { RAGTECH_VARS, RagtechDriver } from "./ragtech/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The ragtech definition. */
export const def = defineDriver({
  name: "ragtech",
  description: "Ragtech UPS driver",
  version: "0.10",
  vars: RAGTECH_VARS,
  experimental: true,
  create: (ctx) => new RagtechDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
