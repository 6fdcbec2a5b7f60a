/**
 * Differential tests: NUT 2.8.0's `ivtscd` and ours on the same IVT
 * controller simulator on a pty (DTR/RTS through tests/sim/modem_lines.ts
 * for both). The `-d 1` dumps (driver.* aside) must match for charging,
 * discharging, low battery (also with `default.battery.voltage.low`) and
 * float values that need C's float rounding; both refuse a garbled first
 * answer alike; `-L` must match; `-k` must send the same `F` polls until
 * the battery is back at nominal; under NUT's upsd the command list and
 * `reset.input.minmax`'s byte must match.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut, waitFor } from "../net.ts";
import { IvtModel, IvtSim } from "../sim/ivtscd.ts";
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
  `[sim]\n driver = ivtscd\n port = ${path}\n${extra}`;

async function both(
  tweak: (m: IvtModel, sim: IvtSim) => void,
  args: string[],
  extra = "",
) {
  const a = new IvtSim(), b = new IvtSim();
  tweak(a.model, a);
  tweak(b.model, b);
  const la = await LineFiles.create(), lb = await LineFiles.create();
  try {
    const [t, o] = await Promise.all([
      runNutLined("ivtscd", conf(a.path, extra), args, la),
      runOurLined("ivtscd", conf(b.path, extra), args, lb),
    ]);
    await Promise.all([a.drained(), b.drained()]);
    return {
      t,
      o,
      nutRaw: a.raw,
      ourRaw: b.raw,
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

const CASES: Array<[string, (m: IvtModel) => void, string, string]> = [
  ["charging", () => {}, "", "ups.status: OL"],
  [
    "discharging",
    (m) => {
      m.amps = -3.35;
      m.volts = 11.93;
    },
    "",
    "ups.status: OB",
  ],
  [
    "low",
    (m) => {
      m.amps = -12.25;
      m.volts = 10.555;
      m.temp = 31.5;
    },
    "",
    "ups.status: OB LB",
  ],
  [
    "low by default.*",
    (m) => {
      m.amps = 0;
      m.volts = 11.4;
    },
    " default.battery.voltage.low = 11.5\n",
    "ups.status: OB LB",
  ],
];

Deno.test({
  name: "ivtscd -d 1 matches NUT 2.8.0 (states, C float rounding, lines)",
  ignore: !nut,
  ...opts,
  fn: async () => {
    await modemLinesLib();
    const runs = await Promise.all(
      CASES.map(([, tweak, extra]) => both(tweak, ["-d", "1"], extra)),
    );
    runs.forEach((r, i) => {
      const [what, , , expect] = CASES[i]!;
      assertEquals(r.o.code, r.t.code, r.o.stderr);
      const theirs = parseDump(r.t.stdout);
      assertEquals(parseDump(r.o.stdout), theirs, what);
      assert(theirs.includes(expect), theirs.join("\n"));
      assertEquals(r.ourLines, r.nutLines, what);
      assertEquals(r.nutLines, ["dtr=1 rts=0", "dtr=1 rts=0", "dtr=0 rts=0"]);
    });
  },
});

Deno.test({
  name: "ivtscd: garbled start, -L and -k as NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    assertEquals(
      await listVarLines([
        Deno.execPath(),
        "run",
        "-A",
        new URL("../../drivers/ivtscd.ts", import.meta.url).pathname,
      ]),
      await listVarLines(["/lib/nut/ivtscd"]),
    );
    const [bad, k] = await Promise.all([
      both((m) => (m.override = "R:12,5;1,1;x"), ["-d", "1"]),
      // below nominal for the first two polls, then back
      both((m, sim) => {
        m.volts = 11.2;
        let n = 0;
        const line = m.line.bind(m);
        m.line = () => (++n > 2 ? "R:12,31;1,0;20;11,2;12,31;0;1,0;" : line());
        void sim;
      }, ["-k"]),
    ]);
    assertEquals(bad.t.code, 1);
    assertEquals(bad.o.code, 1);
    for (const r of [bad.t, bad.o]) {
      assert(r.stderr.includes("IVT Solar Controller not detected"), r.stderr);
    }
    assertEquals(k.t.code, 0, k.t.stderr);
    assertEquals(k.o.code, 0, k.o.stderr);
    assertEquals(k.ourRaw, k.nutRaw);
    assertEquals(k.nutRaw, "FFF");
    assertEquals(k.ourLines, k.nutLines);
  },
});

Deno.test({
  name: "ivtscd under NUT upsd: same command list and bytes as NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const lib = await modemLinesLib();
    const run = async (ours: boolean) => {
      const sim = new IvtSim();
      const lines = await LineFiles.create();
      const argv = ours
        ? [
          Deno.execPath(),
          "run",
          "-A",
          new URL("../sim/lined_driver.ts", import.meta.url).pathname,
        ]
        : ["/lib/nut/ivtscd"];
      const env = ours
        ? { LINED_DRIVER: "ivtscd", ...lines.env() }
        : { LD_PRELOAD: lib, ...lines.env() };
      try {
        return await withUpsdFor(
          "ivtscd",
          argv,
          sim.path,
          async (s) => {
            const auth = ["-u", "admin", "-p", "pw", "-w", "-t", "20"];
            const list =
              (await runTool("/usr/bin/upscmd", ["-l", s.target], s.env))
                .out;
            const r = await runTool(
              "/usr/bin/upscmd",
              [...auth, s.target, "reset.input.minmax"],
              s.env,
            );
            assertEquals(r.code, 0, r.err);
            await waitFor(() => sim.raw.includes("L"), 5000);
            return { list, sent: sim.raw.replace(/F/g, "") };
          },
          "",
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
    assertEquals(theirs.sent, "L");
  },
});
