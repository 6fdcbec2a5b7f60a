import { assert, assertEquals } from "../../tests/assert.ts";
import { EventHub } from "../server/events.ts";
import { UpsState } from "../server/ups.ts";
import { SSE_QUEUE_LIMIT, SseClients } from "./sse.ts";

const opts = { permissions: "none" } as const;

function setup(max?: number) {
  const hub = new EventHub({ capacity: 8 });
  const ups = new UpsState("u1", "dummy-ups", "x", "first");
  hub.attach(ups);
  ups.connected = true;
  ups.stale = false;
  ups.tree.setInfo("ups.status", "OL");
  return { hub, ups, clients: new SseClients(hub, max) };
}

async function readMessages(res: Response, count: number) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const out: Array<{ id: number; data: Record<string, unknown> }> = [];
  while (out.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
    let end;
    while ((end = text.indexOf("\n\n")) >= 0) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      const id = /^id: (\d+)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (id && data) out.push({ id: Number(id), data: JSON.parse(data) });
    }
  }
  await reader.cancel();
  return out;
}

Deno.test(
  "sse: fresh client gets a snapshot, then live events",
  opts,
  async () => {
    const { ups, clients } = setup();
    const res = clients.respond(null, null);
    ups.tree.setInfo("battery.charge", "50");
    const msgs = await readMessages(res, 2);
    assertEquals(msgs[0]!.data.kind, "snapshot");
    assertEquals(msgs[0]!.data.vars, { "ups.status": "OL" });
    assertEquals(msgs[0]!.data.desc, "first");
    assertEquals(msgs[1]!.data, {
      ...msgs[1]!.data,
      kind: "set",
      name: "battery.charge",
      value: "50",
    });
    assertEquals(msgs[1]!.id, msgs[0]!.id + 1);
    assertEquals(clients.size, 0);
  },
);

Deno.test(
  "sse: Last-Event-ID replays; too old an id gets a snapshot",
  opts,
  async () => {
    const { hub, ups, clients } = setup();
    const from = hub.lastId;
    ups.tree.setInfo("ups.load", "1");
    ups.tree.setInfo("ups.load", "2");
    const replay = await readMessages(clients.respond(String(from), null), 2);
    assertEquals(replay.map((m) => m.data.value), ["1", "2"]);
    for (let i = 3; i < 20; i++) ups.tree.setInfo("ups.load", String(i));
    const resync = await readMessages(clients.respond(String(from), null), 1);
    assertEquals(resync[0]!.data.kind, "snapshot");
    assertEquals(
      (resync[0]!.data.vars as Record<string, string>)["ups.load"],
      "19",
    );
  },
);

Deno.test(
  "sse: a client that does not read is dropped past the limit",
  opts,
  async () => {
    const { ups, clients } = setup();
    const res = clients.respond(null, null);
    assertEquals(clients.size, 1);
    const big = "x".repeat(200);
    let i = 0;
    // each event is ~300 bytes queued; nobody reads the body
    while (clients.size > 0 && i < 20 * SSE_QUEUE_LIMIT / 200) {
      ups.tree.setInfo("ups.id", big + i++);
    }
    assertEquals(clients.size, 0);
    // not before ~1 MiB of ~300-byte messages was queued
    assert(i * 300 > SSE_QUEUE_LIMIT, String(i));
    await res.body!.cancel();
  },
);

Deno.test(
  "sse: client limit answers 503; close() ends every stream",
  opts,
  async () => {
    const { clients } = setup(2);
    const a = clients.respond(null, null);
    const b = clients.respond(null, null);
    const c = clients.respond(null, null);
    assertEquals(c.status, 503);
    await c.body?.cancel();
    clients.close();
    assertEquals(clients.size, 0);
    for (const r of [a, b]) {
      const text = await r.text();
      assert(text.startsWith("retry: 2000\n\n"));
    }
  },
);
