import { assertEquals } from "../../tests/assert.ts";
import { MemoryTransport } from "../../src/transport/memory.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { UcModel } from "../../tests/sim/upscode2.ts";
import { scanFloat, Upscode2Driver } from "./driver.ts";

Deno.test({
  name: "upscode2: sscanf-like floats",
  permissions: "none",
  fn() {
    assertEquals(scanFloat(" 12.5V"), 12.5);
    assertEquals(scanFloat("-0.25"), -0.25);
    assertEquals(scanFloat("1e2"), 100);
    assertEquals(scanFloat("x1"), null);
    assertEquals(scanFloat("1.1"), Math.fround(1.1));
  },
});

/** The model behind an in-memory port (commands and parameter lines). */
function port(model: UcModel): MemoryTransport {
  let buf = "", waiting: string | null = null;
  const params = new Set(["UPSN", "UPCD", "UPSD", "UPDT", "UPTM", "UPPM"]);
  return new MemoryTransport((data, p) => {
    buf += String.fromCharCode(...data);
    let i;
    while ((i = buf.indexOf("\r")) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      let a: string[];
      if (waiting) {
        a = model.answer(waiting, line);
        waiting = null;
      } else if (params.has(line)) {
        waiting = line;
        continue;
      } else a = model.answer(line, null);
      if (a.length) p.push(a.map((l) => `${l}\r\n`).join(""));
    }
  });
}

async function start(model: UcModel) {
  const t = testCtx("/dev/x", { input_timeout: "1" });
  const drv = new Upscode2Driver(t.ctx, () => Promise.resolve(port(model)));
  await drv.init();
  return { t, drv };
}

Deno.test({
  name: "upscode2: two instances keep their own names, history and phases",
  permissions: "none",
  async fn() {
    const m1 = new UcModel(), m2 = new UcModel();
    m1.extras = m2.extras = [];
    m1.state = "charging";
    m2.threePhase = true;
    const a = await start(m1), b = await start(m2);
    for (let i = 0; i < 2; i++) {
      await a.drv.update();
      await b.drv.update();
    }
    const ga = (n: string) => a.t.state.tree.get(n);
    const gb = (n: string) => b.t.state.tree.get(n);
    // 1.7 A charging of a 7.2 Ah battery: (2.16 - 1.7) x 100 / 2.16
    assertEquals(ga("battery.charge"), "21.3");
    assertEquals(ga("output.voltage"), "230.00");
    assertEquals(ga("output.phases"), "1");
    assertEquals(gb("output.phases"), "3");
    assertEquals(gb("output.voltage"), undefined);
    assertEquals(gb("output.L1-N.voltage"), "230.00");
    // a 3-phase unit's L1 power against a third of 7.5 kVA (in kVA here)
    assertEquals(gb("output.L1.power.percent"), "0.1");
    await a.drv.close();
    await b.drv.close();
  },
});
