/**
 * Every option a binary's parser accepts is listed by its `-h` (issue 9:
 * upsc's -j, upslog's -m/-d/-N were missing). The option letters come from
 * the same getopt strings the parsers use, so a new option without a help
 * line fails here. In-process: `-h` returns before any daemon work.
 */
import { assert, assertEquals } from "../assert.ts";
import { fakeIo } from "../fake_io.ts";
import * as upsc from "../../cli/upsc.ts";
import * as upscmd from "../../cli/upscmd.ts";
import * as upsrw from "../../cli/upsrw.ts";
import * as upslog from "../../cli/upslog.ts";
import * as upsmon from "../../cli/upsmon.ts";
import * as upsd from "../../cli/upsd.ts";
import * as upsdrvctl from "../../cli/upsdrvctl.ts";
import { DRIVER_GETOPT } from "../../src/driver/args.ts";
import { driverMain } from "../../src/driver/run.ts";
import { dummyUps } from "../../drivers/dummy_ups.ts";

type Main = (args: string[], io: ReturnType<typeof fakeIo>) => Promise<number>;

const TOOLS: Array<[string, string, Main, string]> = [
  ["upsc", upsc.GETOPT, upsc.main, ""],
  ["upscmd", upscmd.GETOPT, upscmd.main, ""],
  ["upsrw", upsrw.GETOPT, upsrw.main, ""],
  ["upslog", upslog.GETOPT, upslog.main, ""],
  ["upsmon", upsmon.GETOPT, upsmon.main, ""],
  // -i/-p are refused (deprecated by NUT), not options to advertise
  ["upsd", upsd.GETOPT, upsd.main, "ip"],
  ["upsdrvctl", upsdrvctl.GETOPT, upsdrvctl.main, ""],
  ["dummy-ups", DRIVER_GETOPT, (a, io) => driverMain(dummyUps, a, io), ""],
];

/** The option letters of a getopt string. */
function letters(optstring: string): string[] {
  return [...optstring.replace(/^\+/, "").replaceAll(":", "")];
}

for (const [name, optstring, main, skip] of TOOLS) {
  Deno.test(`${name} -h lists every option it accepts`, async () => {
    const io = fakeIo({
      NUT_CONFPATH: "/nonexistent",
      NUT_STATEPATH: "/nonexistent",
    });
    const code = await main(["-h"], io);
    assertEquals(code, 0, io.stderr);
    const help = io.stdout + io.stderr;
    const missing = letters(optstring).filter((c) =>
      !skip.includes(c) &&
      !new RegExp(`(^|[\\s|\\[])-${c.replace(/[?]/g, "\\$&")}\\b`, "m").test(
        help,
      )
    );
    assertEquals(missing, [], `${name} -h:\n${help}`);
    assert(help.length > 0);
  });
}
