/**
 * clone-outlet: an outlet of another driver's UPS shown as a UPS (NUT
 * 2.8.0's `clone-outlet`, 0.02). `port` names the other driver's socket in
 * the state path; `prefix` names the outlet (e.g. `outlet.1`).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { CloneOutletDriver, OUTLET_VARS } from "./clone/outlet.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The clone-outlet definition. */
export const def = defineDriver({
  name: "clone-outlet",
  description: "clone outlet UPS Driver",
  version: "0.02",
  experimental: true,
  vars: OUTLET_VARS,
  create: (ctx) => new CloneOutletDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
