/**
 * huawei-ups2000: Huawei UPS2000 (1-3 kVA) over RS-232 Modbus (NUT 2.8.0's
 * `huawei-ups2000`, 0.02, experimental).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { UPS2000_CONF_VARS, Ups2000Driver } from "./modbus/huawei.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The huawei-ups2000 definition. */
export const def = defineDriver({
  name: "huawei-ups2000",
  description: "NUT Huawei UPS2000 (1kVA-3kVA) RS-232 Modbus driver",
  version: "0.02",
  experimental: true,
  vars: UPS2000_CONF_VARS,
  create: (ctx) => new Ups2000Driver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
