/**
 * masterguard: MASTERGUARD UPS driver (NUT 2.8.0's legacy serial
 * `masterguard`, 0.25; usbhid-ups's masterguard subdriver is unrelated).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { MASTERGUARD_VARS, MasterguardDriver } from "./masterguard/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The masterguard definition. */
export const def = defineDriver({
  name: "masterguard",
  description: "MASTERGUARD UPS driver",
  version: "0.25",
  vars: MASTERGUARD_VARS,
  create: (ctx) => new MasterguardDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
