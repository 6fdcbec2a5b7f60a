/**
 * bcmxcp: BCMXCP UPS driver, RS-232 (NUT 2.8.0's `bcmxcp`, 0.32).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { BCMXCP_VARS, BcmxcpDriver } from "./bcmxcp/driver.ts";
import { serialOpener } from "./bcmxcp/serial.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The bcmxcp definition. */
export const def = defineDriver({
  name: "bcmxcp",
  description: "BCMXCP UPS driver",
  version: "0.32",
  vars: BCMXCP_VARS,
  create: (ctx) => new BcmxcpDriver(ctx, serialOpener()),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
