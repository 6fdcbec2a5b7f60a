/**
 * etapro against the ETA PRO simulator's device on an in-memory line
 * (pauses scaled to 0): garbage, short answers, a non-hex value and
 * silence stale the data, the next sane poll recovers it; a timer the unit
 * refuses is logged.
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { MemoryLine } from "../../tests/sim/best_line.ts";
import { etaDevice, EtaModel } from "../../tests/sim/etapro.ts";
import { EtaproDriver } from "./driver.ts";

function start() {
  const model = new EtaModel();
  const line = new MemoryLine(etaDevice(model));
  const t = testCtx("/dev/null");
  const drv = new EtaproDriver(t.ctx, () => Promise.resolve(line), 0);
  return { model, line, t, drv };
}

Deno.test({
  name:
    "etapro: garbage, short, non-hex and silent answers stale; then recover",
  permissions: "none",
  fn: async () => {
    const { model, line, t, drv } = start();
    await drv.init();
    assert(!t.state.stale);
    assertEquals(t.state.tree.get("battery.voltage"), "12.79");
    const faults = [
      () => (line.fault = "garbled"),
      () => (line.fault = "short"),
      () => (line.fault = "silent"),
      () => (model.id = "zz"),
    ];
    for (const breakIt of faults) {
      breakIt();
      await drv.update();
      assert(t.state.stale);
      line.fault = "none";
      model.id = "01F4";
      await drv.update();
      assert(!t.state.stale);
    }
    model.state = "low";
    await drv.update();
    assertEquals(t.state.tree.get("ups.status"), "OB LB RB");
  },
});

Deno.test({
  name: "etapro: timer answers other than SV20/SV00 are logged",
  permissions: "none",
  fn: async () => {
    const { model, t, drv } = start();
    await drv.init();
    model.answer = () => ["SV01"];
    assertEquals(await drv.instcmd("load.off"), "handled");
    assert(
      t.logs.some(([, m]) => m === "etapro_set_off_timer: error, status=0x01"),
      JSON.stringify(t.logs),
    );
    assertEquals(await drv.instcmd("beeper.off"), "unknown");
  },
});
