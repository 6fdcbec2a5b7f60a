/**
 * The floor of a Deno TCP server on the default (Deno ops) path: every line
 * read gets one fixed GET VAR-sized reply, no parsing. Compare its CPU per
 * request with upsd's under the same load to see how much is upsd's own:
 *
 *   deno run -A tests/bench/deno_floor.ts    # prints {"port":…,"pid":…}
 *   node tests/bench/nutload.mjs --port PORT --pid PID --mode get --conns 1000
 *
 * Loopback only; stop it with Ctrl-C.
 *
 * @module
 */
const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
console.log(JSON.stringify({
  port: (listener.addr as Deno.NetAddr).port,
  pid: Deno.pid,
}));
const reply = new TextEncoder().encode('VAR ups1 battery.charge "100"\n');

async function serve(conn: Deno.TcpConn): Promise<void> {
  conn.setNoDelay(true);
  const buf = new Uint8Array(512);
  try {
    while ((await conn.read(buf)) !== null) await conn.write(reply);
  } catch {
    // peer reset
  } finally {
    try {
      conn.close();
    } catch {
      // already closed
    }
  }
}

for await (const conn of listener) serve(conn);
