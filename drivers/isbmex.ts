/**
 * isbmex: ISBMEX UPS driver (NUT 2.8.0's `isbmex`, 0.07).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { IsbmexDriver } from "./isbmex/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The isbmex definition. */
export const def = defineDriver({
  name: "isbmex",
  description: "ISBMEX UPS driver",
  version: "0.07",
  vars: [],
  create: (ctx) => new IsbmexDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
