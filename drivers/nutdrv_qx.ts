/**
 * nutdrv_qx: the generic Q* USB/serial driver (Megatec Q1 family), protocol
 * chosen by probing as NUT 2.8.0 does, or by `protocol=`. USB when the port
 * is `auto` or a USB matching option is set (NUT's rule).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { QX_VARS, QxDriver } from "./qx/driver.ts";
import { isUsbConfig, QxUsbDriver } from "./qx/usb_driver.ts";
import { SUBDRIVERS } from "./qx/subdrivers.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The nutdrv_qx definition. */
export const def = defineDriver({
  name: "nutdrv_qx",
  description: "Generic Q* USB/Serial driver",
  version: "0.32",
  vars: QX_VARS,
  create: (ctx) =>
    isUsbConfig(ctx.config)
      ? new QxUsbDriver(ctx, SUBDRIVERS)
      : new QxDriver(ctx, SUBDRIVERS),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
