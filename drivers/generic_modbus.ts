/**
 * generic_modbus: a UPS's contacts on a Modbus remote I/O (NUT 2.8.0's
 * `generic_modbus`, 0.03).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { GENERIC_MODBUS_VARS, GenericModbusDriver } from "./modbus/generic.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The generic_modbus definition. */
export const def = defineDriver({
  name: "generic_modbus",
  description: "NUT Generic Modbus driver",
  version: "0.03",
  vars: GENERIC_MODBUS_VARS,
  create: (ctx) => new GenericModbusDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
