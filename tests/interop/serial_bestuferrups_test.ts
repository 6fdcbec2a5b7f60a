/**
 * Differential tests: NUT 2.8.0's `bestuferrups` and ours talk to the same
 * Ferrups simulator on a pty (both at once). The `-d 1` dumps (driver.*
 * aside) must match for the ME, RE and MD families in several states; the
 * start-up dialogue, `-L` and the `-k` bytes must match. NUT prints
 * "Syncing: " without a line end before its dump; that prefix is removed
 * from NUT's first dump line (ours logs the sync instead).
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut, waitFor } from "../net.ts";
import {
  type FerrupsKind,
  FerrupsModel,
  FerrupsSim,
  type FerrupsState,
} from "../sim/best_ferrups.ts";
import {
  listVarLines,
  ourDriverArgv,
  parseDump,
  runNutDriver,
  runOurDriver,
  startOurs,
} from "../sim/harness.ts";
import { def } from "../../drivers/bestuferrups.ts";

const nut = haveNut();
const OURS = ourDriverArgv("bestuferrups");
const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (path: string) =>
  `[sim]\n driver = bestuferrups\n port = ${path}\n`;
const pair = (kind: FerrupsKind, state: FerrupsState) => {
  const a = new FerrupsSim(new FerrupsModel(kind));
  const b = new FerrupsSim(new FerrupsModel(kind));
  a.model.state = b.model.state = state;
  return [a, b] as const;
};

const CASES: Array<[FerrupsKind, FerrupsState, string]> = [
  ["ME", "online", "ups.status: OL"],
  ["ME", "over", "ups.status: OL OVER"],
  ["RE", "trim", "ups.status: OB TRIM"],
  ["RE", "rb", "ups.status: OL RB"],
  ["MD", "low", "ups.status: OB LB"],
  ["MD", "boost", "ups.status: OB BOOST"],
];

Deno.test({
  name: "bestuferrups -d 1 matches NUT 2.8.0 (ME, RE, MD; several states)",
  ignore: !nut,
  ...opts,
  fn: async () => {
    await Promise.all(CASES.map(async ([kind, state, expect]) => {
      const [a, b] = pair(kind, state);
      try {
        const [t, o] = await Promise.all([
          runNutDriver("bestuferrups", conf(a.path), ["-d", "1"]),
          runOurDriver("bestuferrups", conf(b.path), ["-d", "1"]),
        ]);
        assertEquals(o.code, t.code, o.stderr);
        const theirs = parseDump(t.stdout.replace(/^Syncing: /m, ""));
        assertEquals(parseDump(o.stdout), theirs, `${kind} ${state}`);
        assert(theirs.includes(expect), theirs.join("\n"));
        // the same dialogue from `time` to the first poll (a busy machine
        // can make either side's sync send one more empty line)
        const talk = (c: string[]) =>
          c.slice(c.indexOf("time"), c.indexOf("f") + 1);
        assertEquals(talk(b.commands), talk(a.commands));
      } finally {
        await a.close();
        await b.close();
      }
    }));
  },
});

Deno.test({
  name: "bestuferrups -L, an unknown unit and -k bytes match NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    assertEquals(
      await listVarLines(OURS),
      await listVarLines(["/lib/nut/bestuferrups"]),
    );
    for (const [kind, args] of [["RE", ["-k"]], ["FE", ["-d", "1"]]] as const) {
      const [a, b] = pair(kind, "online");
      try {
        const [t, o] = await Promise.all([
          runNutDriver("bestuferrups", conf(a.path), [...args]),
          runOurDriver("bestuferrups", conf(b.path), [...args]),
        ]);
        assertEquals(o.code, t.code, o.stderr);
        await Promise.all([a.drained(), b.drained()]);
        // a busy machine can make either sync send more empty lines
        const raw = (r: string) => r.replace(/^\r+/, "\r");
        const cmds = (c: string[]) =>
          c.slice(Math.max(0, c.indexOf("time") - 1));
        assertEquals(raw(b.raw), raw(a.raw));
        assertEquals(cmds(b.commands), cmds(a.commands));
      } finally {
        await a.close();
        await b.close();
      }
      if (kind === "RE") {
        assertEquals(a.model.acted, ["pw377", "off 1 a"]);
      } else assertEquals(a.commands.slice(-3), ["", "time", "id"]);
    }
  },
});

Deno.test({
  name:
    "bestuferrups on a pty: garbage, short and silent answers stale ours, then it recovers",
  ...opts,
  fn: async () => {
    const sim = new FerrupsSim(new FerrupsModel("RE"));
    const { running } = await startOurs(def, sim.path);
    try {
      assert(!running.state.stale);
      for (const fault of ["garbled", "short", "silent"] as const) {
        sim.fault = fault;
        await running.update();
        assert(running.state.stale, fault);
        sim.fault = "none";
        await waitFor(async () => {
          await running.update();
          return !running.state.stale;
        }, 20_000);
        assertEquals(running.state.tree.get("ups.temperature"), "031.0");
      }
    } finally {
      await running.stop();
      await sim.close();
    }
  },
});
