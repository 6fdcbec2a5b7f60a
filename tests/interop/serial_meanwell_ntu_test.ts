/**
 * meanwell_ntu (NUT master only; Debian's NUT 2.8.0 lacks it) on the NTU
 * simulator over a pty. The expected values are worked out from NUT
 * master's meanwell_ntu.c for the simulator's bytes: the `-d 1` dump per
 * power state, the start-up `I`, the `-k` bytes (initups, initinfo, then
 * C100000000000000 as master's main.c runs them), -L (no variables: NUT
 * adds none; the experimental warning), load.off/load.on bytes, and
 * garbage, short answers and silence making the data stale until the unit
 * is sane again.
 */
import { assert, assertEquals } from "../assert.ts";
import { NtuModel, NtuSim, type NtuState } from "../sim/meanwell_ntu.ts";
import { parseDump, runOurDriver, startOurs } from "../sim/harness.ts";
import { def } from "../../drivers/meanwell_ntu.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (path: string) =>
  `[sim]\n driver = meanwell_ntu\n port = ${path}\n`;
const bits = (on: number[]) =>
  [
    "inverter.mode",
    "bypass.mode",
    "utility.present",
    "charge.utility",
    "charge.solar",
    "saving.mode",
    "battery.low",
    "shutdown.mode",
    "battery.ovp",
    "remote.shutdown",
    "overload.level1",
    "overload.level2",
    "overload.level3",
    "overtemp",
    "inverter.uvp",
    "inverter.ovp",
    "inverter.fault",
    "eeprom.error",
    "system.shutdown",
  ].map((n, i) => `experimental.${n}: ${on.includes(i) ? 1 : 0}`);

const IDENT = [
  "battery.alarm.voltage: 22.0",
  "battery.shutdown.voltage: 20.5",
  "device.firmware: 01.8",
  "device.mfr: MEANWELL",
  "device.model: NTU-1200-124",
  "device.serial: LOC-0123456789",
  "ups.firmware: 01.8",
  "ups.mfr: MEANWELL",
  "ups.model: NTU-1200-124",
  "ups.serial: LOC-0123456789",
];

const EXPECT: Record<NtuState, string[]> = {
  utility: [
    ...IDENT,
    ...bits([2, 3]),
    "battery.charge: 100",
    "battery.voltage: 28.80",
    "input.voltage: 118",
    "output.voltage: 120.0",
    "ups.load: 11",
    "ups.mode: line-interactive",
    "ups.status: OL CHRG",
    "ups.temperature: 19.7",
  ],
  low: [
    ...IDENT,
    ...bits([0, 6]),
    "battery.charge: 15",
    "battery.voltage: 22.30",
    "input.voltage: 0",
    "output.frequency: 59.9",
    "output.voltage: 120.0",
    "ups.load: 25",
    "ups.mode: line-interactive",
    "ups.status: OB LB DISCHRG",
    "ups.temperature: 19.7",
  ],
  bypass: [
    ...IDENT,
    ...bits([1, 2]),
    "battery.charge: 100",
    "battery.voltage: 28.80",
    "input.voltage: 118",
    "output.voltage: 118",
    "ups.load: 11",
    "ups.mode: bypass",
    "ups.status: BYPASS OL",
    "ups.temperature: 19.7",
  ],
  battery: [],
  hot: [],
};

Deno.test({
  name: "meanwell_ntu -d 1 publishes what NUT master's source gives (3 states)",
  ...opts,
  fn: async () => {
    for (const state of ["utility", "low", "bypass"] as const) {
      const sim = new NtuSim(new NtuModel());
      sim.model.state = state;
      try {
        const o = await runOurDriver("meanwell_ntu", conf(sim.path), [
          "-d",
          "1",
        ]);
        assertEquals(o.code, 0, o.stderr);
        assertEquals(parseDump(o.stdout), [...EXPECT[state]].sort(), state);
        await sim.drained();
        assert(/^I\r(Q\r)+$/.test(sim.raw), JSON.stringify(sim.raw));
      } finally {
        await sim.close();
      }
    }
  },
});

Deno.test({
  name: "meanwell_ntu -k sends I then C100000000000000; -L lists no variable",
  ...opts,
  fn: async () => {
    const sim = new NtuSim();
    try {
      const o = await runOurDriver("meanwell_ntu", conf(sim.path), ["-k"]);
      assertEquals(o.code, 0, o.stderr);
      await sim.drained();
      assertEquals(sim.raw, "I\rC100000000000000\r");
      assertEquals(sim.model.loadOn, false);
    } finally {
      await sim.close();
    }
    const l = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL("../../drivers/meanwell_ntu.ts", import.meta.url).pathname,
        "-L",
      ],
    }).output();
    assertEquals(new TextDecoder().decode(l.stdout).split("\n").slice(1), [
      "Warning: This is an experimental driver.",
      "Some features may not function correctly.",
      "",
      "",
    ]);
  },
});

Deno.test({
  name:
    "meanwell_ntu: load commands' bytes; garbage, short and silence go stale, then recover",
  ...opts,
  fn: async () => {
    const sim = new NtuSim();
    sim.model.ident = null; // start-up goes on without the identity
    const { running } = await startOurs(def, sim.path);
    try {
      assertEquals(running.state.tree.get("ups.mfr"), undefined);
      assertEquals(running.state.tree.get("ups.status"), "OL CHRG");
      const from = sim.raw.length;
      assertEquals(await running.driver.instcmd!("load.off"), "handled");
      assertEquals(await running.driver.instcmd!("LOAD.ON"), "handled");
      assertEquals(await running.driver.instcmd!("shutdown.return"), "unknown");
      await sim.drained();
      assertEquals(sim.raw.slice(from), "C100000000000000\rC010000000000000\r");
      for (const fault of ["garbled", "short", "silent"] as const) {
        sim.fault = fault;
        sim.model.state = "battery";
        await running.update();
        assert(running.state.stale, fault);
        assertEquals(running.state.tree.get("ups.status"), "OL CHRG", fault);
        sim.fault = "none";
        await sim.drained();
        await running.update();
        assert(!running.state.stale, `${fault}: not recovered`);
        assertEquals(running.state.tree.get("ups.status"), "OB DISCHRG");
        sim.model.state = "utility";
        await running.update();
      }
    } finally {
      await running.stop();
      await sim.close();
    }
  },
});
