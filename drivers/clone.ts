/**
 * clone: UPS driver clone (NUT 2.8.0's `clone`, 0.03). `port` names
 * another driver's socket in the state path (e.g. `usbhid-ups-myups`).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { CLONE_VARS, CloneDriver } from "./clone/clone.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The clone definition. */
export const def = defineDriver({
  name: "clone",
  description: "Clone UPS driver",
  version: "0.03",
  experimental: true,
  vars: CLONE_VARS,
  create: (ctx) => new CloneDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
