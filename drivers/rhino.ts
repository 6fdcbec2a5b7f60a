/**
 * rhino: Microsol Rhino UPS driver (NUT 2.8.0's `rhino`, 0.52).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { RHINO_VARS, RhinoDriver } from "./microsol/rhino.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The rhino definition. */
export const def = defineDriver({
  name: "rhino",
  description: "Microsol Rhino UPS driver",
  version: "0.52",
  vars: RHINO_VARS,
  create: (ctx) => new RhinoDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
