/**
 * Differential tests: NUT 2.8.0's `huawei-ups2000` and ours on twin
 * UPS2000 simulators (RTU on a pty, with the raw 0x2B/0x0E
 * identification): the same `-d 1` dumps and request frames for several
 * states (alarms, eco, bypass, alarm overflow), refusals (unknown model,
 * two units), `-L`, and under NUT's upsd the same listing and register
 * writes for every instant command and SET of ups.beeper.status.
 *
 * Fixed over NUT and asserted both ways: NUT answers bypass.start and
 * shutdown.return/reboot/reboot.graceful as unknown (its dispatcher refuses
 * a handler without a register), so its `-k` fails; ours write them.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { ModbusSim } from "../sim/modbus.ts";
import { ups2000Map, type Ups2000State } from "../sim/modbus_devices.ts";
import { runTool } from "../sim/tripplite_ser.ts";
import { withUpsdFor } from "../sim/upsd_serve.ts";
import {
  listVarLines,
  ourDriverArgv,
  parseDump,
  runNutDriver,
  runOurDriver,
} from "../sim/harness.ts";
import { UPS2000_ALARMS } from "../../drivers/modbus/huawei_tables.ts";

const nut = haveNut();
const OURS = ourDriverArgv("huawei_ups2000");
const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (port: string, extra = "") =>
  `[sim]\n driver = huawei-ups2000\n port = ${port}\n${extra}`;

const EVERY_ALARM = UPS2000_ALARMS.map((a) =>
  [a.reg, a.bit] as [number, number]
);
const CASES: Array<[string, Ups2000State, string, string]> = [
  ["on line, charging", {}, "", "ups.status: OL CHRG"],
  [
    "on battery, low, self-test, battery and overload alarms",
    {
      mode: 3,
      charger: 5,
      flags: 0x44,
      alarms: [[40164, 1], [40173, 5], [40161, 1]],
      beeperDisabled: true,
    },
    " offdelay = 100\n ondelay = 10\n rebootdelay = 9999\n",
    "ups.status: ALARM RB OVER OB CAL LB DISCHRG",
  ],
  ["eco mode, resting", { mode: 5, charger: 2 }, "", "ups.status: OL ECO"],
  [
    "bypass, every alarm (text too long)",
    {
      mode: 1,
      alarms: EVERY_ALARM,
    },
    "",
    "ups.alarm: UPS has 22 alarms in effect, check log for details!",
  ],
  ["unknown model", { model: "UPS5000" }, "", ""],
  ["two units listed", { units: 2 }, "", ""],
];

Deno.test({
  name: "huawei-ups2000 -d 1 matches NUT 2.8.0",
  ignore: !nut,
  ...opts,
  fn: async () => {
    await Promise.all(CASES.map(async ([name, state, extra, expect]) => {
      const a = new ModbusSim(ups2000Map(state), 1);
      const b = new ModbusSim(ups2000Map(state), 1);
      try {
        await a.rtu();
        await b.rtu();
        const [t, o] = await Promise.all([
          runNutDriver("huawei-ups2000", conf(a.ptyPath, extra), ["-d", "1"]),
          runOurDriver("huawei_ups2000", conf(b.ptyPath, extra), ["-d", "1"]),
        ]);
        assertEquals(o.code, t.code, `${name}: ${o.stderr}`);
        const theirs = parseDump(t.stdout);
        assertEquals(parseDump(o.stdout), theirs, name);
        if (expect) assert(theirs.includes(expect), theirs.join("\n"));
        else assert(t.code !== 0, name);
        await Promise.all([a.idle(), b.idle()]);
        const poll = (f: string[]) => f.slice(0, f.indexOf(f[1]!, 2));
        assertEquals(poll(b.hex()), poll(a.hex()), name);
      } finally {
        await a.close();
        await b.close();
      }
    }));
  },
});

Deno.test({
  name: "huawei-ups2000 -L matches NUT; -k powers off (NUT 2.8.0 refuses)",
  ignore: !nut,
  ...opts,
  fn: async () => {
    assertEquals(
      await listVarLines(OURS),
      await listVarLines(["/lib/nut/huawei-ups2000"]),
    );
    const a = new ModbusSim(ups2000Map(), 1),
      b = new ModbusSim(ups2000Map(), 1);
    try {
      await a.rtu();
      await b.rtu();
      const [t, o] = await Promise.all([
        runNutDriver("huawei-ups2000", conf(a.ptyPath), ["-k"]),
        runOurDriver("huawei_ups2000", conf(b.ptyPath), ["-k"]),
      ]);
      await Promise.all([a.idle(), b.idle()]);
      // bug: NUT refuses its own shutdown.reboot and writes nothing
      assert(t.code !== 0 && /upsdrv_shutdown failed/.test(t.stderr));
      assertEquals(a.map.writes, []);
      // ours: auto-start on, then off in 6 s (0.1 min), on after ondelay's
      // default 60 s (1 min), as NUT's shutdown.reboot handler writes
      assertEquals(o.code, 0, o.stderr);
      assertEquals(b.map.writes, [
        { fc: 16, addr: 11044, values: [1] },
        { fc: 16, addr: 11047, values: [1, 1] },
      ]);
    } finally {
      await a.close();
      await b.close();
    }
  },
});

/**
 * bug: NUT answers these as unknown (see the module doc); our writes, as
 * NUT's handlers would make them with offdelay 120, rebootdelay 30 and
 * ondelay 180 (off delays in tenths of minutes, on delay in minutes).
 */
const FIXED: Record<
  string,
  Array<{ fc: number; addr: number; values: number[] }>
> = {
  "bypass.start": [
    { fc: 16, addr: 11045, values: [1] },
    { fc: 16, addr: 11030, values: [1] },
  ],
  "shutdown.return": [
    { fc: 16, addr: 11044, values: [1] },
    { fc: 16, addr: 11047, values: [20, 3] },
  ],
  "shutdown.reboot": [
    { fc: 16, addr: 11044, values: [1] },
    { fc: 16, addr: 11047, values: [1, 3] },
  ],
  "shutdown.reboot.graceful": [
    { fc: 16, addr: 11044, values: [1] },
    { fc: 16, addr: 11047, values: [5, 3] },
  ],
};

const CMDS = [
  "test.battery.start.quick",
  "test.battery.start.deep",
  "test.battery.stop",
  "beeper.enable",
  "beeper.disable",
  "beeper.toggle",
  "load.off",
  "bypass.stop",
  "load.on",
  "bypass.start",
  "shutdown.stayoff",
  "shutdown.return",
  "shutdown.reboot",
  "shutdown.reboot.graceful",
];

Deno.test({
  name: "huawei-ups2000 under NUT upsd: same listing and writes as NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const run = async (argv: string[]) => {
      const sim = new ModbusSim(ups2000Map(), 1);
      await sim.rtu();
      try {
        return await withUpsdFor(
          "huawei-ups2000",
          argv,
          sim.ptyPath,
          async (s) => {
            const auth = ["-u", "admin", "-p", "pw", "-w", "-t", "20"];
            const rw = (await runTool("/usr/bin/upsrw", [s.target], s.env))
              .out;
            const cmds =
              (await runTool("/usr/bin/upscmd", ["-l", s.target], s.env)).out;
            const from = sim.map.writes.length;
            const r = await runTool(
              "/usr/bin/upsrw",
              ["-s", "ups.beeper.status=disabled", ...auth, s.target],
              s.env,
            );
            assertEquals(r.code, 0, r.err);
            const codes: string[] = [];
            const byCmd: Record<string, unknown[]> = {};
            for (const cmd of CMDS) {
              const at = sim.map.writes.length;
              const c = await runTool(
                "/usr/bin/upscmd",
                [...auth, s.target, cmd],
                s.env,
              );
              codes.push(`${cmd} ${c.code} ${c.err.trim()}`);
              byCmd[cmd] = sim.map.writes.slice(at);
            }
            const writes = sim.map.writes.slice(from);
            return { rw, cmds, codes, byCmd, writes };
          },
          " offdelay = 120\n ondelay = 180\n rebootdelay = 30\n",
        );
      } finally {
        await sim.close();
      }
    };
    const [theirs, mine] = await Promise.all([
      run(["/lib/nut/huawei-ups2000"]),
      run(OURS),
    ]);
    assertEquals(mine.rw, theirs.rw);
    assertEquals(mine.cmds, theirs.cmds);
    const handled = theirs.codes[CMDS.indexOf("load.off")]!
      .replace(/^load\.off /, "");
    const fixed = Object.keys(FIXED);
    for (const [i, cmd] of CMDS.entries()) {
      if (!fixed.includes(cmd)) {
        assertEquals(mine.codes[i], theirs.codes[i]);
        assertEquals(mine.byCmd[cmd], theirs.byCmd[cmd], cmd);
        continue;
      }
      assert(/ERR UNKNOWN/.test(theirs.codes[i]!), theirs.codes[i]);
      assertEquals(theirs.byCmd[cmd], [], cmd);
      assertEquals(mine.codes[i], `${cmd} ${handled}`);
      assertEquals(mine.byCmd[cmd], FIXED[cmd], cmd);
    }
    // the SET before the commands, then nothing but the fixed writes more
    assertEquals(mine.writes[0], theirs.writes[0]);
    assertEquals(
      mine.writes.length,
      theirs.writes.length + Object.values(FIXED).flat().length,
    );
    assert(
      theirs.writes.some((w) => w.addr === 11049 && w.values.join() === "20"),
      JSON.stringify(theirs.writes),
    );
  },
});
