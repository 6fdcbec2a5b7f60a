/**
 * sms_ser (NUT master only; Debian's NUT 2.8.0 lacks it) on the SMS
 * simulator over a pty. Expected values are worked out from NUT master's
 * sms_ser.c for the simulator's bytes: the `-d 1` dump per state (integer
 * tenths printed "%.2f", one status word), the F/I/Q start-up frames, the
 * `-k` frames (C then R after start-up), -L (rebootdelay), every instant
 * command's frame (shutdown.reboot's delay in base 10), SET of
 * ups.delay.reboot, and garbage, short answers and silence going stale
 * and recovering.
 */
import { assert, assertEquals } from "../assert.ts";
import { SmsModel, SmsSim, type SmsState } from "../sim/sms.ts";
import { parseDump, runOurDriver, startOurs } from "../sim/harness.ts";
import { def } from "../../drivers/sms_ser.ts";
import { strtolBase } from "../../drivers/sms_ser/protocol.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (path: string, extra = "") =>
  `[sim]\n driver = sms_ser\n port = ${path}\n${extra}`;
/** A request frame as the source builds it (hand-computed check bytes). */
const F = (letter: string, check: number, param = 255) => [
  letter.charCodeAt(0),
  param,
  255,
  255,
  255,
  check,
  13,
];
const FQ = F("Q", 0xb3), FF = F("F", 0xbe), FI = F("I", 0xbb);

const IDENT = [
  "device.model: NET4+1200VA",
  "ups.firmware: 2.1",
  "input.voltage.nominal: 115/220",
  "input.current.nominal: 005",
  "output.frequency.nominal: 60",
  "battery.voltage.nominal: 24",
  "battery.packs: 2",
  "input.voltage.extended: 0.00",
  "ups.temperature: 38.00",
  "ups.load: 35.00",
];
const EXPECT: Partial<Record<SmsState, string[]>> = {
  online: [
    "ups.beeper.status: enabled",
    "input.voltage: 220.00",
    "output.voltage: 119.00",
    "output.frequency: 60.00",
    "battery.charge: 100.00",
    "battery.voltage: 24.00",
    "battery.charger.status: resting",
    "ups.status: OL",
  ],
  battery: [
    "ups.beeper.status: enabled",
    "input.voltage: 0.00",
    "output.voltage: 115.00",
    "output.frequency: 60.00",
    "battery.charge: 87.00",
    "battery.voltage: 20.88",
    "battery.charger.status: discharging",
    "ups.status: OB",
  ],
  low: [
    "ups.beeper.status: disabled",
    "input.voltage: 220.00",
    "output.voltage: 119.00",
    "output.frequency: 60.00",
    "battery.charge: 15.00",
    "battery.voltage: 3.60",
    "battery.charger.status: charging",
    "ups.status: LB",
  ],
};

Deno.test({
  name: "sms_ser -d 1: start-up frames and values from NUT master's source",
  ...opts,
  fn: async () => {
    for (const state of ["online", "battery", "low"] as const) {
      const sim = new SmsSim(new SmsModel());
      sim.model.state = state;
      try {
        const o = await runOurDriver("sms_ser", conf(sim.path), ["-d", "1"]);
        assertEquals(o.code, 0, o.stderr);
        assertEquals(
          parseDump(o.stdout),
          [...IDENT, ...EXPECT[state]!].sort(),
          state,
        );
        await sim.drained();
        assertEquals(sim.frames.slice(0, 4), [FF, FI, FQ, FQ]);
      } finally {
        await sim.close();
      }
    }
  },
});

Deno.test({
  name: "sms_ser -k sends C then R after start-up; -L lists rebootdelay",
  ...opts,
  fn: async () => {
    const sim = new SmsSim();
    try {
      const o = await runOurDriver("sms_ser", conf(sim.path), ["-k"]);
      assertEquals(o.code, 0, o.stderr);
      await sim.drained();
      assertEquals(sim.frames, [FF, FI, FQ, F("C", 0xc1), F("R", 0xb2)]);
    } finally {
      await sim.close();
    }
    const l = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL("../../drivers/sms_ser.ts", import.meta.url).pathname,
        "-L",
      ],
    }).output();
    assertEquals(new TextDecoder().decode(l.stdout).split("\n").slice(1), [
      'VALUE rebootdelay "Set reboot delay, in seconds (default=64)."',
      "",
    ]);
  },
});

Deno.test({
  name:
    "sms_ser: command frames, SET, and garbage/short/silence go stale then recover",
  ...opts,
  fn: async () => {
    const sim = new SmsSim();
    const { running } = await startOurs(def, sim.path, { rebootdelay: "10" });
    try {
      const drv = running.driver;
      const cases: Array<[string, string | undefined, number[]]> = [
        ["test.battery.start", undefined, F("T", 0xa5, 10)],
        ["test.battery.start", "300", F("T", 0x83, 44)], // 300 % 256
        ["test.battery.start.quick", undefined, F("L", 0xb8)],
        ["test.battery.stop", undefined, F("D", 0xc0)],
        ["beeper.toggle", undefined, F("M", 0xb7)],
        ["shutdown.return", undefined, F("R", 0xb2)],
        ["shutdown.stop", undefined, F("C", 0xc1)],
        ["shutdown.reboot", undefined, F("S", 0xa6, 10)],
        ["shutdown.reboot", "30", F("S", 0x92, 30)],
      ];
      for (const [cmd, extra, frame] of cases) {
        const n = sim.frames.length;
        assertEquals(await drv.instcmd!(cmd, extra), "handled", cmd);
        await sim.drained();
        assertEquals(sim.frames.slice(n), [frame], `${cmd} ${extra}`);
      }
      assertEquals(await drv.instcmd!("load.off"), "unknown");
      // SET ups.delay.reboot 64: the default again
      assertEquals(await drv.setvar!("ups.delay.reboot", "64"), "handled");
      assertEquals(running.state.tree.get("ups.delay.reboot"), "64");
      let n = sim.frames.length;
      await drv.instcmd!("shutdown.reboot", "30");
      await sim.drained();
      // NUT bug: strtol("30", NULL, bootdelay) has no base 64, so NUT sends 0 s; ours 30 s
      assertEquals(strtolBase("30", 64), 0);
      assertEquals(sim.frames.slice(n), [F("S", 0x92, 30)]);
      assertEquals(await drv.setvar!("ups.delay.reboot", "-5"), "handled");
      assertEquals(running.state.tree.get("ups.delay.reboot"), "64");
      n = sim.frames.length;
      await running.update();
      assertEquals(sim.frames.slice(n), [FQ]);
      for (const fault of ["garbled", "short", "silent"] as const) {
        sim.fault = fault;
        sim.model.state = "battery";
        await running.update();
        assert(running.state.stale, fault);
        assertEquals(running.state.tree.get("ups.status"), "OL", fault);
        sim.fault = "none";
        await sim.drained();
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
  },
});
