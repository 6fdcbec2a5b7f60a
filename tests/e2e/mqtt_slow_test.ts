/**
 * The MQTT publisher against a broker that accepts the connection and then
 * stops reading: upsd's side must not buffer without bound. A fake broker
 * (CONNACK, then silence) on loopback; 50 MB of variable changes offered
 * through the real event hub.
 */
import { assert } from "../assert.ts";
import { waitFor } from "../net.ts";
import { EventHub } from "../../src/server/events.ts";
import { UpsState } from "../../src/server/ups.ts";
import { TrackingTable } from "../../src/server/tracking.ts";
import type { ServerContext } from "../../src/server/context.ts";
import { silentLogger } from "../../src/log.ts";
import { MqttPublisher } from "../../src/mqtt/publisher.ts";

Deno.test({
  name: "MQTT: a broker that stops reading gets at most ~1 MiB queued",
  // npm:mqtt's keepalive timers end with the client, not with the test body
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (listener.addr as Deno.NetAddr).port;
    let conn: Deno.Conn | undefined;
    const accepted = (async () => {
      conn = await listener.accept();
      await conn.read(new Uint8Array(4096)); // CONNECT
      await conn.write(new Uint8Array([0x20, 0x02, 0x00, 0x00])); // CONNACK
      // …and never read again
    })();
    const hub = new EventHub();
    const ups = new UpsState("u", "dummy-ups", "x");
    hub.attach(ups);
    const ctx = {
      users: new Map(),
      log: silentLogger(),
      tracking: new TrackingTable(),
      now: Date.now,
    } as unknown as ServerContext;
    const pub = new MqttPublisher({ hub, ctx }, `mqtt://127.0.0.1:${port}`);
    try {
      await accepted;
      await waitFor(() => pub.connected, 10_000, 10, "CONNACK");
      const base = pub.published;
      const big = "x".repeat(1000);
      const offered = 50_000;
      for (let i = 0; i < offered; i++) {
        ups.tree.setInfo("ups.test", `${i} ${big}`);
        if (i % 200 === 0) await new Promise((r) => setTimeout(r, 0));
      }
      const sent = pub.published - base;
      // Kernel socket buffers on loopback take a few MB; beyond them and
      // our 1 MiB, events are dropped (and resent in full on drain).
      assert(sent > 0 && sent < offered / 3, `published ${sent} of ${offered}`);
      const heapMb = Deno.memoryUsage().heapUsed / 1e6;
      assert(heapMb < 200, `heap ${heapMb} MB`);
    } finally {
      await pub.close(); // also bounded: the broker never acknowledges
      conn?.close();
      listener.close();
    }
  },
});
