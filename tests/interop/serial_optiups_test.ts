/**
 * Differential tests: NUT 2.8.0's `optiups` and ours on the same Opti-UPS
 * or Zinto simulator on a pty (all cases at once). The `-d 1` dumps
 * (driver.* aside) and the queries up to the first poll must match for an
 * Opti-UPS unit (unsupported queries become "N/A") in several states and
 * flags, and for a Zinto unit; both give up alike on a silent port; `-L`
 * and the `-k` commands (on line, on battery) must match; under NUT's
 * upsd, every instant command (and Zinto's outlet switch) must send the
 * same commands.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { OptiModel, OptiSim } from "../sim/optiups.ts";
import { runTool, withNutUpsd } from "../sim/tripplite_ser.ts";
import {
  listVarLines,
  ourDriverArgv,
  parseDump,
  runNutDriver,
  runOurDriver,
} from "../sim/harness.ts";

const nut = haveNut();
const OURS = ourDriverArgv("optiups");
const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (path: string, extra = "") =>
  `[sim]\n driver = optiups\n port = ${path}\n${extra}`;

async function both(
  zinto: boolean,
  status: number,
  extra: string,
  args: string[],
  silent = false,
) {
  const a = new OptiSim(new OptiModel(zinto)),
    b = new OptiSim(new OptiModel(zinto));
  for (const s of [a, b]) {
    s.model.status = status;
    if (silent) s.model.values = {};
    if (silent) s.fault = "silent";
  }
  try {
    const [t, o] = await Promise.all([
      runNutDriver("optiups", conf(a.path, extra), args),
      runOurDriver("optiups", conf(b.path, extra), args),
    ]);
    await Promise.all([a.drained(), b.drained()]);
    return { t, o, nutSent: [...a.commands], ourSent: [...b.commands] };
  } finally {
    await a.close();
    await b.close();
  }
}

const CASES: Array<[boolean, number, string, string]> = [
  [false, 0x00, "", "ups.status: OL"],
  [false, 0x60, "", "ups.status: OB LB"],
  [false, 0x1a, " status_only\n", "ups.status: OVER RB OL OFF"],
  [false, 0x20, " fake_lowbatt\n nowarn_noimp\n", "ups.status: OB LB"],
  [true, 0x00, "", "ups.model: Zinto D 1000"],
];

Deno.test({
  name: "optiups -d 1 matches NUT 2.8.0 (Opti-UPS states and flags, Zinto)",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const runs = await Promise.all(
      CASES.map(([z, s, extra]) => both(z, s, extra, ["-d", "1"])),
    );
    runs.forEach((r, i) => {
      const expect = CASES[i]![3];
      assertEquals(r.o.code, r.t.code, r.o.stderr);
      const theirs = parseDump(r.t.stdout);
      assertEquals(parseDump(r.o.stdout), theirs, expect);
      assert(theirs.includes(expect), theirs.join("\n"));
      // the same queries up to the end of the first poll
      const n = r.nutSent.indexOf("AG", r.nutSent.indexOf("AG") + 1);
      assertEquals(r.ourSent.slice(0, n), r.nutSent.slice(0, n), expect);
    });
  },
});

Deno.test({
  name: "optiups: silent port, -L and -k commands as NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    assertEquals(
      await listVarLines(OURS),
      await listVarLines(["/lib/nut/optiups"]),
    );
    // -h: the variables, then the driver's own help text
    const help = async (argv: string[]) => {
      const out = new TextDecoder().decode(
        (await new Deno.Command(argv[0]!, { args: [...argv.slice(1), "-h"] })
          .output()).stdout,
      );
      return out.slice(out.indexOf("Acceptable values"));
    };
    const theirHelp = await help(["/lib/nut/optiups"]);
    assertEquals(await help(OURS), theirHelp);
    assert(theirHelp.includes("UPS 7 -> PC 5"), theirHelp);
    const [silent, kLine, kBatt] = await Promise.all([
      both(false, 0, "", ["-d", "1"], true),
      both(false, 0x00, "", ["-k"]),
      both(false, 0x20, "", ["-k"]),
    ]);
    assertEquals(silent.t.code, 1);
    assertEquals(silent.o.code, 1);
    for (const r of [silent.t, silent.o]) {
      assert(r.stderr.includes("can't retrieve model"), r.stderr);
    }
    assertEquals(silent.ourSent, silent.nutSent);
    assertEquals(kLine.nutSent, ["AG", "Ct1", "Cu00000600", "Cs00000080"]);
    assertEquals(kBatt.nutSent, ["AG", "Ct1", "Cs00000080"]);
    for (const r of [kLine, kBatt]) {
      assertEquals(r.t.code, 0, r.t.stderr);
      assertEquals(r.o.code, 0, r.o.stderr);
      assertEquals(r.ourSent, r.nutSent);
    }
  },
});

const POLLS = new Set(["AG", "NV", "OL", "OV", "FF", "BT", "BV", "OF", "NF"]);
const OPTI_CMDS = [
  "test.failure.start",
  "load.off",
  "load.on",
  "shutdown.return",
  "shutdown.stayoff",
  "shutdown.stop",
];

Deno.test({
  name: "optiups under NUT upsd: same listings and commands as NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const run = async (argv: string[], zinto: boolean) => {
      const sim = new OptiSim(new OptiModel(zinto));
      try {
        return await withNutUpsd("optiups", argv, sim.path, async (s) => {
          const auth = ["-u", "admin", "-p", "pw", "-w", "-t", "20"];
          const list =
            (await runTool("/usr/bin/upscmd", ["-l", s.target], s.env))
              .out;
          const rw = (await runTool("/usr/bin/upsrw", [s.target], s.env)).out;
          const from = sim.commands.length;
          const cmds = zinto
            ? OPTI_CMDS.filter((c) => c !== "shutdown.stop")
            : OPTI_CMDS;
          for (const c of cmds) {
            const r = await runTool(
              "/usr/bin/upscmd",
              [...auth, s.target, c],
              s.env,
            );
            assertEquals(r.code, 0, `${c}: ${r.err}`);
          }
          if (zinto) {
            const r = await runTool(
              "/usr/bin/upsrw",
              ["-s", "outlet.1.switch=0", ...auth, s.target],
              s.env,
            );
            assertEquals(r.code, 0, r.err);
          }
          await sim.drained();
          return {
            list,
            rw,
            sent: sim.commands.slice(from).filter((c) => !POLLS.has(c)),
          };
        });
      } finally {
        await sim.close();
      }
    };
    const [theirs, mine, theirsZ, mineZ] = await Promise.all([
      run(["/lib/nut/optiups"], false),
      run(OURS, false),
      run(["/lib/nut/optiups"], true),
      run(OURS, true),
    ]);
    assertEquals(mine, theirs);
    assertEquals(mineZ, theirsZ);
    assert(theirs.sent.includes("Cs-0000001"), JSON.stringify(theirs.sent));
    assert(theirsZ.sent.includes("Oi10"), JSON.stringify(theirsZ.sent));
  },
});
