import { assertEquals } from "../../tests/assert.ts";
import { waitFor } from "../../tests/net.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { FakeDriverSocket } from "../../tests/sim/driver_socket.ts";
import { DEFAULT_PATHS } from "../../src/config/paths.ts";
import { CloneDriver } from "./clone.ts";
import { CloneOutletDriver } from "./outlet.ts";

function ctxIn(dir: string, port: string, values: Record<string, string>) {
  const t = testCtx(port, values);
  return {
    ...t,
    ctx: { ...t.ctx, paths: { ...DEFAULT_PATHS, statePath: dir } },
  };
}

Deno.test({
  name:
    "clone: two instances in one process keep their own upstream and timers",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = Deno.makeTempDirSync({ prefix: "clone-unit-" });
    const a = new FakeDriverSocket(`${dir}/a`, {
      "ups.status": "OL",
      "battery.charge": "80",
    });
    const b = new FakeDriverSocket(`${dir}/b`, {
      "ups.status": "OB",
      "battery.charge": "40",
    });
    const ta = ctxIn(dir, "a", { offdelay: "30" });
    const tb = ctxIn(dir, "b", {
      mincharge: "50",
      "load.status": "outlet.status",
    });
    const da = new CloneDriver(ta.ctx);
    const db = new CloneDriver(tb.ctx);
    const get = (t: typeof ta, n: string) => t.state.tree.get(n);
    try {
      await da.init();
      await db.init();
      await waitFor(() =>
        get(ta, "battery.charge") === "80" && get(tb, "battery.charge") === "40"
      );
      assertEquals(get(ta, "ups.delay.shutdown"), "30");
      assertEquals(get(tb, "ups.delay.shutdown"), "120");
      assertEquals(get(tb, "battery.charge.low"), "50");
      // b is on battery under mincharge: its next poll starts the shutdown
      await db.update();
      assertEquals(get(tb, "ups.status"), "FSD OB");
      assertEquals(get(ta, "ups.status"), "OL");
      assertEquals(await da.instcmd("shutdown.stayoff"), "handled");
      assertEquals(get(ta, "ups.status"), "FSD OL");
      assertEquals(get(ta, "ups.timer.start"), "-1");
      assertEquals(await da.instcmd("load.off"), "unknown");
      assertEquals(await da.setvar("battery.runtime.low", "7.50"), "handled");
      assertEquals(get(ta, "battery.runtime.low"), "7.5");
      // b never got battery.runtime, so it publishes no runtime.low at all
      assertEquals(get(tb, "battery.runtime.low"), undefined);
      // upstream stale after the dump: the next poll rebuilds the link
      const dumps = a.dumps;
      await a.stale(true);
      await waitFor(async () => {
        await da.update();
        return a.dumps === dumps + 1;
      });
      assertEquals(ta.state.stale, true);
      await a.stale(false);
      await waitFor(async () => {
        await da.update();
        return !ta.state.stale;
      });
      // an upstream gone for good leaves the data stale
      a.close();
      await waitFor(async () => {
        await da.update();
        return ta.state.stale;
      });
    } finally {
      await da.close();
      await db.close();
      a.close();
      b.close();
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "clone-outlet: prefix is mandatory; OFF and FSD follow the outlet",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = Deno.makeTempDirSync({ prefix: "clone-outlet-unit-" });
    const up = new FakeDriverSocket(`${dir}/u`, {
      "ups.status": "OL",
      "outlet.2.status": "on",
      "outlet.2.delay.shutdown": "5",
      "outlet.2.timer.shutdown": "-1",
    });
    const none = new CloneOutletDriver(ctxIn(dir, "u", {}).ctx);
    let failed = "";
    await none.init().catch((e) => failed = e.message);
    assertEquals(failed, "Outlet prefix is mandatory for this driver!");
    const t = ctxIn(dir, "u", { prefix: "outlet.2" });
    const d = new CloneOutletDriver(t.ctx);
    try {
      await d.init();
      await waitFor(() => t.state.tree.get("ups.status") === "OL");
      await up.set({ "outlet.2.timer.shutdown": "6" });
      await waitFor(() => t.state.tree.get("outlet.2.timer.shutdown") === "6");
      assertEquals(t.state.tree.get("ups.status"), "OL");
      await up.set({ "outlet.2.timer.shutdown": "5" });
      await waitFor(() => t.state.tree.get("ups.status") === "FSD OL");
      await up.set({ "outlet.2.status": "OFF" });
      await waitFor(() => t.state.tree.get("ups.status") === "OL OFF");
      assertEquals(await d.shutdown(), "handled");
    } finally {
      await d.close();
      up.close();
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
