/**
 * everups against the Ever simulator's device on an in-memory line, the
 * expected values worked out from the formulas of NUT's source (shown
 * beside each; tests/interop/serial_everups_test.ts compares with NUT's
 * binary): the values for each state and unit type, the `-k` bytes, and
 * bad input (a wrong code echo, silence) giving stale data, then recovery.
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { MemoryLine } from "../../tests/sim/best_line.ts";
import {
  everDevice,
  EverModel,
  type EverState,
} from "../../tests/sim/everups.ts";
import { EverupsDriver } from "./driver.ts";

function start(type = 69) {
  const model = new EverModel(type);
  const line = new MemoryLine(everDevice(model));
  const t = testCtx("/dev/null");
  const drv = new EverupsDriver(t.ctx, () => Promise.resolve(line), 0);
  return { model, line, t, drv };
}

const bytes = (s: string) => [...s].map((c) => c.charCodeAt(0));

Deno.test({
  name: "everups: values for each state, as NUT's formulas give them",
  permissions: "none",
  fn: async () => {
    // battery byte b: acuV = trunc(b * 150 / 255) tenths of a volt;
    // charge = (acuV - 95) * 100 / (124.5 - 95), standby: / (135.5 - 95)
    const cases: Array<[EverState, string, string, string]> = [
      ["online", "OL", "12.30", "94.9"], // 210 -> 123; 2800 / 29.5
      ["standby", "OL", "12.30", "69.1"], // 2800 / 40.5
      ["battery", "OB", "11.10", "54.2"], // 190 -> 111; 1600 / 29.5
      ["low", "LB OB", "9.40", "0.0"], // 160 -> 94 (< 10.5 V); below 0
    ];
    for (const [state, status, volts, charge] of cases) {
      const { model, t, drv } = start();
      model.state = state;
      await drv.init();
      await drv.update();
      const get = (n: string) => t.state.tree.get(n);
      assertEquals(
        [get("ups.status"), get("battery.voltage"), get("battery.charge")],
        [status, volts, charge],
        state,
      );
      assertEquals(get("ups.mfr"), "Ever");
      assertEquals(get("ups.model"), "NET 1000-DPC");
      // (88 * 100 + 3 * 25600) / 372 = 230.1
      assertEquals(get("input.voltage"), "230");
    }
    const n = start(74);
    await n.drv.init();
    await n.drv.update();
    assertEquals(n.t.state.tree.get("ups.model"), "NET 1000-DPC (new)");
    assertEquals(n.t.state.tree.get("input.voltage"), "243"); // 85600 / 352
    const u = start(99);
    await u.drv.init();
    assertEquals(u.t.state.tree.get("ups.model"), "Unknown");
  },
});

Deno.test({
  name: "everups: -k sends code, 28 1, code, 13 8 after the type query",
  permissions: "none",
  fn: async () => {
    const { line, model, drv } = start();
    assertEquals(await drv.shutdown(), "handled");
    assertEquals(bytes(line.raw), [208, 173, 208, 28, 1, 208, 13, 8]);
    assertEquals(model.acted, [[28, 1], [13, 8]]);
  },
});

Deno.test({
  name: "everups: a wrong code echo and silence stale, then recover",
  permissions: "none",
  fn: async () => {
    const { model, line, t, drv } = start();
    await drv.init();
    await drv.update();
    assert(!t.state.stale);
    const faults = [
      () => (model.codeOk = false),
      () => (line.fault = "silent"),
    ];
    for (const breakIt of faults) {
      breakIt();
      await drv.update();
      assert(t.state.stale);
      assert(t.logs.some(([, m]) => m === "Code failed"));
      model.codeOk = true;
      line.fault = "none";
      await drv.update();
      assert(!t.state.stale);
    }
  },
});
