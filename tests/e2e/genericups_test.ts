/**
 * genericups from the command line, side by side with NUT 2.8.0's. A pty
 * has no modem lines (ioctl TIOCM* gives ENOTTY), so on a pty both drivers
 * must fail the same way at start-up; configuration errors must read the
 * same too. The line logic itself is unit-tested on the in-memory twin
 * (drivers/genericups/driver_test.ts).
 */
import { assertEquals, assertStringIncludes } from "../assert.ts";
import { haveNut } from "../net.ts";
import { openPty } from "../../src/transport/pty.ts";
import { runCmd } from "../sim/apc_smart.ts";

const OURS = new URL("../../drivers/genericups.ts", import.meta.url).pathname;

async function both(conf: string, args: string[]) {
  const dir = await Deno.makeTempDir({ prefix: "genericups-" });
  const env = { NUT_CONFPATH: dir, NUT_STATEPATH: dir, NUT_ALTPIDPATH: dir };
  try {
    await Deno.writeTextFile(`${dir}/ups.conf`, conf);
    const argv = ["-a", "sim", "-u", "root", ...args];
    const theirs = await runCmd("/lib/nut/genericups", argv, env);
    const mine = await runCmd(
      Deno.execPath(),
      ["run", "-A", OURS, ...argv],
      env,
    );
    return { theirs, mine };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name: "genericups on a pty and with bad settings: same output as NUT",
  ignore: !haveNut(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const pty = openPty();
    try {
      for (
        const [extra, args, expect] of [
          [
            " upstype = 1\n",
            ["-d", "1"],
            "ioctl TIOCMSET: Inappropriate ioctl",
          ],
          [" upstype = 2\n", ["-k"], "ioctl TIOCMSET: Inappropriate ioctl"],
          ["", ["-d", "1"], "No upstype set - see help text / man page!"],
          [" upstype = 99\n", ["-d", "1"], "unknown UPS type number"],
        ] as Array<[string, string[], string]>
      ) {
        const conf =
          `[sim]\n driver = genericups\n port = ${pty.path}\n${extra}`;
        const { theirs, mine } = await both(conf, args);
        assertStringIncludes(theirs.out + theirs.err, expect);
        // the type list goes to stdout in NUT, to the log (stderr) here
        assertEquals(
          mine.out + mine.err,
          theirs.out + theirs.err,
          `${extra} ${args}`,
        );
        assertEquals(mine.code, theirs.code, `${extra} ${args}`);
      }
    } finally {
      pty.close();
    }
  },
});
