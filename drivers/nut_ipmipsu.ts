/**
 * nut-ipmipsu: an IPMI power supply's FRU and sensors (NUT 2.8.0's
 * `nut-ipmipsu` 0.31, FreeIPMI backend). `port = id<N>` is FRU device id N
 * of the local BMC (in-band, as NUT); `port = id<N>@host[:port]` reaches a
 * BMC over IPMI LAN 2.0 with `username` and `password` (our addition).
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { IpmiPsuDriver } from "./ipmipsu/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The nut-ipmipsu definition. */
export const def = defineDriver({
  name: "nut-ipmipsu",
  description: "IPMI PSU driver",
  version: "0.31",
  experimental: true,
  vars: [
    {
      name: "username",
      kind: "value",
      desc: "Remote server username",
    },
    {
      name: "password",
      kind: "value",
      desc: "Remote server password",
      sensitive: true,
    },
  ],
  create: (ctx) => new IpmiPsuDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
