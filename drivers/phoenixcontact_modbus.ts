/**
 * phoenixcontact_modbus: Phoenix Contact QUINT-UPS/24DC over Modbus RTU
 * (NUT 2.8.0's `phoenixcontact_modbus`, 0.02).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { PhoenixContactDriver } from "./modbus/phoenixcontact.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The phoenixcontact_modbus definition. */
export const def = defineDriver({
  name: "phoenixcontact_modbus",
  description: "NUT PhoenixContact Modbus driver",
  version: "0.02",
  vars: [],
  create: (ctx) => new PhoenixContactDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
