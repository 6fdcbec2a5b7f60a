/**
 * Differential tests: NUT 2.8.0's `tripplite` and ours read the same
 * SmartUPS simulator on a pty. The `-d 1` dumps (driver.* aside) must match
 * in every power state; `-L` must list the same variables; `-k` must send
 * the same commands; served by NUT's upsd, upsc/upsrw/upscmd must show the
 * same data, and SET plus each instant command must put the same commands
 * on the line.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import {
  runTool,
  TlModel,
  type TlPowerState,
  TrippLiteSim,
  withNutUpsd,
} from "../sim/tripplite_ser.ts";
import {
  ourDriverArgv,
  parseDump,
  runNutDriver,
  runOurDriver,
} from "../sim/harness.ts";

const nut = haveNut();
const OURS = ourDriverArgv("tripplite");
const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (path: string, extra = "") =>
  `[sim]\n driver = tripplite\n port = ${path}\n${extra}`;

/** Both drivers' `-d 1` dumps against two simulators set up by `setup`. */
async function dumps(
  setup: (m: TlModel) => void,
): Promise<{ theirs: string[]; mine: string[] }> {
  const a = new TrippLiteSim(), b = new TrippLiteSim();
  setup(a.model);
  setup(b.model);
  try {
    const t = await runNutDriver("tripplite", conf(a.path), ["-d", "1"]);
    const o = await runOurDriver("tripplite", conf(b.path), ["-d", "1"]);
    assertEquals(o.code, t.code, o.stderr);
    return { theirs: parseDump(t.stdout), mine: parseDump(o.stdout) };
  } finally {
    await a.close();
    await b.close();
  }
}

const STATES: Array<[TlPowerState, string]> = [
  ["online", "OL"],
  ["battery", "OB"],
  ["low", "LB OB"],
  ["trim", "TRIM OL"],
  ["boost", "BOOST OL"],
];
for (const [state, status] of STATES) {
  Deno.test({
    name: `tripplite -d 1 matches NUT 2.8.0 (${state})`,
    ignore: !nut,
    ...opts,
    fn: async () => {
      const { theirs, mine } = await dumps((m) => {
        m.state = state;
        if (state === "battery") m.battery = "71"; // 11.3 V: a low charge
      });
      assertEquals(mine, theirs);
      assert(theirs.includes(`ups.status: ${status}`), theirs.join("\n"));
      assert(theirs.includes("ups.model: Smart 840"), theirs.join("\n"));
    },
  });
}

Deno.test({
  name:
    "tripplite -d 1 matches NUT for other units (Unison, old VA formula, Gen 2)",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const { theirs, mine } = await dumps((m) => {
      m.load = "64"; // 100 %
      m.battery = "90"; // 14.4 V: full
      m.selfTest = "1";
      m.w = "45";
      m.x = "8";
    });
    assertEquals(mine, theirs);
    assert(theirs.includes("ups.model: Unison 32"), theirs.join("\n"));
    assert(theirs.includes("ups.firmware: BC (Gen 2)"), theirs.join("\n"));
    assert(theirs.includes("ups.test.result: Battery Bad (Replace)"));
    assert(theirs.includes("battery.charge: 100"), theirs.join("\n"));
  },
});

Deno.test({
  name: "tripplite gives up like NUT when the unit never identifies",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const a = new TrippLiteSim(), b = new TrippLiteSim();
    for (const m of [a.model, b.model]) m.x = "?"; // not alphanumeric
    try {
      const t = await runNutDriver("tripplite", conf(a.path), ["-d", "1"]);
      const o = await runOurDriver("tripplite", conf(b.path), ["-d", "1"]);
      assertEquals(t.code, 1, t.stderr);
      assertEquals(o.code, t.code, o.stderr);
      assert(t.stderr.includes("Failed to find UPS - giving up"));
      assert(o.stderr.includes("Failed to find UPS - giving up"), o.stderr);
      // three tries of :X, then nothing more
      assertEquals(b.received, a.received);
      assertEquals(a.received.filter((c) => c === ":X").length, 3);
    } finally {
      await a.close();
      await b.close();
    }
  },
});

Deno.test({
  name: "tripplite -L lists the same variables as NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const t = await new Deno.Command("/lib/nut/tripplite", { args: ["-L"] })
      .output();
    const o = await new Deno.Command(OURS[0]!, {
      args: [...OURS.slice(1), "-L"],
    }).output();
    const lines = (b: Uint8Array) =>
      new TextDecoder().decode(b).split("\n").filter((l) =>
        /^(VALUE|FLAG) /.test(l)
      );
    assertEquals(lines(o.stdout), lines(t.stdout));
    assertEquals(lines(t.stdout).length, 3);
  },
});

for (
  const [label, extra, expected] of [
    ["default offdelay", "", [":N40", ":G"]],
    ["offdelay 20", " offdelay = 20\n", [":N14", ":G"]],
  ] as Array<[string, string, string[]]>
) {
  Deno.test({
    name: `tripplite -k sends the same commands as NUT (${label})`,
    ignore: !nut,
    ...opts,
    fn: async () => {
      const a = new TrippLiteSim(), b = new TrippLiteSim();
      try {
        const t = await runNutDriver("tripplite", conf(a.path, extra), ["-k"]);
        const o = await runOurDriver("tripplite", conf(b.path, extra), ["-k"]);
        assertEquals(t.code, 0, t.stderr);
        assertEquals(o.code, 0, o.stderr);
        await Promise.all([a.drained(), b.drained()]);
        // everything from open to exit: no identification, no poll
        assertEquals(b.received, a.received);
        assertEquals(a.received, expected);
      } finally {
        await a.close();
        await b.close();
      }
    },
  });
}

const CMDS = [
  "test.battery.start",
  "load.off",
  "load.on",
  "outlet.1.load.off",
  "outlet.2.load.on",
  "shutdown.reboot",
  "shutdown.reboot.graceful",
  "shutdown.stayoff",
  "shutdown.return",
];

Deno.test({
  name: "tripplite under NUT upsd: same listing, SET and command bytes as NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const results = [];
    for (const argv of [["/lib/nut/tripplite"], OURS]) {
      const sim = new TrippLiteSim();
      try {
        results.push(
          await withNutUpsd("tripplite", argv, sim.path, async (s) => {
            const auth = ["-u", "admin", "-p", "pw", "-w", "-t", "20"];
            const listing = async () => ({
              vars: (await runTool("/usr/bin/upsc", [s.target], s.env)).out
                .split("\n").filter((l) => l && !l.startsWith("driver.")),
              rw: (await runTool("/usr/bin/upsrw", [s.target], s.env)).out,
              cmds: (await runTool("/usr/bin/upscmd", ["-l", s.target], s.env))
                .out,
            });
            const before = await listing();
            for (
              const set of [
                "ups.delay.shutdown=30",
                "ups.delay.start=300",
                "ups.delay.reboot=-5",
              ]
            ) {
              const r = await runTool(
                "/usr/bin/upsrw",
                ["-s", set, ...auth, s.target],
                s.env,
              );
              assertEquals(r.code, 0, r.err);
            }
            for (const cmd of CMDS) {
              const r = await runTool(
                "/usr/bin/upscmd",
                [...auth, s.target, cmd],
                s.env,
              );
              assertEquals(r.code, 0, r.err);
            }
            const after = await listing();
            return { before, after, acted: [...sim.model.acted] };
          }),
        );
      } finally {
        await sim.close();
      }
    }
    const [theirs, mine] = results;
    assertEquals(mine!.before, theirs!.before);
    assertEquals(mine!.after, theirs!.after);
    assertEquals(mine!.acted, theirs!.acted);
    assert(theirs!.after.vars.includes("ups.delay.shutdown: 30"));
    assert(theirs!.acted.includes(":H00012C"), theirs!.acted.join(" "));
    assertEquals(theirs!.acted.slice(-2), [":N1E", ":G"]);
  },
});
