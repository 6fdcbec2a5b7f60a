/**
 * apc_modbus: APC Smart-UPS over Modbus USB HID, RTU or TCP (NUT master's
 * `apc_modbus`, 0.21; not in 2.8.0).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { APC_VARS, ApcModbusDriver } from "./modbus/apc.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The apc_modbus definition. */
export const def = defineDriver({
  name: "apc_modbus",
  description:
    "NUT APC Modbus driver with USB support (libmodbus link type: dynamic)",
  version: "0.21",
  vars: APC_VARS,
  create: (ctx) => new ApcModbusDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
