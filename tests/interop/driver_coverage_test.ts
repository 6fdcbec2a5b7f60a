/**
 * Coverage against Debian's NUT: every driver binary in /lib/nut (Debian's
 * nut-server, nut-snmp, nut-modbus, nut-ipmi and nut-xml) has a driver of
 * ours with the same name and a launcher, and our `-L` offers every
 * variable and flag NUT's `-L` offers, with the same help text.
 */
import { assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { DRIVERS } from "../../drivers/mod.ts";
import { listVarsText } from "../../src/driver/config.ts";
import { BINARIES } from "../../scripts/binaries.ts";

const nut = haveNut();
const NOT_DRIVERS = new Set(["upsd", "upsmon"]);

function nutDrivers(): string[] {
  return [...Deno.readDirSync("/lib/nut")]
    .filter((e) => e.isFile && !NOT_DRIVERS.has(e.name))
    .map((e) => e.name)
    .sort();
}

Deno.test({
  name: "every driver in NUT's /lib/nut is ours, with a launcher",
  ignore: !nut,
  fn: () => {
    const names = nutDrivers();
    const launchers = new Set(BINARIES.map((b) => b.name));
    assertEquals(names.filter((n) => !Object.hasOwn(DRIVERS, n)), []);
    assertEquals(names.filter((n) => !launchers.has(n)), []);
  },
});

Deno.test({
  name: "our -L offers every line of NUT's -L, driver by driver",
  ignore: !nut,
  fn: async () => {
    const names = nutDrivers().filter((n) => Object.hasOwn(DRIVERS, n));
    const gaps: Record<string, string[]> = {};
    await Promise.all(names.map(async (name) => {
      const out = await new Deno.Command(`/lib/nut/${name}`, {
        args: ["-L"],
        stdout: "piped",
        stderr: "null",
      }).output();
      // banners and warnings aside, -L prints VALUE and FLAG lines
      const theirs = new TextDecoder().decode(out.stdout).split("\n")
        .filter((l) => /^(VALUE|FLAG) /.test(l));
      const ours = new Set(listVarsText(DRIVERS[name]!).split("\n"));
      const missing = theirs.filter((l) => !ours.has(l));
      if (missing.length > 0) gaps[name] = missing;
    }));
    assertEquals(gaps, {});
  },
});
