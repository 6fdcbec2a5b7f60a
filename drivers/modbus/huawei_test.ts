/**
 * huawei-ups2000 against a bad unit on a pty (pauses scaled down): bad
 * replies and silence are retried, then stale, and the next sane poll
 * recovers; an out-of-range charger state is stale too; a garbled or
 * missing identification is fatal at start-up. SET of the delays (our fix
 * over NUT) rounds as ups.conf values are.
 */
import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { ModbusSim } from "../../tests/sim/modbus.ts";
import { ups2000Map } from "../../tests/sim/modbus_devices.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import { openSerial } from "../../src/transport/serial.ts";
import { parseIdentification } from "./huawei_ident.ts";
import { Ups2000Driver, ups2000Value } from "./huawei.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const PACE = 0.05;
const open = (p: string) => Promise.resolve(openSerial(p, { speed: 9600 }));

Deno.test({
  name: "huawei-ups2000: bad replies and silence go stale, then recover",
  ...opts,
  fn: async () => {
    const sim = new ModbusSim(ups2000Map(), 1);
    await sim.rtu();
    const t = testCtx(sim.ptyPath);
    const d = new Ups2000Driver(t.ctx, open, PACE);
    try {
      await d.init();
      await d.update();
      assert(!t.state.stale);
      assertEquals(t.state.tree.get("ups.status"), "OL CHRG");
      for (const fault of ["garbled", "short", "silent"] as const) {
        sim.fault = fault;
        await d.update();
        assert(t.state.stale, `${fault}: not stale`);
        assertEquals(t.state.tree.get("input.voltage"), "230.1");
        sim.fault = "none";
        await d.update();
        assert(!t.state.stale, `${fault}: not recovered`);
      }
      sim.map.set("holding", 12002, 9); // outside 2..5: retried, then stale
      const before = sim.frames.length;
      await d.update();
      assert(t.state.stale);
      const charger = sim.hex(before).filter((f) => f === "032ee20001");
      assertEquals(charger.length, 3);
      sim.map.set("holding", 12002, 5);
      await d.update();
      assertEquals(t.state.tree.get("ups.status"), "OL DISCHRG");
      assertEquals(await d.setvar("ups.delay.shutdown", "100"), "handled");
      assertEquals(await d.setvar("ups.delay.start", "9999"), "invalid");
      assertEquals(await d.setvar("ups.delay.start", "61"), "handled");
      await d.update();
      assertEquals(t.state.tree.get("ups.delay.shutdown"), "102");
      assertEquals(t.state.tree.get("ups.delay.start"), "120");
    } finally {
      await d.close();
      await sim.close();
    }
  },
});

Deno.test({
  name: "huawei-ups2000: a garbled or missing identification is fatal",
  ...opts,
  fn: async () => {
    for (
      const [fault, why] of [
        ["garbled", "CRC verification failed"],
        ["silent", "unable to read from serial port"],
      ] as const
    ) {
      const sim = new ModbusSim(ups2000Map(), 1);
      await sim.rtu();
      sim.fault = fault;
      const d = new Ups2000Driver(testCtx(sim.ptyPath).ctx, open, PACE);
      try {
        await assertRejects(() => d.init(), DriverFatalError, why);
        assertEquals(sim.frames.length, 3, "three tries");
      } finally {
        await d.close();
        await sim.close();
      }
    }
  },
});

Deno.test({
  name: "huawei-ups2000: identification fields and C float formatting",
  permissions: "none",
  fn: () => {
    const desc = "1=UPS2000;2=V1;3=P1;4=ESN9;";
    const reply = new Uint8Array([
      1,
      0x2b,
      0x0e,
      3,
      3,
      0,
      0,
      2,
      0x87,
      4,
      0,
      0,
      0,
      1,
      0x88,
      desc.length,
      ...[...desc].map((c) => c.charCodeAt(0)),
      0,
      0,
    ]);
    assertEquals(parseIdentification(reply).slice(1, 5), [
      "UPS2000",
      "V1",
      "P1",
      "ESN9",
    ]);
    const noEsn = new Uint8Array([
      ...reply.slice(0, 15),
      20, // "1=UPS2000;2=V1;3=P1;"
      ...reply.slice(16, 36),
      0,
      0,
    ]);
    assertEquals(
      (() => {
        try {
          parseIdentification(noEsn);
          return "";
        } catch (e) {
          return (e as Error).message;
        }
      })(),
      "desc field 4 is missing!",
    );
    assertEquals(ups2000Value(2301, 10, 1), "230.1");
    assertEquals(ups2000Value(100, 0.01, 0), "10000");
    assertEquals(ups2000Value(45, 0.01, 1), "4500.0");
  },
});

Deno.test({
  name:
    "huawei-ups2000: bypass.start refused on a bad bypass input; shutdown timers",
  ...opts,
  fn: async () => {
    const sim = new ModbusSim(ups2000Map({ alarms: [[40161, 1]] }), 1);
    await sim.rtu();
    const t = testCtx(sim.ptyPath, { offdelay: "120", ondelay: "180" });
    const d = new Ups2000Driver(t.ctx, open, PACE);
    try {
      await d.init();
      await d.update();
      assertEquals(t.state.tree.get("ups.timer.shutdown"), "-1");
      // register 40161 holds an alarm: no bypass, nothing written
      assertEquals(await d.instcmd("bypass.start"), "failed");
      assertEquals(sim.map.writes, []);
      sim.map.set("holding", 40161 + 1024, 0);
      assertEquals(await d.instcmd("bypass.start"), "handled");
      assertEquals(sim.map.writes.map((w) => w.addr), [11045, 11030]);
      assertEquals(await d.instcmd("shutdown.return"), "handled");
      assertEquals(await d.instcmd("shutdown.reboot"), "handled");
      await d.update();
      const timer = (n: string) => Number(t.state.tree.get(`ups.timer.${n}`));
      assert(timer("shutdown") > 110 && timer("shutdown") <= 120);
      assert(timer("reboot") >= 0 && timer("reboot") <= 6);
      assert(timer("start") > 170 && timer("start") <= 186);
    } finally {
      await d.close();
      await sim.close();
    }
  },
});
