/**
 * rhino against the pty simulator in-process (short waits, no 15 s pause):
 * silence makes the data stale (NUT 2.8.0 keeps the last
 * values fresh) without ending the driver; noise, cut packets and a bad checksum
 * keep the last values; a sane stream brings fresh data back. Pure parts:
 * the command frame and the autonomy formulas.
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { RhinoSim } from "../../tests/sim/rhino.ts";
import { openMicrosolPort } from "./link.ts";
import { rhinoAutonomy, RhinoDriver, rhinoFrame } from "./rhino.ts";

Deno.test({
  name: "rhino: bad input goes stale or keeps values; the driver recovers",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const sim = new RhinoSim({}, 40);
    const t = testCtx(sim.path);
    const drv = new RhinoDriver(
      t.ctx,
      (p) => openMicrosolPort(p, 19200),
      300,
      0,
    );
    try {
      await drv.init();
      await drv.update();
      assertEquals(t.state.tree.get("ups.status"), "OL");
      sim.raw.flags35 = 2;
      for (const fault of ["checksum", "garbled", "short"] as const) {
        sim.fault = fault;
        await drv.update();
        assertEquals(t.state.tree.get("ups.status"), "OL", fault);
      }
      for (const fault of ["silent"] as const) {
        sim.fault = fault;
        await drv.update();
        assert(t.state.stale, `${fault}: not stale`);
        sim.fault = "none";
        await drv.update();
        assert(!t.state.stale, `${fault}: not recovered`);
        assertEquals(t.state.tree.get("ups.status"), "OB");
      }
      const from = sim.received.length;
      assertEquals(await drv.instcmd("shutdown.stayoff"), "handled");
      assertEquals(await drv.instcmd("load.maybe"), "unknown");
      const { waitFor } = await import("../../tests/net.ts");
      await waitFor(() => sim.received.length >= from + 95);
      assertEquals(sim.received.slice(from, from + 19), rhinoFrame(4));
    } finally {
      await drv.close();
      await sim.close();
    }
  },
});

Deno.test({
  name: "rhino: command frame and autonomy",
  permissions: "none",
  fn: () => {
    assertEquals(rhinoFrame(5), [1, 5, ...Array(16).fill(0), 0xfa]);
    assertEquals(rhinoAutonomy(false, 135, 220, 20, 3200), 133);
    // 40 Ah / ((100 + 250) / 220 A) * 60 * (162 - 126) / 18 * 0.32 - 2
    assertEquals(rhinoAutonomy(false, 162, 220, 20, 100), 963);
    assert(rhinoAutonomy(true, 150, 220, 20, 0) < 5); // 6 kVA: always low
    assertEquals(rhinoAutonomy(true, 0, 220, 20, 0), 0);
  },
});
