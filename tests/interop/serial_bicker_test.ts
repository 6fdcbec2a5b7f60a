/**
 * bicker_ser (NUT master only; Debian's NUT 2.8.0 lacks it) on the
 * Bicker simulator over a pty. Expected values are worked out from NUT
 * master's bicker_ser.c for the simulator's packets: start-up requests,
 * the `-d 1` dump per state (parameters published RW with their ranges,
 * "" when disabled, strings cut at NUL, an unsupported string skipped),
 * `-k` (03/32 with ups.delay.shutdown), -L, shutdown.return, SETs
 * (enable, disable back to the standard value), and garbage, short
 * answers and silence going stale and recovering.
 */
import { assert, assertEquals } from "../assert.ts";
import { BickerModel, BickerSim, type BickerState } from "../sim/bicker.ts";
import { parseDump, runOurDriver, startOurs } from "../sim/harness.ts";
import { def } from "../../drivers/bicker_ser.ts";
import { FLAG } from "../../src/state/tree.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (path: string) => `[sim]\n driver = bicker_ser\n port = ${path}\n`;
const P = (idx: number, cmd: number, data: number[] = []) => [
  1,
  3 + data.length,
  idx,
  cmd,
  ...data,
  4,
];
const STARTUP = [
  P(1, 0x63),
  P(1, 0x64),
  P(1, 0x65),
  ...[2, 4, 5, 7, 1, 3, 6, 8, 9].map((id) => P(7, id)),
  P(1, 0x60),
  P(1, 0x61),
  P(1, 0x62),
];
const POLL = [0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x4a, 0x48, 0x47, 0x40].map(
  (c) => P(1, c),
);

const STATIC = [
  "ups.firmware: 1.3",
  "battery.type: BP2.0-0096",
  "ups.delay.shutdown: 120",
  "ups.delay.start: 10",
  "battery.charge.restart: 50",
  "battery.charge.low: 25",
  "experimental.output.current.low: ",
  "experimental.ups.delay.shutdown.signal: 30",
  "experimental.ups.delay.shutdown.signal.masked: ",
  "experimental.battery.charge.low.empty: 10",
  "experimental.ups.relay.mode: 1",
  "device.mfr: BICKER",
  "device.serial: 1234567",
  "device.model: UPSIC-2403D",
  "input.voltage: 24.1",
  "output.voltage: 24.005",
  "output.current: 0.980",
  "battery.voltage: 10.512",
  "battery.temperature: 24.8",
  "battery.status: 97%",
];
const EXPECT: Record<BickerState, string[]> = {
  charging: [
    "input.current: 1.250",
    "battery.current: 0.150",
    "battery.charge: 85",
    "battery.charger.status: charging",
    "ups.status: CHRG OL",
  ],
  battery: [
    "input.current: 0.000",
    "battery.current: -0.320",
    "battery.charge: 85",
    "battery.charger.status: discharging",
    "ups.status: DISCHRG OB",
  ],
  low: [
    "input.current: 0.000",
    "battery.current: -0.320",
    "battery.charge: 15",
    "battery.charger.status: discharging",
    "ups.status: LB DISCHRG OB",
  ],
  overcurrent: [
    "input.current: 0.000",
    "battery.current: 0.000",
    "battery.charge: 85",
    "battery.charger.status: resting",
    "ups.status: OL OVER",
  ],
};

Deno.test({
  name: "bicker_ser -d 1: start-up packets and values from NUT master's source",
  ...opts,
  fn: async () => {
    for (
      const state of ["charging", "battery", "low", "overcurrent"] as const
    ) {
      const sim = new BickerSim(new BickerModel());
      sim.model.state = state;
      try {
        const o = await runOurDriver("bicker_ser", conf(sim.path), ["-d", "1"]);
        assertEquals(o.code, 0, o.stderr);
        assertEquals(
          parseDump(o.stdout),
          [...STATIC, ...EXPECT[state]].sort(),
          state,
        );
        await sim.drained();
        assertEquals(sim.packets.slice(0, STARTUP.length + POLL.length), [
          ...STARTUP,
          ...POLL,
        ]);
      } finally {
        await sim.close();
      }
    }
  },
});

Deno.test({
  name:
    "bicker_ser -k sends 03/32 with ups.delay.shutdown; -L lists no variable",
  ...opts,
  fn: async () => {
    const sim = new BickerSim();
    try {
      const o = await runOurDriver("bicker_ser", conf(sim.path), ["-k"]);
      assertEquals(o.code, 0, o.stderr);
      await sim.drained();
      assertEquals(sim.packets, [...STARTUP, P(3, 0x32, [120])]);
      assertEquals(sim.model.shutdowns, [120]);
    } finally {
      await sim.close();
    }
    const l = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL("../../drivers/bicker_ser.ts", import.meta.url).pathname,
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
    "bicker_ser: flags and ranges, SET, shutdown.return; garbage, short and silence go stale, then recover",
  ...opts,
  fn: async () => {
    const sim = new BickerSim();
    sim.model.temperature = null; // not every pack has it: no stale data
    const { running } = await startOurs(def, sim.path);
    try {
      const t = running.state.tree, drv = running.driver;
      const v = t.getVar("ups.delay.shutdown")!;
      assertEquals(v.flags, FLAG.RW | FLAG.STRING);
      assertEquals(v.aux, 5);
      assertEquals(v.ranges, [[1, 3600]]);
      assertEquals(t.getVar("experimental.battery.charge.low.empty")!.ranges, [
        [0, 65535],
      ]); // a corrupt minimum: the full range
      assert(!running.state.stale);
      assertEquals(t.get("battery.temperature"), undefined);
      let n = sim.packets.length;
      assertEquals(await drv.setvar!("ups.delay.start", "300"), "handled");
      assertEquals(t.get("ups.delay.start"), "300");
      assertEquals(sim.packets.slice(n), [P(7, 4, [1, 0x2c, 0x01])]);
      n = sim.packets.length;
      // "" disables: the standard value (60) is written with enabled = 0
      assertEquals(await drv.setvar!("ups.delay.shutdown", ""), "handled");
      assertEquals(sim.packets.slice(n), [P(7, 2), P(7, 2, [0, 60, 0])]);
      assertEquals(t.get("ups.delay.shutdown"), undefined);
      assertEquals(await drv.setvar!("ups.id", "x"), "unknown");
      n = sim.packets.length;
      assertEquals(await drv.instcmd!("shutdown.return"), "handled");
      assertEquals(sim.packets.slice(n), [P(3, 0x32, [0])]);
      // disabling battery.charge.low removes it; polls go on (NUT crashes)
      assertEquals(await drv.setvar!("battery.charge.low", ""), "handled");
      sim.model.state = "low";
      await running.update();
      assertEquals(t.get("ups.status"), "DISCHRG OB");
      sim.model.state = "charging";
      await running.update();
      for (const fault of ["garbled", "short", "silent"] as const) {
        sim.fault = fault;
        sim.model.state = "battery";
        await running.update();
        assert(running.state.stale, fault);
        assertEquals(t.get("ups.status"), "CHRG OL", fault);
        sim.fault = "none";
        await running.update();
        assert(!running.state.stale, `${fault}: not recovered`);
        assertEquals(t.get("ups.status"), "DISCHRG OB");
        sim.model.state = "charging";
        await running.update();
      }
    } finally {
      await running.stop();
      await sim.close();
    }
  },
});
