/**
 * sms_ser: SMS Brazil single-phase UPS driver (NUT master's `sms_ser`
 * 1.05; NUT 2.8.0 has no such driver).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { SMS_VARS, SmsDriver } from "./sms_ser/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The sms_ser definition. */
export const def = defineDriver({
  name: "sms_ser",
  description: "SMS Brazil UPS driver",
  version: "1.05",
  vars: SMS_VARS,
  // NUT's updateinfo sets poll_interval to 5 s
  defaultPollInterval: 5,
  create: (ctx) => new SmsDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
