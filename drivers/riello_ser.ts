/**
 * riello_ser: Riello serial driver (NUT 2.8.0's `riello_ser`, 0.07): GPSER
 * and SENTR units on a serial line.
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { RielloDriver } from "./riello/driver.ts";
import { serialOpener } from "./riello/serial.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The riello_ser definition. */
export const def = defineDriver({
  name: "riello_ser",
  description: "Riello serial driver",
  version: "0.07",
  vars: [],
  create: (ctx) => new RielloDriver(ctx, serialOpener()),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
