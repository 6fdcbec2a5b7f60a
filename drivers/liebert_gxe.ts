/**
 * liebert-gxe: Liebert GXE Series UPS driver (NUT's `liebert-gxe`, 0.05;
 * not in Debian's NUT 2.8.0).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { GXE_VARS, GxeDriver } from "./liebert_gxe/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The liebert-gxe definition. */
export const def = defineDriver({
  name: "liebert-gxe",
  description: "Liebert GXE Series UPS driver",
  version: "0.05",
  experimental: true,
  defaultPollInterval: 5,
  vars: GXE_VARS,
  create: (ctx) => new GxeDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
