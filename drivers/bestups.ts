/**
 * bestups: Best Power / Sola units on the Phoenix protocol (NUT 2.8.0's
 * `bestups`, 1.07).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { BESTUPS_VARS, BestupsDriver } from "./best/phoenix.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The bestups definition. */
export const def = defineDriver({
  name: "bestups",
  description: "Best UPS driver",
  version: "1.07",
  vars: BESTUPS_VARS,
  create: (ctx) => new BestupsDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
