import { assert, assertEquals } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { XcpModel } from "../../tests/sim/xcp.ts";
import { BcmxcpDriver, type XcpPort } from "./driver.ts";
import { AnswerReader, requestFrame } from "./protocol.ts";

/** A port straight to the XCP model, through the same framing, with faults. */
class ModelPort implements XcpPort {
  fault: "none" | "silent" | "garbage" | "badcheck" = "none";
  constructor(readonly model: XcpModel) {}
  write(bytes: readonly number[]): Promise<void> {
    this.model.feed(requestFrame(bytes));
    return Promise.resolve();
  }
  command(bytes: readonly number[]): Promise<Uint8Array | undefined> {
    const out = this.model.feed(requestFrame(bytes));
    if (this.fault === "silent") return Promise.resolve(undefined);
    if (this.fault === "garbage") out.fill(0x5a);
    if (this.fault === "badcheck") out[out.length - 1]! ^= 1;
    const rx = new AnswerReader(bytes[0]!);
    for (const b of out) if (rx.push(b)) break;
    return Promise.resolve(rx.done);
  }
  close() {}
}

function driver(model = new XcpModel()) {
  const t = testCtx("/dev/null");
  const port = new ModelPort(model);
  const d = new BcmxcpDriver(
    t.ctx,
    () => Promise.resolve(port),
    () => Promise.resolve(),
  );
  return { t, port, d, model };
}

Deno.test({
  name:
    "bcmxcp: silent, garbage and bad-check answers make the data stale, no crash; then recovery",
  permissions: "none",
  fn: async () => {
    const { t, port, d } = driver();
    await d.init();
    await d.update();
    assertEquals(t.state.tree.get("ups.status"), "OL");
    for (const fault of ["silent", "garbage", "badcheck"] as const) {
      port.fault = fault;
      await d.update();
      assert(t.state.stale, `${fault}: not stale`);
      port.fault = "none";
      await d.update();
      assert(!t.state.stale, `${fault}: not recovered`);
    }
  },
});

Deno.test({
  name: "bcmxcp: two instances keep their own maps and status",
  permissions: "none",
  fn: async () => {
    const a = driver(), b = driver();
    b.model.state = "low";
    await a.d.init();
    await b.d.init();
    await a.d.update();
    await b.d.update();
    assertEquals(a.t.state.tree.get("ups.status"), "OL");
    assertEquals(b.t.state.tree.get("ups.status"), "ALARM LB OB");
    assertEquals(a.t.state.tree.get("battery.voltage"), "13.62");
    assertEquals(b.t.state.tree.get("battery.voltage"), "10.75");
    assertEquals(a.t.state.tree.get("ups.load"), " 40.8");
  },
});
