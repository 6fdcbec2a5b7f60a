/**
 * Differential tests: NUT 2.8.0's `bestfcom` and ours talk to the same
 * Ferrups simulator on a pty (both at once). The `-d 1` dumps (driver.*
 * aside) must match for a Fortress II (format-config string) and the ME,
 * MD, FD and FE units told apart by `id`, in several states; the dialogue
 * up to the first poll, `-L` and the `-k` bytes must match (NUT's sync
 * progress dots removed from its dump). Bad input
 * (garbage, short, silence) stales ours and it recovers.
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
import { def } from "../../drivers/bestfcom.ts";

const nut = haveNut();
const OURS = ourDriverArgv("bestfcom");
const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (path: string) => `[sim]\n driver = bestfcom\n port = ${path}\n`;
const sim = (kind: FerrupsKind, state: FerrupsState) => {
  const s = new FerrupsSim(new FerrupsModel(kind));
  s.model.state = state;
  s.joined = true; // bestfcom's reading of the dialogue
  return s;
};

const CASES: Array<[FerrupsKind, FerrupsState, string]> = [
  ["LI", "boost", "ups.status: OB BOOST"],
  ["ME", "online", "ups.status: OL"],
  ["MD", "over", "ups.status: OL OVER"],
  ["FD", "rb", "ups.status: OL RB"],
  ["FE", "low", "ups.status: OB LB"],
  ["FE", "trim", "ups.status: OB TRIM"],
];

Deno.test({
  name: "bestfcom -d 1 matches NUT 2.8.0 (Fortress II, ME, MD, FD, FE)",
  ignore: !nut,
  ...opts,
  fn: async () => {
    await Promise.all(CASES.map(async ([kind, state, expect]) => {
      const a = sim(kind, state), b = sim(kind, state);
      try {
        const [t, o] = await Promise.all([
          runNutDriver("bestfcom", conf(a.path), ["-d", "1"]),
          runOurDriver("bestfcom", conf(b.path), ["-d", "1"]),
        ]);
        assertEquals(o.code, t.code, o.stderr);
        // NUT prints a "." (no line end) for each extra sync try on a busy
        // machine; it would glue onto its first dump line
        const theirs = parseDump(t.stdout.replace(/^\.+/m, ""));
        assertEquals(parseDump(o.stdout), theirs, `${kind} ${state}`);
        assert(theirs.includes(expect), theirs.join("\n"));
        // the same dialogue from `time` to the first poll (a busy machine
        // can make either side's sync send one more empty line)
        const talk = (c: string[]) =>
          c.slice(c.indexOf("time"), c.indexOf("f", c.indexOf("fc")) + 1);
        assertEquals(talk(b.commands), talk(a.commands));
      } finally {
        await a.close();
        await b.close();
      }
    }));
  },
});

Deno.test({
  name: "bestfcom -L and -k bytes match NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    assertEquals(
      await listVarLines(OURS),
      await listVarLines(["/lib/nut/bestfcom"]),
    );
    const a = sim("LI", "online"), b = sim("LI", "online");
    try {
      const [t, o] = await Promise.all([
        runNutDriver("bestfcom", conf(a.path), ["-k"]),
        runOurDriver("bestfcom", conf(b.path), ["-k"]),
      ]);
      assertEquals(t.code, 0, t.stderr);
      assertEquals(o.code, 0, o.stderr);
      await Promise.all([a.drained(), b.drained()]);
      // a busy machine can make either sync send more empty lines
      const raw = (r: string) => r.replace(/^\r+/, "\r");
      assertEquals(raw(b.raw), raw(a.raw));
      assertEquals(a.model.acted, ["pw377", "o 10 a"]);
    } finally {
      await a.close();
      await b.close();
    }
  },
});

Deno.test({
  name:
    "bestfcom on a pty: garbage, short and silent answers stale ours, then it recovers",
  ...opts,
  fn: async () => {
    const s = sim("LI", "online");
    const { running } = await startOurs(def, s.path);
    try {
      assert(!running.state.stale);
      for (const fault of ["garbled", "short", "silent"] as const) {
        s.fault = fault;
        await running.update();
        assert(running.state.stale, fault);
        s.fault = "none";
        await waitFor(async () => {
          await running.update();
          return !running.state.stale;
        }, 20_000);
        assertEquals(running.state.tree.get("ups.power"), "2660");
      }
    } finally {
      await running.stop();
      await s.close();
    }
  },
});
