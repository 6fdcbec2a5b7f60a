/**
 * microdowell against the pty simulator in-process: silence, a bad XOR, a
 * cut answer and a NACK each make the poll stale without ending the
 * driver, and a sane unit brings fresh data back; a silent unit is refused
 * at start-up. Pure parts: framing and the answer parser.
 */
import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { MdSim } from "../../tests/sim/microdowell.ts";
import { MicrodowellDriver } from "./driver.ts";
import { MD_ERR, mdFrame, mdParse } from "./protocol.ts";
import { openSerial } from "../../src/transport/serial.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const open = (p: string) => Promise.resolve(openSerial(p, { speed: 19200 }));

Deno.test({
  name:
    "microdowell: bad answers go stale, the driver keeps going and recovers",
  ...opts,
  fn: async () => {
    const sim = new MdSim();
    const t = testCtx(sim.path);
    const drv = new MicrodowellDriver(t.ctx, open, 200);
    try {
      await drv.init();
      await drv.update();
      assert(!t.state.stale);
      for (const fault of ["silent", "garbled", "short", "nack"] as const) {
        sim.fault = fault;
        await drv.update();
        assert(t.state.stale, `${fault}: not stale`);
        assertEquals(t.state.tree.get("battery.charge"), "97");
        sim.fault = "none";
        sim.model.battLoad[0] = 50;
        await drv.update();
        assert(!t.state.stale, `${fault}: not recovered`);
        assertEquals(t.state.tree.get("battery.charge"), "50");
        sim.model.battLoad[0] = 97;
        await drv.update();
      }
      assertEquals(await drv.setvar("ups.delay.shutdown", "-1"), "handled");
      assertEquals(t.state.tree.get("ups.delay.shutdown"), "32767");
      assertEquals(await drv.setvar("ups.delay.start", "soon"), "unknown");
    } finally {
      await drv.close();
      await sim.close();
    }
    const dead = new MdSim();
    dead.fault = "silent";
    try {
      const u = testCtx(dead.path);
      const d = new MicrodowellDriver(u.ctx, open, 50);
      await assertRejects(() => d.init(), Error, "Unable to detect");
      await d.close();
    } finally {
      await dead.close();
    }
  },
});

Deno.test({
  name: "microdowell: framing and parser",
  permissions: "none",
  fn: () => {
    assertEquals(mdFrame([0x50, 0x80, 8]), [
      0x5b,
      3,
      0x50,
      0x80,
      8,
      3 ^ 0x50 ^ 0x80 ^ 8,
    ]);
    const ans = [0x11, ...mdFrame([0x00, 1, 2, 3])];
    assertEquals(mdParse(ans), { frame: ans.slice(1) });
    assertEquals(mdParse([]), { error: MD_ERR.noChars });
    assertEquals(mdParse([0x5b, 9, 0, 0]), { error: MD_ERR.tooShort });
    const bad = mdFrame([0x00, 1]);
    bad[bad.length - 1]! ^= 1;
    assertEquals(mdParse(bad), { error: MD_ERR.checksum });
    assertEquals(mdParse(mdFrame([0x99, 0])), { error: MD_ERR.unrecognized });
  },
});
