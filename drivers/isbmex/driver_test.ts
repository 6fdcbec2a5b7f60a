/**
 * isbmex on the in-memory line (waits scaled down): the first read learns
 * the packet size; silence, garbage and cut packets go stale (garbage
 * forgets the size), and the next packets recover.
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { IsbmexModel } from "../../tests/sim/isbmex.ts";
import { latin1, type LineTransport } from "../../src/transport/mod.ts";
import { IsbmexDriver } from "./driver.ts";
import { interpol, lagrange } from "./volts.ts";

Deno.test({
  name: "isbmex: curves hit their nodes",
  permissions: "none",
  fn: () => {
    assertEquals(interpol(98), Math.fround(113));
    assertEquals(interpol(200), 140);
    assertEquals(interpol(10), 0);
    assertEquals(lagrange(100), 0);
    assert(Math.abs(lagrange(184) - 112.6) < 0.01);
  },
});

/** A line whose every read returns the next queued chunk (none: timeout). */
class ChunkLine implements LineTransport {
  chunks: string[] = [];
  written = "";
  read(): Promise<Uint8Array> {
    return Promise.resolve(latin1(this.chunks.shift() ?? ""));
  }
  write(d: Uint8Array | string): Promise<void> {
    this.written += typeof d === "string" ? d : String.fromCharCode(...d);
    return Promise.resolve();
  }
  flush(): Promise<void> {
    return Promise.resolve();
  }
  close(): void {}
  setLines(): Promise<void> {
    return Promise.resolve();
  }
  getLines(): Promise<never> {
    return Promise.reject(new Error("no lines"));
  }
}

Deno.test({
  name: "isbmex: silence, garbage and cut packets go stale, then recover",
  permissions: "none",
  fn: async () => {
    const model = new IsbmexModel();
    const line = new ChunkLine();
    const t = testCtx("/dev/null");
    const drv = new IsbmexDriver(t.ctx, () => Promise.resolve(line), 0.001);
    await drv.init();
    // a poll reads up to five times: feed what each read should find
    const poll = async (...chunks: string[]) => {
      line.chunks = chunks;
      await drv.update();
    };
    const p = model.packet();
    await poll(p + p, p);
    assert(!t.state.stale);
    assertEquals(t.state.tree.get("input.voltage"), "119.6");
    await poll(); // silence
    assert(t.state.stale);
    await poll(p, p);
    assert(!t.state.stale);
    await poll("#@!x%&&*?z", "#@!x%&&*?z", "#@!x%&&*?z");
    assert(t.state.stale, "garbage");
    model.state = "1";
    const q = model.packet();
    await poll(q, q);
    assert(!t.state.stale);
    assertEquals(t.state.tree.get("ups.status"), "OB");
    await poll(q.slice(0, 6));
    assert(t.state.stale, "cut");
    await drv.shutdown();
    assertEquals(line.written, "######");
    await drv.close();
  },
});
