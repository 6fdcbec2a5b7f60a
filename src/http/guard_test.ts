import {
  assert,
  assertEquals,
  assertStringIncludes,
} from "../../tests/assert.ts";
import { ConnectionGuard } from "./guard.ts";

const LIMITS = {
  maxConnections: 3,
  headerMs: 300,
  headerBytes: 1024,
  idleMs: 400,
};
const enc = new TextEncoder();
const dec = new TextDecoder();

function setup() {
  const seen: string[] = [];
  const ref: { guard?: ConnectionGuard } = {};
  const upstream = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (req, info) => {
      seen.push(ref.guard?.peerOf(info.remoteAddr.port) ?? "none");
      return new Response(`hello ${new URL(req.url).pathname}`);
    },
  );
  const guard = ref.guard = new ConnectionGuard(
    Deno.listen({ hostname: "127.0.0.1", port: 0 }),
    upstream.addr.port,
    LIMITS,
  );
  const connect = () =>
    Deno.connect({ hostname: "127.0.0.1", port: guard.addr.port });
  const stop = async () => {
    await guard.close();
    await upstream.shutdown();
  };
  return { guard, connect, stop, seen };
}

/** Reads until the peer closes (or errors); all text read. */
async function readAll(c: Deno.Conn): Promise<string> {
  const buf = new Uint8Array(4096);
  let out = "";
  try {
    while (true) {
      const n = await c.read(buf);
      if (n === null) break;
      out += dec.decode(buf.subarray(0, n));
    }
  } catch {
    // reset
  }
  return out;
}

Deno.test({
  name: "guard: a request passes; half-close still gets the answer; peer known",
  sanitizeResources: false,
  sanitizeOps: false,
}, async () => {
  const { connect, stop, seen } = setup();
  try {
    const c = await connect();
    await c.write(
      enc.encode("GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"),
    );
    await c.closeWrite();
    const text = await readAll(c);
    c.close();
    assertStringIncludes(text, "HTTP/1.1 200 OK");
    assertStringIncludes(text, "hello /x");
    assertEquals(seen, ["127.0.0.1"]);
  } finally {
    await stop();
  }
});

Deno.test({
  name: "guard: stalled headers, oversized headers, idle keep-alive are closed",
  sanitizeResources: false,
  sanitizeOps: false,
}, async () => {
  const { guard, connect, stop } = setup();
  try {
    const stalled = await connect();
    await stalled.write(enc.encode("GET / HTTP/1.1\r\nHost: a\r\n"));
    const big = await connect();
    await big.write(
      enc.encode(`GET / HTTP/1.1\r\nX: ${"a".repeat(3000)}\r\n\r\n`),
    );
    assertStringIncludes(await readAll(big), "431");
    big.close();
    // the header deadline (300 ms here) ends the stalled one
    assertEquals(await readAll(stalled), "");
    stalled.close();
    const idle = await connect();
    await idle.write(enc.encode("GET /k HTTP/1.1\r\nHost: a\r\n\r\n"));
    // one answer, then the keep-alive connection idles out (400 ms here)
    assertStringIncludes(await readAll(idle), "hello /k");
    idle.close();
    assertEquals(guard.size, 0);
  } finally {
    await stop();
  }
});

Deno.test({
  name: "guard: connections beyond the cap are closed at once",
  sanitizeResources: false,
  sanitizeOps: false,
}, async () => {
  const { guard, connect, stop } = setup();
  const held: Deno.Conn[] = [];
  try {
    for (let i = 0; i < 3; i++) held.push(await connect());
    // wait until the guard has accepted all three
    while (guard.size < 3) await new Promise((r) => setTimeout(r, 5));
    const extra = await connect();
    assertEquals(await readAll(extra), "");
    extra.close();
    assertEquals(guard.size, 3);
    // the held ones are still served
    await held[0]!.write(
      enc.encode("GET /ok HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"),
    );
    assert((await readAll(held[0]!)).includes("hello /ok"));
  } finally {
    for (const c of held) c.close();
    await stop();
  }
});
