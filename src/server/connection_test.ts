import { assertEquals } from "../../tests/assert.ts";
import { parseUpsdUsers } from "../config/upsd_users.ts";
import { silentLogger } from "../log.ts";
import { ClientConnection } from "./connection.ts";
import type { ServerContext } from "./context.ts";
import { parseCmdvartab } from "./descriptions.ts";
import { ReplyCache } from "./reply_cache.ts";
import { Session } from "./session.ts";
import { TrackingTable } from "./tracking.ts";
import { UpsState } from "./ups.ts";

const pure = { permissions: "none" } as const;
const enc = new TextEncoder();
const dec = new TextDecoder();

function setup() {
  const ups = new UpsState("ups1", "dummy-ups", "x.dev");
  ups.connected = true;
  ups.stale = false;
  ups.tree.setInfo("battery.charge", "100");
  ups.tree.setInfo("ups.status", "OL");
  let list = [ups];
  const ctx: ServerContext = {
    findUps: (n) => list.find((u) => u.name.toLowerCase() === n.toLowerCase()),
    upsList: () => list,
    users: parseUpsdUsers("[admin]\npassword = s\nactions = FSD\n").users,
    descriptions: parseCmdvartab(""),
    tracking: new TrackingTable(),
    tlsAvailable: false,
    clientsOf: () => [],
    log: silentLogger(),
    now: () => 1000,
  };
  const cache = new ReplyCache();
  let id = 1;
  const conn = () =>
    new ClientConnection(
      new Session(ctx, id++, "127.0.0.1"),
      0,
      silentLogger(),
      cache,
    );
  const setList = (l: UpsState[]) => {
    list = l;
    cache.invalidate();
  };
  return { ups, cache, conn, setList };
}

/** Feeds text as one read; returns the reply text ("" for none). */
function feed(c: ClientConnection, text: string, now = 1): string {
  const b = enc.encode(text);
  const out = c.feedBytes(b, b.length, now);
  return out === undefined ? "" : dec.decode(out);
}

Deno.test("cached GET VAR follows every change of its UPS", pure, () => {
  const { ups, cache, conn } = setup();
  const a = conn();
  const get = "GET VAR ups1 battery.charge\n";
  assertEquals(feed(a, get), 'VAR ups1 battery.charge "100"\n');
  assertEquals(cache.size, 1);
  assertEquals(feed(conn(), get), 'VAR ups1 battery.charge "100"\n');
  ups.tree.setInfo("battery.charge", "90");
  assertEquals(feed(a, get), 'VAR ups1 battery.charge "90"\n');
  ups.stale = true;
  assertEquals(feed(a, get), "ERR DATA-STALE\n");
  ups.stale = false;
  assertEquals(feed(a, get), 'VAR ups1 battery.charge "90"\n');
  ups.tree.delInfo("battery.charge");
  assertEquals(feed(a, get), "ERR VAR-NOT-SUPPORTED\n");
  ups.connected = false;
  assertEquals(feed(a, get), "ERR DRIVER-NOT-CONNECTED\n");
});

Deno.test("cached replies see FSD and a reload", pure, () => {
  const { ups, conn, setList } = setup();
  const a = conn();
  const status = "GET VAR ups1 ups.status\n";
  assertEquals(feed(a, status), 'VAR ups1 ups.status "OL"\n');
  assertEquals(
    feed(a, "LIST VAR ups1\n").split("\n")[2],
    'VAR ups1 ups.status "OL"',
  );
  ups.fsd = true;
  assertEquals(feed(a, status), 'VAR ups1 ups.status "FSD OL"\n');
  assertEquals(
    feed(a, "LIST VAR ups1\n").split("\n")[2],
    'VAR ups1 ups.status "FSD OL"',
  );
  setList([]);
  assertEquals(feed(a, status), "ERR UNKNOWN-UPS\n");
});

Deno.test("one read's replies come back as one buffer, in order", pure, () => {
  const { conn } = setup();
  const a = conn();
  const get = "GET VAR ups1 battery.charge\n";
  const want = 'VAR ups1 battery.charge "100"\n';
  assertEquals(
    feed(a, get.repeat(3) + "VER x\n" + get),
    want.repeat(3) + "ERR INVALID-ARGUMENT\n" + want,
  );
  // a line split across reads
  assertEquals(feed(a, "GET VAR ups1 batt"), "");
  assertEquals(feed(a, "ery.charge\n" + get), want + want);
  // a parse error abandons the rest of the read, as NUT does
  assertEquals(feed(a, get + 'GET VAR "#"\n' + get), want);
  assertEquals(feed(a, get), want);
});

Deno.test(
  "a request after LOGOUT in the same read keeps the client",
  pure,
  () => {
    const { conn } = setup();
    const a = conn();
    assertEquals(feed(a, "LOGOUT\n"), "OK Goodbye\n");
    assertEquals(a.session.closing, true);
    assertEquals(feed(a, "VER\n"), ""); // the next read finds it gone
    const b = conn();
    assertEquals(
      feed(b, "LOGOUT\nGET VAR ups1 battery.charge\n"),
      'OK Goodbye\nVAR ups1 battery.charge "100"\n',
    );
    assertEquals(b.session.closing, false);
    const c = conn();
    feed(c, "GET VAR ups1 battery.charge\n"); // cached
    assertEquals(
      feed(c, "LOGOUT\nGET VAR ups1 battery.charge\n").startsWith(
        "OK Goodbye\n",
      ),
      true,
    );
    assertEquals(c.session.closing, false);
  },
);

Deno.test("the cache is bounded and keyed by exact bytes", pure, () => {
  const { cache, conn } = setup();
  const a = conn();
  assertEquals(
    feed(a, "get var UPS1 Battery.Charge\n"),
    'VAR UPS1 Battery.Charge "100"\n',
  );
  assertEquals(
    feed(a, "GET VAR ups1  battery.charge\n"),
    'VAR ups1 battery.charge "100"\n',
  );
  assertEquals(cache.size, 2);
  for (let i = 0; i < 5000; i++) {
    const name = [...`battery.charge`].map((ch, j) =>
      (i >> (j % 13)) & 1 ? ch.toUpperCase() : ch
    ).join("");
    feed(a, `GET VAR ups1 ${name}\n`);
  }
  assertEquals(cache.size <= 4096, true);
});
