/**
 * failover: republishes the best of several drivers' data for one UPS (NUT
 * master's `failover`, new in NUT 2.8.3; not in Debian's 2.8.0).
 * `port = drivername-upsname,...` (or socket paths).
 *
 * @module
 */
import { defineDriver, type DriverVar } from "../src/driver/types.ts";
import { FailoverDriver } from "./failover/driver.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

const v = (name: string, desc: string): DriverVar => ({
  name,
  kind: "value",
  desc,
});

/** The failover definition. */
export const def = defineDriver({
  name: "failover",
  description: "UPS Failover Driver",
  version: "0.02",
  vars: [
    v(
      "inittime",
      "Grace period in seconds during which no primaries found are acceptable (for driver startup) (default: 30)",
    ),
    v(
      "deadtime",
      "Grace period in seconds after which a non-responsive UPS driver is considered dead (default: 30)",
    ),
    v(
      "relogtime",
      "Grace period in seconds until connection failures are logged again (to reduce spamming logs) (default: 5)",
    ),
    v(
      "noprimarytime",
      "Grace period in seconds until 'fsdmode' is entered into after not finding any primaries (default: 15)",
    ),
    v(
      "maxconnfails",
      "Maximum amount of failures connecting to a driver until 'coolofftime' is entered into (default: 5)",
    ),
    v(
      "coolofftime",
      "Period in seconds during which driver connections are not retried after exceeding 'maxconnfails' (default: 15)",
    ),
    v(
      "fsdmode",
      "Sets no primary behavior (0: last primary data + stale, 1: no data + alarm + stale, 2: no data + fsd + alarm) (default: 0)",
    ),
    v(
      "checkruntime",
      "Sets if runtime remaining variables should resolve ties for non-OL priorities 3 and lower (0: disabled, 1: runtime, 2: runtime low, 3: both) (default: 1)",
    ),
    v(
      "strictfiltering",
      "Sets if only the given status filters should be considered for UPS driver to be electable as primary (default: 0)",
    ),
    v(
      "status_have_any",
      "Comma separated list of status tokens, any present qualifies the UPS driver for primary (default: unset)",
    ),
    v(
      "status_have_all",
      "Comma separated list of status tokens, only all present qualifies the UPS driver for primary (default: unset)",
    ),
    v(
      "status_nothave_any",
      "Comma separated list of status tokens, any present disqualifies the UPS driver for primary (default: unset)",
    ),
    v(
      "status_nothave_all",
      "Comma separated list of status tokens, only all present disqualifies the UPS driver for primary (default: unset)",
    ),
  ],
  create: (ctx) => new FailoverDriver(ctx),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
