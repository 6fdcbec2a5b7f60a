/**
 * Differential tests: NUT 2.8.0's `powercom` and ours read the same
 * PowerCom simulator on a pty. The `-d 1` dumps (driver.* aside) must match
 * for every unit family and power state (the float formulas included);
 * `-L` must match; `-k` must put the same bytes on the line (start-up
 * detection and battery test included); served by NUT's upsd, the listing
 * and the instant commands' bytes must match.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { type PcKind, type PcState, PowercomSim } from "../sim/powercom.ts";
import { runTool, withNutUpsd } from "../sim/tripplite_ser.ts";
import {
  ourDriverArgv,
  parseDump,
  runNutDriver,
  runOurDriver,
} from "../sim/harness.ts";

const nut = haveNut();
const OURS = ourDriverArgv("powercom");
const opts = { sanitizeOps: false, sanitizeResources: false };
const typeOf = (k: PcKind) => k.startsWith("KIN") ? "KIN" : k;
const conf = (path: string, type: string, extra = "") =>
  `[sim]\n driver = powercom\n port = ${path}\n type = ${type}\n${extra}`;

const CASES: Array<[PcKind, PcState[]]> = [
  ["Trust", ["online", "battery", "low", "avr", "overload", "badbatt"]],
  ["Egys", ["online", "battery", "avr"]],
  ["KIN", ["online", "battery", "avr"]],
  ["KIN-1200", ["online", "battery", "avr"]],
  ["BNT", ["online", "battery", "avr"]],
  ["IMP", ["online", "low"]],
];

for (const [kind, states] of CASES) {
  Deno.test({
    name: `powercom -d 1 matches NUT 2.8.0 (${kind}: ${states.join(", ")})`,
    ignore: !nut,
    ...opts,
    fn: async () => {
      for (const state of states) {
        const a = new PowercomSim(kind, state),
          b = new PowercomSim(kind, state);
        try {
          const c = (p: string) => conf(p, typeOf(kind));
          const t = await runNutDriver("powercom", c(a.path), ["-d", "1"]);
          const o = await runOurDriver("powercom", c(b.path), ["-d", "1"]);
          assertEquals(o.code, t.code, o.stderr);
          const theirs = parseDump(t.stdout);
          assertEquals(parseDump(o.stdout), theirs, `${kind} ${state}`);
          assert(theirs.some((l) => l.startsWith("ups.status: ")), t.stdout);
          // same bytes from open to exit: detection, battery test, polls
          await Promise.all([a.drained(), b.drained()]);
          assertEquals(b.bytes().slice(0, 2), a.bytes().slice(0, 2));
        } finally {
          await a.close();
          await b.close();
        }
      }
    },
  });
}

Deno.test({
  name: "powercom -L lists the same variables as NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const t = await new Deno.Command("/lib/nut/powercom", { args: ["-L"] })
      .output();
    const o = await new Deno.Command(OURS[0]!, {
      args: [...OURS.slice(1), "-L"],
    }).output();
    const dec = (b: Uint8Array) =>
      new TextDecoder().decode(b).split("\n").slice(1).join("\n");
    assertEquals(dec(o.stdout), dec(t.stdout));
    assert(dec(t.stdout).includes("FLAG nobt"));
  },
});

for (
  const [label, kind, extra, expected] of [
    ["Trust: seconds only", "Trust", "", [0xb9, 0xbc, 10]],
    [
      "Trust, shutdownArguments {{2,15},y}",
      "Trust",
      " shutdownArguments = {{2,15},y}\n",
      [0xb9, 0xbc, 2, 15],
    ],
    ["KIN: detection frame, battery test", "KIN", "", [
      1,
      3,
      0xb9,
      0xbc,
      1,
      30,
    ]],
    ["KIN with nobt", "KIN", " nobt\n", [1, 0xb9, 0xbc, 1, 30]],
  ] as Array<[string, PcKind, string, number[]]>
) {
  Deno.test({
    name: `powercom -k puts the same bytes on the line as NUT (${label})`,
    ignore: !nut,
    ...opts,
    fn: async () => {
      const a = new PowercomSim(kind), b = new PowercomSim(kind);
      try {
        const c = (p: string) => conf(p, typeOf(kind), extra);
        const t = await runNutDriver("powercom", c(a.path), ["-k"]);
        const o = await runOurDriver("powercom", c(b.path), ["-k"]);
        assertEquals(t.code, 0, t.stderr);
        assertEquals(o.code, 0, o.stderr);
        await Promise.all([a.drained(), b.drained()]);
        assertEquals(b.bytes(), a.bytes());
        assertEquals(a.bytes(), expected);
      } finally {
        await a.close();
        await b.close();
      }
    },
  });
}

Deno.test({
  name: "powercom under NUT upsd: same listing and command bytes as NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const results = [];
    for (const argv of [["/lib/nut/powercom"], OURS]) {
      const sim = new PowercomSim("Trust", "battery");
      try {
        results.push(
          await withNutUpsd("powercom", argv, sim.path, async (s) => {
            const upsc = await runTool("/usr/bin/upsc", [s.target], s.env);
            const cmds = await runTool(
              "/usr/bin/upscmd",
              ["-l", s.target],
              s.env,
            );
            const from = sim.bytes().length;
            // NUT's driver exits after a shutdown command: run it last
            for (const cmd of ["test.battery.start", "shutdown.stayoff"]) {
              const r = await runTool("/usr/bin/upscmd", [
                "-u",
                "admin",
                "-p",
                "pw",
                s.target,
                cmd,
              ], s.env);
              assertEquals(r.code, 0, r.err);
            }
            await sim.drained();
            return {
              vars: upsc.out.split("\n").filter((l) =>
                l && !l.startsWith("driver.")
              ),
              cmds: cmds.out,
              sent: sim.bytes().slice(from).filter((b) => b !== 1),
            };
          }),
        );
      } finally {
        await sim.close();
      }
    }
    const [theirs, mine] = results;
    assertEquals(mine!.vars, theirs!.vars);
    assertEquals(mine!.cmds, theirs!.cmds);
    assertEquals(mine!.sent, theirs!.sent);
    assertEquals(theirs!.sent, [3, 0xba, 10]);
    assert(theirs!.vars.includes("ups.status: OB"), theirs!.vars.join("\n"));
  },
});
