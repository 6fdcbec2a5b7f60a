/**
 * Differential tests: NUT 2.8.0's `upscode2` and ours read the same
 * UPScode II simulator (tests/sim/upscode2.ts) on ptys, both at once.
 * NUT's driver runs with -DDD: 2.8.0 only strips the LF from the lines it
 * reads inside a debug call, so below debug level 3 it understands no
 * answer at all (fixed in NUT 2.8.1; ours always strips it). The `-d 1`
 * dumps (driver.* aside) must match for single and three-phase units,
 * every status, the charge from reported value, current history and
 * voltage, the runtime reported or by Peukert, the Fiskars kludge; the
 * commands must be the same lines in the same order; a silent unit must
 * be handled alike; `-L` and the `-k` lines must match; served by NUT's
 * upsd, the upsrw listing, two SETs and six instant commands must send the
 * same lines. Garbage, short answers and silence make our data stale,
 * never crash it, and it recovers.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut, waitFor } from "../net.ts";
import { UcSim, type UcState } from "../sim/upscode2.ts";
import { runTool, withNutUpsd } from "../sim/tripplite_ser.ts";
import {
  listVarLines,
  ourDriverArgv,
  parseDump,
  runNutDriver,
  runOurDriver,
  testCtx,
} from "../sim/harness.ts";
import { Upscode2Driver } from "../../drivers/upscode2/driver.ts";

const nut = haveNut();
const opts = { sanitizeOps: false, sanitizeResources: false };
const OURS = ourDriverArgv("upscode2");
const conf = (path: string) => `[sim]\n driver = upscode2\n port = ${path}\n`;

// state, three-phase, model, lines NUT's dump must have
const CASES: Array<[UcState, boolean, string, string[]]> = [
  ["online", false, "", ["ups.status: OL", "ups.load: 49.5"]],
  ["battery", false, "", ["ups.status: OB", "battery.runtime: 1020"]],
  ["low", false, "", ["ups.status: OB LB", "battery.charge: 12.0"]],
  ["trim", false, "", ["ups.status: OL TRIM"]],
  ["boost", false, "", ["ups.status: OL BOOST"]],
  ["overload", false, "", ["ups.status: OL OVER"]],
  ["off", false, "", ["ups.status: OL OFF"]],
  ["bypass", false, "", ["ups.status: OL BYPASS"]],
  ["charging", false, "", ["battery.charge: 21.3"]],
  ["voltage", false, "", ["battery.charge: 33.4", "ups.load: 41.5"]],
  ["peukert", false, "", ["battery.runtime: 867"]],
  ["online", true, "", ["input.phases: 3", "ups.load: 75.0"]],
  ["battery", true, "UPS9300-X", ["battery.voltage.nominal: 384"]],
];

Deno.test({
  name: "upscode2 -d 1 matches NUT 2.8.0 (phases, statuses, charge, runtime)",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const sims: UcSim[] = [];
    try {
      await Promise.all(CASES.map(async ([state, three, model, expect]) => {
        const a = new UcSim(), b = new UcSim();
        sims.push(a, b);
        for (const s of [a, b]) {
          s.model.state = state;
          s.model.threePhase = three;
          if (model) s.model.model = model;
        }
        const [t, o] = await Promise.all([
          runNutDriver("upscode2", conf(a.path), ["-d", "1", "-DDD"]),
          runOurDriver("upscode2", conf(b.path), ["-d", "1"]),
        ]);
        assertEquals(t.code, 0, t.stderr.slice(-2000));
        assertEquals(o.code, 0, o.stderr);
        const theirs = parseDump(t.stdout);
        assertEquals(parseDump(o.stdout), theirs, `${state} ${three}`);
        for (const e of expect) {
          assert(theirs.includes(e), `${state}: ${e}\n${theirs.join("\n")}`);
        }
        await Promise.all([a.drained(), b.drained()]);
        // NUT's -d 1 polls once more than ours: compare what both sent
        assertEquals(b.commands, a.commands.slice(0, b.commands.length));
        assert(b.commands.length >= 14, JSON.stringify(b.commands));
      }));
    } finally {
      for (const s of sims) await s.close();
    }
  },
});

Deno.test({
  name: "upscode2 -L, -k lines and a silent unit match NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    assertEquals(
      await listVarLines(OURS),
      await listVarLines(["/lib/nut/upscode2"]),
    );
    const a = new UcSim(), b = new UcSim(), c = new UcSim(), d = new UcSim();
    c.fault = d.fault = "silent";
    try {
      const [t, o, ts, os] = await Promise.all([
        runNutDriver("upscode2", conf(a.path), ["-k"]),
        runOurDriver("upscode2", conf(b.path), ["-k"]),
        runNutDriver("upscode2", conf(c.path), ["-d", "1", "-DDD"]),
        runOurDriver("upscode2", conf(d.path), ["-d", "1"]),
      ]);
      assertEquals([t.code, o.code], [0, 0]);
      await Promise.all([a.drained(), b.drained()]);
      assertEquals(b.commands, a.commands);
      assertEquals(a.commands, [
        "UPPC IJHLDMGCIU",
        "UPPC IJHLDMGCIU",
      ]);
      // no answer to UPCL: both keep going without data
      assertEquals(os.code, ts.code);
      assertEquals(parseDump(os.stdout), parseDump(ts.stdout));
      assert(ts.stderr.includes("No contact with UPS"), ts.stderr);
      assert(os.stderr.includes("No contact with UPS"), os.stderr);
    } finally {
      for (const s of [a, b, c, d]) await s.close();
    }
  },
});

const CMDS = [
  "shutdown.return",
  "shutdown.stayoff",
  "shutdown.stop",
  "shutdown.reboot",
  "test.panel.start",
  "test.battery.start",
];
const POLLS = new Set(["UPDS", "UPDV", "UPBS", "UPDT 0", "UPTM 0"]);

Deno.test({
  name: "upscode2 under NUT upsd: same listing, SET and command lines",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const run = async (argv: string[]) => {
      const sim = new UcSim();
      try {
        return await withNutUpsd("upscode2", argv, sim.path, async (s) => {
          const auth = ["-u", "admin", "-p", "pw", "-w", "-t", "20"];
          const rw = (await runTool("/usr/bin/upsrw", [s.target], s.env)).out;
          const cmds = (await runTool(
            "/usr/bin/upscmd",
            ["-l", s.target],
            s
              .env,
          )).out;
          const from = sim.commands.length;
          for (const set of ["ups.delay.shutdown=30", "ups.delay.reboot=90"]) {
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
          const sent = sim.commands.slice(from).filter((c) => !POLLS.has(c));
          return { rw, cmds, sent };
        });
      } finally {
        await sim.close();
      }
    };
    const [theirs, mine] = await Promise.all([
      run(["/lib/nut/upscode2", "-DDD"]),
      run(OURS),
    ]);
    assertEquals(mine.rw, theirs.rw);
    assertEquals(mine.cmds, theirs.cmds);
    assertEquals(mine.sent, theirs.sent);
    assertEquals(theirs.sent, [
      "UPSD 30",
      "UPCD 90",
      "UPPF IJHLDMGCIU",
      "UPPD LGGNLMDPGV",
      "UPPU",
      "UPPC IJHLDMGCIU",
      "UPIS",
      "UPBT 1",
    ]);
  },
});

Deno.test({
  name: "upscode2: garbage, short answers and silence go stale, then recover",
  ...opts,
  fn: async () => {
    const sim = new UcSim();
    sim.model.extras = [];
    const t = testCtx(sim.path, { input_timeout: "1" });
    const drv = new Upscode2Driver(t.ctx);
    try {
      await drv.init();
      await drv.update();
      assertEquals(t.state.stale, false);
      for (const fault of ["garbled", "short", "silent"] as const) {
        sim.fault = fault;
        sim.model.state = "battery";
        await drv.update();
        assertEquals(t.state.stale, true, fault);
        sim.fault = "none";
        await waitFor(async () => {
          await drv.update();
          return !t.state.stale;
        }, 20_000);
        assertEquals(t.state.tree.get("ups.status"), "OB");
        sim.model.state = "online";
        await drv.update();
      }
    } finally {
      await drv.close();
      await sim.close();
    }
  },
});
