/**
 * upsdrvctl end to end, side by side with NUT 2.8.0's /sbin/upsdrvctl: the
 * same ups.conf and the same fake drivers (shell launchers that log their
 * argv: one that backgrounds and writes a PID file, one that fails, one
 * that fails once then starts). Exec order, retries, sdorder, stop by PID
 * file and exit codes must match.
 */
import { assertEquals, assertStringIncludes } from "../assert.ts";
import { haveNut } from "../net.ts";

const ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");

const GOOD = `#!/bin/sh
echo "$(basename "$0") $*" >> "$LOG"
case " $* " in *" -k "*) exit 0;; esac
ups=""; while [ $# -gt 0 ]; do [ "$1" = "-a" ] && ups="$2"; shift; done
sleep 30 </dev/null >/dev/null 2>&1 &
echo $! > "$NUT_ALTPIDPATH/$(basename "$0")-$ups.pid"
exit 0
`;
const BAD = `#!/bin/sh
echo "$(basename "$0") $*" >> "$LOG"
exit 1
`;
const FLAKY = `#!/bin/sh
echo "$(basename "$0") $*" >> "$LOG"
n=$(cat "$LOG.flaky" 2>/dev/null || echo 0); echo $((n+1)) > "$LOG.flaky"
[ "$n" = "0" ] && exit 2
exit 0
`;

async function setup(): Promise<{ dir: string; env: Record<string, string> }> {
  const dir = await Deno.makeTempDir({ prefix: "drvctl-" });
  for (
    const [name, text] of [["good", GOOD], ["bad", BAD], [
      "flaky",
      FLAKY,
    ]] as const
  ) {
    await Deno.writeTextFile(`${dir}/${name}`, text);
    await Deno.chmod(`${dir}/${name}`, 0o755);
  }
  await Deno.writeTextFile(
    `${dir}/ups.conf`,
    `driverpath = ${dir}\nmaxretry = 2\nretrydelay = 0\n` +
      `[a]\n driver = good\n port = /dev/null\n sdorder = 1\n` +
      `[b]\n driver = bad\n port = /dev/null\n` +
      `[c]\n driver = flaky\n port = /dev/ttyS0\n sdorder = 0\n` +
      `[d]\n driver = good\n port = /dev/null\n sdorder = -1\n`,
  );
  return {
    dir,
    env: {
      NUT_CONFPATH: dir,
      NUT_STATEPATH: dir,
      NUT_ALTPIDPATH: dir,
      LOG: `${dir}/log`,
    },
  };
}

async function killLeftovers(dir: string): Promise<void> {
  for await (const e of Deno.readDir(dir)) {
    if (!e.name.endsWith(".pid")) continue;
    const pid = Number((await Deno.readTextFile(`${dir}/${e.name}`)).trim());
    try {
      Deno.kill(pid, "SIGKILL");
    } catch { /* already gone */ }
  }
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  log: string[];
}

async function run(
  prog: string[],
  env: Record<string, string>,
  args: string[],
): Promise<Run> {
  const out = await new Deno.Command(prog[0]!, {
    args: [...prog.slice(1), ...args],
    env,
    stdin: "null",
  }).output();
  let log: string[] = [];
  try {
    log = (await Deno.readTextFile(env.LOG!)).trim().split("\n");
    await Deno.remove(env.LOG!);
  } catch { /* nothing ran */ }
  const dec = new TextDecoder();
  return {
    code: out.code,
    stdout: dec.decode(out.stdout),
    stderr: dec.decode(out.stderr),
    log,
  };
}

const OURS = [Deno.execPath(), "run", "-A", `${ROOT}/cli/upsdrvctl.ts`];
const NUT = ["/sbin/upsdrvctl"];

async function both(args: string[][]): Promise<Array<[Run, Run]>> {
  const results: Array<[Run, Run]> = [];
  const a = await setup(), b = await setup();
  try {
    for (const argv of args) {
      const theirs = await run(NUT, a.env, argv);
      const ours = await run(OURS, b.env, argv);
      results.push([theirs, ours]);
    }
  } finally {
    await killLeftovers(a.dir);
    await killLeftovers(b.dir);
    await Deno.remove(a.dir, { recursive: true });
    await Deno.remove(b.dir, { recursive: true });
  }
  return results;
}

Deno.test({
  name:
    "upsdrvctl start/stop/shutdown match NUT 2.8.0 (failures, retries, sdorder)",
  ignore: !haveNut(),
  fn: async () => {
    const steps = [
      ["start"],
      ["stop"],
      ["start", "a"],
      ["stop", "a"],
      ["stop", "b"],
      ["shutdown"],
      ["shutdown", "d"],
      ["-u", "nut", "start", "b"],
      ["start", "nosuch"],
      ["frob"],
    ];
    const results = await both(steps);
    results.forEach(([theirs, ours], i) => {
      const what = steps[i]!.join(" ");
      assertEquals(ours.log, theirs.log, `exec log of ${what}`);
      assertEquals(ours.code, theirs.code, `exit code of ${what}`);
      assertEquals(ours.stdout.split("\n")[0], theirs.stdout.split("\n")[0]);
    });
    // the messages users see
    assertStringIncludes(
      results[0]![1].stderr,
      "Driver failed to start (exit status=1)",
    );
    assertStringIncludes(
      results[0]![1].stderr,
      "Driver failed to start (exit status=2)",
    );
    assertStringIncludes(results[4]![1].stderr, "Can't open");
    assertStringIncludes(
      results[8]![1].stderr,
      "UPS nosuch not found in ups.conf",
    );
    assertStringIncludes(
      results[9]![1].stderr,
      "Error: unrecognized command [frob]",
    );
  },
});

Deno.test({
  name: "upsdrvctl: missing driver binary is fatal; -t only prints",
  ignore: !haveNut(),
  fn: async () => {
    const s = await setup();
    try {
      await Deno.remove(`${s.dir}/bad`);
      const missing = await run(OURS, s.env, ["start", "b"]);
      assertEquals(missing.code, 1);
      assertStringIncludes(missing.stderr, `Can't start ${s.dir}/bad`);
      const test = await run(OURS, s.env, ["-t", "shutdown"]);
      assertEquals(test.code, 0);
      assertEquals(test.log, []);
      assertStringIncludes(
        test.stdout,
        "*** Testing mode: not calling exec/kill",
      );
      assertStringIncludes(test.stderr, `exec: ${s.dir}/flaky -a c -k`);
    } finally {
      await killLeftovers(s.dir);
      await Deno.remove(s.dir, { recursive: true });
    }
  },
});
