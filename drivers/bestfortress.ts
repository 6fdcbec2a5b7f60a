/**
 * bestfortress: Best Power Fortress units (NUT 2.8.0's `bestfortress`,
 * 0.06, experimental).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { FORTRESS_VARS, FortressDriver } from "./best/fortress.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The bestfortress definition. */
export const def = defineDriver({
  name: "bestfortress",
  description: "Best Fortress UPS driver",
  version: "0.06",
  experimental: true,
  vars: FORTRESS_VARS,
  create: (ctx) => new FortressDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
