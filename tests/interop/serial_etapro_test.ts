/**
 * Differential tests: NUT 2.8.0's `etapro` and ours read the same ETA PRO
 * simulator on a pty (both at once). The `-d 1` dumps (driver.* aside)
 * must match for each power state, with and without command echo; `-L`
 * and the `-k` bytes must match; under NUT's upsd the three instant
 * commands must send the same bytes.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { EtaSim, type EtaState } from "../sim/etapro.ts";
import { runTool, withNutUpsd } from "../sim/tripplite_ser.ts";
import {
  listVarLines,
  ourDriverArgv,
  parseDump,
  runNutDriver,
  runOurDriver,
} from "../sim/harness.ts";

const nut = haveNut();
const OURS = ourDriverArgv("etapro");
const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (path: string) => `[sim]\n driver = etapro\n port = ${path}\n`;

const CASES: Array<[EtaState, boolean, string]> = [
  ["online", true, "ups.status: OL"],
  ["battery", false, "ups.status: OB"],
  ["low", true, "ups.status: OB LB RB"],
  ["boost", true, "ups.status: OL BOOST"],
  ["off", false, "ups.status: OFF"],
  ["over", true, "ups.status: OB OVER"],
];

Deno.test({
  name: "etapro -d 1 matches NUT 2.8.0 (power states, echo or not)",
  ignore: !nut,
  ...opts,
  fn: async () => {
    await Promise.all(CASES.map(async ([state, echo, expect]) => {
      const a = new EtaSim(), b = new EtaSim();
      for (const s of [a, b]) {
        s.model.state = state;
        s.model.echo = echo;
      }
      try {
        const [t, o] = await Promise.all([
          runNutDriver("etapro", conf(a.path), ["-d", "1"]),
          runOurDriver("etapro", conf(b.path), ["-d", "1"]),
        ]);
        assertEquals(o.code, t.code, o.stderr);
        const theirs = parseDump(t.stdout);
        assertEquals(parseDump(o.stdout), theirs, state);
        assert(theirs.includes(expect), theirs.join("\n"));
        // start-up: the junk RI, then RI RP polls
        assertEquals(b.commands.slice(0, 3), a.commands.slice(0, 3));
        assertEquals(a.commands.slice(0, 3), ["RI", "RI", "RP"]);
      } finally {
        await a.close();
        await b.close();
      }
    }));
  },
});

Deno.test({
  name: "etapro -L and -k bytes match NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    assertEquals(
      await listVarLines(OURS),
      await listVarLines(["/lib/nut/etapro"]),
    );
    const a = new EtaSim(), b = new EtaSim();
    try {
      const [t, o] = await Promise.all([
        runNutDriver("etapro", conf(a.path), ["-k"]),
        runOurDriver("etapro", conf(b.path), ["-k"]),
      ]);
      assertEquals(t.code, 0, t.stderr);
      assertEquals(o.code, 0, o.stderr);
      await Promise.all([a.drained(), b.drained()]);
      assertEquals(b.raw, a.raw);
      // on again in 25 s, off in 10 s
      assertEquals(a.raw, "RN0019\rRO000A\r");
    } finally {
      await a.close();
      await b.close();
    }
  },
});

Deno.test({
  name: "etapro under NUT upsd: same command list and bytes as NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const run = async (argv: string[]) => {
      const sim = new EtaSim();
      try {
        return await withNutUpsd("etapro", argv, sim.path, async (s) => {
          const auth = ["-u", "admin", "-p", "pw", "-w", "-t", "20"];
          const list =
            (await runTool("/usr/bin/upscmd", ["-l", s.target], s.env)).out;
          for (const cmd of ["load.off", "load.on", "shutdown.return"]) {
            const r = await runTool(
              "/usr/bin/upscmd",
              [...auth, s.target, cmd],
              s.env,
            );
            assertEquals(r.code, 0, `${cmd}: ${r.err}`);
          }
          await sim.drained();
          return { list, acted: sim.model.acted };
        });
      } finally {
        await sim.close();
      }
    };
    const [theirs, mine] = await Promise.all([
      run(["/lib/nut/etapro"]),
      run(OURS),
    ]);
    assertEquals(mine.list, theirs.list);
    assertEquals(mine.acted, theirs.acted);
    assertEquals(theirs.acted, ["RO0001", "RN0001", "RN0019", "RO000A"]);
  },
});
