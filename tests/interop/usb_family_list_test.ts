/**
 * `-L` (the driver's ups.conf variables) of riello_ser, riello_usb, bcmxcp,
 * bcmxcp_usb, tripplite_usb, richcomm_usb, nutdrv_atcl_usb and mge-shut:
 * ours lists the same VALUE/FLAG lines as NUT 2.8.0's binary, and the
 * banner names the same driver and version.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";

const DRIVERS: Array<[string, string]> = [
  ["riello_ser", "riello_ser"],
  ["riello_usb", "riello_usb"],
  ["bcmxcp", "bcmxcp"],
  ["bcmxcp_usb", "bcmxcp_usb"],
  ["tripplite_usb", "tripplite_usb"],
  ["richcomm_usb", "richcomm_usb"],
  ["nutdrv_atcl_usb", "nutdrv_atcl_usb"],
  ["mge-shut", "mge_shut"],
];

async function run(cmd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, {
    args,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return dec.decode(out.stdout) + dec.decode(out.stderr);
}

const vars = (text: string) =>
  text.split("\n").filter((l) => /^(VALUE|FLAG) /.test(l));
const banner = (text: string) =>
  /Network UPS Tools - (.*?) [\d.]+ \(/.exec(text)?.[1];

Deno.test({
  name: "usb family: -L lists the same variables as NUT 2.8.0",
  ignore: !haveNut(),
  fn: async () => {
    for (const [name, file] of DRIVERS) {
      const theirs = await run(`/lib/nut/${name}`, ["-L"]);
      const script = new URL(`../../drivers/${file}.ts`, import.meta.url);
      const mine = await run(Deno.execPath(), [
        "run",
        "-A",
        script.pathname,
        "-L",
      ]);
      assertEquals(vars(mine), vars(theirs), name);
      assert(banner(theirs), theirs);
      assertEquals(banner(mine), banner(theirs), name);
    }
  },
});
