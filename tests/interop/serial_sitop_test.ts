/**
 * Differential tests: NUT 2.8.0's `nutdrv_siemens-sitop` and ours read the
 * same kind of SITOP simulator on a pty (one each, both at once). The
 * `-d 1` dumps (driver.* aside) must match for each state; `-L` and the
 * `-k` bytes must match; served by NUT's upsd, both instant commands must
 * send the same bytes; noise, fragments and silence go stale and recover.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut, waitFor } from "../net.ts";
import { type SitopFault, SitopSim, type SitopState } from "../sim/sitop.ts";
import { runTool } from "../sim/tripplite_ser.ts";
import { withUpsdFor } from "../sim/upsd_serve.ts";
import {
  listVarLines,
  ourDriverArgv,
  parseDump,
  runNutDriver,
  runOurDriver,
} from "../sim/harness.ts";

const nut = haveNut();
const NAME = "nutdrv_siemens-sitop";
const OURS = ourDriverArgv("nutdrv_siemens_sitop");
const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (path: string) => `[sim]\n driver = ${NAME}\n port = ${path}\n`;

const CASES: Array<[Partial<SitopState>, string]> = [
  [{}, "ups.status: OL"],
  [{ onBattery: true, above85: false }, "ups.status: OB"],
  [{ dcLow: true, alarm: true }, "ups.status: OB LB"],
  [{ alarm: true, above85: false }, "battery.charge.approx: <85"],
];

Deno.test({
  name: "nutdrv_siemens-sitop -d 1 matches NUT 2.8.0 (four states)",
  ignore: !nut,
  ...opts,
  fn: async () => {
    await Promise.all(CASES.map(async ([state, expect]) => {
      const a = new SitopSim(state), b = new SitopSim(state);
      try {
        const [t, o] = await Promise.all([
          runNutDriver(NAME, conf(a.path), ["-d", "1"]),
          runOurDriver("nutdrv_siemens_sitop", conf(b.path), ["-d", "1"]),
        ]);
        assertEquals(o.code, t.code, o.stderr);
        const theirs = parseDump(t.stdout);
        assertEquals(parseDump(o.stdout), theirs, JSON.stringify(state));
        assert(theirs.includes(expect), theirs.join("\n"));
        assertEquals(a.raw, "", "NUT asks nothing");
        assertEquals(b.raw, "");
      } finally {
        await a.close();
        await b.close();
      }
    }));
  },
});

Deno.test({
  name: "nutdrv_siemens-sitop -L, -k bytes and silence match NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    assertEquals(
      await listVarLines(OURS),
      await listVarLines([`/lib/nut/${NAME}`]),
    );
    const a = new SitopSim(), b = new SitopSim();
    const c = new SitopSim(), d = new SitopSim();
    c.fault = d.fault = "silent";
    try {
      const [t, o, ts, os] = await Promise.all([
        runNutDriver(NAME, conf(a.path), ["-k"]),
        runOurDriver("nutdrv_siemens_sitop", conf(b.path), ["-k"]),
        runNutDriver(NAME, conf(c.path), ["-d", "1"]),
        runOurDriver("nutdrv_siemens_sitop", conf(d.path), ["-d", "1"]),
      ]);
      assertEquals(t.code, 0, t.stderr);
      assertEquals(o.code, 0, o.stderr);
      await waitFor(() => a.raw.length >= 8 && b.raw.length >= 8);
      assertEquals(b.raw, a.raw);
      assertEquals(a.raw, "\n\nR\n\nR\n\n");
      // a unit that never speaks: start-up fails after five tries, as NUT's
      assertEquals(os.code, ts.code);
      assert(ts.code !== 0);
      assert(os.stderr.includes("No data received from the UPS"), os.stderr);
    } finally {
      for (const s of [a, b, c, d]) await s.close();
    }
  },
});

Deno.test({
  name:
    "nutdrv_siemens-sitop under NUT upsd: same commands and bytes; faults go stale and recover",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const run = async (argv: string[]) => {
      const sim = new SitopSim();
      try {
        return await withUpsdFor(NAME, argv, sim.path, async (s) => {
          const auth = ["-u", "admin", "-p", "pw", "-w", "-t", "20"];
          const cmds =
            (await runTool("/usr/bin/upscmd", ["-l", s.target], s.env))
              .out;
          for (const cmd of ["shutdown.return", "shutdown.stayoff"]) {
            const r = await runTool(
              "/usr/bin/upscmd",
              [...auth, s.target, cmd],
              s.env,
            );
            assertEquals(r.code, 0, `${cmd}: ${r.err}`);
          }
          await waitFor(() => sim.raw.length >= 16);
          // the status, or "stale" when upsc says the data is stale
          const status = async () => {
            const r = await runTool(
              "/usr/bin/upsc",
              [s.target, "ups.status"],
              s.env,
            );
            return r.err.includes("Data stale") ? "stale" : r.out.trim();
          };
          const seen: string[] = [];
          for (const f of ["garbled", "short", "silent"] as SitopFault[]) {
            sim.fault = f;
            await waitFor(
              async () => (await status()) === "stale",
              20_000,
            );
            sim.fault = "none";
            sim.state.onBattery = true;
            await waitFor(async () => (await status()) === "OB", 20_000);
            sim.state.onBattery = false;
            await waitFor(async () => (await status()) === "OL", 20_000);
            seen.push(f);
          }
          return { cmds, sent: sim.raw, seen };
        }, " pollinterval = 1\n");
      } finally {
        await sim.close();
      }
    };
    const [theirs, mine] = await Promise.all([
      run([`/lib/nut/${NAME}`]),
      run(OURS),
    ]);
    assertEquals(mine.cmds, theirs.cmds);
    assertEquals(mine.sent, theirs.sent);
    assertEquals(theirs.sent, "\n\nR\n\nR\n\n\n\nS\n\nS\n\n");
    assertEquals(mine.seen, theirs.seen);
  },
});
