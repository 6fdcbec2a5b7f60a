/**
 * optiups on the in-memory line against the simulator's model (pauses
 * scaled down): silence and cut answers make the data stale at once and
 * keep the last values, then recover; an unsupported query is asked once;
 * a Zinto that switched off shows OFF.
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { OptiModel } from "../../tests/sim/optiups.ts";
import { MemoryTransport } from "../../src/transport/memory.ts";
import { OptiDriver } from "./driver.ts";

type Fault = "none" | "silent" | "cut" | "garbage";

function start(zinto = false, flags: string[] = []) {
  const model = new OptiModel(zinto);
  const box = { fault: "none" as Fault, sent: [] as string[] };
  const line = new MemoryTransport((data, port) => {
    const cmd = String.fromCharCode(...data).replace(/\r\n$/, "");
    box.sent.push(cmd);
    if (box.fault === "silent") return;
    if (model.off && cmd === "AG") return port.push("2");
    if (box.fault === "garbage") return port.push("\r\n");
    const a = model.answer(cmd);
    if (a === null) return;
    port.push(box.fault === "cut" ? a.slice(0, 1) : `${a}\r\n`);
  });
  const t = testCtx("/dev/null", {}, flags);
  const drv = new OptiDriver(t.ctx, () => Promise.resolve(line), 0);
  return { model, box, t, drv };
}

Deno.test({
  name: "optiups: bad answers go stale keeping the last values, then recover",
  permissions: "none",
  fn: async () => {
    const { model, box, t, drv } = start();
    await drv.init();
    await drv.update();
    assertEquals(t.state.tree.get("ups.temperature"), "N/A");
    assertEquals(box.sent.filter((c) => c === "BT").length, 1);
    for (const fault of ["silent", "cut", "garbage"] as Fault[]) {
      box.fault = fault;
      model.status = 0x20;
      await drv.update();
      assert(t.state.stale, fault);
      assertEquals(t.state.tree.get("ups.status"), "OL");
      assertEquals(t.state.tree.get("input.voltage"), "116");
      box.fault = "none";
      model.status = 0;
      await drv.update();
      assert(!t.state.stale, fault);
    }
    assertEquals(box.sent.filter((c) => c === "BT").length, 1);
    await drv.close();
  },
});

Deno.test({
  name: "optiups: a Zinto that switched off shows OFF",
  permissions: "none",
  fn: async () => {
    const { model, box, t, drv } = start(true);
    await drv.init();
    await drv.update();
    assertEquals(t.state.tree.get("ups.status"), "OL");
    model.off = true;
    box.sent.length = 0;
    await drv.update();
    assertEquals(t.state.tree.get("ups.status"), "OFF");
    assertEquals(box.sent, ["AG", "AG"]);
    await drv.close();
  },
});

Deno.test({
  name: "optiups: powerup switches on a Zinto that is off at start",
  permissions: "none",
  fn: async () => {
    const { model, box, t, drv } = start(true, ["powerup"]);
    model.off = true;
    await drv.init();
    assertEquals(box.sent.slice(0, 5), ["AG", "AG", "Ct1", "Cu0000000", "IM"]);
    assertEquals(t.state.tree.get("ups.model"), "Zinto D 1000");
    assert(t.logs.some(([, m]) => m === "ups was off, switching it on"));
  },
});
