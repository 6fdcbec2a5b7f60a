import { assertEquals } from "../../tests/assert.ts";
import { MemoryTransport } from "../../src/transport/memory.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { EspModel } from "../../tests/sim/liebert_esp2.ts";
import { cFixed } from "../../src/driver/cformat.ts";
import {
  espCommand,
  espRead,
  espValue,
  espWord,
  LiebertEsp2Driver,
} from "./driver.ts";

Deno.test({
  name: "liebert-esp2: command bytes, answer words, C number format",
  permissions: "none",
  fn() {
    // bytes as the ESP-II documents them (status word 1, shutdown)
    assertEquals([...espRead(148, 1)], [1, 148, 2, 1, 1, 153]);
    assertEquals([...espCommand([1, 156, 4, 1, 136, 76, 76])], [
      1,
      156,
      4,
      1,
      136,
      76,
      76,
      194,
    ]);
    const ans = (hi: number, lo: number) => {
      const r = [1, 149, 3, 1, 3, hi, lo];
      return new Uint8Array([...r, r.reduce((a, b) => a + b, 0) & 0xff]);
    };
    assertEquals(espWord(ans(0xfc, 0xb6)), -842);
    assertEquals(espWord(ans(0x13, 0xa1)), 5025);
    const bad = ans(0, 1);
    bad[7]! ^= 1;
    assertEquals(espWord(bad), null);
    assertEquals(espWord(ans(0, 1).slice(0, 7)), null);
    // C's printf: exact ties to even, everything else nearest
    assertEquals(cFixed(0.5, 0), "0");
    assertEquals(cFixed(1.5, 0), "2");
    assertEquals(cFixed(50.25, 1), "50.2");
    assertEquals(cFixed(50.35, 1), "50.4"); // not a tie in binary
    assertEquals(cFixed(-0.04, 1), "-0.0");
    // float factor times the word, as C computes it
    assertEquals(espValue(0.01, 5025, 1), "50.2");
    assertEquals(espValue(0.01, -842, 2), "-8.42");
    assertEquals(espValue(60, 37, 0), "2220");
  },
});

function port(model: EspModel): MemoryTransport {
  const buf: number[] = [];
  return new MemoryTransport((data, p) => {
    buf.push(...data);
    while (buf.length >= 3 && buf.length >= 4 + buf[2]!) {
      const cmd = buf.splice(0, 4 + buf[2]!);
      const a = model.answer(cmd);
      if (a) p.push(new Uint8Array(a));
    }
  });
}

Deno.test({
  name: "liebert-esp2: two instances keep their own phases and scaling",
  permissions: "none",
  async fn() {
    const m1 = new EspModel(), m2 = new EspModel();
    m2.scaling = 2;
    m2.inPhases = m2.outPhases = 3;
    const t1 = testCtx("/dev/a"), t2 = testCtx("/dev/b");
    const d1 = new LiebertEsp2Driver(t1.ctx, () => Promise.resolve(port(m1)));
    const d2 = new LiebertEsp2Driver(t2.ctx, () => Promise.resolve(port(m2)));
    await Promise.all([d1.init(), d2.init()]);
    await Promise.all([d1.update(), d2.update()]);
    assertEquals(t1.state.tree.get("input.frequency"), "502.5");
    assertEquals(t2.state.tree.get("input.frequency"), "50.2");
    assertEquals(t1.state.tree.get("ups.power.nominal"), "3000");
    assertEquals(t2.state.tree.get("ups.power.nominal"), "300000");
    assertEquals(t1.state.tree.get("output.voltage"), "230.0");
    assertEquals(t2.state.tree.get("output.L3-N.voltage"), "229.8");
    assertEquals(t1.state.tree.get("ups.model"), "GXT2-3000RT230");
    assertEquals(t1.state.tree.get("ups.mfr.date"), "20051120");
    await d1.close();
    await d2.close();
  },
});
