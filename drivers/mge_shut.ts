/**
 * mge-shut: MGE/Eaton UPSes speaking HID over their serial port (SHUT).
 * NUT 2.8.0 builds it from usbhid-ups with the SHUT transport and the MGE
 * subdriver only; so do we: usbhid's engine and MGE table over
 * drivers/mge_shut/transport.ts.
 *
 * @module
 */
import { defineDriver, type DriverContext } from "../src/driver/types.ts";
import { UsbHidEngine } from "./usbhid/engine.ts";
import { ShutOpener } from "./mge_shut/transport.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** The MGE subdriver, the only one SHUT mode has. */
const MGE_SUBDRIVER = "MGE HID 1.46";

/** The engine sees `subdriver` set to MGE (2.8.0's mge_claim takes any SHUT unit). */
function withMge(ctx: DriverContext): DriverContext {
  const values = new Map(ctx.config.values);
  values.set("subdriver", MGE_SUBDRIVER);
  return { ...ctx, config: { ...ctx.config, values } };
}

/** The mge-shut definition. */
export const def = defineDriver({
  name: "mge-shut",
  description: "Generic HID driver",
  version: "0.47",
  defaultPollInterval: 2,
  vars: [
    {
      name: "lowbatt",
      kind: "value",
      desc: "Set low battery level, in % (default=30)",
    },
    {
      name: "offdelay",
      kind: "value",
      desc: "Set shutdown delay, in seconds (default=20)",
    },
    {
      name: "ondelay",
      kind: "value",
      desc: "Set startup delay, in seconds (default=30)",
    },
    {
      name: "pollfreq",
      kind: "value",
      desc:
        "Set polling frequency, in seconds, to reduce data flow (default=30)",
    },
    {
      name: "pollonly",
      kind: "flag",
      desc: "Don't use interrupt pipe, only use polling",
    },
    {
      name: "onlinedischarge",
      kind: "flag",
      desc: "Set to treat discharging while online as being offline",
    },
    {
      name: "notification",
      kind: "value",
      desc: "Set notification type, (ignored, only for backward compatibility)",
    },
  ],
  create: (ctx) =>
    new UsbHidEngine(withMge(ctx), {
      opener: new ShutOpener(ctx.config.port),
    }),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
