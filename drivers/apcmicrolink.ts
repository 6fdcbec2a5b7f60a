/**
 * apcmicrolink: APC Smart-UPS over the Microlink serial protocol (NUT
 * 2.8.5+'s `apcmicrolink`, 0.01, experimental; not in NUT 2.8.0).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { MICROLINK_VARS, MicrolinkDriver } from "./apcmicrolink/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The apcmicrolink definition. */
export const def = defineDriver({
  name: "apcmicrolink",
  description: "APC Microlink protocol driver",
  version: "0.01",
  vars: MICROLINK_VARS,
  experimental: true,
  // NUT sets poll_interval to 0: one record per update, back to back
  defaultPollInterval: 0,
  create: (ctx) => new MicrolinkDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
