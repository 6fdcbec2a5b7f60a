/**
 * oneac: Oneac EG/ON/OZ/OB UPS driver (NUT 2.8.0's `oneac`, 0.81).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { ONEAC_VARS, OneacDriver } from "./oneac/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The oneac definition. */
export const def = defineDriver({
  name: "oneac",
  description: "Oneac EG/ON/OZ/OB UPS driver",
  version: "0.81",
  vars: ONEAC_VARS,
  create: (ctx) => new OneacDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
