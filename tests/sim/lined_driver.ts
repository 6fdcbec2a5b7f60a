/**
 * One of our drivers whose port has the modem lines of
 * tests/sim/modem_lines.ts (LINED_DRIVER names it; MODEM_LINES_IN and
 * MODEM_LINES_LOG name the files). Test-only entry point.
 *
 * @module
 */
import { defineDriver, type DriverContext } from "../../src/driver/types.ts";
import type { DriverInstance } from "../../src/driver/types.ts";
import type { LineTransport } from "../../src/transport/mod.ts";
import { runMain } from "../../cli/_io.ts";
import { driverMain } from "../../src/driver/mod.ts";
import { openSerial } from "../../src/transport/serial.ts";
import { def as safenet } from "../../drivers/safenet.ts";
import { SafenetDriver } from "../../drivers/safenet/driver.ts";
import { def as ivtscd } from "../../drivers/ivtscd.ts";
import { IvtDriver } from "../../drivers/ivtscd/driver.ts";
import { def as belkin } from "../../drivers/belkin.ts";
import { BelkinDriver } from "../../drivers/belkin/driver.ts";
import { def as belkinunv } from "../../drivers/belkinunv.ts";
import { UnvDriver } from "../../drivers/belkin/unv_driver.ts";
import { def as genericups } from "../../drivers/genericups.ts";
import { GenericUpsDriver } from "../../drivers/genericups/driver.ts";
import { def as liebert } from "../../drivers/liebert.ts";
import { LiebertDriver } from "../../drivers/liebert/driver.ts";
import { withLineFiles } from "./modem_lines.ts";

type Open = (path: string) => Promise<LineTransport>;
const MAKERS: Record<
  string,
  [typeof safenet, (ctx: DriverContext, open: Open) => DriverInstance, number]
> = {
  safenet: [safenet, (ctx, open) => new SafenetDriver(ctx, open), 1200],
  ivtscd: [ivtscd, (ctx, open) => new IvtDriver(ctx, open), 1200],
  belkin: [belkin, (ctx, open) => new BelkinDriver(ctx, open), 2400],
  belkinunv: [belkinunv, (ctx, open) => new UnvDriver(ctx, open), 2400],
  genericups: [
    genericups,
    (ctx, open) => new GenericUpsDriver(ctx, open),
    2400,
  ],
  liebert: [liebert, (ctx, open) => new LiebertDriver(ctx, open), 2400],
};

if (import.meta.main) {
  const name = Deno.env.get("LINED_DRIVER") ?? "";
  const [def, make, speed] = MAKERS[name]!;
  const input = Deno.env.get("MODEM_LINES_IN")!;
  const log = Deno.env.get("MODEM_LINES_LOG")!;
  const open: Open = (path) =>
    Promise.resolve(withLineFiles(openSerial(path, { speed }), input, log));
  const lined = defineDriver({ ...def, create: (ctx) => make(ctx, open) });
  runMain((args, io) => driverMain(lined, args, io));
}
