/**
 * Differential tests: NUT 2.8.0's apcsmart and ours read the same APC
 * Smart simulator on a pty. The `-d 1` dumps (driver.* aside) must match
 * in the normal, on-battery and low-battery states; served by NUT's upsd,
 * upsc/upsrw/upscmd must list the same variables, enums and commands and
 * SET must step the unit the same way; `-k` (both through their command
 * lines) must put the same bytes on the line, from open to exit, for each
 * shutdown method.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import {
  type ApcPowerState,
  ApcSmartSim,
  runCmd,
  snapshot,
  withUpsd,
} from "../sim/apc_smart.ts";
import { ourDriverArgv, parseDump, runNutDriver } from "../sim/harness.ts";

const nut = haveNut();
const OURS = ourDriverArgv("apcsmart");
const opts = { sanitizeOps: false, sanitizeResources: false };

/** Our driver through its command line: `-a sim -u root <args>`. */
async function ourCli(
  conf: string,
  args: string[],
): Promise<{ code: number; out: string; err: string }> {
  const dir = await Deno.makeTempDir({ prefix: "apcsmart-d-" });
  try {
    await Deno.writeTextFile(`${dir}/ups.conf`, conf);
    return await runCmd(OURS[0]!, [
      ...OURS.slice(1),
      "-a",
      "sim",
      "-u",
      "root",
      ...args,
    ], { NUT_CONFPATH: dir, NUT_STATEPATH: dir, NUT_ALTPIDPATH: dir });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** `-d 1` of our driver through its command line. */
async function ourDumpCli(conf: string): Promise<string> {
  const r = await ourCli(conf, ["-d", "1"]);
  assertEquals(r.code, 0, r.err);
  return r.out;
}

for (const state of ["online", "battery", "low"] as ApcPowerState[]) {
  Deno.test({
    name: `apcsmart -d 1 matches NUT 2.8.0 (${state})`,
    ignore: !nut,
    ...opts,
    fn: async () => {
      const sim = new ApcSmartSim();
      sim.model.state = state;
      try {
        const conf = `[sim]\n driver = apcsmart\n port = ${sim.path}\n`;
        const theirs = parseDump(
          (await runNutDriver("apcsmart", conf, ["-d", "1"])).stdout,
        );
        const mine = parseDump(await ourDumpCli(conf));
        assertEquals(mine, theirs);
        const status = { online: "OL", battery: "OB", low: "OB LB" }[state];
        assert(theirs.includes(`ups.status: ${status}`), theirs.join("\n"));
        assert(theirs.includes("ups.model: Smart-UPS 1500"));
      } finally {
        await sim.close();
      }
    },
  });
}

Deno.test({
  name:
    "apcsmart under NUT upsd: same variables, enums, commands and SET as NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const results: Array<{
      before: Awaited<ReturnType<typeof snapshot>>;
      after: Awaited<ReturnType<typeof snapshot>>;
      settings: Record<string, string>;
    }> = [];
    for (const driver of [["/lib/nut/apcsmart"], OURS]) {
      const sim = new ApcSmartSim();
      try {
        results.push(
          await withUpsd(driver, sim.path, async (s) => {
            const before = await snapshot(s);
            for (const set of ["input.transfer.high=133", "ups.id=RACK7"]) {
              const r = await runCmd("/usr/bin/upsrw", [
                "-s",
                set,
                "-u",
                "admin",
                "-p",
                "pw",
                "-w",
                "-t",
                "20",
                s.target,
              ], s.env);
              assertEquals(r.code, 0, r.err);
            }
            const after = await snapshot(s);
            return { before, after, settings: { ...sim.model.settings } };
          }),
        );
      } finally {
        await sim.close();
      }
    }
    const [theirs, mine] = results;
    assertEquals(mine!.before, theirs!.before);
    assertEquals(mine!.after, theirs!.after);
    assertEquals(mine!.settings, theirs!.settings);
    assertEquals(theirs!.settings.u, "133");
    assertEquals(theirs!.settings.c, "RACK7");
    assert(theirs!.after.vars.includes("input.transfer.high: 133"));
    assert(theirs!.before.cmds.includes("shutdown.stayoff"));
    assert(theirs!.before.rw.includes('Option: "127" SELECTED'));
  },
});

for (
  const [label, state, values] of [
    ["default sdtype, on line", "online", {}],
    ["default sdtype, on battery", "battery", {}],
    ["sdtype 1 on line (S refused, then @000)", "online", { sdtype: "1" }],
    ["sdtype 2 (Z Z)", "online", { sdtype: "2" }],
    ["sdtype 3 (K K)", "battery", { sdtype: "3" }],
    ["sdtype 5 awd 12 (@12)", "online", { sdtype: "5", awd: "12" }],
    ["advorder 102", "online", { advorder: "102" }],
  ] as Array<[string, ApcPowerState, Record<string, string>]>
) {
  Deno.test({
    name: `apcsmart -k puts the same bytes on the line as NUT (${label})`,
    ignore: !nut,
    ...opts,
    fn: async () => {
      const extra = Object.entries(values).map(([k, v]) => ` ${k} = ${v}\n`)
        .join("");
      const simA = new ApcSmartSim();
      const simB = new ApcSmartSim();
      simA.model.state = simB.model.state = state;
      try {
        const conf = (path: string) =>
          `[sim]\n driver = apcsmart\n port = ${path}\n${extra}`;
        const theirs = await runNutDriver("apcsmart", conf(simA.path), ["-k"]);
        assertEquals(theirs.code, 0, theirs.stderr);
        // ours through its command line: the framework's -k path
        // (2.8.0 exits 0 even when the unit refused; ours exits 1 then,
        // a documented difference, so the exit codes are not compared)
        const mine = await ourCli(conf(simB.path), ["-k"]);
        assert(mine.err.includes("Initiating UPS shutdown"), mine.err);
        await Promise.all([simA.drained(), simB.drained()]);
        // every byte from open to exit: initups only, no probe before the
        // shutdown, and the cleanup's R at the end
        assertEquals(simB.bytes(), simA.bytes());
        assertEquals(simB.model.shutdowns, simA.model.shutdowns);
        assert(simA.bytes().startsWith("YQ"), JSON.stringify(simA.bytes()));
        assert(simA.bytes().endsWith("R"), JSON.stringify(simA.bytes()));
      } finally {
        await simA.close();
        await simB.close();
      }
    },
  });
}
