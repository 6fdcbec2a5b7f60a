/**
 * microsol-apc: APC Back-UPS BR series UPS driver (NUT 2.8.0's
 * `microsol-apc`, 0.69).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import {
  MICROSOL_COMMON_VARS,
  MicrosolCommonDriver,
} from "./microsol/common.ts";
import { APC_BR } from "./microsol/apc.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The microsol-apc definition. */
export const def = defineDriver({
  name: "microsol-apc",
  description: "APC Back-UPS BR series UPS driver",
  version: "0.69",
  vars: MICROSOL_COMMON_VARS,
  create: (ctx) => new MicrosolCommonDriver(ctx, APC_BR),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
