/**
 * nutdrv_qx: the generic Q* serial driver (Megatec Q1 family), protocol
 * chosen by probing as NUT 2.8.0 does, or by `protocol=`.
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { QX_VARS, QxDriver } from "./qx/driver.ts";
import { SUBDRIVERS } from "./qx/subdrivers.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The nutdrv_qx definition. */
export const def = defineDriver({
  name: "nutdrv_qx",
  description: "Generic Q* Serial driver",
  version: "0.32",
  vars: QX_VARS,
  create: (ctx) => new QxDriver(ctx, SUBDRIVERS),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
