/**
 * apcsmart-old: APC Smart protocol driver (NUT 2.8.0's `apcsmart-old`,
 * 2.2).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { APCSMART_OLD_VARS, ApcSmartOldDriver } from "./apcsmart_old/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The apcsmart-old definition. */
export const def = defineDriver({
  name: "apcsmart-old",
  description: "APC Smart protocol driver",
  version: "2.2",
  subdrivers: ["APC command table version 2.2"],
  vars: APCSMART_OLD_VARS,
  create: (ctx) => new ApcSmartOldDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
