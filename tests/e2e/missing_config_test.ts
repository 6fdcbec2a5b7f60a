/**
 * Issue 9: a missing configuration file is reported with NUT's message
 * (strerror text, no Deno "(os error 2): readfile" detail) and NUT's exit
 * code. Compared with Debian's NUT 2.8.0 binaries in the same empty
 * NUT_CONFPATH.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { haveNut } from "../net.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

async function run(cmd: string, args: string[], dir: string) {
  const o = await new Deno.Command(cmd, {
    args,
    env: {
      NUT_CONFPATH: `${dir}/none`,
      NUT_STATEPATH: dir,
      NUT_ALTPIDPATH: dir,
      NUT_PIDPATH: dir,
    },
    stdin: "null",
  }).output();
  return {
    code: o.code,
    stdout: new TextDecoder().decode(o.stdout),
    stderr: new TextDecoder().decode(o.stderr),
  };
}

const deno = (entry: string) => [
  Deno.execPath(),
  "run",
  "--quiet",
  "--allow-all",
  `${ROOT}${entry}`,
];

/** [what, NUT's argv, our argv]; a trailing note line NUT adds is ignored. */
const CASES: Array<[string, string[], string[]]> = [
  ["dummy-ups -a foo", ["/lib/nut/dummy-ups", "-a", "foo"], [
    ...deno("drivers/dummy_ups.ts"),
    "-a",
    "foo",
  ]],
  ["upsdrvctl start", ["/sbin/upsdrvctl", "start"], [
    ...deno("cli/upsdrvctl.ts"),
    "start",
  ]],
  ["upsmon -F", ["/lib/nut/upsmon", "-F"], [...deno("cli/upsmon.ts"), "-F"]],
  ["upsmon -K", ["/lib/nut/upsmon", "-K"], [...deno("cli/upsmon.ts"), "-K"]],
];

Deno.test({
  name: "missing config: NUT's message and exit code, no runtime detail",
  ignore: !haveNut(),
  async fn(t) {
    const dir = await Deno.makeTempDir({ prefix: "noconf-" });
    try {
      for (const [what, nutArgv, ourArgv] of CASES) {
        await t.step(what, async () => {
          const nut = await run(nutArgv[0]!, nutArgv.slice(1), dir);
          const ours = await run(ourArgv[0]!, ourArgv.slice(1), dir);
          assertEquals(ours.code, nut.code);
          assertEquals(ours.stdout, nut.stdout);
          // NUT's upsmon first says "kill: No such process" (its PID-file
          // probe); the configuration line is what matters
          const line = nut.stderr.split("\n").find((l) =>
            l.startsWith("Can't open")
          );
          assert(line !== undefined, nut.stderr);
          assertStringIncludes(ours.stderr, line + "\n");
          assert(!/os error|readfile/.test(ours.stderr), ours.stderr);
        });
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
