/**
 * Fuzz: 100,000+ generated and mutated request lines (garbage, NUL bytes,
 * over-long words, unbalanced quotes, floods, half-open peers) thrown at a
 * running `deno run cli/upsd.ts`; afterwards it must still answer correctly
 * and a client that stayed connected must not have been disturbed.
 */
import { assertEquals } from "../assert.ts";
import {
  freePort,
  LineClient,
  makeTree,
  startOurUpsd,
  waitFor,
} from "../fixtures/upsd/harness.ts";

const SEEDS = [
  "VER",
  "NETVER",
  "HELP",
  "GET VAR ups1 ups.status",
  "GET TYPE ups1 ups.id",
  "GET DESC ups1 ups.status",
  "GET UPSDESC ups1",
  "GET NUMLOGINS ups1",
  "GET TRACKING",
  "LIST UPS",
  "LIST VAR ups1",
  "LIST CLIENT ups1",
  "USERNAME admin",
  "PASSWORD secret",
  "LOGIN ups1",
  "PRIMARY ups1",
  "FSD nope",
  'SET VAR ups1 ups.id "abc"',
  "SET TRACKING ON",
  "INSTCMD ups1 load.off",
  "STARTTLS",
  'GET VAR "ups1" "server.info"',
];

/** xorshift32: deterministic input, so a failure can be replayed. */
function rng(seed: number) {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

function makeLine(r: () => number): Uint8Array {
  const pick = Math.floor(r() * 8);
  const seed = new TextEncoder().encode(SEEDS[Math.floor(r() * SEEDS.length)]!);
  switch (pick) {
    case 0: { // random bytes, any value incl. NUL and high bytes
      const n = Math.floor(r() * 80);
      return Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
    }
    case 1: { // flip bytes of a valid request
      const b = seed.slice();
      for (let i = 0; i < 3; i++) {
        b[Math.floor(r() * b.length)] = Math.floor(r() * 256);
      }
      return b;
    }
    case 2: { // over-long word
      const n = 500 + Math.floor(r() * 3000);
      return new TextEncoder().encode(
        "GET VAR " + "A".repeat(n) + " ups.status",
      );
    }
    case 3: // unbalanced quotes / escapes / comment in quotes
      return new TextEncoder().encode(
        ['GET VAR "ups1', 'SET VAR ups1 "a#b"', "LIST \\", '"""', "\\\\\\"][
          Math.floor(r() * 5)
        ]!,
      );
    case 4: { // many words
      return new TextEncoder().encode(
        Array.from({ length: 20 + Math.floor(r() * 60) }, (_, i) => `w${i}`)
          .join(" "),
      );
    }
    case 5: { // truncate a valid request
      return seed.slice(0, Math.floor(r() * seed.length));
    }
    default:
      return seed;
  }
}

/** A marker request every this many fuzz lines on each connection. */
const MARK_EVERY = 25;
const latin1 = new TextDecoder("latin1");
const MARK_REPLY = /^VAR mark(\d+) server\.version "2\.8\.0"$/;

function markerLine(n: number): Uint8Array {
  // server.* ignores the UPS name, so the name numbers the reply
  return new TextEncoder().encode(`GET VAR mark${n} server.version`);
}

/** Reads every reply; returns the marker numbers in arrival order. */
async function collectMarkers(
  c: Deno.TcpConn,
  seen: number[] = [],
): Promise<number[]> {
  const buf = new Uint8Array(65536);
  const dec = new TextDecoder("latin1");
  let text = "";
  try {
    let n: number | null;
    while ((n = await c.read(buf)) !== null) {
      text += dec.decode(buf.subarray(0, n));
      const lines = text.split("\n");
      text = lines.pop()!;
      for (const l of lines) {
        const m = MARK_REPLY.exec(l);
        if (m) seen.push(Number(m[1]));
      }
    }
  } catch {
    // reset
  }
  return seen;
}

Deno.test({
  name: "upsd survives 100,000 fuzzed request lines",
  sanitizeOps: true,
  sanitizeResources: true,
  async fn() {
    const port = freePort();
    const tree = makeTree({
      "ups.conf":
        '[ups1]\n driver = dummy-ups\n port = x.dev\n desc = "Fuzz"\n',
      "upsd.conf": `LISTEN 127.0.0.1 ${port}\n`,
      "upsd.users": "[admin]\n password = secret\n actions = SET FSD\n",
    });
    const upsd = await startOurUpsd(tree, port);
    const watcher = await LineClient.connect(port);
    try {
      assertEquals(await watcher.ask("NETVER"), "1.3");
      const r = rng(20240601);
      const WORKERS = 8;
      const LINES = 100_000;
      let sent = 0;
      let marksSent = 0;
      let marksSeen = 0;
      let connsWithMarks = 0;
      let countedConns = 0;
      const worker = async () => {
        while (sent < LINES) {
          const conn = await Deno.connect({ hostname: "127.0.0.1", port });
          const live: number[] = [];
          const reader = collectMarkers(conn, live);
          let mark = 0;
          // Most connections keep plaintext (no STARTTLS) and are read to
          // the end, so their marker answers can be counted; the others
          // also fuzz STARTTLS and abrupt closes.
          const counted = r() < 0.75;
          let finalMark = -1;
          try {
            // one connection sends up to 2,000 lines in big writes
            for (let batch = 0; batch < 4 && sent < LINES; batch++) {
              const parts: Uint8Array[] = [];
              let size = 0;
              for (let i = 0; i < 500 && sent < LINES; i++, sent++) {
                let l = i % MARK_EVERY === MARK_EVERY - 1
                  ? markerLine(mark++)
                  : makeLine(r);
                if (counted && /^starttls$/i.test(latin1.decode(l))) {
                  l = markerLine(mark++);
                }
                parts.push(l, Uint8Array.of(10));
                size += l.length + 1;
              }
              const out = new Uint8Array(size);
              let off = 0;
              for (const p of parts) {
                out.set(p, off);
                off += p.length;
              }
              off = 0;
              while (off < out.length) {
                off += await conn.write(out.subarray(off));
              }
            }
            if (counted) {
              // Resync whatever state the fuzz left: `"#` is a parse error
              // (which resets the parser and drops the rest of that read)
              // outside quotes, and closes the quote then comments inside.
              // Repeat until a marker after it is answered (the server may
              // still be working through the backlog in the same read).
              for (let tries = 0; tries < 50 && finalMark < 0; tries++) {
                await conn.write(new TextEncoder().encode('\n"#\n'));
                await new Promise((res) => setTimeout(res, 20));
                const probe = mark++;
                await conn.write(
                  new TextEncoder().encode(
                    `GET VAR mark${probe} server.version\n`,
                  ),
                );
                await waitFor(() => live.includes(probe), 200, 5).then(
                  () => finalMark = probe,
                  () => {},
                );
              }
            }
          } catch {
            // the server may close us (LOGOUT): fine
          }
          // half-close: the server answers what it has, then closes
          if (counted || r() < 0.5) await conn.closeWrite().catch(() => {});
          let timer: ReturnType<typeof setTimeout> | undefined;
          await Promise.race([
            reader,
            new Promise((res) =>
              timer = setTimeout(res, counted ? 10_000 : 50)
            ),
          ]);
          clearTimeout(timer);
          try {
            conn.close();
          } catch {
            // closed
          }
          const seen = await reader;
          // answers come in request order, each at most once, none invented
          for (let i = 1; i < seen.length; i++) {
            assertEquals(seen[i]! > seen[i - 1]!, true, `order: ${seen}`);
          }
          assertEquals(seen.every((m) => m < mark), true);
          if (counted) {
            // the marker sent after the resync is always answered, last
            assertEquals(seen.at(-1), finalMark, `final marker: ${seen}`);
            marksSent += mark;
            marksSeen += seen.length;
            countedConns++;
            if (seen.length) connsWithMarks++;
          }
        }
      };
      await Promise.all(Array.from({ length: WORKERS }, worker));
      assertEquals(sent >= 100_000, true);
      // The server really parsed and answered the stream: markers are only
      // lost to NUT's rules (a parse error drops the rest of that read, an
      // open quote swallows the next line, STARTTLS/LOGOUT end the talk).
      console.log(`markers answered: ${marksSeen}/${marksSent}`);
      console.log(`counted connections: ${countedConns}`);
      assertEquals(marksSent >= LINES / MARK_EVERY / 2, true);
      assertEquals(
        marksSeen >= marksSent * 0.3,
        true,
        `${marksSeen}/${marksSent}`,
      );
      assertEquals(connsWithMarks, countedConns);

      // the watcher connection was not disturbed
      assertEquals(
        await watcher.ask("GET VAR ups1 server.version"),
        'VAR ups1 server.version "2.8.0"',
      );
      // and new clients get correct answers
      const c = await LineClient.connect(port);
      try {
        assertEquals(
          await c.ask("VER"),
          "Network UPS Tools upsd 2.8.0 - http://www.networkupstools.org/",
        );
        assertEquals(await c.list("LIST UPS"), [
          "BEGIN LIST UPS",
          'UPS ups1 "Fuzz"',
          "END LIST UPS",
        ]);
        assertEquals(
          await c.ask("GET VAR ups1 ups.status"),
          "ERR DRIVER-NOT-CONNECTED",
        );
        assertEquals(await c.ask(""), "ERR UNKNOWN-COMMAND");
      } finally {
        c.close();
      }
    } finally {
      watcher.close();
      await upsd.kill();
      tree.remove();
    }
  },
});
