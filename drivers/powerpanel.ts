/**
 * powerpanel: CyberPower text/binary protocol UPS driver (NUT 2.8.0's
 * `powerpanel`, 0.28).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { POWERPANEL_VARS, PowerpanelDriver } from "./powerpanel/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The powerpanel definition. */
export const def = defineDriver({
  name: "powerpanel",
  description: "CyberPower text/binary protocol UPS driver",
  version: "0.28",
  experimental: true,
  vars: POWERPANEL_VARS,
  create: (ctx) => new PowerpanelDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
