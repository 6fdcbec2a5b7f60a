/**
 * Differential tests: NUT 2.8.0's `powerpanel` and ours read the same
 * CyberPower simulator on a pty, all cases at once. The `-d 1` dumps
 * (driver.* aside) and the commands up to our last poll must match for a
 * text unit found by autodetection (the binary probe fails first), a text
 * unit with the long status layout, and PR and OP binary units; `-L` and
 * the `-k` commands must match (text: shutdown.return; binary on battery:
 * a status read, then shutdown.stayoff). Under NUT's upsd, a text and a
 * binary unit give the same upsrw listing and the same commands for SETs
 * and instant commands.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import {
  type PpKind,
  PpModel,
  PpSim,
  type PpState,
} from "../sim/powerpanel.ts";
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
const OURS = ourDriverArgv("powerpanel");
const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (path: string, extra = "") =>
  `[sim]\n driver = powerpanel\n port = ${path}\n${extra}`;

/** Both drivers on twin simulators; the commands each simulator got. */
async function both(kind: PpKind, state: PpState, args: string[], extra = "") {
  const a = new PpSim(new PpModel(kind)), b = new PpSim(new PpModel(kind));
  a.model.state = b.model.state = state;
  try {
    const [t, o] = await Promise.all([
      runNutDriver("powerpanel", conf(a.path, extra), args),
      runOurDriver("powerpanel", conf(b.path, extra), args),
    ]);
    await Promise.all([a.drained(), b.drained()]);
    return { t, o, theirs: a.commands, mine: b.commands };
  } finally {
    await a.close();
    await b.close();
  }
}

const CASES: Array<[PpKind, PpState, string, string[]]> = [
  ["text", "online", ' model = "Office 1200"\n', [
    "ups.status: OL",
    "ups.model: Office 1200",
    "ups.temperature: 27",
  ]],
  ["text-long", "low", " protocol = text\n offdelay = 32\n", [
    "ups.status: OB LB",
    "battery.runtime: 720",
    "ups.delay.shutdown: 30",
  ]],
  ["text", "boost", " protocol = text\n", ["ups.status: OL BOOST"]],
  ["pr", "boost", "", ["ups.status: OL BOOST", "ups.firmware: 1.100"]],
  ["op", "battery", " protocol = binary\n", [
    "ups.status: OB",
    "ups.model: OP1000AVR",
  ]],
];

/** The setting the simulator gives a negative step (see tests/sim/powerpanel.ts). */
const NEGATIVE_STEP: Partial<Record<PpKind, string>> = {
  pr: "battery.charge.low: 30",
  op: "input.transfer.low: 88",
};

Deno.test({
  name: "powerpanel -d 1, -L and -k match NUT 2.8.0 (text and binary units)",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const dumps = CASES.map(async ([kind, state, extra, expect]) => {
      const r = await both(kind, state, ["-d", "1"], extra);
      assertEquals(r.o.code, r.t.code, r.o.stderr);
      const theirs = parseDump(r.t.stdout);
      const mine = parseDump(r.o.stdout);
      // 2.8.0 bug: a negative binary step never matches (char vs unsigned byte), so it is not published
      const fixed = NEGATIVE_STEP[kind];
      if (fixed) {
        assert(!theirs.some((l) => l.startsWith(fixed.split(":")[0]!)));
        assert(mine.includes(fixed), mine.join("\n"));
      }
      assertEquals(mine.filter((l) => l !== fixed), theirs, `${kind} ${state}`);
      for (const e of expect) {
        assert(theirs.includes(e), `${e}\n${theirs.join("\n")}`);
      }
      // the same polls: -d 1 dumps after three updates on both sides
      assertEquals(r.mine, r.theirs);
    });
    const kills = Promise.all([
      both("text", "online", ["-k"]),
      both("pr", "battery", ["-k"], " protocol = binary\n"),
    ]);
    assertEquals(
      await listVarLines(OURS),
      await listVarLines(["/lib/nut/powerpanel"]),
    );
    const [text, bin] = await kills;
    for (const k of [text, bin]) {
      assertEquals(k.o.code, k.t.code, k.o.stderr);
      assertEquals(k.mine, k.theirs);
    }
    assertEquals(text.theirs.at(-1), "Z01");
    assertEquals(bin.theirs.slice(-2), ["D", "S\0\0W"]);
    await Promise.all(dumps);
  },
});

/** Under NUT's upsd: the upsrw listing and the commands SETs and instant commands send. */
async function served(
  argv: string[],
  kind: PpKind,
  sets: string[],
  cmds: string[],
) {
  const sim = new PpSim(new PpModel(kind));
  try {
    return await withUpsdFor("powerpanel", argv, sim.path, async (s) => {
      const auth = ["-u", "admin", "-p", "pw"];
      const rw = (await runTool("/usr/bin/upsrw", [s.target], s.env)).out;
      const from = sim.commands.length;
      for (const set of sets) {
        const r = await runTool("/usr/bin/upsrw", [
          "-s",
          set,
          ...auth,
          s.target,
        ], s.env);
        assertEquals(r.code, 0, `${set}: ${r.err}`);
      }
      for (const cmd of cmds) {
        const r = await runTool(
          "/usr/bin/upscmd",
          [...auth, "-w", "-t", "20", s.target, cmd],
          s.env,
        );
        assertEquals(r.code, 0, `${cmd}: ${r.err}`);
      }
      return { rw, sent: sim.commands.slice(from).filter((c) => c !== "D") };
    }, ` protocol = ${kind === "text" ? "text" : "binary"}\n`);
  } finally {
    await sim.close();
  }
}

Deno.test({
  name: "powerpanel under NUT upsd: same listing, SET and command bytes as NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const units: Array<[PpKind, string[], string[], string[]]> = [
      ["text", ["input.transfer.high=134", "battery.charge.low=25"], [
        "test.battery.start.quick",
        "beeper.off",
        "shutdown.stop",
        "test.battery.stop",
      ], ["C2:134", "C4:25", "T", "C7:0", "C", "CT"]],
      ["pr", ["input.transfer.low=93", "ups.start.battery=yes"], [
        "beeper.toggle",
        "test.battery.start.quick",
        "shutdown.stop",
      ], ["Q\x04\x05", "Q\x0f\x02", "B", "T\x98", "C"]],
    ];
    await Promise.all(units.map(async ([kind, sets, cmds, expect]) => {
      const [theirs, mine] = await Promise.all([
        served(["/lib/nut/powerpanel"], kind, sets, cmds),
        served(OURS, kind, sets, cmds),
      ]);
      // 2.8.0 bug: the PR unit's negative battery.charge.low step is never matched, so not listed
      const block = (rw: string) =>
        rw.split("\n\n").find((b) => b.startsWith("[battery.charge.low]"));
      if (kind === "pr") {
        assertEquals(block(theirs.rw), undefined);
        assert(block(mine.rw)?.includes('Option: "30" SELECTED'), mine.rw);
        assertEquals(
          mine.rw.split("\n\n").filter((b) => b !== block(mine.rw)),
          theirs.rw.split("\n\n"),
        );
      } else assertEquals(mine.rw, theirs.rw);
      assertEquals(mine.sent, theirs.sent);
      assertEquals(theirs.sent, expect);
    }));
    // ours SETs it with the negative step's byte (-6 = 0xfa), which 2.8.0 cannot
    // (upsrw does not wait: the waited-for command after it orders the bytes)
    const neg = await served(OURS, "pr", ["battery.charge.low=25"], [
      "beeper.toggle",
    ]);
    assertEquals(neg.sent, ["Q\x08\xfa", "B"]);
  },
});
