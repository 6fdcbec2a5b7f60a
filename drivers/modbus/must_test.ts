/**
 * must_ep2000pro in-process against its simulator on a pty: the commands'
 * and SETs' register writes as NUT's source makes them (the battery bounds
 * double on a 24 V unit) but for the voltage setting, which NUT master
 * writes to the frequency register 31000 and we to 31001; bad replies go
 * stale, then recover.
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { ModbusSim } from "../../tests/sim/modbus.ts";
import { mustMap } from "../../tests/sim/modbus_devices.ts";
import { openModbusRtuClient } from "./link.ts";
import { MustEp2000ProDriver } from "./must.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name: "must_ep2000pro: commands, SET, bad replies",
  ...opts,
  fn: async () => {
    const sim = new ModbusSim(mustMap(), 10);
    await sim.rtu();
    const t = testCtx(sim.ptyPath);
    const d = new MustEp2000ProDriver(
      t.ctx,
      (p, s) =>
        openModbusRtuClient(p, {
          ...s,
          timeouts: { responseMs: 80, byteMs: 40 },
        }),
    );
    try {
      await d.init();
      await d.update();
      assert(!t.state.stale);
      assertEquals(await d.instcmd("beeper.disable"), "handled");
      assertEquals(await d.instcmd("BEEPER.ENABLE"), "handled");
      assertEquals(await d.instcmd("shutdown.return"), "handled");
      assertEquals(await d.instcmd("load.off"), "unknown");
      assertEquals(await d.setvar("battery.voltage.low", "11.5"), "failed");
      assertEquals(await d.setvar("battery.voltage.low", "22.05"), "handled");
      assertEquals(t.state.tree.get("battery.voltage.low"), "22.1");
      assertEquals(await d.setvar("battery.voltage.high", "29"), "handled");
      assertEquals(await d.setvar("output.voltage.nominal", "240"), "failed");
      assertEquals(await d.setvar("output.voltage.nominal", "220"), "handled");
      // read back: the unit now reports 220 V and still 50 Hz (NUT's write
      // of 220 to 31000 would make the next poll report 60 Hz)
      await d.update();
      assertEquals(t.state.tree.get("output.voltage.nominal"), "220");
      assertEquals(t.state.tree.get("output.frequency.nominal"), "50");
      assertEquals(await d.setvar("output.frequency.nominal", "60"), "handled");
      assertEquals(await d.setvar("ups.delay.start", "6"), "unknown");
      assertEquals(
        sim.map.writes.map((w) => [w.fc, w.addr, ...w.values]),
        [
          [16, 31006, 1],
          [16, 31006, 0],
          [16, 32002, 1],
          [16, 31002, 220],
          [16, 31003, 290],
          // bug: NUT master writes [16, 31000, 220] here (frequency register)
          [16, 31001, 220],
          [16, 31000, 1],
        ],
      );
      for (const fault of ["garbled", "short", "silent"] as const) {
        sim.fault = fault;
        await d.update();
        assert(t.state.stale, `${fault}: not stale`);
        sim.fault = "none";
        await d.update();
        assert(!t.state.stale, `${fault}: not recovered`);
      }
      sim.map.set("holding", 30002, 9); // no such work state
      await d.update();
      assert(t.state.stale);
    } finally {
      await d.close();
      await sim.close();
    }
  },
});
