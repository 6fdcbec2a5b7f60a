/**
 * Differential tests: NUT 2.8.0's `mge-utalk` and ours read the same U-Talk
 * simulator on a pty, both at once (every command waits half a second, so a
 * start-up is ~15 s). The `-d 1` dumps (driver.* aside) and every command
 * sent up to the dump must match, for a Pulsar with `Si 1` on battery and
 * an older unit (numbered `Si`) boosting; `-L` and the `-k` commands must
 * match; under NUT's upsd, the same upsrw listing and the same commands for
 * two SETs and four instant commands. `pollinterval = 30` keeps the three dump polls to the status
 * words (the full re-read is covered by drivers/mge_utalk/driver_test.ts).
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { UtalkSim, type UtalkState } from "../sim/mge_utalk.ts";
import {
  listVarLines,
  ourDriverArgv,
  parseDump,
  runNutDriver,
  runOurDriver,
} from "../sim/harness.ts";
import { withUpsdFor } from "../sim/upsd_serve.ts";
import { runTool } from "../sim/tripplite_ser.ts";

const nut = haveNut();
const OURS = ourDriverArgv("mge_utalk");
const opts = { sanitizeOps: false, sanitizeResources: false };
const SETS = ["battery.charge.low=25", "input.transfer.high=270"];
const CMDS = ["test.battery.start", "load.off", "bypass.start", "load.on"];
/** Status polls aside (bypass commands read `Ps` too). */
const POLLS = new Set(["Z", "Si", "Ss", "Bs", "Ls", "Ps"]);

/** Under NUT's upsd: the upsrw listing and the commands SETs and instant commands send. */
async function served(argv: string[]) {
  const sim = new UtalkSim();
  try {
    return await withUpsdFor("mge-utalk", argv, sim.path, async (s) => {
      const auth = ["-u", "admin", "-p", "pw"];
      const rw = (await runTool("/usr/bin/upsrw", [s.target], s.env)).out;
      const from = sim.received.length;
      for (const set of SETS) {
        const r = await runTool("/usr/bin/upsrw", [
          "-s",
          set,
          ...auth,
          s.target,
        ], s.env);
        assertEquals(r.code, 0, `${set}: ${r.err}`);
      }
      for (const cmd of CMDS) {
        const r = await runTool(
          "/usr/bin/upscmd",
          [...auth, "-w", "-t", "20", s.target, cmd],
          s.env,
        );
        assertEquals(r.code, 0, `${cmd}: ${r.err}`);
      }
      return {
        rw,
        sent: sim.received.slice(from).filter((c) => !POLLS.has(c)),
      };
    }, " pollinterval = 30\n");
  } finally {
    await sim.close();
  }
}

const conf = (path: string, extra = "") =>
  `[sim]\n driver = mge-utalk\n port = ${path}\n pollinterval = 30\n${extra}`;

Deno.test({
  name: "mge-utalk -d 1, -L, -k, SET and instant commands match NUT 2.8.0",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const cases: Array<[boolean, UtalkState, string, string]> = [
      [true, "low", " LowBatt = 25\n", "ups.status: OB LB DISCHRG"],
      [false, "boost", "", "ups.status: OL CHRG BOOST"],
    ];
    const sims: UtalkSim[] = [];
    const upsd = Promise.all([served(["/lib/nut/mge-utalk"]), served(OURS)]);
    try {
      const runs = cases.map(async ([si1, state, extra, expect]) => {
        const a = new UtalkSim(), b = new UtalkSim();
        sims.push(a, b);
        for (const s of [a, b]) {
          s.model.si1 = si1;
          s.model.state = state;
        }
        const [t, o] = await Promise.all([
          runNutDriver("mge-utalk", conf(a.path, extra), ["-d", "1"]),
          runOurDriver("mge_utalk", conf(b.path, extra), ["-d", "1"]),
        ]);
        assertEquals(o.code, t.code, o.stderr);
        const theirs = parseDump(t.stdout);
        assertEquals(parseDump(o.stdout), theirs, `${state}`);
        assert(theirs.includes(expect), theirs.join("\n"));
        await Promise.all([a.drained(), b.drained()]);
        // -d 1 polls three times on both sides: the same commands, ending
        // with the same release
        assertEquals(b.received, a.received);
        assertEquals(b.received.at(-1), "Ax 0");
        return theirs;
      });
      assertEquals(
        await listVarLines(OURS),
        await listVarLines(["/lib/nut/mge-utalk"]),
      );
      const a = new UtalkSim(), b = new UtalkSim();
      sims.push(a, b);
      const [t, o] = await Promise.all([
        runNutDriver("mge-utalk", conf(a.path), ["-k"]),
        runOurDriver("mge_utalk", conf(b.path), ["-k"]),
      ]);
      assertEquals(t.code, 0, t.stderr);
      assertEquals(o.code, 0, o.stderr);
      await Promise.all([a.drained(), b.drained()]);
      assertEquals(b.received, a.received);
      assertEquals(a.received.slice(-3), ["Sx 5", "Sx 0", "Ax 0"]);
      const dumps = await Promise.all(runs);
      assert(dumps[1]!.includes("ups.model: Pulsar ESV8"));
      const [theirs, mine] = await upsd;
      assertEquals(mine.rw, theirs.rw);
      assertEquals(mine.sent, theirs.sent);
      assertEquals(theirs.sent, [
        "Bl 25",
        "Eu 270",
        "Bx 1",
        "Wy 65535",
        "Wx 0",
        "Px 3",
        "Wy 65535",
        "Wx 1",
      ]);
    } finally {
      for (const s of sims) await s.close();
    }
  },
});
