/**
 * Differential tests: NUT 2.8.0's `liebert` and ours on the same kind of
 * loopback cable (tests/sim/liebert.ts), both at once. On battery the
 * echo of 0x55 must read OB once it held for four polls (NUT's debounce),
 * not before; on line power and with garbage echoes, OL. `-L` and `-k`
 * (refused: stock cables cannot shut down) must match.
 *
 * Low battery (DCD) cannot be compared here: a pty has no modem lines, so
 * NUT's TIOCMGET fails and it reads an uninitialised int (its first poll
 * on a pty logs "LB ... now 1", the next ones 0). Our reading of DCD and
 * its debounce is proven on the in-memory twin in
 * drivers/liebert/driver_test.ts.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { type LiebertMode, LiebertSim } from "../sim/liebert.ts";
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

// NUT's -d N dumps after N + 2 polls (one before the loop, N + 1 in it),
// ours after N + 1: -d 1 is at most three polls (the debounce still holds
// OL), -d 3 at least four (OB has come through). Each poll waits a second
// for the echo to end.
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
