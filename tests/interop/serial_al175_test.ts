/**
 * Differential tests: NUT 2.8.0's `al175` and ours read the same AL175
 * simulator (tests/sim/al175.ts) on ptys, both at once. The `-d 1` dumps
 * (driver.* aside) must match for every status register value (a negative
 * zero current included), the COMLI requests must be the same frames in
 * the same order; `-L` and the `-k` refusal must match; served by NUT's
 * upsd, the two instant commands must send the same activate frames.
 * Garbage, short answers and silence make our data stale, never crash it,
 * and it recovers.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut, waitFor } from "../net.ts";
import { AlSim, type AlState } from "../sim/al175.ts";
import { runTool, withNutUpsd } from "../sim/tripplite_ser.ts";
import {
  listVarLines,
  ourDriverArgv,
  parseDump,
  runNutDriver,
  runOurDriver,
  testCtx,
} from "../sim/harness.ts";
import { Al175Driver } from "../../drivers/al175/driver.ts";

const nut = haveNut();
const opts = { sanitizeOps: false, sanitizeResources: false };
const OURS = ourDriverArgv("al175");
const conf = (path: string) => `[sim]\n driver = al175\n port = ${path}\n`;

// state, system voltage code, battery current, a line NUT's dump must have
const CASES: Array<[AlState, number, number, string]> = [
  ["online", 0, 1234, "ups.status: RB OL"],
  ["battery", 1, 1234, "battery.current: -12.34"],
  ["battery", 2, 0, "battery.current: -0.00"],
  ["low", 4, 1234, "ups.status: RB OB LB"],
  ["high", 9, 1234, "ups.status: RB OL HB"],
  ["boost", 3, 1234, "ups.status: RB OL BOOST"],
  ["off", 2, 1234, "ups.status: RB OFF"],
  ["testing", 0, 1234, "ups.status: RB TEST OL"],
  ["fuse", 0, 1234, "battery.fuse: FAIL"],
  ["failed", 0, 1234, "ups.test.result: FAIL"],
];

Deno.test({
  name: "al175 -d 1 matches NUT 2.8.0 (every status register value)",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const sims: AlSim[] = [];
    try {
      await Promise.all(CASES.map(async ([state, system, current, expect]) => {
        const a = new AlSim(), b = new AlSim();
        sims.push(a, b);
        for (const s of [a, b]) {
          s.model.state = state;
          s.model.system = system;
          s.model.current = current;
        }
        const [t, o] = await Promise.all([
          runNutDriver("al175", conf(a.path), ["-d", "1"]),
          runOurDriver("al175", conf(b.path), ["-d", "1"]),
        ]);
        assertEquals(t.code, 0, t.stderr);
        assertEquals(o.code, 0, o.stderr);
        const theirs = parseDump(t.stdout);
        assertEquals(parseDump(o.stdout), theirs, state);
        assert(theirs.includes(expect), `${state}\n${theirs.join("\n")}`);
        await Promise.all([a.drained(), b.drained()]);
        // NUT's -d 1 polls once more than ours: compare what both sent
        assertEquals(b.requests, a.requests.slice(0, b.requests.length));
        assertEquals(b.requests.length % 5, 0);
      }));
    } finally {
      for (const s of sims) await s.close();
    }
  },
});

Deno.test({
  name: "al175 -L and -k match NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    assertEquals(
      await listVarLines(OURS),
      await listVarLines(["/lib/nut/al175"]),
    );
    const a = new AlSim(), b = new AlSim();
    try {
      const [t, o] = await Promise.all([
        runNutDriver("al175", conf(a.path), ["-k"]),
        runOurDriver("al175", conf(b.path), ["-k"]),
      ]);
      assertEquals([t.code, o.code], [1, 1]);
      assertEquals(o.stdout, t.stdout);
      assertEquals(o.stderr, t.stderr);
      assert(t.stderr.includes("shutdown not supported"), t.stderr);
      await Promise.all([a.drained(), b.drained()]);
      assertEquals([a.requests, b.requests], [[], []]);
    } finally {
      await a.close();
      await b.close();
    }
  },
});

Deno.test({
  name: "al175 under NUT upsd: same command list and activate frames",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const run = async (argv: string[]) => {
      const sim = new AlSim();
      try {
        return await withNutUpsd("al175", argv, sim.path, async (s) => {
          const auth = ["-u", "admin", "-p", "pw", "-w", "-t", "20"];
          const cmds = (await runTool(
            "/usr/bin/upscmd",
            ["-l", s.target],
            s
              .env,
          )).out;
          const from = sim.requests.length;
          for (const cmd of ["test.battery.start", "test.battery.stop"]) {
            const r = await runTool(
              "/usr/bin/upscmd",
              [...auth, s.target, cmd],
              s.env,
            );
            assertEquals(r.code, 0, `${cmd}: ${r.err}`);
          }
          await sim.drained();
          const sent = sim.requests.slice(from).filter((r) =>
            r.head[3] === "0"
          );
          return { cmds, sent };
        });
      } finally {
        await sim.close();
      }
    };
    const [theirs, mine] = await Promise.all([
      run(["/lib/nut/al175"]),
      run(OURS),
    ]);
    assertEquals(mine.cmds, theirs.cmds);
    assertEquals(mine.sent, theirs.sent);
    // command, subcommand, then "%2X" parameters: 24 V, 1 minute
    assertEquals(
      theirs.sent.map((r) => String.fromCharCode(...r.data.slice(2))),
      ["18 1 0", " 0 0 0"],
    );
    assertEquals(theirs.sent.map((r) => r.data.slice(0, 2)), [
      [0x83, 0x81],
      [0x83, 0x80],
    ]);
  },
});

Deno.test({
  name: "al175: garbage, short answers and silence go stale, then recover",
  ...opts,
  fn: async () => {
    const sim = new AlSim();
    const t = testCtx(sim.path);
    const drv = new Al175Driver(t.ctx);
    try {
      await drv.init();
      await drv.update();
      assertEquals(t.state.stale, false);
      for (const fault of ["garbled", "short", "silent"] as const) {
        sim.fault = fault;
        sim.model.state = "battery";
        await drv.update();
        assertEquals(t.state.stale, true, fault);
        assertEquals(t.state.tree.get("ups.status"), "RB OL", fault);
        sim.fault = "none";
        await waitFor(async () => {
          await drv.update();
          return !t.state.stale;
        }, 10_000);
        assertEquals(t.state.tree.get("ups.status"), "RB OB");
        sim.model.state = "online";
        await drv.update();
      }
    } finally {
      await drv.close();
      await sim.close();
    }
  },
});
