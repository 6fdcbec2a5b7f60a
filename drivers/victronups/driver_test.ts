/**
 * victronups against the simulator's model on an in-memory line (pauses
 * scaled to 0): silence makes the data stale and keeps the last values,
 * the next answered poll recovers; what the first poll probes belongs to
 * each instance; a calibration in progress shows CAL.
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { VictronModel } from "../../tests/sim/victron.ts";
import { latin1, type LineTransport } from "../../src/transport/mod.ts";
import { VictronDriver } from "./driver.ts";

class ModelLine implements LineTransport {
  silent = false;
  #queue: number[] = [];
  constructor(readonly model: VictronModel) {}
  write(data: Uint8Array | string): Promise<void> {
    const text = typeof data === "string" ? data : String.fromCharCode(...data);
    for (const cmd of text.split("\r").filter((c) => c)) {
      const a = this.silent ? null : this.model.answer(cmd);
      if (a !== null) this.#queue.push(...latin1(`${a}\r\n`));
    }
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

function start(model = new VictronModel()) {
  const line = new ModelLine(model);
  const t = testCtx("/dev/null");
  const drv = new VictronDriver(t.ctx, () => Promise.resolve(line), 0);
  return { line, t, drv };
}

Deno.test({
  name: "victronups: silence goes stale, keeps values, then recovers",
  permissions: "none",
  fn: async () => {
    const { line, t, drv } = start();
    await drv.init();
    await drv.update();
    assert(!t.state.stale);
    assertEquals(t.state.tree.get("input.frequency"), "49.9");
    line.silent = true;
    line.model.values.I0U = "100";
    await drv.update();
    assert(t.state.stale);
    assertEquals(t.state.tree.get("input.voltage"), "229");
    line.silent = false;
    await drv.update();
    assert(!t.state.stale);
    assertEquals(t.state.tree.get("input.voltage"), "100");
  },
});

Deno.test({
  name:
    "victronups: probed values belong to the instance; CAL while calibrating",
  permissions: "none",
  fn: async () => {
    const a = start();
    const bModel = new VictronModel();
    bModel.na.add("BC");
    bModel.na.add("BI");
    const b = start(bModel);
    for (const x of [a, b]) {
      await x.drv.init();
      await x.drv.update();
    }
    assertEquals(a.t.state.tree.get("battery.charge"), "95");
    assertEquals(b.t.state.tree.get("battery.charge"), undefined);
    assertEquals(await a.drv.instcmd("calibrate.start"), "handled");
    a.line.model.testResult = "5";
    await a.drv.update();
    assertEquals(a.t.state.tree.get("ups.status"), "OL CAL");
    a.line.model.testResult = "1";
    await a.drv.update();
    assertEquals(a.t.state.tree.get("ups.status"), "OL");
    assertEquals(await a.drv.instcmd("beeper.off"), "unknown");
  },
});
