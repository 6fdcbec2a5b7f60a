/**
 * Differential tests: NUT 2.8.0's `adelsystem_cbi` and ours read twin
 * ADELSYSTEM CBI simulators over Modbus/TCP and RTU (a "/dev/tty" link to
 * a pty): the same `-d 1` dumps (NUT's quirks included: the fallback
 * model, the doubled and overrun battery alarms, the 254-character alarm
 * text) and request frames; the same `-L`; the same `-k` frames; load.off
 * under NUT's upsd writes what NUT writes.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { ModbusSim } from "../sim/modbus.ts";
import { adelMap, type AdelState } from "../sim/modbus_devices.ts";
import { runTool } from "../sim/tripplite_ser.ts";
import { withUpsdFor } from "../sim/upsd_serve.ts";
import { parseDump, runNutDriver, runOurDriver } from "../sim/harness.ts";

const nut = haveNut();
const OURS = [
  Deno.execPath(),
  "run",
  "-A",
  new URL("../../drivers/adelsystem_cbi.ts", import.meta.url).pathname,
];
const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (port: string, extra = "") =>
  `[sim]\n driver = adelsystem_cbi\n port = ${port}\n${extra}`;

const CASES: Array<[string, AdelState, string, string]> = [
  ["on line, bulk charging", {}, "", "ups.status: OL CHRG"],
  [
    "on battery, low, every alarm",
    { 45: 1, 5: 0, 34: 6, 31: 0x3f, 42: 7, 32: 0x47, 44: 1, 46: 1 },
    "",
    "ups.status: ALARM OB LB CHRG DISCHRG",
  ],
  [
    "shutdown requested, boost, floating, high battery, low input",
    { 45: 2, 5: 2, 4: 4, 34: 1, 44: 2, 67: 3, 22: 0, 31: 0x08 },
    " dev_slave_id = 9\n",
    "ups.status: ALARM OL FSD HB BOOST",
  ],
];

Deno.test({
  name: "adelsystem_cbi -d 1 matches NUT 2.8.0 over TCP and RTU",
  ignore: !nut,
  ...opts,
  fn: async () => {
    for (const mode of ["tcp", "rtu"] as const) {
      for (const [name, state, extra, expect] of CASES) {
        const unit = extra ? 9 : 5;
        const a = new ModbusSim(adelMap(state), unit);
        const b = new ModbusSim(adelMap(state), unit);
        try {
          const pa = mode === "tcp" ? a.tcp() : await a.rtu();
          const pb = mode === "tcp" ? b.tcp() : await b.rtu();
          const [t, o] = await Promise.all([
            runNutDriver("adelsystem_cbi", conf(pa, extra), ["-d", "1"]),
            runOurDriver("adelsystem_cbi", conf(pb, extra), ["-d", "1"]),
          ]);
          assertEquals(o.code, t.code, o.stderr);
          const theirs = parseDump(t.stdout);
          assertEquals(parseDump(o.stdout), theirs, `${mode}: ${name}`);
          assert(theirs.includes(expect), theirs.join("\n"));
          await Promise.all([a.idle(), b.idle()]);
          assertEquals(b.hex()[0], a.hex()[0]);
          assertEquals(a.hex()[0], "0300000078"); // 120 registers from 0
        } finally {
          await a.close();
          await b.close();
        }
      }
    }
  },
});

Deno.test({
  name: "adelsystem_cbi -L and -k frames match NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const lst = async (argv: string[]) =>
      new TextDecoder().decode(
        (await new Deno.Command(argv[0]!, { args: [...argv.slice(1), "-L"] })
          .output()).stdout,
      ).split("\n").slice(1);
    assertEquals(await lst(OURS), await lst(["/lib/nut/adelsystem_cbi"]));
    for (const mode of ["tcp", "rtu"] as const) {
      const a = new ModbusSim(adelMap(), 5), b = new ModbusSim(adelMap(), 5);
      try {
        const pa = mode === "tcp" ? a.tcp() : await a.rtu();
        const pb = mode === "tcp" ? b.tcp() : await b.rtu();
        const [t, o] = await Promise.all([
          runNutDriver("adelsystem_cbi", conf(pa), ["-k"]),
          runOurDriver("adelsystem_cbi", conf(pb), ["-k"]),
        ]);
        assertEquals([t.code, o.code], [0, 0], t.stderr + o.stderr);
        await Promise.all([a.idle(), b.idle()]);
        assertEquals(b.hex(), a.hex());
        assertEquals(a.hex(), ["0600280001"]);
      } finally {
        await a.close();
        await b.close();
      }
    }
  },
});

Deno.test({
  name: "adelsystem_cbi load.off under NUT upsd writes what NUT writes",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const run = async (argv: string[]) => {
      const sim = new ModbusSim(adelMap(), 5);
      try {
        return await withUpsdFor(
          "adelsystem_cbi",
          argv,
          sim.tcp(),
          async (s) => {
            const cmds =
              (await runTool("/usr/bin/upscmd", ["-l", s.target], s.env)).out;
            const from = sim.map.writes.length;
            const r = await runTool(
              "/usr/bin/upscmd",
              [
                "-u",
                "admin",
                "-p",
                "pw",
                "-w",
                "-t",
                "20",
                s.target,
                "load.off",
              ],
              s.env,
            );
            assertEquals(r.code, 0, r.err);
            return { cmds, writes: sim.map.writes.slice(from) };
          },
        );
      } finally {
        await sim.close();
      }
    };
    const [theirs, mine] = await Promise.all([
      run(["/lib/nut/adelsystem_cbi"]),
      run(OURS),
    ]);
    assertEquals(mine, theirs);
    assertEquals(theirs.writes, [{ fc: 6, addr: 40, values: [1] }]);
  },
});
