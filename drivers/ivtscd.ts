/**
 * ivtscd: IVT Solar Controller driver (NUT 2.8.0's `ivtscd`, 0.03).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { IvtDriver } from "./ivtscd/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The ivtscd definition. */
export const def = defineDriver({
  name: "ivtscd",
  description: "IVT Solar Controller driver",
  version: "0.03",
  experimental: true,
  vars: [],
  create: (ctx) => new IvtDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
