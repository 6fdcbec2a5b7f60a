/**
 * bestups against the Phoenix simulator's device on an in-memory line
 * (pauses scaled to 0): garbage, short answers and silence stale the data
 * at once (NUT's poll has no retry), the next good answer recovers;
 * start-up refuses a unit without a usable ID; Q1 field picking and the
 * battery charge guess.
 */
import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { MemoryLine } from "../../tests/sim/best_line.ts";
import { phoenixDevice, PhoenixModel } from "../../tests/sim/best_phoenix.ts";
import { BestupsDriver, q1Fields } from "./phoenix.ts";

function start(values: Record<string, string> = {}) {
  const model = new PhoenixModel();
  const line = new MemoryLine(phoenixDevice(model));
  const t = testCtx("/dev/null", values);
  const drv = new BestupsDriver(t.ctx, () => Promise.resolve(line), 0);
  return { model, line, t, drv };
}

Deno.test({
  name: "bestups: garbage, short answers and silence stale, then recover",
  permissions: "none",
  fn: async () => {
    const { model, line, t, drv } = start();
    await drv.init();
    await drv.update();
    assert(!t.state.stale);
    assertEquals(t.state.tree.get("battery.charge"), "85.5");
    for (const fault of ["garbled", "short", "silent"] as const) {
      line.fault = fault;
      await drv.update();
      assert(t.state.stale, fault);
      assertEquals(t.state.tree.get("input.voltage"), "120.5");
      line.fault = "none";
      await drv.update();
      assert(!t.state.stale, `${fault}: not recovered`);
    }
    model.q1Override = "(120.5 140.0 120.0 034 59.9 26.5 35.0 000000011";
    await drv.update();
    assert(t.state.stale, "too long");
    model.q1Override = null;
    model.state = "low";
    await drv.update();
    assertEquals(t.state.tree.get("ups.status"), "OB LB");
  },
});

Deno.test({
  name: "bestups: start-up needs a Q1 answer and a 25-27 character ID",
  permissions: "none",
  fn: async () => {
    const a = start();
    a.model.id = "FOR,750,120,120,20.0,27";
    await assertRejects(() => a.drv.init(), Error, "Unable to detect");
    const b = start();
    b.line.fault = "silent";
    await assertRejects(() => b.drv.init(), Error, "Unable to detect");
    const c = start({ ID: "PR2,1000,230,230,20.0,27.6" });
    a.model.id = "ignored";
    await c.drv.init();
    assertEquals(c.t.state.tree.get("ups.model"), "Patriot Pro II 1000");
    // the override skips the ID query
    assert(!c.line.raw.includes("ID"), c.line.raw);
  },
});

Deno.test({
  name: "bestups: Q1 fields as NUT's sscanf picks them",
  permissions: "none",
  fn: () => {
    assertEquals(
      q1Fields("(208.4 140.0 208.4 034 59.9 2.05 35.0 00110000"),
      ["208.4", "208.4", "034", "59.9", "2.05", "35.0", "00110000"],
    );
    assertEquals(
      q1Fields("#208.4 140.0 208.4 034 59.9 2.05 35.0 00110000"),
      null,
    );
  },
});

Deno.test({
  name: "bestups: two instances in one process keep their own scaling",
  permissions: "none",
  fn: async () => {
    const a = start({ battvoltmult: "2" });
    const b = start({ nombattvolt: "30.0" });
    b.model.id = "PRO,1400,230,230,20.0,27.6";
    b.model.state = "boost";
    b.model.invertedBypass = true;
    await a.drv.init();
    await b.drv.init();
    await a.drv.update();
    await b.drv.update();
    const get = (x: typeof a, n: string) => x.t.state.tree.get(n);
    assertEquals(get(a, "battery.voltage"), "53.0");
    assertEquals(get(b, "battery.voltage"), "26.5");
    assertEquals(get(a, "battery.charge"), "85.5"); // (26.5-20)/(27.6-20)
    assertEquals(get(b, "battery.charge"), "65.0"); // (26.5-20)/(30-20)
    assertEquals(get(a, "ups.status"), "OL");
    assertEquals(get(b, "ups.status"), "OL BOOST");
  },
});
