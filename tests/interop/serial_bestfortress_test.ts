/**
 * Differential tests: NUT 2.8.0's `bestfortress` and ours read the same
 * Fortress simulator on a pty (both at once). The `-d 1` dumps (driver.*
 * aside) must match for each power state, a unit that drops the record's
 * first two characters, and max_load/baudrate; `-L` and the `-k` bytes must
 * match; under NUT's upsd, three SETs and both instant commands must send
 * the same bytes.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { FortressSim, type FortressState } from "../sim/best_fortress.ts";
import { runTool, withNutUpsd } from "../sim/tripplite_ser.ts";
import {
  listVarLines,
  ourDriverArgv,
  parseDump,
  runNutDriver,
  runOurDriver,
} from "../sim/harness.ts";

const nut = haveNut();
const OURS = ourDriverArgv("bestfortress");
const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (path: string, extra = "") =>
  `[sim]\n driver = bestfortress\n port = ${path}\n${extra}`;

const CASES: Array<[FortressState, string, boolean, string]> = [
  ["online", " max_load = 700\n", false, "ups.status: OL "],
  ["battery", "", false, "ups.status: OB "],
  ["low", " baudrate = 9600\n", false, "ups.status: LB "],
  ["trim", " max_load = 1000\n", true, "ups.status: TRIM"],
  ["off", " baudrate = 300\n", false, "ups.status: OFF "],
];

Deno.test({
  name:
    "bestfortress -d 1 matches NUT 2.8.0 (states, 78-character records, options)",
  ignore: !nut,
  ...opts,
  fn: async () => {
    await Promise.all(CASES.map(async ([state, extra, drop2, expect]) => {
      const a = new FortressSim(), b = new FortressSim();
      for (const s of [a, b]) {
        s.model.state = state;
        s.model.drop2 = drop2;
      }
      try {
        const [t, o] = await Promise.all([
          runNutDriver("bestfortress", conf(a.path, extra), ["-d", "1"]),
          runOurDriver("bestfortress", conf(b.path, extra), ["-d", "1"]),
        ]);
        assertEquals(o.code, t.code, o.stderr);
        const theirs = parseDump(t.stdout);
        assertEquals(parseDump(o.stdout), theirs, state);
        assert(theirs.includes(expect), theirs.join("\n"));
        assertEquals(b.commands[0], "f");
        assertEquals(a.commands[0], "f");
      } finally {
        await a.close();
        await b.close();
      }
    }));
  },
});

Deno.test({
  name: "bestfortress -L and -k bytes match NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    assertEquals(
      await listVarLines(OURS),
      await listVarLines(["/lib/nut/bestfortress"]),
    );
    const a = new FortressSim(), b = new FortressSim();
    try {
      const [t, o] = await Promise.all([
        runNutDriver("bestfortress", conf(a.path), ["-k"]),
        runOurDriver("bestfortress", conf(b.path), ["-k"]),
      ]);
      assertEquals(t.code, 0, t.stderr);
      assertEquals(o.code, 0, o.stderr);
      await Promise.all([a.drained(), b.drained()]);
      assertEquals(b.raw, a.raw);
      // auto-restart on, then off after 1 s (no ups.delay.shutdown under -k)
      assertEquals(a.raw, "p999=2639\rp1=1\rp999=\rOFF1\r");
    } finally {
      await a.close();
      await b.close();
    }
  },
});

Deno.test({
  name:
    "bestfortress under NUT upsd: same listing, SET and command bytes as NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const run = async (argv: string[]) => {
      const sim = new FortressSim();
      try {
        return await withNutUpsd("bestfortress", argv, sim.path, async (s) => {
          const auth = ["-u", "admin", "-p", "pw", "-w", "-t", "30"];
          const rw = (await runTool("/usr/bin/upsrw", [s.target], s.env)).out;
          const from = sim.commands.length;
          for (
            const set of [
              "input.transfer.low=196",
              "input.transfer.high=254",
              "battery.runtime.low=3",
            ]
          ) {
            const r = await runTool(
              "/usr/bin/upsrw",
              ["-s", set, ...auth, s.target],
              s.env,
            );
            assertEquals(r.code, 0, `${set}: ${r.err}`);
          }
          for (const cmd of ["load.off", "shutdown.return"]) {
            const r = await runTool(
              "/usr/bin/upscmd",
              [...auth, s.target, cmd],
              s.env,
            );
            assertEquals(r.code, 0, `${cmd}: ${r.err}`);
          }
          await sim.drained();
          const after = (await runTool("/usr/bin/upsc", [s.target], s.env)).out
            .split("\n").filter((l) => l.startsWith("input.transfer"));
          return {
            rw,
            after,
            sent: sim.commands.slice(from).filter((c) => c !== "f"),
          };
        });
      } finally {
        await sim.close();
      }
    };
    const [theirs, mine] = await Promise.all([
      run(["/lib/nut/bestfortress"]),
      run(OURS),
    ]);
    assertEquals(mine.rw, theirs.rw);
    assertEquals(mine.sent, theirs.sent);
    assertEquals(mine.after, theirs.after);
    assert(theirs.sent.includes("p7=196"), JSON.stringify(theirs.sent));
    assert(theirs.sent.includes("OFF10"), JSON.stringify(theirs.sent));
  },
});
