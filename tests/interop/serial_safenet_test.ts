/**
 * Differential tests: NUT 2.8.0's `safenet` and ours on the same SafeNet
 * simulator on a pty. A pty has no modem lines, so NUT's binary gets them
 * from tests/sim/modem_lines.c (LD_PRELOAD) and ours from the same files
 * (tests/sim/lined_driver.ts): both see DSR raised by the unit and leave
 * a trace of DTR/RTS. The `-d 1` dumps (driver.* aside), the commands
 * (the "random" polls included: ours replays glibc's unseeded random())
 * and the line changes must match per state; without DSR both refuse the
 * port alike; `-L` and the `-k` bytes (on line and on battery) must
 * match; under NUT's upsd, every instant command sends the same bytes.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { SafenetModel, SafenetSim } from "../sim/safenet.ts";
import { listVarLines, parseDump } from "../sim/harness.ts";
import {
  LineFiles,
  modemLinesLib,
  runNutLined,
  runOurLined,
} from "../sim/modem_lines.ts";
import { withUpsdFor } from "../sim/upsd_serve.ts";
import { runTool } from "../sim/tripplite_ser.ts";

const nut = haveNut();
const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (path: string, extra = "") =>
  `[sim]\n driver = safenet\n port = ${path}\n${extra}`;

/** Runs both drivers on twin simulators; returns what each saw. */
async function both(
  tweak: (m: SafenetModel) => void,
  args: string[],
  extra = "",
  raised = "dsr",
) {
  const a = new SafenetSim(), b = new SafenetSim();
  tweak(a.model);
  tweak(b.model);
  const la = await LineFiles.create(raised),
    lb = await LineFiles.create(raised);
  try {
    const [t, o] = await Promise.all([
      runNutLined("safenet", conf(a.path, extra), args, la),
      runOurLined("safenet", conf(b.path, extra), args, lb),
    ]);
    await Promise.all([a.drained(), b.drained()]);
    return {
      t,
      o,
      nutSent: [...a.received],
      ourSent: [...b.received],
      nutLines: await la.changes(),
      ourLines: await lb.changes(),
    };
  } finally {
    await a.close();
    await b.close();
    await la.remove();
    await lb.remove();
  }
}

const CASES: Array<[string, (m: SafenetModel) => void, string]> = [
  ["online", () => {}, "ups.status: OL"],
  ["low", (m) => {
    m.onBattery = m.batteryLow = m.overload = true;
  }, "ups.status: OB LB OVER"],
  ["failed", (m) => {
    m.batteryFail = m.systemFail = true;
  }, "ups.alarm: System selftest fail!"],
  ["test", (m) => (m.systemTest = true), "ups.status: OL CAL"],
  // a test that ran the battery low is stopped, that poll is skipped
  ["test ends", (m) => {
    m.systemTest = m.batteryLow = m.onBattery = true;
  }, "ups.status: OB LB"],
];

Deno.test({
  name: "safenet -d 1 matches NUT 2.8.0 (commands, polls and lines too)",
  ignore: !nut,
  ...opts,
  fn: async () => {
    await modemLinesLib();
    await Promise.all(CASES.map(async ([what, tweak, expect]) => {
      const r = await both(tweak, ["-d", "1"], " modelname = SN-1000\n");
      assertEquals(r.o.code, r.t.code, r.o.stderr);
      const theirs = parseDump(r.t.stdout);
      assertEquals(parseDump(r.o.stdout), theirs, what);
      assert(theirs.includes(expect), theirs.join("\n"));
      // NUT polls again while it dumps: compare what both sent before
      const n = Math.min(r.nutSent.length, r.ourSent.length);
      assert(n >= 2, what);
      assertEquals(r.ourSent.slice(0, n), r.nutSent.slice(0, n), what);
      assertEquals(r.ourLines, r.nutLines, what);
      assertEquals(r.nutLines, ["dtr=1 rts=0", "dtr=1 rts=0", "dtr=0 rts=0"]);
    }));
  },
});

Deno.test({
  name: "safenet: no DSR, bad delays, -L and -k bytes as NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    assertEquals(
      await listVarLines([
        Deno.execPath(),
        "run",
        "-A",
        new URL("../../drivers/safenet.ts", import.meta.url).pathname,
      ]),
      await listVarLines(["/lib/nut/safenet"]),
    );
    const runs = await Promise.all([
      both(() => {}, ["-d", "1"], "", ""),
      both(() => {}, ["-d", "1"], " offdelay = 1000\n"),
      both(() => {}, ["-k"], " offdelay = 45\n ondelay = 1234\n"),
      both((m) => (m.onBattery = true), ["-k"], " offdelay = 7\n"),
    ]);
    const [noDsr, badDelay, kOnLine, kOnBatt] = runs;
    for (
      const [r, msg] of [
        [noDsr, "Serial cable problem or nothing attached"],
        [badDelay, "Shutdown delay '1000' out of range [0..999]"],
      ] as const
    ) {
      assertEquals(r.t.code, 1);
      assertEquals(r.o.code, 1);
      assert(r.t.stderr.includes(msg), r.t.stderr);
      assert(r.o.stderr.includes(msg), r.o.stderr);
      assertEquals(r.ourSent, r.nutSent);
    }
    assertEquals(kOnLine.nutSent, ["ZCADLIOPERJD", "ZAFAEFRBCDEO"]);
    assertEquals(kOnBatt.nutSent, ["ZCADLIOPERJD", "ZBASAAHWLPGE"]);
    for (const r of [kOnLine, kOnBatt]) {
      assertEquals(r.t.code, 0, r.t.stderr);
      assertEquals(r.o.code, 0, r.o.stderr);
      assertEquals(r.ourSent, r.nutSent);
      assertEquals(r.ourLines, r.nutLines);
    }
  },
});

const CMDS = [
  "test.battery.start",
  "test.battery.stop",
  "test.failure.start",
  "test.failure.stop",
  "beeper.mute",
  "beeper.mute",
  "beeper.enable",
  "beeper.off",
  "beeper.on",
  "beeper.toggle",
  "shutdown.return",
  "shutdown.reboot",
];

Deno.test({
  name: "safenet under NUT upsd: same command list and bytes as NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const lib = await modemLinesLib();
    const run = async (ours: boolean) => {
      const sim = new SafenetSim();
      const lines = await LineFiles.create("dsr");
      const argv = ours
        ? [
          Deno.execPath(),
          "run",
          "-A",
          new URL("../sim/lined_driver.ts", import.meta.url).pathname,
        ]
        : ["/lib/nut/safenet"];
      const env = ours
        ? { LINED_DRIVER: "safenet", ...lines.env() }
        : { LD_PRELOAD: lib, ...lines.env() };
      try {
        return await withUpsdFor(
          "safenet",
          argv,
          sim.path,
          async (s) => {
            const auth = ["-u", "admin", "-p", "pw", "-w", "-t", "20"];
            const list =
              (await runTool("/usr/bin/upscmd", ["-l", s.target], s.env))
                .out;
            const from = sim.commands.length;
            for (const c of CMDS) {
              const r = await runTool(
                "/usr/bin/upscmd",
                [...auth, s.target, c],
                s.env,
              );
              assertEquals(r.code, 0, `${c}: ${r.err}`);
            }
            await sim.drained();
            return { list, sent: sim.commands.slice(from) };
          },
          " offdelay = 20\n ondelay = 3\n",
          env,
        );
      } finally {
        await sim.close();
        await lines.remove();
      }
    };
    const [theirs, mine] = await Promise.all([run(false), run(true)]);
    assertEquals(mine.list, theirs.list);
    assertEquals(mine.sent, theirs.sent);
    assert(theirs.sent.includes("ZAFACARAAADO"), JSON.stringify(theirs.sent));
  },
});
