/**
 * belkin against the simulator's model on the in-memory line (pauses
 * scaled to 0): silence, garbage and cut answers keep the last values and
 * go stale on the fourth failed poll, then recover; a unit that never
 * answers `MNU` stops start-up; the field reader keeps the previous field
 * when a reply is short, as NUT's does.
 */
import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { BelkinModel } from "../../tests/sim/belkin.ts";
import { MemoryTransport } from "../../src/transport/memory.ts";
import { BelkinDriver } from "./driver.ts";
import { belkinField, belkinFrame } from "./link.ts";

type Fault = "none" | "silent" | "garbage" | "cut";

function start() {
  const model = new BelkinModel();
  const box = { fault: "none" as Fault };
  const line = new MemoryTransport((data, port) => {
    const text = String.fromCharCode(...data);
    const m = /^~00P\d{3}(\w{3})/.exec(text);
    if (!m || box.fault === "silent") return;
    if (box.fault === "garbage") return port.push("\x7f#@!999zz~~");
    const a = model.answer(m[1]!) ?? "";
    const reply = `~00D${String(a.length).padStart(3, "0")}${a}`;
    port.push(box.fault === "cut" ? reply.slice(0, reply.length - 3) : reply);
  });
  const t = testCtx("/dev/null");
  const drv = new BelkinDriver(t.ctx, () => Promise.resolve(line), 0);
  return { model, box, line, t, drv };
}

Deno.test({
  name: "belkin: frames and fields",
  permissions: "none",
  fn: () => {
    assertEquals(belkinFrame("P", "STA"), "~00P003STA");
    assertEquals(belkinFrame("S", "ROF", "1;1"), "~00S006ROF1;1");
    assertEquals(belkinField("a;b;c", 1, "x"), "a");
    assertEquals(belkinField("a;b;c", 3, "x"), "c");
    assertEquals(belkinField("a;b;c", 5, "x"), "x");
  },
});

Deno.test({
  name: "belkin: bad answers go stale on the fourth poll, then recover",
  permissions: "none",
  fn: async () => {
    for (const fault of ["silent", "garbage", "cut"] as Fault[]) {
      const { box, t, drv } = start();
      await drv.init();
      await drv.update();
      assert(!t.state.stale);
      assertEquals(t.state.tree.get("ups.status"), "OL");
      box.fault = fault;
      for (let i = 0; i < 3; i++) {
        await drv.update();
        assert(!t.state.stale, `${fault} poll ${i}`);
      }
      await drv.update();
      assert(t.state.stale, fault);
      assertEquals(t.state.tree.get("input.voltage"), "229.7");
      box.fault = "none";
      await drv.update();
      assert(!t.state.stale, fault);
      assert(t.logs.some(([, m]) => m.includes("re-established")));
      await drv.close();
    }
  },
});

Deno.test({
  name: "belkin: no answer to MNU stops start-up after ten tries",
  permissions: "none",
  fn: async () => {
    const { box, line, drv } = start();
    box.fault = "silent";
    await assertRejects(() => drv.init(), Error, "Unable to detect an Belkin");
    assertEquals(line.writtenText().split("~00P003MNU").length - 1, 10);
  },
});
