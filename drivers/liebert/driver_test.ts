import { assertEquals, assertRejects } from "../../tests/assert.ts";
import { MemoryTransport } from "../../src/transport/memory.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { LiebertDriver } from "./driver.ts";

/** A MultiLink cable: `mode` says what comes back for each byte sent. */
class Cable extends MemoryTransport {
  mode: "battery" | "line" | "garbage" = "line";
  failLines = false;
  constructor() {
    super((data, port) => {
      const c = port as Cable;
      if (c.mode === "battery") port.push(data); // RX tied to TX
      else if (c.mode === "garbage") port.push("\x55\x13\xff");
    });
  }
  override getLines() {
    return this.failLines
      ? Promise.reject(new Error("ioctl(TIOCMGET) failed: ENOTTY"))
      : super.getLines();
  }
}

async function start(values: Record<string, string> = {}) {
  const t = testCtx("/dev/ttyS0", values);
  const port = new Cable();
  const drv = new LiebertDriver(t.ctx, () => port, 10);
  await drv.init();
  const poll = async () => {
    await drv.update();
    return t.state.tree.get("ups.status");
  };
  return { t, drv, port, poll };
}

Deno.test({
  name: "liebert: RTS raised, names and overrides",
  permissions: "none",
  async fn() {
    const a = await start();
    assertEquals(a.port.lineLog, [{ dtr: false, rts: true }]);
    assertEquals(a.t.state.tree.get("ups.mfr"), "Liebert");
    assertEquals(a.t.state.tree.get("ups.model"), "MultiLink");
    const b = await start({ mfr: "Emerson", model: "UPStation GXT" });
    assertEquals(b.t.state.tree.get("ups.mfr"), "Emerson");
    assertEquals(b.t.state.tree.get("ups.model"), "UPStation GXT");
    await a.drv.close();
    await b.drv.close();
  },
});

Deno.test({
  name: "liebert: loopback and DCD change the status after four equal polls",
  permissions: "none",
  async fn() {
    const { drv, port, poll } = await start();
    assertEquals(await poll(), "OL");
    port.mode = "battery";
    // each poll sends 0x55 once, after flushing what was left
    for (const want of ["OL", "OL", "OL", "OB", "OB"]) {
      assertEquals(await poll(), want);
    }
    assertEquals(port.writtenText(), "\x55".repeat(6));
    // a flap back to line power restarts the count
    port.mode = "line";
    assertEquals(await poll(), "OB");
    port.mode = "battery";
    for (const want of ["OB", "OB", "OB", "OB"]) {
      assertEquals(await poll(), want);
    }
    port.lines.dcd = true;
    for (const want of ["OB", "OB", "OB", "OB LB"]) {
      assertEquals(await poll(), want);
    }
    port.mode = "line";
    port.lines.dcd = false;
    for (const want of ["OB LB", "OB LB", "OB LB", "OL"]) {
      assertEquals(await poll(), want);
    }
    await drv.close();
  },
});

Deno.test({
  name: "liebert: garbage echoes and unreadable modem lines are not battery",
  permissions: "none",
  async fn() {
    const { t, drv, port, poll } = await start();
    port.mode = "garbage"; // the last byte is what counts
    port.failLines = true; // a pty: TIOCMGET fails
    for (let i = 0; i < 5; i++) assertEquals(await poll(), "OL");
    assertEquals(t.state.stale, false);
    await drv.close();
  },
});

Deno.test({
  name: "liebert: two instances debounce on their own; -k refuses",
  permissions: "none",
  async fn() {
    const a = await start(), b = await start();
    a.port.mode = "battery";
    for (let i = 0; i < 4; i++) {
      await a.poll();
      await b.poll();
    }
    assertEquals(a.t.state.tree.get("ups.status"), "OB");
    assertEquals(b.t.state.tree.get("ups.status"), "OL");
    await assertRejects(
      () => a.drv.shutdown(),
      Error,
      "shutdown not supported",
    );
    await a.drv.close();
    await b.drv.close();
  },
});
