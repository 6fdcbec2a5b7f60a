import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { MemoryTransport } from "../../src/transport/memory.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { GenericUpsDriver, listTypes } from "./driver.ts";
import { UPSTAB } from "./types.ts";

/**
 * The 24 cable types written again from the comments of NUT's genericups.h
 * ("online: CTS off", "low battery: CD on", ...), so the table in types.ts
 * is checked against a second reading: cable power | OL | LB | RB |
 * BYPASS | shutdown (BREAK = a break, none = both lines dropped, unknown =
 * no shutdown).
 */
const SPEC = [
  "DTR+RTS | CTS off | DCD on  | - | - | RTS",
  "DTR     | RNG off | DCD on  | - | - | RTS",
  "RTS     | CTS off | DCD on  | - | - | DTR+RTS",
  "DTR     | CTS off | DCD on  | - | - | DTR+RTS",
  "RTS     | CTS on  | DCD off | - | - | none",
  "DTR     | CTS on  | DCD off | - | - | DTR+RTS",
  "DTR     | CTS on  | DCD off | - | - | RTS",
  "RTS     | CTS on  | DCD off | - | - | DTR",
  "DTR     | CTS on  | DCD off | - | - | unknown",
  "none    | DCD off | CTS on  | - | - | RTS",
  "RTS     | CTS on  | DCD off | - | - | DTR",
  "DTR     | CTS off | DCD off | - | - | BREAK",
  "RTS     | CTS off | DCD on  | - | - | DTR",
  "DTR+RTS | DCD on  | CTS off | - | - | BREAK",
  "DTR     | DCD on  | CTS off | - | - | RTS",
  "DTR     | CTS on  | DCD off | - | - | BREAK",
  "DTR+RTS | CTS on  | DCD off | - | - | unknown",
  "DTR     | CTS on  | DCD off | - | - | unknown",
  "DTR     | CTS on  | DCD on  | - | - | unknown",
  "DTR     | CTS on  | DCD off | - | - | RTS",
  "DTR     | CTS off | DCD on  | - | - | BREAK",
  "RTS     | CTS on  | DCD off | - | - | DTR+RTS",
  "RTS     | CTS on  | DCD off | - | - | DTR",
  "RTS     | CTS on  | DCD off | RNG off | DSR off | none",
].map((s) => s.split("|").map((f) => f.trim()));

type In = "cts" | "dcd" | "rng" | "dsr";
const INPUTS: In[] = ["cts", "dcd", "rng", "dsr"];

/** "CTS off" -> is the signal asserted for these line levels? */
function asserted(spec: string, lv: Record<In, boolean>): boolean {
  const [line, level] = spec.split(/\s+/);
  return lv[line!.toLowerCase() as In] === (level === "on");
}

function outputs(spec: string): { dtr: boolean; rts: boolean } {
  return { dtr: spec.includes("DTR"), rts: spec.includes("RTS") };
}

class BreakPort extends MemoryTransport {
  breaks: number[] = [];
  sendBreak(ms: number): Promise<void> {
    this.breaks.push(ms);
    return Promise.resolve();
  }
}

async function start(values: Record<string, string>, port = new BreakPort()) {
  const t = testCtx("/dev/ttyS0", values);
  const drv = new GenericUpsDriver(t.ctx, () => port);
  await drv.init();
  return { t, drv, port };
}

Deno.test({
  name: "genericups: every upstype reads the modem lines as NUT's table says",
  permissions: "none",
  async fn() {
    assertEquals(UPSTAB.length, 24);
    for (let type = 0; type < SPEC.length; type++) {
      const [norm, ol, lb, rb, byp] = SPEC[type]!;
      const { t, drv, port } = await start({ upstype: String(type) });
      // cable power raised at start-up
      assertEquals(port.lineLog.at(-1), outputs(norm!), `type ${type}`);
      assertEquals(t.state.tree.get("ups.mfr"), UPSTAB[type]!.mfr);
      for (let combo = 0; combo < 16; combo++) {
        const lv = {} as Record<In, boolean>;
        INPUTS.forEach((n, i) => (lv[n] = (combo & (1 << i)) !== 0));
        Object.assign(port.lines, lv);
        await drv.update();
        const want: string[] = [];
        if (asserted(lb!, lv)) want.push("LB");
        want.push(asserted(ol!, lv) ? "OL" : "OB");
        if (rb !== "-" && asserted(rb!, lv)) want.push("RB");
        if (byp !== "-" && asserted(byp!, lv)) want.push("BYPASS");
        assertEquals(
          t.state.tree.get("ups.status"),
          want.join(" "),
          `type ${type} lines ${JSON.stringify(lv)}`,
        );
      }
      await drv.close();
    }
  },
});

Deno.test({
  name: "genericups: -k asserts the shutdown lines, a break, or refuses",
  permissions: "none",
  async fn() {
    for (let type = 0; type < SPEC.length; type++) {
      const sd = SPEC[type]![5]!;
      const { t, drv, port } = await start({ upstype: String(type) });
      const before = port.lineLog.length;
      if (sd === "unknown") {
        await assertRejects(
          () => drv.shutdown(),
          Error,
          "No shutdown command defined for this model!",
        );
      } else {
        assertEquals(await drv.shutdown(), "handled");
        if (sd === "BREAK") {
          assertEquals(port.breaks, [4901]);
          assertEquals(port.lineLog.length, before);
        } else {
          assertEquals(port.lineLog.slice(before), [
            outputs(sd === "none" ? "" : sd),
          ]);
        }
      }
      assert(t.logs.some(([, m]) => m.startsWith("UPS type: ")));
      await drv.close();
    }
  },
});

Deno.test({
  name: "genericups: sdtime holds the shutdown lines before returning",
  permissions: "none",
  async fn() {
    const { t, drv, port } = await start({ upstype: "2", sdtime: "1" });
    const t0 = Date.now();
    assertEquals(await drv.shutdown(), "handled");
    assert(Date.now() - t0 >= 950);
    // -k sequence: cable power (RTS), then DTR + RTS
    assertEquals(port.lineLog, [
      { dtr: false, rts: true },
      { dtr: true, rts: true },
    ]);
    assert(
      t.logs.some(([, m]) =>
        m === "Holding shutdown signal for 1 seconds...\n"
      ),
    );
  },
});

Deno.test({
  name: "genericups: mfr/model/serial and line overrides",
  permissions: "none",
  async fn() {
    const { t, drv, port } = await start({
      upstype: "4",
      mfr: "ACME",
      model: "Box",
      serial: "SN42",
      CP: "DTR",
      OL: "-DSR",
      LB: "RNG",
      SD: "DTR RTS",
    });
    assertEquals(t.state.tree.get("ups.mfr"), "ACME");
    assertEquals(t.state.tree.get("ups.model"), "Box");
    assertEquals(t.state.tree.get("ups.serial"), "SN42");
    assertEquals(port.lineLog.at(-1), { dtr: true, rts: false });
    port.lines.dsr = false;
    port.lines.rng = true;
    await drv.update();
    assertEquals(t.state.tree.get("ups.status"), "LB OL");
    port.lines.dsr = true;
    port.lines.rng = false;
    await drv.update();
    assertEquals(t.state.tree.get("ups.status"), "OB");
    await drv.shutdown();
    assertEquals(port.lineLog.at(-1), { dtr: true, rts: true });
  },
});

Deno.test({
  name: "genericups: bad configuration fails as NUT",
  permissions: "none",
  async fn() {
    const port = new BreakPort();
    for (
      const [values, msg] of [
        [{}, "No upstype set - see help text / man page!"],
        [{ upstype: "24" }, "unknown UPS type number"],
        [{ upstype: "1", CP: "CTS" }, "Can't override output with CTS"],
      ] as Array<[Record<string, string>, string]>
    ) {
      const t = testCtx("/dev/ttyS0", values);
      const drv = new GenericUpsDriver(t.ctx, () => port);
      await assertRejects(() => drv.init(), Error, msg);
    }
    assert(listTypes().includes("23: FTTx (Fiber to the x) battery backup"));
  },
});

Deno.test({
  name: "genericups: a failing line read makes the data stale, then recovers",
  permissions: "none",
  async fn() {
    const port = new BreakPort();
    const { t, drv } = await start({ upstype: "0" }, port);
    await drv.update();
    assertEquals(t.state.stale, false);
    port.getLines = () => Promise.reject(new Error("ENOTTY"));
    await drv.update();
    assertEquals(t.state.stale, true);
    port.getLines = MemoryTransport.prototype.getLines.bind(port);
    await drv.update();
    assertEquals(t.state.stale, false);
    assert(
      t.logs.some(([, m]) => m === "Communications with UPS re-established"),
    );
  },
});
