/**
 * bestfortress against the Fortress simulator's device on an in-memory
 * line (pauses scaled to 0): a bad checksum, short records and silence
 * stale the data after five tries, a sane unit recovers it; a refused
 * parameter is still "handled" but keeps the old value, as NUT.
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { MemoryLine } from "../../tests/sim/best_line.ts";
import {
  fortressDevice,
  FortressModel,
  place,
  withChecksum,
} from "../../tests/sim/best_fortress.ts";
import { FortressDriver } from "./fortress.ts";
import { fortressSum } from "./frecord.ts";

function start(values: Record<string, string> = {}) {
  const model = new FortressModel();
  const commands: string[] = [];
  const line = new MemoryLine(fortressDevice(model, commands));
  const t = testCtx("/dev/null", values);
  const drv = new FortressDriver(t.ctx, () => Promise.resolve(line), 0);
  return { model, line, t, drv, commands };
}

Deno.test({
  name:
    "bestfortress: bad checksum, short records, silence stale; then recover",
  permissions: "none",
  fn: async () => {
    const { model, line, t, drv, commands } = start({ max_load: "290" });
    await drv.init();
    await drv.update();
    assert(!t.state.stale);
    assertEquals(t.state.tree.get("ups.load"), "50");
    const bad = [
      () => (model.badSum = true),
      () => (line.fault = "short"),
      () => (line.fault = "silent"),
    ];
    for (const breakIt of bad) {
      breakIt();
      commands.length = 0;
      await drv.update();
      assert(t.state.stale);
      assert(commands.length >= 5, String(commands.length));
      model.badSum = false;
      line.fault = "none";
      await drv.update();
      assert(!t.state.stale);
    }
  },
});

Deno.test({
  name: "bestfortress: a refused parameter is handled but not kept",
  permissions: "none",
  fn: async () => {
    const { model, t, drv } = start();
    await drv.init();
    model.paramReply = "ERR";
    assertEquals(await drv.setvar("input.transfer.low", "180"), "handled");
    assertEquals(t.state.tree.get("input.transfer.low"), "");
    model.paramReply = "OK";
    assertEquals(await drv.setvar("input.transfer.low", "180"), "handled");
    assertEquals(t.state.tree.get("input.transfer.low"), "180");
    assertEquals(await drv.setvar("ups.delay.shutdown", "5"), "unknown");
    assertEquals(model.params, [
      "p999=2639",
      "p7=180",
      "p999=",
      "p999=2639",
      "p7=180",
      "p999=",
    ]);
  },
});

Deno.test({
  name: "bestfortress: NUT's sample record sums to 0",
  permissions: "none",
  fn: () => {
    const sample =
      "000000000001000000000000012201210000001200014500000280600000990025000000000301BE";
    assertEquals(fortressSum(sample) & 0xff, 0);
    assertEquals(withChecksum(place(80, [[0, sample.slice(0, 78)]])), sample);
  },
});
