/**
 * Differential tests: NUT 2.8.0's `everups` (Debian's nut-server ships it)
 * and ours read the same Ever simulator on a pty, both at once. The `-d 1`
 * dumps (driver.* aside) must match for NET-DPC old and new types and an
 * AP-PRO, online, on battery and low; the query bytes up to the dump, `-L`
 * and the `-k` bytes must match too.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { EverModel, EverSim, type EverState } from "../sim/everups.ts";
import { parseDump, runNutDriver, runOurDriver } from "../sim/harness.ts";

const nut = haveNut();
const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (path: string) => `[sim]\n driver = everups\n port = ${path}\n`;
const codes = (raw: string) => [...raw].map((c) => c.charCodeAt(0));

const CASES: Array<[number, EverState, string]> = [
  [69, "online", "ups.status: OL"],
  [74, "battery", "ups.status: OB"],
  [81, "low", "ups.status: LB OB"],
  [67, "standby", "ups.status: OL"],
];

Deno.test({
  name: "everups -d 1 matches NUT 2.8.0 (NET-DPC, new NET-DPC, AP-PRO)",
  ignore: !nut,
  ...opts,
  fn: async () => {
    for (const [type, state, expect] of CASES) {
      const a = new EverSim(new EverModel(type));
      const b = new EverSim(new EverModel(type));
      a.model.state = b.model.state = state;
      try {
        const [t, o] = await Promise.all([
          runNutDriver("everups", conf(a.path), ["-d", "1"]),
          runOurDriver("everups", conf(b.path), ["-d", "1"]),
        ]);
        assertEquals(o.code, t.code, o.stderr);
        const theirs = parseDump(t.stdout);
        assertEquals(parseDump(o.stdout), theirs, `type ${type} ${state}`);
        assert(theirs.includes(expect), theirs.join("\n"));
        // the same queries, up to the shorter run (NUT's -d 1 polls once more)
        const n = Math.min(a.raw.length, b.raw.length);
        assert(n > 5, `only ${n} bytes sent`);
        assertEquals(codes(b.raw.slice(0, n)), codes(a.raw.slice(0, n)));
      } finally {
        await a.close();
        await b.close();
      }
    }
  },
});

Deno.test({
  name: "everups -L and -k bytes match NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const [tl, ol] = await Promise.all([
      runNutDriver("everups", "", ["-L"]),
      runOurDriver("everups", "", ["-L"]),
    ]);
    assertEquals(
      ol.stdout.split("\n").slice(1),
      tl.stdout.split("\n").slice(1),
    );
    const a = new EverSim(), b = new EverSim();
    a.model.state = b.model.state = "low";
    try {
      const [t, o] = await Promise.all([
        runNutDriver("everups", conf(a.path), ["-k"]),
        runOurDriver("everups", conf(b.path), ["-k"]),
      ]);
      assertEquals(o.code, t.code, `${t.stderr}\n${o.stderr}`);
      await Promise.all([a.drained(), b.drained()]);
      assertEquals(codes(b.raw), codes(a.raw));
      assertEquals(b.model.acted, a.model.acted);
      assert(a.model.acted.length > 0, "NUT sent no shutdown");
    } finally {
      await a.close();
      await b.close();
    }
  },
});
