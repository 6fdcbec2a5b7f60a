/**
 * upsdrvctl end to end, side by side with NUT 2.8.0's /sbin/upsdrvctl: the
 * same ups.conf and the same fake drivers (shell launchers that log their
 * argv: one that backgrounds and writes a PID file, one that fails, one
 * that fails once then starts). Exec order, retries, sdorder, stop by PID
 * file and exit codes must match.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
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

Deno.test({
  name: "upsdrvctl exits like NUT 2.8.0 for -h, no arguments, bad options, -V",
  ignore: !haveNut(),
  fn: async () => {
    const steps = [["-h"], [], ["-z"], ["-V"], ["-t"]];
    const results = await both(steps);
    results.forEach(([theirs, ours], i) => {
      const what = steps[i]!.join(" ") || "(none)";
      assertEquals(ours.code, theirs.code, `exit code of ${what}`);
      assertEquals(ours.log, theirs.log, `exec log of ${what}`);
      // the banner line, then (except -V) the same usage lines as 2.8.0's
      assertEquals(ours.stdout.split("\n")[0], theirs.stdout.split("\n")[0]);
      for (const line of theirs.stdout.split("\n").slice(1)) {
        const mine = line.replace("/sbin/upsdrvctl", "upsdrvctl");
        assert(ours.stdout.includes(mine), `${what}: ${line}`);
      }
    });
    assertStringIncludes(results[2]![1].stderr, "invalid option -- 'z'");
  },
});

/** Runs `prog args` with the given env; returns its output. */
async function runOne(args: string[], env: Record<string, string>) {
  return await run(OURS, env, args);
}

// 2.8.1+ (docs/man/upsdrvctl.txt, drivers/upsdrvctl.c): -F/-FF/-B are passed
// to each started driver before -a; -d passes -D's; list / -l; NUT_DEBUG_LEVEL
Deno.test("upsdrvctl -B/-F/-FF/-d pass-through, list, NUT_DEBUG_LEVEL", async () => {
  const s = await setup();
  try {
    const b = await runOne(["-B", "start", "a"], s.env);
    assertEquals(b.code, 0, b.stderr);
    assertEquals(b.log, ["good -B -a a"]);
    const dd = await runOne(["-DD", "-d", "-B", "start", "c"], s.env);
    assertEquals(dd.log, ["flaky -DD -B -a c", "flaky -DD -B -a c"]);
    // -FF with one driver: upsdrvctl runs it in the foreground, its exit is ours
    const ff = await runOne(["-FF", "start", "b"], s.env);
    assertEquals(ff.log, ["bad -FF -a b"]);
    assertEquals(ff.code, 1);
    const list = await runOne(["list"], s.env);
    assertEquals(list.stdout.split("\n").slice(1), ["a", "b", "c", "d", ""]);
    const l1 = await runOne(["-l", "c"], s.env);
    assertEquals(l1.stdout.split("\n").slice(1), ["c", ""]);
    const extra = await runOne(["start", "a", "b"], s.env);
    assertEquals(extra.code, 1);
    assertStringIncludes(extra.stderr, "Error: extra arguments left");
    const env = { ...s.env, NUT_DEBUG_LEVEL: "2" };
    const dbg = await runOne(["stop", "a"], env);
    assertStringIncludes(dbg.stderr, "NUT_DEBUG_LEVEL=2");
    assertStringIncludes(dbg.stderr, "Sending signal to");
  } finally {
    await killLeftovers(s.dir);
    await Deno.remove(s.dir, { recursive: true });
  }
});

const SIGNALLED = `#!/bin/sh
# a driver that records the signals it gets, then stays until TERM
ups=""; while [ $# -gt 0 ]; do [ "$1" = "-a" ] && ups="$2"; shift; done
trap 'echo HUP >> "$LOG.$ups"' HUP
trap 'echo USR1 >> "$LOG.$ups"' USR1
trap 'echo TERM >> "$LOG.$ups"; exit 0' TERM
echo $$ > "$NUT_ALTPIDPATH/sig-$ups.pid"
while :; do sleep 0.1; done
`;

Deno.test("upsdrvctl -c sends each command's signal; -F stays and stops its drivers", async () => {
  const s = await setup();
  await Deno.writeTextFile(`${s.dir}/sig`, SIGNALLED);
  await Deno.chmod(`${s.dir}/sig`, 0o755);
  await Deno.writeTextFile(
    `${s.dir}/ups.conf`,
    `driverpath = ${s.dir}\n[x]\n driver = sig\n port = /dev/null\n` +
      `[y]\n driver = sig\n port = /dev/null\n`,
  );
  const got = (ups: string) => {
    try {
      return Deno.readTextFileSync(`${s.env.LOG}.${ups}`).trim().split("\n");
    } catch {
      return [];
    }
  };
  // -F with several drivers: upsdrvctl itself stays, tracking them
  const ctl = new Deno.Command(OURS[0]!, {
    args: [...OURS.slice(1), "-F", "start"],
    env: s.env,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  try {
    const { waitFor } = await import("../net.ts");
    const pid = (u: string) => {
      try {
        return Number(Deno.readTextFileSync(`${s.dir}/sig-${u}.pid`));
      } catch {
        return 0;
      }
    };
    await waitFor(() => pid("x") > 0 && pid("y") > 0, 20_000, 50, "drivers");
    for (const [cmd, sig] of [["reload", "HUP"], ["reload-or-exit", "USR1"]]) {
      const r = await runOne(["-c", cmd!, "x"], s.env);
      assertEquals(r.code, 0, r.stderr);
      await waitFor(() => got("x").includes(sig!), 5_000, 20, sig);
    }
    assertEquals(got("y"), []);
    // SIGHUP to the foreground upsdrvctl reaches every driver it tracks
    ctl.kill("SIGHUP");
    await waitFor(() => got("y").includes("HUP"), 5_000, 20, "relayed HUP");
    const bad = await runOne(["-c", "frob"], s.env);
    assertEquals(bad.code, 1);
    assertStringIncludes(bad.stderr, "unknown argument to option -c");
    // SIGTERM to upsdrvctl: it stops the drivers it started, exits 0
    ctl.kill("SIGTERM");
    const st = await ctl.status;
    assertEquals(st.code, 0);
    assertEquals(got("x").at(-1), "TERM");
    assertEquals(got("y"), ["HUP", "TERM"]);
  } finally {
    try {
      ctl.kill("SIGKILL");
    } catch { /* gone */ }
    await ctl.stderr.cancel().catch(() => {});
    await ctl.status;
    await killLeftovers(s.dir);
    await Deno.remove(s.dir, { recursive: true });
  }
});
