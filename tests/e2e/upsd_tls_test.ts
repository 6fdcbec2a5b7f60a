/**
 * STARTTLS end to end: our upsd (`deno run cli/upsd.ts`) with CERTFILE and
 * NUT 2.8.0's dummy-ups, certificates made by openssl at test time. Our
 * upsc/upsrw/upscmd print the same over TLS as in plaintext; a wrong CA and
 * a wrong pin fail with `Error: SSL error: ...`; the bytes on the wire after
 * `OK STARTTLS` are TLS records; a second STARTTLS is refused; Debian's NSS
 * upsc completes TLS (no verification) and PyNUT stays in plaintext; stalled
 * or garbage TLS peers do not disturb other clients.
 */
import {
  assert,
  assertEquals,
  assertMatch,
  assertStringIncludes,
} from "../assert.ts";
import {
  LineClient,
  makeTree,
  type NutTree,
  type Proc,
  startDummy,
  startOurUpsd,
  UPSD_USERS,
  waitFor,
} from "../fixtures/upsd/harness.ts";
import { makeTestCerts, type TestCerts } from "../fixtures/tls/certs.ts";
import { run, runOurs } from "./clients_helpers.ts";
import { freePort, haveNut } from "../net.ts";
import { Logger } from "../../src/log.ts";
import { nutPaths } from "../../src/config/paths.ts";
import { createServer } from "../../src/server/mod.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

const DEV = `ups.status: OL
ups.id: myups
ups.mfr: TLS Maker
battery.charge: 100
battery.runtime: 1800
input.voltage: 230.0
ups.delay.shutdown: 20
`;

/** Reads one `\n`-terminated line byte by byte (so no TLS byte is consumed). */
async function readRawLine(conn: Deno.Conn): Promise<string> {
  const one = new Uint8Array(1);
  let line = "";
  while (true) {
    const n = await conn.read(one);
    if (n === null) throw new Error(`EOF after ${JSON.stringify(line)}`);
    if (one[0] === 10) return line;
    line += String.fromCharCode(one[0]!);
  }
}

/** A TLS line client: STARTTLS in plaintext, then Deno.startTls. */
class TlsLineClient {
  #conn: Deno.TlsConn;
  #buf = "";
  private constructor(conn: Deno.TlsConn) {
    this.#conn = conn;
  }

  static async connect(
    port: number,
    caFile: string,
    hostname = "127.0.0.1",
  ): Promise<TlsLineClient> {
    const raw = await Deno.connect({ hostname: "127.0.0.1", port });
    try {
      await raw.write(enc.encode("STARTTLS\n"));
      assertEquals(await readRawLine(raw), "OK STARTTLS");
      const tls = await Deno.startTls(raw, {
        hostname,
        caCerts: [await Deno.readTextFile(caFile)],
      });
      await tls.handshake();
      return new TlsLineClient(tls);
    } catch (e) {
      try {
        raw.close();
      } catch {
        // closed
      }
      throw e;
    }
  }

  async ask(request: string): Promise<string> {
    await this.#conn.write(enc.encode(request + "\n"));
    const buf = new Uint8Array(4096);
    while (!this.#buf.includes("\n")) {
      const n = await this.#conn.read(buf);
      if (n === null) throw new Error("TLS peer closed");
      this.#buf += dec.decode(buf.subarray(0, n));
    }
    const i = this.#buf.indexOf("\n");
    const line = this.#buf.slice(0, i);
    this.#buf = this.#buf.slice(i + 1);
    return line;
  }

  close(): void {
    try {
      this.#conn.close();
    } catch {
      // closed
    }
  }
}

/**
 * A TCP relay that records both directions, to look at the bytes on the
 * wire without tcpdump.
 */
class RecordingProxy {
  readonly port: number;
  toClient: Uint8Array[] = [];
  toServer: Uint8Array[] = [];
  #listener: Deno.TcpListener;
  #conns: Deno.Conn[] = [];
  #tasks: Promise<void>[] = [];
  #loop: Promise<void>;

  constructor(target: number) {
    this.#listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    this.port = (this.#listener.addr as Deno.NetAddr).port;
    const listener = this.#listener;
    this.#loop = (async () => {
      try {
        for await (const c of listener) {
          const up = await Deno.connect({
            hostname: "127.0.0.1",
            port: target,
          });
          this.#conns.push(c, up);
          this.#tasks.push(
            this.#pipe(c, up, this.toServer),
            this.#pipe(up, c, this.toClient),
          );
        }
      } catch {
        // closed
      }
    })();
  }

  async #pipe(from: Deno.Conn, to: Deno.Conn, rec: Uint8Array[]) {
    const buf = new Uint8Array(16384);
    try {
      while (true) {
        const n = await from.read(buf);
        if (n === null) break;
        rec.push(buf.slice(0, n));
        let off = 0;
        while (off < n) off += await to.write(buf.subarray(off, n));
      }
    } catch {
      // reset
    }
    try {
      to.close();
    } catch {
      // closed
    }
  }

  static concat(parts: Uint8Array[]): Uint8Array {
    const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
    let off = 0;
    for (const p of parts) {
      out.set(p, off);
      off += p.length;
    }
    return out;
  }

  async close(): Promise<void> {
    this.#listener.close();
    await this.#loop;
    for (const c of this.#conns) {
      try {
        c.close();
      } catch {
        // closed
      }
    }
    await Promise.all(this.#tasks);
  }
}

/** Index of `needle` in `hay`, or -1. */
function indexOfBytes(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (hay[i + j] !== needle[j]) continue outer;
    }
    return i;
  }
  return -1;
}

/** Reads until EOF or `ms`; returns the bytes and whether EOF was seen. */
async function readUntilClosed(
  conn: Deno.Conn,
  ms: number,
): Promise<{ bytes: Uint8Array; closed: boolean }> {
  const parts: Uint8Array[] = [];
  const buf = new Uint8Array(4096);
  const end = Date.now() + ms;
  while (Date.now() < end) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const r = await Promise.race([
      conn.read(buf).catch(() => null),
      new Promise<"t">((res) => {
        timer = setTimeout(() => res("t"), Math.max(1, end - Date.now()));
      }),
    ]);
    clearTimeout(timer);
    if (r === "t") break;
    if (r === null) {
      return { bytes: RecordingProxy.concat(parts), closed: true };
    }
    parts.push(buf.slice(0, r));
  }
  return { bytes: RecordingProxy.concat(parts), closed: false };
}

interface Setup {
  certs: TestCerts;
  tree: NutTree;
  port: number;
  at: string;
  upsd: Proc;
  driver: Proc;
}

async function setUp(): Promise<Setup> {
  const certs = await makeTestCerts();
  const port = freePort();
  const tree = makeTree({
    "ups.conf":
      '[ups1]\n driver = dummy-ups\n port = ups1.dev\n desc = "TLS"\n',
    "upsd.conf": `LISTEN 127.0.0.1 ${port}\nCERTFILE ${certs.certFile}\n`,
    "upsd.users": UPSD_USERS,
    "ups1.dev": DEV,
  });
  const driver = await startDummy(tree, "ups1");
  let upsd: Proc | undefined;
  try {
    upsd = await startOurUpsd(tree, port);
    const c = await LineClient.connect(port);
    try {
      await waitFor(
        async () =>
          (await c.ask("GET VAR ups1 ups.status")) ===
            'VAR ups1 ups.status "OL"',
        10_000,
        50,
        "dummy data in upsd",
      );
    } finally {
      c.close();
    }
  } catch (e) {
    await upsd?.kill();
    await driver.kill();
    tree.remove();
    await Deno.remove(certs.dir, { recursive: true });
    throw e;
  }
  return { certs, tree, port, at: `ups1@127.0.0.1:${port}`, upsd, driver };
}

Deno.test({
  name: "upsd STARTTLS end to end with our and NUT's clients",
  ignore: !haveNut(),
  sanitizeOps: true,
  sanitizeResources: true,
  async fn(t) {
    const s = await setUp();
    const { certs, port, at } = s;
    const tlsEnv = {
      NUT_CLIENT_TLS: "require",
      NUT_CLIENT_CAFILE: certs.caCert,
    };
    const plainEnv = { NUT_CLIENT_TLS: "off" };
    try {
      await t.step(
        "our tools print the same over TLS as in plaintext",
        async () => {
          const cases: [string, string[]][] = [
            ["upsc", [at]],
            ["upsc", [at, "ups.mfr"]],
            ["upsc", ["-l", `127.0.0.1:${port}`]],
            ["upsc", ["-c", at]],
            ["upsc", [at, "no.such.var"]],
            ["upsrw", [at]],
            ["upscmd", ["-l", at]],
            ["upsrw", [
              "-s",
              "ups.id=viatls",
              "-u",
              "admin",
              "-p",
              "secret",
              at,
            ]],
            ["upscmd", ["-u", "admin", "-p", "secret", at, "load.off"]],
            ["upscmd", ["-u", "admin", "-p", "wrong", at, "load.off"]],
          ];
          for (const [tool, args] of cases) {
            const plain = await runOurs(tool, args, { env: plainEnv });
            const secure = await runOurs(tool, args, { env: tlsEnv });
            const what = `${tool} ${args.join(" ")}`;
            assertEquals(secure.code, plain.code, what);
            assertEquals(secure.stdout, plain.stdout, what);
            assertEquals(secure.stderr, plain.stderr, what);
          }
          // the pairs above are not vacuous: real data and real failures
          const full = await runOurs("upsc", [at], { env: tlsEnv });
          assertStringIncludes(full.stdout, "ups.mfr: TLS Maker\n");
          const bad = await runOurs("upsc", [at, "no.such.var"], {
            env: tlsEnv,
          });
          assertEquals(bad.code, 1);
          assertEquals(bad.stderr, "Error: Variable not supported by UPS\n");
          const denied = await runOurs("upscmd", [
            "-u",
            "admin",
            "-p",
            "wrong",
            at,
            "load.off",
          ], { env: tlsEnv });
          assertEquals(denied.code, 1);
          assertEquals(
            denied.stderr,
            "Unexpected response from upsd: ERR ACCESS-DENIED\n",
          );
          // verification by DNS name (SAN DNS:localhost)
          const byName = await runOurs("upsc", [
            `ups1@localhost:${port}`,
            "ups.status",
          ], {
            env: tlsEnv,
          });
          assertEquals(byName.stdout, "OL\n", byName.stderr);
        },
      );

      await t.step("the bytes after OK STARTTLS are TLS records", async () => {
        const proxy = new RecordingProxy(port);
        try {
          const r = await runOurs("upsc", [
            `ups1@127.0.0.1:${proxy.port}`,
            "ups.mfr",
          ], {
            env: tlsEnv,
          });
          assertEquals(r.stdout, "TLS Maker\n", r.stderr);
        } finally {
          await proxy.close();
        }
        const down = RecordingProxy.concat(proxy.toClient);
        const up = RecordingProxy.concat(proxy.toServer);
        const ok = enc.encode("OK STARTTLS\n");
        assertEquals([...down.subarray(0, ok.length)], [...ok]);
        // TLS record header: handshake (22), version 3.x
        assertEquals(down[ok.length], 0x16);
        assertEquals(down[ok.length + 1], 0x03);
        assertEquals([...up.subarray(0, 9)], [...enc.encode("STARTTLS\n")]);
        assertEquals(up[9], 0x16);
        // neither the request nor the answer travelled in clear text
        assertEquals(indexOfBytes(up, enc.encode("ups.mfr")), -1);
        assertEquals(indexOfBytes(down, enc.encode("TLS Maker")), -1);
      });

      await t.step("a wrong CA fails verification with exit 1", async () => {
        for (const tool of ["upsc", "upscmd"]) {
          const args = tool === "upsc" ? [at, "ups.status"] : ["-l", at];
          const r = await runOurs(tool, args, {
            env: { ...tlsEnv, NUT_CLIENT_CAFILE: certs.otherCaCert },
          });
          assertEquals(r.code, 1, tool);
          assertEquals(r.stdout, "", tool);
          assertMatch(
            r.stderr,
            /^Error: SSL error: .*(UnknownIssuer|certificate)/i,
          );
          assertEquals(r.stderr.split("\n").length, 2, r.stderr); // one line
        }
        // the leaf alone is no trust anchor: only its issuing CA is
        const r = await runOurs("upsc", [
          `ups1@127.0.0.1:${port}`,
          "ups.status",
        ], {
          env: { ...tlsEnv, NUT_CLIENT_CAFILE: certs.leafCert },
        });
        assertEquals(r.code, 1);
        assertMatch(r.stderr, /^Error: SSL error: /);
      });

      await t.step(
        "pinning accepts the right pin and refuses a wrong one",
        async () => {
          const right = await runOurs("upsc", [at, "ups.status"], {
            env: {
              NUT_CLIENT_TLS: "require",
              NUT_CLIENT_PIN: certs.leafSha256,
            },
          });
          assertEquals(right.code, 0, right.stderr);
          assertEquals(right.stdout, "OL\n");
          // any spelling of the same digest
          const lower = await runOurs("upsc", [at, "ups.status"], {
            env: {
              NUT_CLIENT_TLS: "require",
              NUT_CLIENT_PIN: certs.leafSha256.replaceAll(":", "")
                .toLowerCase(),
            },
          });
          assertEquals(lower.stdout, "OL\n", lower.stderr);
          const wrongPin = certs.leafSha256.replace(
            /^../,
            (h) => h === "00" ? "11" : "00",
          );
          const wrong = await runOurs("upsc", [at, "ups.status"], {
            env: { NUT_CLIENT_TLS: "require", NUT_CLIENT_PIN: wrongPin },
          });
          assertEquals(wrong.code, 1);
          assertEquals(wrong.stdout, "");
          assertEquals(
            wrong.stderr,
            "Error: SSL error: server certificate does not match the pinned fingerprint\n",
          );
          // a pin is checked even with the right CA
          const both = await runOurs("upsc", [at, "ups.status"], {
            env: { ...tlsEnv, NUT_CLIENT_PIN: wrongPin },
          });
          assertEquals(both.code, 1);
        },
      );

      await t.step(
        "second STARTTLS is refused; plaintext works alongside TLS",
        async () => {
          const a = await TlsLineClient.connect(port, certs.caCert);
          const b = await TlsLineClient.connect(
            port,
            certs.caCert,
            "localhost",
          );
          const plain = await LineClient.connect(port);
          try {
            assertEquals(await a.ask("STARTTLS"), "ERR ALREADY-SSL-MODE");
            assertEquals(
              await a.ask("GET VAR ups1 ups.status"),
              'VAR ups1 ups.status "OL"',
            );
            assertEquals(
              await plain.ask("GET VAR ups1 ups.mfr"),
              'VAR ups1 ups.mfr "TLS Maker"',
            );
            assertEquals(await b.ask("NETVER"), "1.3");
            assertEquals(await a.ask("USERNAME monp"), "OK");
            assertEquals(await a.ask("PASSWORD pw1"), "OK");
            assertEquals(await a.ask("LOGIN ups1"), "OK");
            assertEquals(
              await plain.ask("GET NUMLOGINS ups1"),
              "NUMLOGINS ups1 1",
            );
            assertEquals(await plain.ask("USERNAME mons"), "OK");
            assertEquals(await plain.ask("PASSWORD pw2"), "OK");
            assertEquals(await plain.ask("LOGIN ups1"), "OK");
            assertEquals(await b.ask("GET NUMLOGINS ups1"), "NUMLOGINS ups1 2");
            assertEquals(await b.ask("STARTTLS"), "ERR ALREADY-SSL-MODE");
            assertEquals(await plain.ask("VER"), await b.ask("VER"));
            // the server logged which login came over TLS
            await waitFor(() =>
              s.upsd.output().includes("logged into UPS [ups1] (SSL)")
            );
            assertMatch(
              s.upsd.output(),
              /User monp@127\.0\.0\.1 logged into UPS \[ups1\] \(SSL\)/,
            );
            assertMatch(
              s.upsd.output(),
              /User mons@127\.0\.0\.1 logged into UPS \[ups1\]\n/,
            );
          } finally {
            a.close();
            b.close();
            plain.close();
          }
        },
      );

      await t.step(
        "Debian's NSS upsc completes TLS without a cert DB; PyNUT stays plaintext",
        async () => {
          // NUT 2.8.0's client sends STARTTLS first, then runs NSS without a
          // certificate database: the handshake completes and the server
          // certificate is not verified.
          const upsc = await run("/usr/bin/upsc", [at, "ups.mfr"], {
            env: s.tree.env,
          });
          assertEquals(upsc.code, 0, upsc.stderr);
          assertEquals(upsc.stdout, "TLS Maker\n");
          assertStringIncludes(
            upsc.stderr,
            "Init SSL without certificate database",
          );
          assertStringIncludes(
            upsc.stderr,
            "SSL handshake done successfully with server 127.0.0.1",
          );
          assertStringIncludes(
            upsc.stderr,
            "Connected to NUT server 127.0.0.1 in SSL",
          );
          assertStringIncludes(
            upsc.stderr,
            "Certificate verification is disabled",
          );
          const proxy = new RecordingProxy(port);
          let upscmd;
          try {
            upscmd = await run("/usr/bin/upscmd", [
              "-l",
              `ups1@127.0.0.1:${proxy.port}`,
            ], {
              env: s.tree.env,
            });
          } finally {
            await proxy.close();
          }
          // 2.8.0's upscmd connects without UPSCLI_CONN_TRYSSL: plaintext
          assertEquals(upscmd.code, 0, upscmd.stderr);
          assertStringIncludes(upscmd.stdout, "load.off - ");
          assertEquals(upscmd.stderr, "");
          assertEquals(
            dec.decode(RecordingProxy.concat(proxy.toServer)),
            "LIST CMD ups1\nGET CMDDESC ups1 load.off\nLOGOUT\n",
          );
          const py = await run("/usr/bin/python3", [
            "-c",
            `import PyNUT
c = PyNUT.PyNUTClient(host="127.0.0.1", port=${port}, login="admin", password="secret")
print(c.GetUPSVars("ups1")[b"ups.mfr"])
print(c.RunUPSCommand("ups1", "load.off"))
`,
          ]);
          assertEquals(py.code, 0, py.stderr);
          assertEquals(py.stdout, "b'TLS Maker'\nOK\n");
        },
      );

      await t.step(
        "stalled, slow and garbage TLS peers do not disturb others",
        async () => {
          // A ClientHello recorded from a real client, to replay byte by byte.
          const proxy = new RecordingProxy(port);
          try {
            await runOurs("upsc", [
              `ups1@127.0.0.1:${proxy.port}`,
              "ups.status",
            ], {
              env: tlsEnv,
            });
          } finally {
            await proxy.close();
          }
          const up = RecordingProxy.concat(proxy.toServer).subarray(9);
          const helloLen = 5 + ((up[3]! << 8) | up[4]!);
          const hello = up.slice(0, helloLen);
          assertEquals(hello[0], 0x16);

          const opened: Deno.Conn[] = [];
          const watcher = await TlsLineClient.connect(port, certs.caCert);
          const plain = await LineClient.connect(port);
          try {
            const startTls = async () => {
              const c = await Deno.connect({ hostname: "127.0.0.1", port });
              opened.push(c);
              await c.write(enc.encode("STARTTLS\n"));
              assertEquals(await readRawLine(c), "OK STARTTLS");
              return c;
            };
            const stalled = await startTls(); // says nothing more
            const slow = await startTls();
            const garbage = await startTls();
            const plainGarbage = await startTls();
            // slow: half a ClientHello, one byte at a time
            for (let i = 0; i < helloLen / 2; i++) {
              await slow.write(hello.subarray(i, i + 1));
              if (i % 8 === 0) {
                assertEquals(await plain.ask("NETVER"), "1.3");
              }
            }
            // garbage: random bytes that look like nothing
            await garbage.write(
              Uint8Array.from({ length: 300 }, (_, i) => (i * 37 + 11) & 0xff),
            );
            // plaintext protocol instead of a handshake
            await plainGarbage.write(
              enc.encode("GET VAR ups1 ups.status\nVER\n"),
            );
            const g = await readUntilClosed(garbage, 5000);
            assert(
              g.closed,
              "the server closes a connection that sends garbage after STARTTLS",
            );
            const pg = await readUntilClosed(plainGarbage, 5000);
            assert(
              pg.closed,
              "the server closes a plaintext talker after STARTTLS",
            );
            assertEquals(indexOfBytes(pg.bytes, enc.encode("VAR ups1")), -1);
            assertEquals(
              indexOfBytes(pg.bytes, enc.encode("Network UPS Tools")),
              -1,
            );
            // what came back, if anything, is a TLS alert record
            if (g.bytes.length) assertEquals(g.bytes[0], 0x15);

            // everyone else is served normally, stalled and slow peers pending
            assertEquals(
              await watcher.ask("GET VAR ups1 ups.status"),
              'VAR ups1 ups.status "OL"',
            );
            assertEquals(
              await plain.ask("GET VAR ups1 battery.charge"),
              'VAR ups1 battery.charge "100"',
            );
            const r = await runOurs("upsc", [at, "ups.mfr"], { env: tlsEnv });
            assertEquals(r.stdout, "TLS Maker\n", r.stderr);
            const nut = await run("/usr/bin/upsc", [at, "ups.status"], {
              env: s.tree.env,
            });
            assertEquals(nut.stdout, "OL\n", nut.stderr);

            // the slow peer finishes its ClientHello and gets a ServerHello
            await slow.write(hello.subarray(Math.ceil(helloLen / 2)));
            const buf = new Uint8Array(5);
            let got = 0;
            while (got < 5) {
              const n = await slow.read(buf.subarray(got));
              if (n === null) break;
              got += n;
            }
            assertEquals(
              buf[0],
              0x16,
              "ServerHello record after a slow ClientHello",
            );
            // the stalled one has not been answered nor closed early
            const st = await readUntilClosed(stalled, 200);
            assertEquals(st.closed, false);
            assertEquals(st.bytes.length, 0);
            assertEquals(await watcher.ask("NETVER"), "1.3");
          } finally {
            for (const c of opened) {
              try {
                c.close();
              } catch {
                // closed
              }
            }
            watcher.close();
            plain.close();
          }
        },
      );
    } finally {
      await s.upsd.kill();
      await s.driver.kill();
      s.tree.remove();
      await Deno.remove(certs.dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "upsd drops a TLS peer that stalls in the handshake at the idle timeout",
  sanitizeOps: false, // node:tls keeps internal timers past close
  sanitizeResources: true,
  async fn() {
    const certs = await makeTestCerts();
    const port = freePort();
    const tree = makeTree({
      "ups.conf": "[ups1]\n driver = dummy-ups\n port = x.dev\n",
      "upsd.conf": `LISTEN 127.0.0.1 ${port}\nCERTFILE ${certs.certFile}\n`,
      "upsd.users": UPSD_USERS,
    });
    const env = (n: string) => tree.env[n] ?? undefined;
    const server = await createServer({
      paths: nutPaths(env),
      env,
      log: new Logger(() => {}, 0),
      idleTimeoutMs: 400,
      tickMs: 100,
    });
    const stalled = await Deno.connect({ hostname: "127.0.0.1", port });
    try {
      await stalled.write(enc.encode("STARTTLS\n"));
      assertEquals(await readRawLine(stalled), "OK STARTTLS");
      assertEquals(server.clientCount, 1);
      const r = await readUntilClosed(stalled, 5000);
      assert(r.closed, "stalled TLS peer closed by the idle sweep");
      await waitFor(() => server.clientCount === 0, 2000);
    } finally {
      stalled.close();
      await server.close();
      tree.remove();
      await Deno.remove(certs.dir, { recursive: true });
    }
  },
});
