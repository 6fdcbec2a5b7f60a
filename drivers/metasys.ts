/**
 * metasys: Metasystem UPS driver (NUT 2.8.0's `metasys`, 0.08).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { MetasysDriver } from "./metasys/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The metasys definition. */
export const def = defineDriver({
  name: "metasys",
  description: "Metasystem UPS driver",
  version: "0.08",
  vars: [],
  create: (ctx) => new MetasysDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
