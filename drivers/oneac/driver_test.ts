/**
 * oneac against the simulator's model on an in-memory line (pauses scaled
 * to 0): silence and wrong-length answers keep the last data and go stale
 * on the third failed poll; an answer recovers; a unit that is no Oneac
 * stops start-up; SET refusals follow NUT's limits.
 */
import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { type OneacFamily, OneacModel } from "../../tests/sim/oneac.ts";
import { latin1, type LineTransport } from "../../src/transport/mod.ts";
import { OneacDriver } from "./driver.ts";

type Fault = "none" | "silent" | "short";

class ModelLine implements LineTransport {
  fault: Fault = "none";
  readonly sent: string[] = [];
  #queue: number[] = [];
  constructor(readonly model: OneacModel) {}
  write(data: Uint8Array | string): Promise<void> {
    const text = typeof data === "string" ? data : String.fromCharCode(...data);
    for (const cmd of text.split(/\r\n|\r|\n/).filter((c) => c)) {
      this.sent.push(cmd);
      const a = this.fault === "silent" ? null : this.model.answer(cmd);
      if (a === null) continue;
      const out = this.fault === "short" ? a.slice(0, a.length - 1) : a;
      this.#queue.push(...latin1(`${out}\r`));
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

function start(family: OneacFamily = "OZ") {
  const line = new ModelLine(new OneacModel(family));
  const t = testCtx("/dev/null");
  const drv = new OneacDriver(t.ctx, () => Promise.resolve(line), 0);
  return { line, t, drv };
}

Deno.test({
  name:
    "oneac: silence and short answers go stale on the third poll, then recover",
  permissions: "none",
  fn: async () => {
    const { line, t, drv } = start("ON");
    await drv.init();
    await drv.update();
    assert(!t.state.stale);
    for (const fault of ["silent", "short"] as const) {
      line.fault = fault;
      await drv.update();
      await drv.update();
      assert(!t.state.stale, `${fault}: stale too early`);
      await drv.update();
      assert(t.state.stale, `${fault}: not stale after three polls`);
      assertEquals(t.state.tree.get("input.voltage"), "118");
      await drv.update(); // "continues": no crash, still stale
      assert(t.state.stale);
      line.fault = "none";
      await drv.update();
      assert(!t.state.stale, `${fault}: not recovered`);
    }
  },
});

Deno.test({
  name: "oneac: start-up refuses a unit that is not a Oneac or never answers",
  permissions: "none",
  fn: async () => {
    const a = start();
    a.line.model.answer = (c) => (c === "F" ? "XX" : null);
    await assertRejects(() => a.drv.init(), Error, "Did not find an ONEAC UPS");
    const b = start();
    b.line.fault = "silent";
    await assertRejects(() => b.drv.init(), Error, "Serial timeout with ONEAC");
  },
});

Deno.test({
  name: "oneac: SET limits per family, as NUT",
  permissions: "none",
  fn: async () => {
    const eg = start("EG"), oz = start("OZ");
    await eg.drv.init();
    await oz.drv.init();
    assertEquals(await eg.drv.setvar("ups.delay.shutdown", "1000"), "unknown");
    assertEquals(await oz.drv.setvar("ups.delay.shutdown", "1000"), "handled");
    assertEquals(await oz.drv.setvar("battery.date", "2401"), "unknown");
    assertEquals(await oz.drv.setvar("ups.start.auto", "maybe"), "unknown");
    oz.line.model.answer = () => "*";
    assertEquals(await oz.drv.setvar("input.transfer.low", "90"), "unknown");
    oz.line.sent.length = 0;
    assertEquals(await oz.drv.instcmd("shutdown.return"), "handled");
    assertEquals(await eg.drv.instcmd("shutdown.return"), "handled");
    assertEquals(oz.line.sent, ["Z1000"]);
    assertEquals(eg.line.sent.at(-1), "Z000");
  },
});
