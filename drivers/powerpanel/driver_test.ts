/**
 * powerpanel against the simulator's model on an in-memory line (pauses
 * shrunk): silence, cut and garbage status answers keep the last values
 * and go stale on the fourth failed poll, then recover, for both
 * protocols; a unit that answers neither protocol is refused; the status
 * scanner follows sscanf.
 */
import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { type PpKind, PpModel } from "../../tests/sim/powerpanel.ts";
import { ModelLine } from "../../tests/sim/model_line.ts";
import { PowerpanelDriver } from "./driver.ts";
import { scan } from "./text.ts";

function start(kind: PpKind) {
  const model = new PpModel(kind);
  const line = new ModelLine((c) => model.answer(c));
  const t = testCtx("/dev/null");
  const drv = new PowerpanelDriver(t.ctx, () => Promise.resolve(line), {
    pace: 0,
    read: 10,
    wait: 0,
  });
  return { model, line, t, drv };
}

Deno.test({
  name: "powerpanel: the status scanner stops at the first mismatch",
  permissions: "none",
  fn: () => {
    assertEquals(scan("#I1.5O2L3", "#I%fO%fL%dB%d"), [1.5, 2, 3]);
    assertEquals(scan("#I1.5X", "#I%fO%f"), [1.5]);
    assertEquals(scan("S\x10.", "S%2c"), ["\x10."]);
  },
});

Deno.test({
  name:
    "powerpanel: bad status answers go stale on the fourth poll, then recover",
  permissions: "none",
  fn: async () => {
    for (const kind of ["text", "text-long", "pr", "op"] as const) {
      const { line, t, drv } = start(kind);
      await drv.init();
      assertEquals(
        drv.sub!.version,
        kind.startsWith("text") ? "text" : "binary",
      );
      await drv.update();
      assert(!t.state.stale);
      const volts = t.state.tree.get("input.voltage");
      for (const fault of ["silent", "short", "garbage"] as const) {
        line.fault = fault;
        for (let i = 0; i < 3; i++) await drv.update();
        assert(!t.state.stale, `${kind} ${fault}: stale too early`);
        await drv.update();
        assert(t.state.stale, `${kind} ${fault}: not stale`);
        assertEquals(t.state.tree.get("input.voltage"), volts);
        line.fault = "none";
        await drv.update();
        assert(!t.state.stale, `${kind} ${fault}: not recovered`);
      }
    }
  },
});

Deno.test({
  name: "powerpanel: a unit answering neither protocol is refused",
  permissions: "none",
  fn: async () => {
    const { line, drv } = start("text");
    line.fault = "silent";
    await assertRejects(() => drv.init(), Error, "CyberPower UPS not found");
    assertEquals(line.sent.filter((c) => c === "F").length, 3);
    assertEquals(line.sent.filter((c) => c === "P4").length, 3);
  },
});
