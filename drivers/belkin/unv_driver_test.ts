/**
 * belkinunv on the in-memory line against the simulator's model (waits
 * scaled down): garbage, cut messages, bad checksums and silence make the
 * poll stale and keep the last values, then the next good answers
 * recover; the message codec round-trips.
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { UnvModel } from "../../tests/sim/belkinunv.ts";
import { latin1 } from "../../src/transport/mod.ts";
import { MemoryTransport } from "../../src/transport/memory.ts";
import { UnvDriver } from "./unv_driver.ts";
import { unvRead, unvWrite } from "./unv_link.ts";

type Fault = "none" | "silent" | "garbage" | "cut" | "checksum";

Deno.test({
  name: "belkinunv: request frames",
  permissions: "none",
  fn: () => {
    assertEquals([...unvRead(0x22)], [0x7e, 3, 2, 0x22, 0, 0xa5]);
    assertEquals([...unvWrite(0x16, 0x10a)], [0x7e, 4, 3, 0x16, 0x0a, 1, 0xa6]);
  },
});

Deno.test({
  name: "belkinunv: bad answers go stale keeping the last values, then recover",
  permissions: "none",
  fn: async () => {
    const model = new UnvModel();
    const box = { fault: "none" as Fault };
    const line = new MemoryTransport((data, port) => {
      const m = [...data];
      if (m[0] !== 0x7e || box.fault === "silent") return;
      const a = latin1(model.answer(m[1]!, m[3]!, m[4]! + 256 * (m[5] ?? 0)));
      if (box.fault === "garbage") return port.push("\x01\x02zz");
      if (box.fault === "cut") return port.push(a.subarray(0, 3));
      if (box.fault === "checksum") a[a.length - 1] = a.at(-1)! ^ 0x55;
      port.push(a);
    });
    const t = testCtx("/dev/null");
    const drv = new UnvDriver(t.ctx, () => Promise.resolve(line), 0.001);
    await drv.init();
    await drv.update();
    assert(!t.state.stale);
    assertEquals(t.state.tree.get("output.voltage"), "120.1");
    for (const fault of ["garbage", "cut", "checksum", "silent"] as Fault[]) {
      box.fault = fault;
      model.setState("battery");
      await drv.update();
      assert(t.state.stale, fault);
      assertEquals(t.state.tree.get("ups.status"), "OL CHRG");
      box.fault = "none";
      // the line is clean again (NUT, too, reads leftovers first)
      await line.flush();
      await drv.update();
      assert(!t.state.stale, fault);
      assertEquals(t.state.tree.get("ups.status"), "OB ACFAIL");
      model.setState("online");
      model.regs.set(0x22, 0).set(0x23, 0x10).set(0x18, 1187);
      await drv.update();
    }
    await drv.close();
  },
});
