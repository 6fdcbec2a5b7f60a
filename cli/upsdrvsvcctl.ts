/**
 * upsdrvsvcctl: upsdrvctl's verbs for drivers run as systemd units (NUT's
 * upsdrvsvcctl): `start|stop [<ups>]` act on `nut-driver@<ups>.service`,
 * `resync`/`reconfigure` re-run the enumerator, `list [<ups>]` prints
 * section and unit pairs. `-t` prints the systemctl calls only.
 *
 * @module
 */
import type { Io } from "../src/io.ts";
import { runMain } from "./_io.ts";
import { unitName } from "../src/drvctl/svc.ts";
import { NUT_VERSION, versionNote } from "../src/version.ts";
import {
  realSystemctl,
  reconfigure,
  strictUpsConf,
} from "./nut_driver_enumerator.ts";

const USAGE = "usage: upsdrvsvcctl [-t] (start | stop | list) [<ups>]\n" +
  "       upsdrvsvcctl (resync | reconfigure)\n";

/** Entry point. */
export async function main(args: string[], io: Io): Promise<number> {
  let testing = false;
  const rest = [...args];
  while (rest[0]?.startsWith("-")) {
    const flag = rest.shift()!;
    if (flag === "-V") {
      io.out(`Network UPS Tools upsdrvsvcctl ${NUT_VERSION}\n`);
      io.err(versionNote());
      return 0;
    }
    if (flag === "-h") {
      io.out(USAGE);
      return 0;
    }
    if (flag === "-t") testing = true;
    // upsdrvctl's -D, -d, -u, -r mean nothing for units: accepted, ignored
    else if (flag === "-u" || flag === "-r") rest.shift();
  }
  const [verb, ups] = rest;
  if (!verb) {
    io.err(USAGE);
    return 1;
  }
  const conf = await strictUpsConf(io);
  if (!conf) return 1;
  const sections = ups === undefined
    ? conf.sections.map((s) => s.name)
    : conf.sections.some((s) => s.name === ups)
    ? [ups]
    : undefined;
  if (sections === undefined) {
    io.err(`UPS ${ups} not found in ups.conf\n`);
    return 1;
  }
  switch (verb) {
    case "list":
      for (const s of sections) io.out(`${unitName(s)}\t${s}\n`);
      return 0;
    case "resync":
    case "reconfigure":
      return await reconfigure(io, conf);
    case "start":
    case "stop": {
      const systemctl = realSystemctl(io);
      let failed = 0;
      for (const s of sections) {
        const call = [verb, unitName(s)];
        if (testing) io.out(`systemctl ${call.join(" ")}\n`);
        else if (await systemctl(call) !== 0) failed++;
      }
      return failed ? 1 : 0;
    }
    default:
      io.err(USAGE);
      return 1;
  }
}

if (import.meta.main) runMain(main);
