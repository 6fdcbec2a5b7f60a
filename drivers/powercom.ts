/**
 * powercom: PowerCom protocol UPS driver (NUT 2.8.0's `powercom`, 0.19).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { PC_VARS, PowercomDriver } from "./powercom/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The powercom definition. */
export const def = defineDriver({
  name: "powercom",
  description: "PowerCom protocol UPS driver",
  version: "0.19",
  vars: PC_VARS,
  create: (ctx) => new PowercomDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
