/**
 * tripplitesu against the simulator's model on an in-memory line (pauses
 * shrunk): silence, refusals, cut and garbage answers to the status polls
 * make the data stale at once and keep the last values, then recover;
 * a unit that is no Tripp Lite is refused; field() as NUT's.
 */
import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { SuModel } from "../../tests/sim/tripplitesu.ts";
import { latin1, type LineTransport } from "../../src/transport/mod.ts";
import { TripplitesuDriver } from "./driver.ts";
import { field } from "./protocol.ts";

type Fault = "none" | "silent" | "short" | "garbage";

/** Frames are not line-ended: each complete one is answered by the model. */
class FrameLine implements LineTransport {
  fault: Fault = "none";
  readonly sent: string[] = [];
  #buf = "";
  #queue: number[] = [];
  constructor(readonly model: SuModel) {}
  write(data: Uint8Array | string): Promise<void> {
    this.#buf += typeof data === "string" ? data : String.fromCharCode(...data);
    if (this.#buf.length < 7) return Promise.resolve();
    const len = Number(this.#buf.slice(4, 7));
    if (this.#buf.length < 7 + len) return Promise.resolve();
    const frame = this.#buf;
    this.#buf = "";
    this.sent.push(frame);
    const a = this.model.answer(frame[3]!, frame.slice(7, 10), frame.slice(10));
    const out = this.fault === "silent"
      ? ""
      : this.fault === "short"
      ? a.slice(0, 6)
      : this.fault === "garbage"
      ? "~0\xffD012xx"
      : a;
    this.#queue.push(...latin1(out));
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
    return Promise.resolve();
  }
  getLines(): Promise<never> {
    return Promise.reject(new Error("no lines"));
  }
}

function start() {
  const model = new SuModel();
  const line = new FrameLine(model);
  const t = testCtx("/dev/null");
  const drv = new TripplitesuDriver(t.ctx, () => Promise.resolve(line), {
    pace: 0,
    read: 10,
    retry: 0,
  });
  return { model, line, t, drv };
}

Deno.test({
  name: "tripplitesu: field() skips separators, empty fields are null",
  permissions: "none",
  fn: () => {
    assertEquals(field("1;2;3", 1), "2;3");
    assertEquals(field("1;;3", 1), null);
    assertEquals(field("1;2", 2), null);
    assertEquals(field("1;2;", 2), "");
  },
});

Deno.test({
  name: "tripplitesu: bad status answers go stale at once, then recover",
  permissions: "none",
  fn: async () => {
    const { model, line, t, drv } = start();
    await drv.init();
    assert(!t.state.stale);
    assertEquals(t.state.tree.get("ups.model"), "SU1000RT2U");
    for (const fault of ["silent", "short", "garbage"] as const) {
      line.fault = fault;
      model.state = "battery";
      await drv.update();
      assert(t.state.stale, `${fault}: not stale`);
      assertEquals(t.state.tree.get("ups.status"), "OL");
      assertEquals(t.state.tree.get("output.voltage"), "120.0");
      line.fault = "none";
      await drv.update();
      assert(!t.state.stale, `${fault}: not recovered`);
      assertEquals(t.state.tree.get("ups.status"), "OB");
      model.state = "online";
      await drv.update();
    }
  },
});

Deno.test({
  name: "tripplitesu: a unit that is no Tripp Lite is refused",
  permissions: "none",
  fn: async () => {
    const { line, drv } = start();
    line.fault = "silent";
    await assertRejects(() => drv.init(), Error, "Unable to detect Tripp Lite");
  },
});
