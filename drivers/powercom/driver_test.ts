/**
 * powercom against a scripted in-memory line: short frames, silence and
 * frames failing validation make the data stale without a crash and keep
 * the last values; a good frame recovers. Option errors end start-up with
 * NUT's messages. Plus the pure conversions and printf rounding.
 */
import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { pcFrame } from "../../tests/sim/powercom.ts";
import type { LineTransport } from "../../src/transport/mod.ts";
import { PowercomDriver } from "./driver.ts";
import { PcCalc } from "./calc.ts";
import { cFixed, pcTypes } from "./types.ts";

class FrameLine implements LineTransport {
  reply: number[] = pcFrame("Trust", "online");
  readonly sent: number[] = [];
  #queue: number[] = [];
  write(data: Uint8Array | string): Promise<void> {
    const bytes = typeof data === "string"
      ? [...data].map((c) => c.charCodeAt(0))
      : [...data];
    this.sent.push(...bytes);
    if (bytes.includes(1)) this.#queue.push(...this.reply);
    return Promise.resolve();
  }
  read(_ms: number, max = 256): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#queue.splice(0, max)));
  }
  flush(): Promise<void> {
    this.#queue = [];
    return Promise.resolve();
  }
  close(): void {}
  setLines(): Promise<void> {
    return Promise.reject(new Error("not a tty"));
  }
  getLines(): Promise<never> {
    return Promise.reject(new Error("not a tty"));
  }
}

Deno.test({
  name: "powercom: short, silent and invalid frames go stale, then recover",
  permissions: "none",
  fn: async () => {
    const line = new FrameLine();
    const t = testCtx("/dev/null");
    const drv = new PowercomDriver(t.ctx, () => Promise.resolve(line));
    await drv.init();
    await drv.update();
    assert(!t.state.stale);
    const volts = t.state.tree.get("input.voltage");
    for (
      const bad of [
        pcFrame("Trust", "online").slice(0, 6), // short
        [], // silence
        [...pcFrame("Trust", "online").slice(0, 5), 0x55, 0, 0, 0, 0, 0], // byte 5 must be 0
      ]
    ) {
      line.reply = bad;
      await drv.update();
      assert(t.state.stale, JSON.stringify(bad));
      assertEquals(t.state.tree.get("input.voltage"), volts);
      line.reply = pcFrame("Trust", "online");
      await drv.update();
      assert(!t.state.stale);
    }
    assert(t.logs.some(([, m]) => m.includes("(6 instead of 11 bytes)")));
    assert(t.logs.some(([, m]) => m.includes("(validation check)")));
  },
});

Deno.test({
  name: "powercom: invalid options stop start-up with NUT's messages",
  permissions: "none",
  fn: async () => {
    for (
      const [values, msg] of [
        [{ type: "Foo" }, "Given UPS type 'Foo' isn't valid!"],
        [{ linevoltage: "150" }, "is out of range (100-120 or 200-240 V)"],
        [{ numOfBytesFromUPS: "17" }, "out of range (1 to 16)"],
        [{ voltage: "{1,2}" }, "Given voltage '{1,2}' isn't valid!"],
      ] as Array<[Record<string, string>, string]>
    ) {
      const t = testCtx("/dev/null", values);
      const drv = new PowercomDriver(
        t.ctx,
        () => Promise.resolve(new FrameLine()),
      );
      await assertRejects(() => drv.init(), Error, msg);
    }
  },
});

Deno.test({
  name: "powercom: printf rounding and the Trust formulas",
  permissions: "none",
  fn: () => {
    assertEquals(cFixed(0.25, 1), "0.2"); // an exact tie goes to even
    assertEquals(cFixed(0.35, 1), "0.3"); // 0.35 is below .35 in binary
    assertEquals(cFixed(1 / 0, 2), "inf");
    assertEquals(cFixed(99.95, 1), "100.0");
    const trust = pcTypes()[0]!;
    const c = new PcCalc(
      "Trust",
      trust,
      230,
      new Uint8Array(pcFrame("Trust", "online")),
    );
    // 1.9216 * 120 - 0.0977 (single precision) = 230.49...
    assertEquals(cFixed(c.inputVoltage(), 1), "230.5");
    assertEquals(c.status(), ["OL"]);
  },
});
