/**
 * solis against the pty simulator in-process (short waits): silence,
 * noise and cut packets make the data stale (NUT 2.8.0 keeps the last
 * values fresh) without ending the driver; a spoiled checksum keeps the
 * last values; a sane stream brings fresh data back. Two instances learn
 * their own model.
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { MicrosolSim, MS_FLAG } from "../../tests/sim/microsol.ts";
import { openMicrosolPort } from "./link.ts";
import { SolisDriver } from "./solis.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name: "solis: bad input goes stale, the driver keeps going and recovers",
  ...opts,
  fn: async () => {
    const sim = new MicrosolSim({ model: 173, relay: 190 }, 40);
    const other = new MicrosolSim({ model: 186 }, 40);
    const t = testCtx(sim.path), u = testCtx(other.path);
    const drv = new SolisDriver(t.ctx, openMicrosolPort, 300);
    const bz = new SolisDriver(u.ctx, openMicrosolPort, 300);
    try {
      await Promise.all([drv.init(), bz.init()]);
      await Promise.all([drv.update(), bz.update()]);
      assertEquals(t.state.tree.get("ups.model"), "Solis 1.5");
      assertEquals(
        u.state.tree.get("ups.model"),
        "Microsol Back-Ups BZ1200-BR",
      );
      assertEquals(u.state.tree.get("input.frequency"), "50.0");
      assertEquals(t.state.tree.get("input.frequency"), "0.0");
      assertEquals(t.state.tree.get("ups.status"), "OL");
      sim.fault = "checksum";
      sim.raw.flags = MS_FLAG.inverter | MS_FLAG.onBatt;
      await drv.update();
      assert(!t.state.stale);
      assertEquals(t.state.tree.get("ups.status"), "OL");
      for (const fault of ["silent", "garbled", "short"] as const) {
        sim.fault = fault;
        await drv.update();
        assert(t.state.stale, `${fault}: not stale`);
        assertEquals(t.state.tree.get("input.voltage"), "229.8");
        sim.fault = "none";
        await drv.update();
        await drv.update();
        assert(!t.state.stale, `${fault}: not recovered`);
        assertEquals(t.state.tree.get("ups.status"), "OB");
      }
    } finally {
      await drv.close();
      await bz.close();
      await sim.close();
      await other.close();
    }
  },
});
