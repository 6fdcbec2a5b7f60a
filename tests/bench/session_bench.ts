/**
 * Micro-benchmarks of upsd's per-request work without sockets: one read's
 * bytes in, reply bytes out, through ClientConnection as the listener calls
 * it. Compares the reply cache's hit path with the full path (tokenize,
 * dispatch, format, encode).
 *
 *   deno bench --allow-read tests/bench/session_bench.ts
 *
 * @module
 */
import { silentLogger } from "../../src/log.ts";
import { ClientConnection } from "../../src/server/connection.ts";
import type { ServerContext } from "../../src/server/context.ts";
import { ReplyCache } from "../../src/server/reply_cache.ts";
import { Session } from "../../src/server/session.ts";
import { TrackingTable } from "../../src/server/tracking.ts";
import { UpsState } from "../../src/server/ups.ts";

const DEV = Deno.readTextFileSync(
  new URL("../fixtures/bench/ups.dev", import.meta.url),
);

const ups = new UpsState("ups1", "dummy-ups", "ups1.dev");
ups.connected = true;
ups.stale = false;
for (const l of DEV.split("\n")) {
  const m = /^([a-z0-9.]+):\s*(.*)$/i.exec(l.trim());
  if (m) ups.tree.setInfo(m[1]!, m[2]!);
}
const ctx: ServerContext = {
  findUps: (n) => (n.toLowerCase() === "ups1" ? ups : undefined),
  upsList: () => [ups],
  users: new Map(),
  descriptions: { vars: new Map(), cmds: new Map() },
  tracking: new TrackingTable(),
  tlsAvailable: false,
  clientsOf: () => [],
  log: silentLogger(),
  now: () => 0,
};

function connection(cache?: ReplyCache): ClientConnection {
  return new ClientConnection(
    new Session(ctx, 1, "127.0.0.1"),
    0,
    silentLogger(),
    cache,
  );
}

const enc = new TextEncoder();
const get = enc.encode("GET VAR ups1 battery.charge\n");
const get16 = enc.encode("GET VAR ups1 battery.charge\n".repeat(16));
const list = enc.encode("LIST VAR ups1\n");
const cached = connection(new ReplyCache());
const uncached = connection();

Deno.bench("GET VAR, cache hit", { group: "get", baseline: true }, () => {
  cached.feedBytes(get, get.length, 0);
});
Deno.bench("GET VAR, full path", { group: "get" }, () => {
  uncached.feedBytes(get, get.length, 0);
});
Deno.bench("16 pipelined GET VAR, cache hit", { group: "get16" }, () => {
  cached.feedBytes(get16, get16.length, 0);
});
Deno.bench("16 pipelined GET VAR, full path", { group: "get16" }, () => {
  uncached.feedBytes(get16, get16.length, 0);
});
Deno.bench("LIST VAR, cache hit", { group: "list", baseline: true }, () => {
  cached.feedBytes(list, list.length, 0);
});
Deno.bench("LIST VAR, full path", { group: "list" }, () => {
  uncached.feedBytes(list, list.length, 0);
});
