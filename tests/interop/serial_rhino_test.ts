/**
 * Differential tests: NUT 2.8.0's `rhino` and ours read the same kind of
 * Rhino packet stream on a pty (one simulator each, at once). The `-d 1`
 * dumps (driver.* aside) must match for each model and state (bypass,
 * on battery, the 6 kVA's always-low autonomy, the 133-minute window);
 * `-L` and the `-k` bytes (after NUT's 15 s wait, run meanwhile) must
 * match; served by NUT's upsd, the outlet and bypass commands send the
 * same frames. Bad input: drivers/microsol/rhino_test.ts.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut, waitFor } from "../net.ts";
import { type RhinoRaw, RhinoSim } from "../sim/rhino.ts";
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
const NAME = "rhino";
const OURS = ourDriverArgv("rhino");
const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (path: string) => `[sim]\n driver = ${NAME}\n port = ${path}\n`;
const frame = (cmd: number) => [1, cmd, ...Array(16).fill(0), ~cmd & 0xff];
const five = (cmd: number) => [0, 1, 2, 3, 4].flatMap(() => frame(cmd));

const CASES: Array<[Partial<RhinoRaw>, string]> = [
  [{}, "ups.status: OL"],
  [{ model: 0xc2, flags33: 0x0e }, "output.voltage: 115.5"],
  [
    { model: 0xc0, flags35: 2, battV: 127, outW: 9000, temp: 200 },
    "ups.status: OB LB",
  ],
  [{ model: 0xc3, battV: 135, flags33: 8, inV: 201 }, "ups.status: OL"],
  [{ battV: 200, outW: 100, flags35: 3 }, "ups.status: OB"],
];

Deno.test({
  name: "rhino -d 1 (four models) and -k bytes match NUT 2.8.0; -L too",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const ka = new RhinoSim(), kb = new RhinoSim();
    const kill = Promise.all([
      runNutDriver(NAME, conf(ka.path), ["-k"]),
      runOurDriver(NAME, conf(kb.path), ["-k"]),
    ]);
    try {
      await Promise.all(CASES.map(async ([raw, expect]) => {
        const a = new RhinoSim(raw), b = new RhinoSim(raw);
        try {
          const [t, o] = await Promise.all([
            runNutDriver(NAME, conf(a.path), ["-d", "1"]),
            runOurDriver(NAME, conf(b.path), ["-d", "1"]),
          ]);
          assertEquals(o.code, t.code, o.stderr);
          const theirs = parseDump(t.stdout);
          assertEquals(parseDump(o.stdout), theirs, JSON.stringify(raw));
          assert(theirs.includes(expect), theirs.join("\n"));
          assertEquals(a.received, []); // a Rhino is never asked
          assertEquals(b.received, []);
        } finally {
          await a.close();
          await b.close();
        }
      }));
      assertEquals(
        await listVarLines(OURS),
        await listVarLines([`/lib/nut/${NAME}`]),
      );
      const [t, o] = await kill;
      assertEquals(t.code, 0, t.stderr);
      assertEquals(o.code, 0, o.stderr);
      await waitFor(() => ka.received.length >= 95 && kb.received.length >= 95);
      assertEquals(kb.received, ka.received);
      assertEquals(ka.received, five(4));
    } finally {
      await kill.catch(() => {});
      await ka.close();
      await kb.close();
    }
  },
});

Deno.test({
  name: "rhino under NUT upsd: same commands, same frames",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const CMDS = ["load.on", "load.off", "bypass.start", "bypass.stop"];
    const run = async (argv: string[]) => {
      const sim = new RhinoSim();
      try {
        return await withUpsdFor(NAME, argv, sim.path, async (s) => {
          const auth = ["-u", "admin", "-p", "pw", "-w", "-t", "20"];
          const cmds =
            (await runTool("/usr/bin/upscmd", ["-l", s.target], s.env)).out;
          for (const cmd of CMDS) {
            const r = await runTool(
              "/usr/bin/upscmd",
              [...auth, s.target, cmd],
              s.env,
            );
            assertEquals(r.code, 0, `${cmd}: ${r.err}`);
          }
          await waitFor(() => sim.received.length >= 4 * 95);
          return { cmds, sent: sim.received };
        });
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
    assertEquals(theirs.sent, [3, 4, 5, 6].flatMap(five));
  },
});
