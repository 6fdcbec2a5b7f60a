/**
 * Differential tests: NUT 2.8.0's legacy serial `masterguard` and ours
 * read the same Masterguard simulator on a pty, all cases at once (each
 * poll waits 3 s). The `-d 1` dumps (driver.* aside) and the queries up to
 * our last poll must match for a Q3 unit with the new identity, a Q1-only
 * unit whose identity is NAKed and one with the older identity; `-L`, the
 * `-k` bytes and the `CS` (cancel shutdown) bytes and exit code must match.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import {
  MgModel,
  MgSim,
  type MgState,
  type MgWho,
} from "../sim/masterguard.ts";
import {
  listVarLines,
  ourDriverArgv,
  parseDump,
  runNutDriver,
  runOurDriver,
} from "../sim/harness.ts";

const nut = haveNut();
const OURS = ourDriverArgv("masterguard");
const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (path: string, extra = "") =>
  `[sim]\n driver = masterguard\n port = ${path}\n${extra}`;

/** Both drivers on twin simulators; the simulators' commands. */
async function both(
  q3: boolean,
  who: MgWho,
  state: MgState,
  args: string[],
  extra = "",
) {
  const a = new MgSim(new MgModel(q3, who)),
    b = new MgSim(new MgModel(q3, who));
  a.model.state = b.model.state = state;
  try {
    const [t, o] = await Promise.all([
      runNutDriver("masterguard", conf(a.path, extra), args),
      runOurDriver("masterguard", conf(b.path, extra), args),
    ]);
    await Promise.all([a.drained(), b.drained()]);
    return { t, o, theirs: a.received, mine: b.received };
  } finally {
    await a.close();
    await b.close();
  }
}

Deno.test({
  name: "masterguard -d 1, -L, -k and CS match NUT 2.8.0",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const cases: Array<[boolean, MgWho, MgState, string[]]> = [
      [true, "new", "battery", [
        "ups.status: OB",
        "ups.model: MASTERGUARD A1000             ",
        "battery.charge: 067",
      ]],
      [false, "nak", "boost", [
        "ups.status: OL BOOST",
        "ups.model: GenericUPS",
      ]],
      [true, "old", "low", ["ups.status: OB LB", "ups.firmware: 1.23"]],
    ].map(([q3, who, state, expect]) => [q3, who, state, expect] as never);
    const dumps = cases.map(async ([q3, who, state, expect]) => {
      const r = await both(q3, who, state, ["-d", "1"]);
      assertEquals(r.o.code, r.t.code, r.o.stderr);
      const theirs = parseDump(r.t.stdout);
      assertEquals(parseDump(r.o.stdout), theirs, `${who} ${state}`);
      for (const e of expect as unknown as string[]) {
        assert(theirs.includes(e), `${e}\n${theirs.join("\n")}`);
      }
      // the same polls: -d 1 dumps after three updates on both sides
      assertEquals(r.mine, r.theirs);
    });
    const kill = both(true, "new", "online", ["-k"]);
    const cancel = both(false, "nak", "online", [], " CS\n");
    assertEquals(
      await listVarLines(OURS),
      await listVarLines(["/lib/nut/masterguard"]),
    );
    const k = await kill;
    assertEquals([k.t.code, k.o.code], [0, 0], k.o.stderr);
    assertEquals(k.mine, k.theirs);
    assertEquals(k.theirs.at(-1), "S.2R0001");
    const c = await cancel;
    assertEquals(c.o.code, c.t.code);
    assert(c.t.code !== 0);
    assertEquals(c.mine, c.theirs);
    assertEquals(c.theirs.at(-1), "C");
    await Promise.all(dumps);
  },
});
