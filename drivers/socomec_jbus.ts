/**
 * socomec_jbus: Socomec UPSes over JBUS/Modbus RTU (NUT 2.8.0's
 * `socomec_jbus`, 0.06).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { SocomecJbusDriver } from "./modbus/socomec.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The socomec_jbus definition. */
export const def = defineDriver({
  name: "socomec_jbus",
  description: "Socomec jbus driver",
  version: "0.06",
  vars: [],
  create: (ctx) => new SocomecJbusDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
