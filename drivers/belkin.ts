/**
 * belkin: Belkin Smart protocol driver (NUT 2.8.0's `belkin`, 0.25).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { BelkinDriver } from "./belkin/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The belkin definition. */
export const def = defineDriver({
  name: "belkin",
  description: "Belkin Smart protocol driver",
  version: "0.25",
  vars: [],
  create: (ctx) => new BelkinDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
