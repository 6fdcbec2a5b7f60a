/**
 * Differential tests: NUT 2.8.0's `apcsmart-old` and ours talk to the same
 * APC Smart simulator (tests/sim/apc_smart.ts) on a pty, one each, at once.
 * The `-d 1` dumps (driver.* aside) and every byte sent up to the first
 * poll's end must match: a Smart-UPS answering `a` and `^Z` (on line, on
 * battery, low), a unit without `a` (the old set-up path) and one whose
 * firmware is in the compatibility table. `-L` and the `-k` bytes must
 * match for the shutdown methods (on line, on battery, sdtype 2, 3 and 5,
 * advorder); served by NUT's upsd, the upsrw listing, an enum and a string
 * SET and five instant commands must send the same bytes.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import {
  type ApcModelOptions,
  type ApcPowerState,
  ApcSmartSim,
} from "../sim/apc_smart.ts";
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
const NAME = "apcsmart-old";
const OURS = ourDriverArgv("apcsmart_old");
const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (path: string, extra = "") =>
  `[sim]\n driver = ${NAME}\n port = ${path}\n${extra}`;
/** Bytes up to the end of the first poll after start-up (`Q` ... `R`). */
const firstPoll = (s: string) => {
  const q = s.indexOf("Q", s.indexOf("\x1a") + 1);
  return s.slice(
    0,
    s.indexOf("Q", q + 1) > 0 ? s.indexOf("Q", q + 1) : s.length,
  );
};

const CASES: Array<[ApcModelOptions, ApcPowerState, string]> = [
  [{}, "online", "ups.status: OL"],
  [{}, "battery", "ups.status: OB"],
  [{}, "low", "ups.status: OB LB"],
  [{ cmdset: null }, "online", "ups.model: Smart-UPS 1500"],
  [{ firmware: "7QI" }, "online", "ups.model: Smart-UPS"],
];

Deno.test({
  name: "apcsmart-old -d 1 and start-up bytes match NUT 2.8.0",
  ignore: !nut,
  ...opts,
  fn: async () => {
    await Promise.all(CASES.map(async ([o, state, expect]) => {
      const a = new ApcSmartSim(o), b = new ApcSmartSim(o);
      a.model.state = b.model.state = state;
      try {
        const [t, u] = await Promise.all([
          runNutDriver(NAME, conf(a.path), ["-d", "1"]),
          runOurDriver("apcsmart_old", conf(b.path), ["-d", "1"]),
        ]);
        assertEquals(u.code, t.code, u.stderr);
        const theirs = parseDump(t.stdout);
        assertEquals(parseDump(u.stdout), theirs, JSON.stringify(o) + state);
        assert(theirs.includes(expect), theirs.join("\n"));
        await Promise.all([a.drained(), b.drained()]);
        assertEquals(firstPoll(b.bytes()), firstPoll(a.bytes()));
        assert(b.bytes().endsWith("R"), "back to dumb mode at exit");
      } finally {
        await a.close();
        await b.close();
      }
    }));
  },
});

const KILLS: Array<[string, ApcPowerState, string]> = [
  ["", "online", "@000"],
  ["", "battery", "S"],
  [" sdtype = 3\n", "online", "KK"],
  [" sdtype = 2\n", "online", "ZZ"],
  [" sdtype = 5\n wugrace = 42\n", "online", "@42@"],
  [" advorder = 20\n", "battery", "KK"],
];

Deno.test({
  name: "apcsmart-old -L and -k bytes match NUT (six shutdown set-ups)",
  ignore: !nut,
  ...opts,
  fn: async () => {
    assertEquals(
      await listVarLines(OURS),
      await listVarLines([`/lib/nut/${NAME}`]),
    );
    await Promise.all(KILLS.map(async ([extra, state, tail]) => {
      const a = new ApcSmartSim(), b = new ApcSmartSim();
      a.model.state = b.model.state = state;
      try {
        const [t, u] = await Promise.all([
          runNutDriver(NAME, conf(a.path, extra), ["-k"]),
          runOurDriver("apcsmart_old", conf(b.path, extra), ["-k"]),
        ]);
        assertEquals(t.code, 0, t.stderr);
        assertEquals(u.code, 0, u.stderr);
        await Promise.all([a.drained(), b.drained()]);
        assertEquals(b.bytes(), a.bytes(), extra);
        assert(a.bytes().endsWith(tail + "R"), `${extra}: ${a.bytes()}`);
      } finally {
        await a.close();
        await b.close();
      }
    }));
  },
});

Deno.test({
  name: "apcsmart-old under NUT upsd: same listing, SET and command bytes",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const CMDS = [
      "test.panel.start",
      "test.battery.start",
      "calibrate.start",
      "test.failure.start",
      "load.on",
    ];
    const run = async (argv: string[]) => {
      const sim = new ApcSmartSim();
      try {
        return await withUpsdFor(NAME, argv, sim.path, async (s) => {
          const auth = ["-u", "admin", "-p", "pw", "-w", "-t", "20"];
          const rw = (await runTool("/usr/bin/upsrw", [s.target], s.env)).out;
          const sent: string[] = [];
          const polls = /[QCPXLF9GMNOfBj]/g;
          for (const set of ["input.transfer.high=133", "ups.id=NEWNAME"]) {
            const from = sim.bytes().length;
            const r = await runTool(
              "/usr/bin/upsrw",
              ["-s", set, ...auth, s.target],
              s.env,
            );
            assertEquals(r.code, 0, `${set}: ${r.err}`);
            await sim.drained();
            sent.push(sim.bytes().slice(from).replace(polls, ""));
          }
          for (const cmd of CMDS) {
            const from = sim.bytes().length;
            const r = await runTool(
              "/usr/bin/upscmd",
              [...auth, s.target, cmd],
              s.env,
            );
            assertEquals(r.code, 0, `${cmd}: ${r.err}`);
            await sim.drained();
            sent.push(sim.bytes().slice(from).replace(polls, ""));
          }
          const after = (await runTool("/usr/bin/upsrw", [s.target], s.env))
            .out;
          return { rw, after, sent };
        }, " pollinterval = 1\n");
      } finally {
        await sim.close();
      }
    };
    const [theirs, mine] = await Promise.all([
      run([`/lib/nut/${NAME}`]),
      run(OURS),
    ]);
    assertEquals(mine.rw, theirs.rw);
    assertEquals(mine.sent, theirs.sent);
    assertEquals(mine.after, theirs.after);
    assert(theirs.after.includes("NEWNAME"), theirs.after);
  },
});
