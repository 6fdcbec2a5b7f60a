/**
 * apcupsd-ups: a client of apcupsd's Network Information Server (NUT
 * 2.8.0's `apcupsd-ups`, 0.6). `port = host[:port]` (default
 * localhost:3551); polls every 60 s unless `pollinterval` says otherwise.
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { ApcupsdDriver } from "./apcupsd/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The apcupsd-ups definition. */
export const def = defineDriver({
  name: "apcupsd-ups",
  description: "apcupsd network client UPS driver",
  version: "0.6",
  vars: [],
  defaultPollInterval: 60,
  create: (ctx) => new ApcupsdDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
