/**
 * Differential tests: NUT 2.8.0's `liebert` and ours on the same kind of
 * loopback cable (tests/sim/liebert.ts), both at once. On battery the
 * echo of 0x55 must read OB once it held for four polls (NUT's debounce),
 * not before; on line power and with garbage echoes, OL. `-L` and `-k`
 * (refused: stock cables cannot shut down) must match.
 *
 * Low battery (DCD): a pty has no modem lines, so NUT's binary reads them
 * through tests/sim/modem_lines.c (LD_PRELOAD) and ours through the same
 * files (tests/sim/lined_driver.ts); with DCD raised both must read LB
 * after the debounce. Without the stand-in NUT's TIOCMGET fails and it
 * reads an uninitialised int (see README).
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { type LiebertMode, LiebertSim } from "../sim/liebert.ts";
import {
  LineFiles,
  modemLinesLib,
  runNutLined,
  runOurLined,
} from "../sim/modem_lines.ts";
import {
  listVarLines,
  ourDriverArgv,
  parseDump,
  runNutDriver,
  runOurDriver,
} from "../sim/harness.ts";

const nut = haveNut();
const opts = { sanitizeOps: false, sanitizeResources: false };
const OURS = ourDriverArgv("liebert");
const conf = (path: string) =>
  `pollinterval = 1\n[sim]\n driver = liebert\n port = ${path}\n`;

// -d N dumps after N + 2 polls (one before the loop, N + 1 in it): -d 1 is
// three polls (the debounce still holds OL), -d 3 five (OB has come
// through). Each poll waits a second for the echo to end.
const CASES: Array<[LiebertMode, string, string]> = [
  ["battery", "3", "ups.status: OB"],
  ["battery", "1", "ups.status: OL"],
  ["line", "3", "ups.status: OL"],
  ["garbage", "3", "ups.status: OL"],
];

Deno.test({
  name: "liebert -d matches NUT 2.8.0 (on line, on battery, debounce, garbage)",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const sims: LiebertSim[] = [];
    try {
      await Promise.all(CASES.map(async ([mode, count, expect]) => {
        const a = new LiebertSim(mode), b = new LiebertSim(mode);
        sims.push(a, b);
        const [t, o] = await Promise.all([
          runNutDriver("liebert", conf(a.path), ["-d", count]),
          runOurDriver("liebert", conf(b.path), ["-d", count]),
        ]);
        assertEquals(t.code, 0, t.stderr);
        assertEquals(o.code, 0, o.stderr);
        const theirs = parseDump(t.stdout);
        assertEquals(parseDump(o.stdout), theirs, `${mode} -d ${count}`);
        assert(theirs.includes(expect), theirs.join("\n"));
        assert(theirs.includes("ups.mfr: Liebert"), theirs.join("\n"));
        await Promise.all([a.drained(), b.drained()]);
        // every poll sends the one byte 0x55 and nothing else
        assert(a.received.length >= 3 && b.received.length >= 2);
        for (const s of [a, b]) {
          assertEquals(new Set(s.received), new Set(["\x55"]));
        }
      }));
    } finally {
      for (const s of sims) await s.close();
    }
  },
});

Deno.test({
  name: "liebert -L and -k match NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const theirsL = await listVarLines(["/lib/nut/liebert"]);
    assertEquals(await listVarLines(OURS), theirsL);
    assert(theirsL.join("\n").includes("VALUE mfr"));
    const a = new LiebertSim("battery"), b = new LiebertSim("battery");
    try {
      const [t, o] = await Promise.all([
        runNutDriver("liebert", conf(a.path), ["-k"]),
        runOurDriver("liebert", conf(b.path), ["-k"]),
      ]);
      assertEquals(t.code, 1);
      assertEquals(o.code, t.code);
      assertEquals(o.stdout, t.stdout);
      assertEquals(o.stderr, t.stderr);
      assert(t.stderr.includes("shutdown not supported"), t.stderr);
      await Promise.all([a.drained(), b.drained()]);
      assertEquals(b.received, a.received);
      assertEquals(a.received, []);
    } finally {
      await a.close();
      await b.close();
    }
  },
});

Deno.test({
  name: "liebert low battery (DCD) matches NUT 2.8.0 on simulated modem lines",
  ignore: !nut,
  ...opts,
  fn: async () => {
    await modemLinesLib();
    const cases: Array<[LiebertMode, string, string]> = [
      ["battery", "dcd", "ups.status: OB LB"],
      ["line", "dcd", "ups.status: OL LB"],
      ["battery", "", "ups.status: OB"],
    ];
    await Promise.all(cases.map(async ([mode, raised, expect]) => {
      const a = new LiebertSim(mode), b = new LiebertSim(mode);
      const la = await LineFiles.create(raised);
      const lb = await LineFiles.create(raised);
      try {
        const [t, o] = await Promise.all([
          runNutLined("liebert", conf(a.path), ["-d", "3"], la),
          runOurLined("liebert", conf(b.path), ["-d", "3"], lb),
        ]);
        assertEquals(t.code, 0, t.stderr);
        assertEquals(o.code, 0, o.stderr);
        const theirs = parseDump(t.stdout);
        assertEquals(parseDump(o.stdout), theirs, `${mode} "${raised}"`);
        assert(theirs.includes(expect), theirs.join("\n"));
        assertEquals(await lb.changes(), await la.changes());
      } finally {
        await a.close();
        await b.close();
        await la.remove();
        await lb.remove();
      }
    }));
  },
});
