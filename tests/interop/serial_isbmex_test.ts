/**
 * Differential tests: NUT 2.8.0's `isbmex` and ours read the same
 * streaming SR-Inet simulator on a pty (all cases at once). The `-d 1`
 * dumps (driver.* aside) must match for 10-byte and 9-byte packets over a
 * spread of raw volts (C's single-precision curves), battery bytes,
 * periods, regulation and line states; a garbage stream must end alike;
 * `-L` and the `-k` bytes must match.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { IsbmexModel, IsbmexSim } from "../sim/isbmex.ts";
import {
  listVarLines,
  ourDriverArgv,
  parseDump,
  runNutDriver,
  runOurDriver,
} from "../sim/harness.ts";

const nut = haveNut();
const OURS = ourDriverArgv("isbmex");
const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (path: string) => `[sim]\n driver = isbmex\n port = ${path}\n`;

async function both(tweak: (m: IsbmexModel) => void, args: string[]) {
  const a = new IsbmexSim(), b = new IsbmexSim();
  tweak(a.model);
  tweak(b.model);
  try {
    const [t, o] = await Promise.all([
      runNutDriver("isbmex", conf(a.path), args),
      runOurDriver("isbmex", conf(b.path), args),
    ]);
    await Promise.all([a.drained(), b.drained()]);
    return { t, o, nutRaw: a.raw, ourRaw: b.raw };
  } finally {
    await a.close();
    await b.close();
  }
}

type Case = Partial<
  Pick<
    IsbmexModel,
    | "nine"
    | "volts"
    | "voltByte"
    | "battery"
    | "period"
    | "regulation"
    | "state"
  >
>;
const CASES: Case[] = [
  {},
  { volts: 5929, battery: 168, state: "1" }, // sqrt 77: between nodes
  { volts: 9801, battery: 215, regulation: "1" }, // a node: 99 → 113
  { volts: 11000, period: 20001, regulation: "2" },
  { volts: 21100, state: "2" }, // above the last node
  { volts: 4000, battery: 240 }, // below the first node
  { nine: true, voltByte: 150 },
  { nine: true, voltByte: 201, state: "1", period: 19980 },
  { nine: true, voltByte: 247, regulation: "2" },
  { nine: true, voltByte: 120, state: "2" }, // below the curve
];

Deno.test({
  name: "isbmex -d 1 matches NUT 2.8.0 (10- and 9-byte packets, C floats)",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const runs = await Promise.all(
      CASES.map((c) => both((m) => Object.assign(m, c), ["-d", "1"])),
    );
    runs.forEach((r, i) => {
      const what = JSON.stringify(CASES[i]);
      assertEquals(r.o.code, r.t.code, r.o.stderr);
      const theirs = parseDump(r.t.stdout);
      assertEquals(parseDump(r.o.stdout), theirs, what);
      assert(theirs.some((l) => l.startsWith("input.voltage: ")), what);
    });
  },
});

Deno.test({
  name: "isbmex: garbage stream, -L and -k bytes as NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    assertEquals(
      await listVarLines(OURS),
      await listVarLines(["/lib/nut/isbmex"]),
    );
    const [bad, k] = await Promise.all([
      both((m) => (m.garbage = "#@!x%&&*?z"), ["-d", "1"]),
      both(() => {}, ["-k"]),
    ]);
    assertEquals(bad.o.code, bad.t.code, bad.o.stderr);
    assertEquals(parseDump(bad.o.stdout), parseDump(bad.t.stdout));
    assert(bad.t.stderr.includes("no valid packet signature"), bad.t.stderr);
    assert(bad.o.stderr.includes("no valid packet signature"), bad.o.stderr);
    assertEquals(k.t.code, 0, k.t.stderr);
    assertEquals(k.o.code, 0, k.o.stderr);
    assertEquals(k.ourRaw, k.nutRaw);
    assertEquals(k.nutRaw, "######");
  },
});
