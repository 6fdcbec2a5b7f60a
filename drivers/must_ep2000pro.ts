/**
 * must_ep2000pro: MUST EP2000Pro over Modbus RTU (NUT master's
 * `must_ep2000pro`, 0.01; not in 2.8.0).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { MUST_VARS, MustEp2000ProDriver } from "./modbus/must.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The must_ep2000pro definition. */
export const def = defineDriver({
  name: "must_ep2000pro",
  description: "MUST EP2000Pro driver (libmodbus link type: dynamic)",
  version: "0.01",
  vars: MUST_VARS,
  create: (ctx) => new MustEp2000ProDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
