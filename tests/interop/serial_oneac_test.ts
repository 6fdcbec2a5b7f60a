/**
 * Differential tests: NUT 2.8.0's `oneac` and ours read the same Oneac
 * simulator on a pty (both at once: start-up waits a second). The `-d 1`
 * dumps (driver.* aside) must match for each family (EG, ON, OZ, OB) and
 * power state; `-L` and the `-k` bytes must match; served by NUT's upsd,
 * SET and every instant command must send the same commands.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import {
  type OneacFamily,
  OneacModel,
  OneacSim,
  type OneacState,
} from "../sim/oneac.ts";
import { runTool, withNutUpsd } from "../sim/tripplite_ser.ts";
import {
  listVarLines,
  ourDriverArgv,
  parseDump,
  runNutDriver,
  runOurDriver,
} from "../sim/harness.ts";

const nut = haveNut();
const OURS = ourDriverArgv("oneac");
const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (path: string, extra = "") =>
  `[sim]\n driver = oneac\n port = ${path}\n${extra}`;

const CASES: Array<[OneacFamily, OneacState, string, string]> = [
  ["OZ", "online", "", "ups.status: OL"],
  ["OZ", "low", " offdelay = 120\n", "ups.status: OB LB RB"],
  ["OB", "hot", "", "ups.status: ALARM OL"],
  ["ON", "battery", "", "ups.status: OB"],
  ["EG", "hot", "", "ups.alarm: OVERHEAT"],
];
Deno.test({
  name: "oneac -d 1 matches NUT 2.8.0 (EG, ON, OZ, OB; several states)",
  ignore: !nut,
  ...opts,
  fn: async () => {
    for (const [fam, state, extra, expect] of CASES) {
      const a = new OneacSim(new OneacModel(fam));
      const b = new OneacSim(new OneacModel(fam));
      a.model.state = b.model.state = state;
      if (fam === "OZ" && state === "low") {
        a.model.firmware = b.model.firmware = "1.8"; // default trip points
      }
      try {
        const [t, o] = await Promise.all([
          runNutDriver("oneac", conf(a.path, extra), ["-d", "1"]),
          runOurDriver("oneac", conf(b.path, extra), ["-d", "1"]),
        ]);
        assertEquals(o.code, t.code, o.stderr);
        const theirs = parseDump(t.stdout);
        assertEquals(parseDump(o.stdout), theirs, `${fam} ${state}`);
        assert(theirs.includes(expect), theirs.join("\n"));
        await Promise.all([a.drained(), b.drained()]);
        // start-up: the same wake-up bytes and queries up to the first poll
        const n = a.commands.indexOf("%", 2);
        assertEquals(b.commands.slice(0, n), a.commands.slice(0, n));
        assertEquals(b.raw.slice(0, 4), "\r\n\r\n");
      } finally {
        await a.close();
        await b.close();
      }
    }
  },
});

Deno.test({
  name: "oneac -L and -k bytes match NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    assertEquals(
      await listVarLines(OURS),
      await listVarLines(["/lib/nut/oneac"]),
    );
    const a = new OneacSim(), b = new OneacSim();
    try {
      const [t, o] = await Promise.all([
        runNutDriver("oneac", conf(a.path), ["-k"]),
        runOurDriver("oneac", conf(b.path), ["-k"]),
      ]);
      assertEquals(t.code, 0, t.stderr);
      assertEquals(o.code, 0, o.stderr);
      await Promise.all([a.drained(), b.drained()]);
      assertEquals(b.raw, a.raw);
      assertEquals(a.raw, "\r\n\r\n\x0f\x06");
    } finally {
      await a.close();
      await b.close();
    }
  },
});

const SETS = [
  "ups.delay.shutdown=45",
  "input.transfer.low=98",
  "ups.delay.start=120",
  "battery.runtime.low=7",
  "ups.start.auto=no",
  "battery.date=240315",
];
const CMDS = [
  "test.battery.start.quick",
  "test.battery.stop",
  "test.failure.start",
  "reset.input.minmax",
  "beeper.mute",
  "test.panel.start",
  "shutdown.return",
  "shutdown.stop",
];

Deno.test({
  name: "oneac under NUT upsd: same listing, SET and command bytes as NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const run = async (argv: string[]) => {
      const sim = new OneacSim();
      try {
        return await withNutUpsd("oneac", argv, sim.path, async (s) => {
          const auth = ["-u", "admin", "-p", "pw", "-w", "-t", "20"];
          const rw = (await runTool("/usr/bin/upsrw", [s.target], s.env)).out;
          const from = sim.commands.length;
          for (const set of SETS) {
            const r = await runTool(
              "/usr/bin/upsrw",
              ["-s", set, ...auth, s.target],
              s.env,
            );
            assertEquals(r.code, 0, `${set}: ${r.err}`);
          }
          for (const cmd of CMDS) {
            const r = await runTool(
              "/usr/bin/upscmd",
              [...auth, s.target, cmd],
              s.env,
            );
            assertEquals(r.code, 0, `${cmd}: ${r.err}`);
          }
          await sim.drained();
          // the polls' queries aside
          const polls = new Set(["%", "&", "+", "[", "]", "_", "\x07?", "<?"]);
          for (const q of ['"', "}", "_?"]) polls.add(q);
          return {
            rw,
            sent: sim.commands.slice(from).filter((c) => !polls.has(c)),
          };
        });
      } finally {
        await sim.close();
      }
    };
    const [theirs, mine] = await Promise.all([
      run(["/lib/nut/oneac"]),
      run(OURS),
    ]);
    assertEquals(mine.rw, theirs.rw);
    assertEquals(mine.sent, theirs.sent);
    assert(theirs.sent.includes("Z45"), JSON.stringify(theirs.sent));
    assert(theirs.sent.includes("[=098,138"), JSON.stringify(theirs.sent));
  },
});
