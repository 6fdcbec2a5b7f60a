/**
 * bcmxcp_usb: BCMXCP UPS driver over USB (NUT 2.8.0's `bcmxcp_usb`, 0.32).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { BCMXCP_VARS, BcmxcpDriver } from "./bcmxcp/driver.ts";
import { usbOpener } from "./bcmxcp/usb.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The bcmxcp_usb definition. */
export const def = defineDriver({
  name: "bcmxcp_usb",
  description: "BCMXCP UPS driver",
  version: "0.32",
  vars: BCMXCP_VARS,
  create: (ctx) => new BcmxcpDriver(ctx, usbOpener()),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
