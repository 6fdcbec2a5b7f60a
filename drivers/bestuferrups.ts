/**
 * bestuferrups: Best Power Micro-Ferrups ME/RE/MD (NUT 2.8.0's
 * `bestuferrups`, 0.04).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { UferrupsDriver } from "./best/uferrups.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The bestuferrups definition. */
export const def = defineDriver({
  name: "bestuferrups",
  description: "Best Ferrups Series ME/RE/MD driver",
  version: "0.04",
  vars: [],
  create: (ctx) => new UferrupsDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
