/**
 * bestfcom: Best Power Ferrups and Fortress II units (NUT 2.8.0's
 * `bestfcom`, 0.13, experimental).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { FcomDriver } from "./best/fcom.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The bestfcom definition. */
export const def = defineDriver({
  name: "bestfcom",
  description: "Best Ferrups/Fortress driver",
  version: "0.13",
  experimental: true,
  vars: [],
  create: (ctx) => new FcomDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
