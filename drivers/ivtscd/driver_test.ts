/**
 * ivtscd on the in-memory line against the simulator's model (pauses
 * scaled to 0): the status line parser follows sscanf, and garbage, cut
 * lines and silence go stale at once and keep the last values, then
 * recover.
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { IvtModel } from "../../tests/sim/ivtscd.ts";
import { MemoryTransport } from "../../src/transport/memory.ts";
import { IvtDriver, parseIvt } from "./driver.ts";

type Fault = "none" | "silent" | "garbage" | "cut";

Deno.test({
  name: "ivtscd: status line parsing",
  permissions: "none",
  fn: () => {
    const r = parseIvt("R:12,57;- 1,1;20;12,57;13,18;- 2,1; 1,5;\n");
    assertEquals(r.count, 7);
    assertEquals(r.v[1], Math.fround(-1.1));
    assertEquals(parseIvt("R:12,5;x;1;").count, 1);
    assertEquals(parseIvt("X:1;2").count, 0);
  },
});

Deno.test({
  name: "ivtscd: bad answers go stale and keep the last values, then recover",
  permissions: "none",
  fn: async () => {
    const model = new IvtModel();
    const box = { fault: "none" as Fault };
    const line = new MemoryTransport((data, port) => {
      if (String.fromCharCode(...data) !== "F") return;
      if (box.fault === "silent") return;
      if (box.fault === "garbage") return port.push("\x7f\x00zz;;\r\n");
      const a = model.line();
      port.push(box.fault === "cut" ? `${a.slice(0, 20)}\r\n` : `${a}\r\n`);
    });
    const t = testCtx("/dev/null");
    const drv = new IvtDriver(t.ctx, () => Promise.resolve(line), 0);
    await drv.init();
    await drv.update();
    assertEquals(t.state.tree.get("battery.voltage"), "12.57");
    for (const fault of ["garbage", "cut", "silent"] as Fault[]) {
      box.fault = fault;
      model.volts = 11.5;
      await drv.update();
      assert(t.state.stale, fault);
      assertEquals(t.state.tree.get("battery.voltage"), "12.57");
      box.fault = "none";
      model.volts = 12.57;
      await drv.update();
      assert(!t.state.stale, fault);
    }
    await drv.close();
    assertEquals(line.lineLog.at(-1), { dtr: false, rts: false });
  },
});
