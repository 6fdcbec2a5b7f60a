/**
 * apcsmart-old against the APC Smart simulator in-process: a silent or
 * garbling unit makes the poll stale without ending the driver and keeps
 * the last values; once sane again the next poll re-enters smart mode and
 * the data is fresh. Alerts pushed by the unit change the status at once.
 * Two instances keep their own capability state.
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { ApcSmartSim } from "../../tests/sim/apc_smart.ts";
import { openSerial } from "../../src/transport/serial.ts";
import { ApcSmartOldDriver } from "./driver.ts";

const open = (p: string) => Promise.resolve(openSerial(p, { speed: 2400 }));

Deno.test({
  name: "apcsmart-old: silence and garbage go stale, the driver recovers",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const sim = new ApcSmartSim(), old = new ApcSmartSim({ cmdset: null });
    const t = testCtx(sim.path), u = testCtx(old.path);
    const drv = new ApcSmartOldDriver(t.ctx, open);
    const drv2 = new ApcSmartOldDriver(u.ctx, open);
    try {
      await Promise.all([drv.init(), drv2.init()]);
      await Promise.all([drv.update(), drv2.update()]);
      assert(drv.writable.has("input.transfer.high"));
      assert(!drv2.writable.has("input.transfer.high")); // no ^Z on that one
      assertEquals(t.state.tree.get("ups.status"), "OL");
      for (const fault of ["silent", "garbled"] as const) {
        sim.fault = fault;
        await drv.update();
        assert(t.state.stale, `${fault}: not stale`);
        assertEquals(t.state.tree.get("input.voltage"), "118.3");
        sim.fault = "none";
        await drv.update();
        assert(!t.state.stale, `${fault}: not recovered`);
      }
      await sim.setState("battery"); // '!' pushed by the unit
      await drv.update();
      assertEquals(t.state.tree.get("ups.status"), "OB");
      assertEquals(await drv.instcmd("bypass.start"), "unknown"); // not in `a`
      assertEquals(await drv.setvar("ups.load", "5"), "unknown");
    } finally {
      await drv.close();
      await drv2.close();
      await sim.close();
      await old.close();
    }
  },
});

Deno.test({
  name:
    "apcsmart-old: a dangerous command runs only when repeated 3-15 s later",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const sim = new ApcSmartSim();
    const t = testCtx(sim.path);
    const drv = new ApcSmartOldDriver(t.ctx, open);
    try {
      await drv.init();
      await sim.drained();
      const from = sim.bytes().length;
      assertEquals(await drv.instcmd("shutdown.return"), "handled");
      await sim.drained();
      assertEquals(sim.bytes().slice(from), ""); // first ask: nothing sent
      drv.lastNasty -= 5; // as if asked five seconds ago
      assertEquals(await drv.instcmd("shutdown.return"), "handled");
      await sim.drained();
      assertEquals(sim.bytes().slice(from), "S");
      drv.lastNasty -= 20; // too late: the window is closed again
      assertEquals(await drv.instcmd("shutdown.return"), "handled");
      await sim.drained();
      assertEquals(sim.bytes().slice(from), "S");
    } finally {
      await drv.close();
      await sim.close();
    }
  },
});
