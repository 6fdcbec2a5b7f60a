import { assert, assertEquals } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { GpserModel, simCheck } from "../../tests/sim/riello.ts";
import { readNibbles } from "./protocol.ts";
import {
  type Exchange,
  receiverFor,
  RielloDriver,
  type RielloKind,
  type RielloPort,
} from "./driver.ts";

/** A port wired straight to the GPSER model, with scripted faults. */
class ModelPort implements RielloPort {
  fault: "none" | "silent" | "garbage" | "badcheck" = "none";
  /** The check kind of each request, told apart by the simulator's own check. */
  readonly checks: string[] = [];
  constructor(readonly model: GpserModel) {}
  exchange(req: Uint8Array, kind: RielloKind, crc: boolean): Promise<Exchange> {
    const n = req.length;
    const sent = readNibbles(req, n - 5, 4);
    const body = req.subarray(1, n - 5);
    this.checks.push(simCheck(body, true) === sent ? "crc" : "sum");
    const { rx, result } = receiverFor(kind, crc);
    for (const reply of this.model.feed(req)) {
      if (this.fault === "silent") continue;
      const out = reply.slice();
      if (this.fault === "garbage") out.fill(0x41, 1, out.length - 1);
      if (this.fault === "badcheck") out[out.length - 2]! ^= 1;
      for (const b of out) if (rx.push(b)) break;
    }
    return Promise.resolve(result());
  }
  close() {}
}

function driver(model: GpserModel) {
  const t = testCtx("/dev/null");
  const port = new ModelPort(model);
  const d = new RielloDriver(
    t.ctx,
    () => Promise.resolve({ port, kind: "gpser" as const }),
  );
  return { t, port, d };
}

Deno.test({
  name:
    "riello: bad replies keep the last data, stale after ten polls, then recovery",
  permissions: "none",
  fn: async () => {
    const { t, port, d } = driver(new GpserModel());
    await d.init();
    await d.update();
    assertEquals(t.state.tree.get("ups.status"), "OL CHRG");
    for (const fault of ["silent", "garbage", "badcheck"] as const) {
      port.fault = fault;
      for (let i = 0; i < 10; i++) await d.update();
      assert(!t.state.stale, `${fault}: stale before the tenth failure`);
      await d.update();
      assert(t.state.stale, `${fault}: not stale after ten failures`);
      port.fault = "none";
      await d.update();
      assert(!t.state.stale, `${fault}: not recovered`);
    }
  },
});

Deno.test({
  name: "riello: two instances keep their own check kind and phases",
  permissions: "none",
  fn: async () => {
    const a = new GpserModel(), b = new GpserModel();
    b.crc = true;
    b.phases = "4";
    const one = driver(a), two = driver(b);
    await one.d.init();
    await two.d.init();
    await one.d.update();
    await two.d.update();
    assertEquals(one.t.state.tree.get("input.voltage"), "229");
    assertEquals(two.t.state.tree.get("input.L3-N.voltage"), "232");
    assertEquals(two.t.state.tree.get("output.phases"), "3");
    assertEquals(one.t.state.tree.get("output.phases"), undefined);
    // GI goes with the sum; afterwards only the CRC unit gets CRC requests
    assertEquals(one.port.checks, ["sum", "sum", "sum", "sum"]);
    assertEquals(two.port.checks, ["sum", "crc", "crc", "crc"]);
    assertEquals(b.commands.slice(0, 4), ["GI", "GN", "RS", "RE"]);
  },
});
