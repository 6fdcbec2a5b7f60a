/**
 * netxml-ups: Eaton/MGE network management cards over HTTP, XML pages
 * (NUT 2.8.0's `netxml-ups` 0.44 with the mge-xml subdriver MGEXML/0.36).
 * `port = http://host[:port]`.
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { NetxmlDriver } from "./netxml/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The netxml-ups definition. */
export const def = defineDriver({
  name: "netxml-ups",
  description: "network XML UPS",
  version: "0.44",
  experimental: true,
  vars: [
    {
      name: "timeout",
      kind: "value",
      desc: "network timeout (default: 5 seconds)",
    },
    {
      name: "subscribe",
      kind: "flag",
      desc: "authenticated subscription on NMC",
    },
    {
      name: "login",
      kind: "value",
      desc: "login value for authenticated mode",
      sensitive: true,
    },
    {
      name: "password",
      kind: "value",
      desc: "password value for authenticated mode",
      sensitive: true,
    },
    {
      name: "shutdown_duration",
      kind: "value",
      desc: "shutdown duration in second (default: 120 seconds)",
    },
    {
      name: "shutdown_timer",
      kind: "value",
      desc: "shutdown timer in second (default: none)",
    },
    {
      name: "do_convert_deci",
      kind: "flag",
      desc:
        "enable legacy convert_deci() for certain measurements 10x too large",
    },
  ],
  create: (ctx) => new NetxmlDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
