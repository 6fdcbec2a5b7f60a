/**
 * Differential tests: NUT 2.8.0's `bestups` and ours read the same Phoenix
 * simulator on a pty (both at once). The `-d 1` dumps (driver.* aside) must
 * match for several models, states and ups.conf options; `-L` and the `-k`
 * bytes must match; under NUT's upsd both instant commands must send the
 * same bytes. Bad input (garbage, short, silence) stales ours and it
 * recovers.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut, waitFor } from "../net.ts";
import { PhoenixSim, type PhoenixState } from "../sim/best_phoenix.ts";
import { runTool, withNutUpsd } from "../sim/tripplite_ser.ts";
import {
  listVarLines,
  ourDriverArgv,
  parseDump,
  runNutDriver,
  runOurDriver,
  startOurs,
} from "../sim/harness.ts";
import { def } from "../../drivers/bestups.ts";

const nut = haveNut();
const OURS = ourDriverArgv("bestups");
const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (path: string, extra = "") =>
  `[sim]\n driver = bestups\n port = ${path}\n${extra}`;

interface Case {
  id: string;
  state: PhoenixState;
  extra: string;
  inverted?: boolean;
  temp?: string;
  expect: string;
}
const CASES: Case[] = [
  {
    id: "FOR,750,120,120,20.0,27.6",
    state: "online",
    extra: "",
    expect: "ups.status: OL",
  },
  {
    id: "PRO,1400,230,230,20.0,27.6",
    state: "boost",
    extra: "",
    inverted: true,
    expect: "ups.status: OL BOOST",
  },
  {
    id: "AX1,3000,120,120,40.0,55.2",
    state: "low",
    extra: " battvoltmult = 2\n",
    expect: "ups.status: OB LB",
  },
  {
    id: "FTC,1000,120,120,20.0,27.6",
    state: "trim",
    extra: " nombattvolt = 28.2\n",
    temp: "XX.X",
    expect: "ups.status: OL TRIM",
  },
  {
    id: "ZZZ,500,,120,20.0,27.6,99",
    state: "battery",
    extra: "",
    expect: "ups.status: OB",
  },
  {
    id: "",
    state: "online",
    extra: ' ID = "620,2000,240,240,40.0,55.2"\n',
    expect: "ups.mfr: Sola Australia",
  },
];

Deno.test({
  name: "bestups -d 1 matches NUT 2.8.0 (models, states, options)",
  ignore: !nut,
  ...opts,
  fn: async () => {
    await Promise.all(CASES.map(async (c) => {
      const sims = [new PhoenixSim(), new PhoenixSim()];
      for (const s of sims) {
        if (c.id) s.model.id = c.id;
        s.model.state = c.state;
        s.model.invertedBypass = !!c.inverted;
        if (c.temp) s.model.temperature = c.temp;
      }
      const [a, b] = sims as [PhoenixSim, PhoenixSim];
      try {
        const [t, o] = await Promise.all([
          runNutDriver("bestups", conf(a.path, c.extra), ["-d", "1"]),
          runOurDriver("bestups", conf(b.path, c.extra), ["-d", "1"]),
        ]);
        assertEquals(o.code, t.code, o.stderr);
        const theirs = parseDump(t.stdout);
        assertEquals(parseDump(o.stdout), theirs, c.id);
        assert(theirs.includes(c.expect), theirs.join("\n"));
        await Promise.all([a.drained(), b.drained()]);
        // start-up bytes up to the polls (their count depends on timing)
        const start = (raw: string) => raw.replace(/(\rQ1\r)+$/, "");
        assertEquals(start(b.raw), start(a.raw));
        assert(b.raw.includes("C\r\rQ1\r"), JSON.stringify(b.raw));
      } finally {
        await a.close();
        await b.close();
      }
    }));
  },
});

Deno.test({
  name: "bestups -L and -k bytes match NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    assertEquals(
      await listVarLines(OURS),
      await listVarLines(["/lib/nut/bestups"]),
    );
    await Promise.all((["online", "battery"] as const).map(async (state) => {
      const a = new PhoenixSim(), b = new PhoenixSim();
      a.model.state = b.model.state = state;
      try {
        const [t, o] = await Promise.all([
          runNutDriver("bestups", conf(a.path), ["-k"]),
          runOurDriver("bestups", conf(b.path), ["-k"]),
        ]);
        assertEquals(t.code, 0, t.stderr);
        assertEquals(o.code, 0, o.stderr);
        await Promise.all([a.drained(), b.drained()]);
        assertEquals(b.raw, a.raw);
        assertEquals(a.raw, "\rQ1\rS01R0001\r");
      } finally {
        await a.close();
        await b.close();
      }
    }));
  },
});

Deno.test({
  name: "bestups under NUT upsd: same command list and bytes as NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const run = async (argv: string[]) => {
      const sim = new PhoenixSim();
      try {
        return await withNutUpsd("bestups", argv, sim.path, async (s) => {
          const auth = ["-u", "admin", "-p", "pw", "-w", "-t", "20"];
          const list =
            (await runTool("/usr/bin/upscmd", ["-l", s.target], s.env)).out;
          const from = sim.commands.length;
          for (const cmd of ["test.battery.start", "test.battery.stop"]) {
            const r = await runTool(
              "/usr/bin/upscmd",
              [...auth, s.target, cmd],
              s.env,
            );
            assertEquals(r.code, 0, `${cmd}: ${r.err}`);
          }
          await sim.drained();
          return {
            list,
            sent: sim.commands.slice(from).filter((c) => c !== "Q1"),
          };
        });
      } finally {
        await sim.close();
      }
    };
    const [theirs, mine] = await Promise.all([
      run(["/lib/nut/bestups"]),
      run(OURS),
    ]);
    assertEquals(mine.list, theirs.list);
    assertEquals(mine.sent, theirs.sent);
    assertEquals(theirs.sent, ["T", "CT"]);
  },
});

Deno.test({
  name:
    "bestups on a pty: garbage and silence stale ours, a sane unit recovers it",
  ...opts,
  fn: async () => {
    const sim = new PhoenixSim();
    const { running } = await startOurs(def, sim.path);
    try {
      assert(!running.state.stale);
      for (const fault of ["garbled", "silent"] as const) {
        sim.fault = fault;
        await running.update();
        assert(running.state.stale, fault);
        sim.fault = "none";
        await sim.drained();
        await waitFor(async () => {
          await running.update();
          return !running.state.stale;
        });
      }
    } finally {
      await running.stop();
      await sim.close();
    }
  },
});
