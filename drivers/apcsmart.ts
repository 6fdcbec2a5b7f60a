/**
 * apcsmart: APC Smart protocol driver (NUT 2.8.0's `apcsmart`, 3.2).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { APC_VARS, ApcSmartDriver } from "./apcsmart/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The apcsmart definition. */
export const def = defineDriver({
  name: "apcsmart",
  description: "APC Smart protocol driver",
  version: "3.2",
  vars: APC_VARS,
  create: (ctx) => new ApcSmartDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
