/**
 * blazer_ser: NUT's legacy Megatec/Q1 serial driver (blazer.c +
 * blazer_ser.c), kept for configurations that still name it.
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { BlazerDriver } from "./qx/blazer.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The blazer_ser definition. */
export const def = defineDriver({
  name: "blazer_ser",
  description: "Megatec/Q1 protocol serial driver",
  version: "1.58",
  vars: [
    {
      name: "cablepower",
      kind: "value",
      desc: "Set cable power for serial interface",
    },
    {
      name: "ondelay",
      kind: "value",
      desc: "Delay before UPS startup (minutes)",
    },
    {
      name: "offdelay",
      kind: "value",
      desc: "Delay before UPS shutdown (seconds)",
    },
    {
      name: "runtimecal",
      kind: "value",
      desc: "Parameters used for runtime calculation",
    },
    {
      name: "chargetime",
      kind: "value",
      desc: "Nominal charge time for UPS battery",
    },
    {
      name: "idleload",
      kind: "value",
      desc: "Minimum load to be used for runtime calculation",
    },
    {
      name: "norating",
      kind: "flag",
      desc: "Skip reading rating information from UPS",
    },
    {
      name: "novendor",
      kind: "flag",
      desc: "Skip reading vendor information from UPS",
    },
    // NUT 2.8.0 declares it a flag although it takes a value
    {
      name: "protocol",
      kind: "flag",
      desc: "Preselect communication protocol (skip autodetection)",
    },
  ],
  create: (ctx) => new BlazerDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
