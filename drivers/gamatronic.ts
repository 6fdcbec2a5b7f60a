/**
 * gamatronic: Gamatronic UPS driver for the SEC protocol (NUT 2.8.0's
 * `gamatronic`, 0.03).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { GamatronicDriver } from "./gamatronic/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The gamatronic definition. */
export const def = defineDriver({
  name: "gamatronic",
  description: "Gamatronic UPS driver",
  version: "0.03",
  vars: [],
  create: (ctx) => new GamatronicDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
