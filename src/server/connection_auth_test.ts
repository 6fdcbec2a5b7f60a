/**
 * A request whose password check needs scrypt waits (ClientConnection
 * `pending`) instead of running scrypt on upsd's thread; the requests after
 * it in the same read are answered after it, in order.
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import { hashPassword } from "../config/password_hash.ts";
import { parseUpsdUsers } from "../config/upsd_users.ts";
import { silentLogger } from "../log.ts";
import { LoginGuard } from "./access.ts";
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
const HASH = hashPassword("pw", { ln: 12, r: 8, p: 1 });

function setup(readsNeedLogin = false) {
  const ups = new UpsState("ups1", "dummy-ups", "x.dev");
  ups.connected = true;
  ups.stale = false;
  ups.tree.setInfo("ups.status", "OL");
  const ctx: ServerContext = {
    findUps: (n) => n.toLowerCase() === "ups1" ? ups : undefined,
    upsList: () => [ups],
    users: parseUpsdUsers(`[mon]\npassword = "${HASH}"\nupsmon secondary\n`)
      .users,
    guard: new LoginGuard(silentLogger()),
    readsNeedLogin,
    descriptions: parseCmdvartab(""),
    tracking: new TrackingTable(),
    tlsAvailable: false,
    clientsOf: () => [],
    log: silentLogger(),
    now: () => 1000,
  };
  const cache = new ReplyCache();
  let id = 1;
  return () =>
    new ClientConnection(
      new Session(ctx, id++, "127.0.0.1"),
      0,
      silentLogger(),
      cache,
    );
}

/** Feeds one read and resolves every wait, as the listener does. */
async function bytesPath(c: ClientConnection, text: string): Promise<string> {
  const b = enc.encode(text);
  let out = "";
  let r = c.feedBytes(b, b.length, 1000);
  let waits = 0;
  while (true) {
    if (r) out += dec.decode(r);
    if (!c.pending) break;
    waits++;
    await c.pending;
    r = c.resumeBytes(1000);
  }
  assert(waits > 0, "the hashed check waited");
  return out;
}

Deno.test(
  "byte path: LOGIN waits for scrypt, later requests keep their order",
  pure,
  async () => {
    const conn = setup();
    const c = conn();
    const all = "USERNAME mon\nPASSWORD pw\nLOGIN ups1\nVER\nLOGOUT\n";
    const first = c.feedBytes(enc.encode(all), all.length, 1000);
    assertEquals(dec.decode(first), "OK\nOK\n");
    assert(c.pending !== undefined);
    await c.pending;
    assertEquals(
      dec.decode(c.resumeBytes(1000)),
      "OK\nNetwork UPS Tools upsd 2.8.0 - http://www.networkupstools.org/\nOK Goodbye\n",
    );
    assertEquals(c.pending, undefined);
    // the outcome is cached: the next session answers at once
    const d = conn();
    const t = "USERNAME mon\nPASSWORD pw\nLOGIN ups1\n";
    const r = d.feedBytes(enc.encode(t), t.length, 1000);
    assertEquals(dec.decode(r), "OK\nOK\nOK\n");
    assertEquals(d.pending, undefined);
    // a wrong password waits too, then is denied
    assertEquals(
      await bytesPath(conn(), "USERNAME mon\nPASSWORD bad\nLOGIN ups1\n"),
      "OK\nOK\nERR ACCESS-DENIED\n",
    );
  },
);

Deno.test(
  "text (TLS) path and reads that need a login wait the same way",
  pure,
  async () => {
    const conn = setup(true);
    const c = conn();
    let out = c.feed(
      "USERNAME mon\nPASSWORD pw\nGET VAR ups1 ups.status\nLIST UPS\n",
      1000,
    );
    assertEquals(out, "OK\nOK\n");
    await c.pending;
    out = c.resumeText(1000);
    assertEquals(
      out,
      'VAR ups1 ups.status "OL"\nBEGIN LIST UPS\nUPS ups1 "Description unavailable"\nEND LIST UPS\n',
    );
    // byte path, with the reply cache warm: still checked first
    const anon = conn();
    const q = "GET VAR ups1 ups.status\n";
    assertEquals(
      dec.decode(anon.feedBytes(enc.encode(q), q.length, 1000)),
      "ERR USERNAME-REQUIRED\n",
    );
    assertEquals(
      await bytesPath(
        conn(),
        "USERNAME mon\nPASSWORD nope\nGET VAR ups1 ups.status\n",
      ),
      "OK\nOK\nERR ACCESS-DENIED\n",
    );
  },
);
