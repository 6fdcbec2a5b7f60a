/**
 * The tripplite (serial) instance against the simulator's model wired to an
 * in-memory line: polls, bad input (silence, garbage, cut replies, values
 * out of bounds) keeping the last data until the fourth failure in a row
 * makes it stale, recovery, and per-instance delays.
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { TlModel } from "../../tests/sim/tripplite_ser.ts";
import { latin1, type LineTransport } from "../../src/transport/mod.ts";
import { TrippLiteSerDriver } from "./smart_driver.ts";

type Fault = "none" | "silent" | "garbage" | "short" | "bounds";

/** A line whose far end is `model`; a read with nothing queued times out at once. */
class ModelLine implements LineTransport {
  fault: Fault = "none";
  readonly sent: string[] = [];
  #queue: number[] = [];
  constructor(readonly model: TlModel) {}
  write(data: Uint8Array | string): Promise<void> {
    const cmd = typeof data === "string" ? data : String.fromCharCode(...data);
    this.sent.push(cmd.replace(/\r$/, ""));
    let reply = this.model.answer(cmd.replace(/\r$/, ""));
    if (reply === null || this.fault === "silent") return Promise.resolve();
    if (this.fault === "garbage") reply = reply.replace(/./g, "#");
    if (this.fault === "bounds" && cmd.startsWith(":D")) {
      reply = reply.slice(0, 18) + "FFF"; // 409.5 Hz
    }
    let out = `${cmd}\n${reply}\r\n`;
    if (this.fault === "short") out = out.slice(0, out.length - 6);
    this.#queue.push(...latin1(out));
    return Promise.resolve();
  }
  read(_timeoutMs: number, max = 256): Promise<Uint8Array> {
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
  getLines() {
    return Promise.resolve({
      dtr: false,
      rts: false,
      cts: false,
      dcd: false,
      rng: false,
      dsr: false,
    });
  }
}

function start(values: Record<string, string> = {}) {
  const line = new ModelLine(new TlModel());
  const t = testCtx("/dev/null", values);
  const drv = new TrippLiteSerDriver(t.ctx, () => Promise.resolve(line));
  return { line, t, drv };
}

Deno.test({
  name: "tripplite: bad replies keep the last data, stale on the 4th, recovery",
  permissions: "none",
  fn: async () => {
    const { line, t, drv } = start();
    await drv.init();
    await drv.update();
    assert(!t.state.stale);
    assertEquals(t.state.tree.get("input.frequency"), "60.00");
    for (const fault of ["silent", "garbage", "short", "bounds"] as const) {
      line.fault = fault;
      line.model.load = "10";
      for (let i = 1; i <= 3; i++) {
        await drv.update();
        assert(!t.state.stale, `${fault}: stale after ${i} failures`);
        assertEquals(t.state.tree.get("ups.load"), " 35", fault);
      }
      await drv.update();
      assert(t.state.stale, `${fault}: not stale after four failures`);
      line.fault = "none";
      await drv.update();
      assert(!t.state.stale, `${fault}: not recovered`);
      assertEquals(t.state.tree.get("ups.load"), " 16", fault);
      line.model.load = "23";
      await drv.update();
    }
  },
});

Deno.test({
  name: "tripplite: delays belong to the instance (-k and SET)",
  permissions: "none",
  fn: async () => {
    const a = start({ offdelay: "20" });
    const b = start();
    await a.drv.shutdown();
    await b.drv.shutdown();
    assertEquals(a.line.sent, [":N14", ":G"]);
    assertEquals(b.line.sent, [":N40", ":G"]);
    await a.drv.init();
    assertEquals(await a.drv.setvar("ups.delay.shutdown", "-3"), "handled");
    assertEquals(a.t.state.tree.get("ups.delay.shutdown"), "20");
    assertEquals(await a.drv.setvar("ups.delay.start", "4096"), "handled");
    assertEquals(await a.drv.setvar("battery.charge", "1"), "unknown");
    a.line.sent.length = 0;
    assertEquals(await a.drv.instcmd("shutdown.reboot"), "handled");
    assertEquals(await a.drv.instcmd("beeper.off"), "unknown");
    assertEquals(a.line.sent, [":H001000"]);
  },
});
