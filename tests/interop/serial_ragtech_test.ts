/**
 * ragtech (NUT master only; Debian's NUT 2.8.0 lacks it) on the Ragtech
 * register simulator over a pty. Expected values are worked out from NUT
 * master's ragtech.c for the simulator's registers: the start-up frames,
 * the `-d 1` dump per state, `va`/`iout_calib` overrides (the 0xF3
 * register wins over iout_calib when set), `-k` (refused without
 * allow_shutdown; AND 0x80 with 0xFE and a 30 s timer with it), -L, the
 * guarded commands' frames, and garbage, short answers and silence going
 * stale and recovering.
 */
import { assert, assertEquals } from "../assert.ts";
import {
  RagtechModelSim,
  RagtechSim,
  type RagtechState,
} from "../sim/ragtech.ts";
import { parseDump, runOurDriver, startOurs } from "../sim/harness.ts";
import { def } from "../../drivers/ragtech.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (path: string, extra = "") =>
  `[sim]\n driver = ragtech\n port = ${path}\n${extra}`;
const HANDSHAKE = [0xff, 0xfe, 0x00, 0x8e, 0x01, 0x8f];
const READ_MAIN = [0xaa, 4, 0x00, 0x80, 30, 0x9e];
const READ_F3 = [0xaa, 4, 0x00, 0xf3, 1, 0xf4];
const READ_OSC = [0xaa, 4, 0x02, 0x02, 2, 0x06];
const STAYOFF = [[0xaa, 2, 0x00, 0x80, 0xfe, 0x7e], [
  0xaa,
  1,
  0x00,
  0x98,
  30,
  0xb6,
]];

const STATIC = [
  "device.mfr: Ragtech",
  "device.model: Easy 2000 TI",
  "ups.mfr: Ragtech",
  "ups.model: Easy 2000 TI",
  "ups.power.nominal: 2000",
  "ups.realpower.nominal: 1400",
  "input.voltage.nominal: 115",
  "output.voltage.nominal: 115",
  "battery.voltage.nominal: 24",
  "ups.firmware: 2.3",
];
const MEASURED = [
  "battery.charge: 100.0",
  "battery.voltage: 26.80",
  "input.voltage: 116.6",
  "output.voltage: 119.9",
  "output.current: 9.96",
  "ups.load: 59.7",
  "ups.temperature: 35",
  "output.frequency: 60.00",
];
const STATUS: Partial<Record<RagtechState, string[]>> = {
  online: ["ups.status: OL"],
  low: ["ups.status: OB LB"],
  hot: ["ups.status: ALARM OL", "ups.alarm: Overtemperature"],
  oldbattery: ["ups.status: OL OVER RB"],
  test: ["ups.status: OL CAL"],
};

Deno.test({
  name: "ragtech -d 1: start-up frames and values from NUT master's source",
  ...opts,
  fn: async () => {
    for (
      const state of ["online", "low", "hot", "oldbattery", "test"] as const
    ) {
      const sim = new RagtechSim();
      sim.model.state = state;
      try {
        const o = await runOurDriver("ragtech", conf(sim.path), ["-d", "1"]);
        assertEquals(o.code, 0, o.stderr);
        assertEquals(
          parseDump(o.stdout),
          [...STATIC, ...MEASURED, ...STATUS[state]!].sort(),
          state,
        );
        await sim.drained();
        assertEquals(sim.frames.slice(0, 5), [
          HANDSHAKE,
          READ_MAIN,
          READ_F3,
          READ_OSC,
          READ_MAIN,
        ]);
      } finally {
        await sim.close();
      }
    }
  },
});

Deno.test({
  name: "ragtech: va and iout_calib overrides; unknown model id",
  ...opts,
  fn: async () => {
    const sim = new RagtechSim(new RagtechModelSim(42));
    try {
      sim.model.regs[0xf3] = 0; // no calibration: iout_calib applies
      const o = await runOurDriver(
        "ragtech",
        conf(sim.path, " va = 1000\n iout_calib = 8\n"),
        ["-d", "1"],
      );
      assertEquals(o.code, 0, o.stderr);
      const d = parseDump(o.stdout);
      // fallback profile: 6.37 A scale, 0.067 V battery scale, 115 V
      for (
        const line of [
          "ups.model: Unknown",
          "ups.power.nominal: 1000",
          "ups.realpower.nominal: 700",
          "battery.voltage.nominal: 12",
          "battery.voltage: 13.40",
          "output.current: 7.96", // 10 * 6.37 / 8
          "ups.load: 95.5", // 119.88 * 7.9625 / 1000 * 100
        ]
      ) assert(d.includes(line), `${line}\n${d.join("\n")}`);
    } finally {
      await sim.close();
    }
  },
});

Deno.test({
  name: "ragtech -k: refused without allow_shutdown, AND + timer with it; -L",
  ...opts,
  fn: async () => {
    const sim = new RagtechSim();
    try {
      const no = await runOurDriver("ragtech", conf(sim.path), ["-k"]);
      assertEquals(no.code, 1);
      await sim.drained();
      assertEquals(sim.frames, [HANDSHAKE, READ_MAIN, READ_F3, READ_OSC]);
      sim.frames.length = 0;
      const yes = await runOurDriver(
        "ragtech",
        conf(sim.path, " allow_shutdown\n"),
        ["-k"],
      );
      assertEquals(yes.code, 0, yes.stderr);
      await sim.drained();
      assertEquals(sim.frames, [
        HANDSHAKE,
        READ_MAIN,
        READ_F3,
        READ_OSC,
        ...STAYOFF,
      ]);
      assertEquals(sim.model.regs[0x80], 0);
      assertEquals(sim.model.regs[0x98], 30);
    } finally {
      await sim.close();
    }
    const l = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL("../../drivers/ragtech.ts", import.meta.url).pathname,
        "-L",
      ],
    }).output();
    const lines = new TextDecoder().decode(l.stdout).split("\n").slice(1);
    assertEquals(lines.slice(0, 3), [
      "Warning: This is an experimental driver.",
      "Some features may not function correctly.",
      "",
    ]);
    assertEquals(
      lines.slice(3).map((s) => s.split(" ").slice(0, 2).join(" ")),
      [
        "VALUE iout_calib",
        "VALUE va",
        "FLAG allow_shutdown",
        "",
      ],
    );
  },
});

Deno.test({
  name:
    "ragtech: command frames; garbage, short and silence go stale, then recover",
  ...opts,
  fn: async () => {
    const sim = new RagtechSim();
    const { running } = await startOurs(def, sim.path, {}, ["allow_shutdown"]);
    try {
      const drv = running.driver;
      const cases: Array<[string, number[][]]> = [
        ["shutdown.stop", [[0xaa, 1, 0x00, 0x98, 0, 0x98]]],
        ["shutdown.stayoff", STAYOFF],
        ["SHUTDOWN.RETURN", STAYOFF],
        ["test.battery.start.deep", [
          [0xaa, 2, 0x00, 0x90, 0xfd, 0x8d],
          [0xaa, 3, 0x00, 0x90, 0x04, 0x94],
          [0xaa, 3, 0x00, 0x95, 0x80, 0x15],
        ]],
      ];
      for (const [cmd, frames] of cases) {
        const n = sim.frames.length;
        assertEquals(await drv.instcmd!(cmd), "handled", cmd);
        await sim.drained();
        assertEquals(sim.frames.slice(n), frames, cmd);
      }
      assertEquals(await drv.instcmd!("load.off"), "unknown");
      // the deep test set the self-test bit in the unit's register
      await running.update();
      assertEquals(running.state.tree.get("ups.status"), "OL CAL");
      sim.model.regs[0x90] = 0;
      await running.update();
      assertEquals(running.state.tree.get("ups.status"), "OL");
      for (const fault of ["garbled", "short", "silent"] as const) {
        sim.fault = fault;
        sim.model.state = "battery";
        await running.update();
        assert(running.state.stale, fault);
        assertEquals(running.state.tree.get("ups.status"), "OL", fault);
        sim.fault = "none";
        await running.update();
        assert(!running.state.stale, `${fault}: not recovered`);
        assertEquals(running.state.tree.get("ups.status"), "OB");
        sim.model.state = "online";
        await running.update();
      }
    } finally {
      await running.stop();
      await sim.close();
    }
    // without allow_shutdown the guarded commands are refused, unsent
    const sim2 = new RagtechSim();
    const b = await startOurs(def, sim2.path);
    try {
      const n = sim2.frames.length;
      assertEquals(await b.running.driver.instcmd!("shutdown.stop"), "invalid");
      await sim2.drained();
      assertEquals(sim2.frames.length, n);
      assertEquals(b.running.state.tree.cmds?.().length ?? 0, 0);
    } finally {
      await b.running.stop();
      await sim2.close();
    }
  },
});
