/**
 * safenet on the in-memory line against the simulator's model: garbage,
 * cut lines and silence keep the last status and go stale on the third
 * failed poll, then recover; no DSR or no answer stops start-up; the
 * shutdown commands encode their delays as letters.
 */
import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { isPoll, SafenetModel } from "../../tests/sim/safenet.ts";
import { MemoryTransport } from "../../src/transport/memory.ts";
import {
  GlibcRandom,
  pollCommand,
  SafenetDriver,
  shutdownReboot,
  shutdownReturn,
} from "./driver.ts";

type Fault = "none" | "silent" | "garbage" | "cut";

function start() {
  const model = new SafenetModel();
  const box = { fault: "none" as Fault };
  const line = new MemoryTransport((data, port) => {
    const cmd = String.fromCharCode(...data).replace(/\r$/, "");
    const a = model.answer(cmd);
    if (a === null || box.fault === "silent") return;
    if (box.fault === "garbage") return port.push("$ABXBAAAAAA\r");
    port.push(box.fault === "cut" ? `${a.slice(0, 6)}\r` : `${a}\r`);
  });
  line.lines.dsr = true;
  const t = testCtx("/dev/null");
  const drv = new SafenetDriver(t.ctx, () => Promise.resolve(line));
  return { model, box, line, t, drv };
}

Deno.test({
  name: "safenet: command encodings and NUT's poll sequence",
  permissions: "none",
  fn: () => {
    assertEquals(shutdownReturn(30), "ZBASADAWLPGE\r");
    assertEquals(shutdownReboot(45, 1234), "ZAFAEFRBCDEO\r");
    const g = new GlibcRandom();
    const polls = [0, 1, 2].map(() => pollCommand(() => g.next()));
    // what NUT 2.8.0's safenet sends first (glibc random(), never seeded)
    assertEquals(polls, [
      "ZDGHFLFGCJBC\r",
      "ZHAJDGAGCLBI\r",
      "ZHJCACDHFLCC\r",
    ]);
    for (const p of polls) assert(isPoll(p.slice(0, -1)));
  },
});

Deno.test({
  name: "safenet: bad answers go stale on the third poll, then recover",
  permissions: "none",
  fn: async () => {
    for (const fault of ["garbage", "cut", "silent"] as Fault[]) {
      const { model, box, t, drv } = start();
      await drv.init();
      model.onBattery = true;
      await drv.update();
      assertEquals(t.state.tree.get("ups.status"), "OB");
      box.fault = fault;
      model.onBattery = false;
      await drv.update();
      await drv.update();
      assert(!t.state.stale, fault);
      await drv.update();
      assert(t.state.stale, fault);
      assertEquals(t.state.tree.get("ups.status"), "OB");
      box.fault = "none";
      await drv.update();
      assert(!t.state.stale, fault);
      assertEquals(t.state.tree.get("ups.status"), "OL");
      await drv.close();
    }
  },
});

Deno.test({
  name: "safenet: no DSR or no answer stops start-up",
  permissions: "none",
  fn: async () => {
    const a = start();
    a.line.lines.dsr = false;
    await assertRejects(() => a.drv.init(), Error, "Serial cable problem");
    const b = start();
    b.box.fault = "silent";
    await assertRejects(() => b.drv.init(), Error, "SafeNet protocol");
    assertEquals(b.line.writtenText(), "ZCADLIOPERJD\r".repeat(3));
  },
});
