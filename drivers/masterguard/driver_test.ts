/**
 * masterguard against the simulator's model on an in-memory line (pauses
 * shrunk): a wrong-length answer (silence, cut, garbage) makes the data
 * stale at once and keeps the last values, the next good answer recovers;
 * a unit that never answers Q1 is refused after ten tries.
 */
import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { MgModel } from "../../tests/sim/masterguard.ts";
import { ModelLine } from "../../tests/sim/model_line.ts";
import { MasterguardDriver, words } from "./driver.ts";

function start(q3 = true) {
  const model = new MgModel(q3);
  const line = new ModelLine((c) => {
    const a = model.answer(c);
    return a === null ? null : `${a}\r`;
  });
  const t = testCtx("/dev/null");
  const drv = new MasterguardDriver(t.ctx, () => Promise.resolve(line), {
    delay: 0,
    read: 10,
  });
  return { model, line, t, drv };
}

Deno.test({
  name: "masterguard: words split at single spaces (an empty word counts)",
  permissions: "none",
  fn: () => {
    assertEquals(words("(1  2 3"), ["1", "", "2", "3"]);
  },
});

Deno.test({
  name: "masterguard: bad answers go stale at once, then recover",
  permissions: "none",
  fn: async () => {
    for (const q3 of [true, false]) {
      const { model, line, t, drv } = start(q3);
      await drv.init();
      await drv.update();
      assert(!t.state.stale);
      assertEquals(drv.query, q3 ? "Q3" : "Q1");
      for (const fault of ["silent", "short", "garbage"] as const) {
        line.fault = fault;
        model.state = "battery";
        await drv.update();
        assert(t.state.stale, `${fault}: not stale`);
        assertEquals(t.state.tree.get("ups.status"), "OL");
        assertEquals(t.state.tree.get("input.voltage"), "230.0");
        line.fault = "none";
        await drv.update();
        assert(!t.state.stale, `${fault}: not recovered`);
        assertEquals(t.state.tree.get("ups.status"), "OB");
        model.state = "online";
        await drv.update();
      }
    }
  },
});

Deno.test({
  name: "masterguard: a unit that never answers Q1 is refused after ten tries",
  permissions: "none",
  fn: async () => {
    const { line, drv } = start();
    line.fault = "silent";
    await assertRejects(() => drv.init(), Error, "No MASTERGUARD UPS found");
    assertEquals(line.sent.filter((c) => c === "Q1").length, 10);
  },
});
