/**
 * Complete TLS (beyond NUT 2.8.0, as NUT 2.8.6 has it) with our upsd in
 * process and our client: nut-cert's certificate (checked by openssl) works
 * with Deno's own TLS client and with a pin; a plain `openssl req -x509`
 * certificate (CA:TRUE) is accepted when a CA file names it; CERTHOST's
 * certificate name is checked; CERTREQUEST REQUEST/REQUIRE with CERTPATH;
 * an encrypted key opens with CERTIDENT's passphrase; TLS settings that
 * cannot work stop upsd; upsmon.conf's CERTHOST/CERTFILE/CERTIDENT reach
 * the connection.
 */
import { assert, assertEquals } from "../assert.ts";
import { fakeIo } from "../fake_io.ts";
import { makeTestCerts } from "../fixtures/tls/certs.ts";
import { freePort } from "../net.ts";
import { main as nutCert } from "../../cli/nut_cert.ts";
import { NutClient } from "../../src/client/mod.ts";
import { nutPaths } from "../../src/config/paths.ts";
import { parseUpsmonConf } from "../../src/config/upsmon_conf.ts";
import { Logger } from "../../src/log.ts";
import { upsmonTlsOptions } from "../../src/monitor/tls_options.ts";
import { createServer, type UpsdServer } from "../../src/server/mod.ts";

const dec = new TextDecoder();

async function openssl(args: string[], cwd: string): Promise<string> {
  const out = await new Deno.Command("openssl", {
    args,
    cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`openssl ${args.join(" ")}: ${dec.decode(out.stderr)}`);
  }
  return dec.decode(out.stdout);
}

/** nut-cert -o FILE -c CERT [...]; returns the printed pin. */
async function makeCert(dir: string, name: string, extra: string[] = []) {
  const io = fakeIo();
  const code = await nutCert(
    ["-o", `${dir}/${name}.pem`, "-c", `${dir}/${name}.crt`, ...extra],
    io,
  );
  assertEquals(code, 0, io.stderr);
  return io.stdout.trim();
}

async function startUpsd(
  dir: string,
  conf: string,
): Promise<{ server: UpsdServer; port: number }> {
  const port = freePort();
  await Deno.writeTextFile(
    `${dir}/ups.conf`,
    "[ups1]\n driver = dummy-ups\n port = x.dev\n",
  );
  await Deno.writeTextFile(`${dir}/upsd.users`, "");
  await Deno.writeTextFile(
    `${dir}/upsd.conf`,
    `LISTEN 127.0.0.1 ${port}\n${conf}`,
  );
  const env = (n: string) =>
    ({ NUT_CONFPATH: dir, NUT_STATEPATH: dir } as Record<string, string>)[n];
  const server = await createServer({
    paths: nutPaths(env),
    env,
    log: new Logger(() => {}, 0),
  });
  return { server, port };
}

/** A TLS session's NETVER, or the error text. */
async function netver(
  port: number,
  opts: Partial<Parameters<typeof NutClient.connect>[0]>,
): Promise<string> {
  try {
    const c = await NutClient.connect({
      host: "127.0.0.1",
      port,
      tls: "require",
      timeoutMs: 5000,
      ...opts,
    });
    try {
      assert(c.tls);
      return await c.raw("NETVER");
    } finally {
      await c.close();
    }
  } catch (e) {
    return `error: ${e instanceof Error ? e.message : e}`;
  }
}

/** STARTTLS by hand, then Deno.startTls (rustls) trusting `ca`. */
async function rustls(port: number, ca: string): Promise<string> {
  const raw = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await raw.write(new TextEncoder().encode("STARTTLS\n"));
    const buf = new Uint8Array(12);
    let got = 0;
    while (got < 12) got += (await raw.read(buf.subarray(got)))!;
    assertEquals(dec.decode(buf), "OK STARTTLS\n");
    const tls = await Deno.startTls(raw, {
      hostname: "127.0.0.1",
      caCerts: [await Deno.readTextFile(ca)],
    });
    try {
      await tls.handshake();
      return "ok";
    } finally {
      tls.close();
    }
  } catch (e) {
    try {
      raw.close();
    } catch {
      // already closed by startTls
    }
    return `error: ${e instanceof Error ? e.message : e}`;
  }
}

Deno.test("nut-cert: openssl reads it; Deno's TLS client and a pin accept it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tls_full_" });
  try {
    const pin = await makeCert(dir, "upsd", ["-n", "ups.example"]);
    assert(/^SHA256:([0-9A-F]{2}:){31}[0-9A-F]{2}$/.test(pin), pin);
    const text = await openssl(
      ["x509", "-in", "upsd.crt", "-noout", "-text", "-fingerprint", "-sha256"],
      dir,
    );
    assert(text.includes("CA:FALSE"), text);
    assert(text.includes("IP Address:127.0.0.1"), text);
    assert(text.includes(`sha256 Fingerprint=${pin.slice(7)}`), text);
    assertEquals(
      (await openssl(["verify", "-CAfile", "upsd.crt", "upsd.crt"], dir))
        .trim(),
      "upsd.crt: OK",
    );
    const mode = (await Deno.stat(`${dir}/upsd.pem`)).mode! & 0o777;
    assertEquals(mode, 0o600);
    const { server, port } = await startUpsd(dir, `CERTFILE ${dir}/upsd.pem\n`);
    try {
      assertEquals(await rustls(port, `${dir}/upsd.crt`), "ok");
      assertEquals(await netver(port, { pinSha256: pin }), "1.3");
      assertEquals(await netver(port, { caFile: `${dir}/upsd.crt` }), "1.3");
      const other = await makeCert(dir, "other");
      assert(
        (await netver(port, { pinSha256: other })).includes(
          "does not match the pinned fingerprint",
        ),
      );
      assert(
        (await netver(port, { caFile: `${dir}/other.crt` })).startsWith(
          "error: SSL error",
        ),
      );
    } finally {
      await server.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openssl req -x509 (CA:TRUE) certificate: accepted through a CA file, name checked", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tls_full_" });
  try {
    await openssl([
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      "k.pem",
      "-out",
      "c.pem",
      "-days",
      "2",
      "-subj",
      "/CN=myups.lan",
    ], dir);
    assert(
      (await openssl(["x509", "-in", "c.pem", "-noout", "-text"], dir))
        .includes("CA:TRUE"),
    );
    await Deno.writeTextFile(
      `${dir}/upsd.pem`,
      (await Deno.readTextFile(`${dir}/c.pem`)) +
        (await Deno.readTextFile(`${dir}/k.pem`)),
    );
    const { server, port } = await startUpsd(dir, `CERTFILE ${dir}/upsd.pem\n`);
    try {
      // why the node:tls path: rustls refuses it as a server certificate
      assert(
        (await rustls(port, `${dir}/c.pem`)).includes("CaUsedAsEndEntity"),
      );
      const ca = { caFile: `${dir}/c.pem` };
      assertEquals(await netver(port, { ...ca, certName: "myups.lan" }), "1.3");
      assert(
        (await netver(port, { ...ca, certName: "other.lan" })).startsWith(
          "error: SSL error",
        ),
      );
      // the connect host (127.0.0.1) is not in the certificate
      assert((await netver(port, ca)).startsWith("error: SSL error"));
      // CERTPATH as a directory holding it
      await Deno.mkdir(`${dir}/cas`);
      await Deno.copyFile(`${dir}/c.pem`, `${dir}/cas/ups.pem`);
      assertEquals(
        await netver(port, { caPath: `${dir}/cas`, certName: "myups.lan" }),
        "1.3",
      );
    } finally {
      await server.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("CERTREQUEST with CERTPATH: REQUIRE wants a trusted client certificate, REQUEST any", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tls_full_" });
  try {
    const pin = await makeCert(dir, "upsd");
    await makeCert(dir, "client", ["-n", "upsmon-host"]);
    await makeCert(dir, "stranger", ["-n", "stranger"]);
    await Deno.mkdir(`${dir}/clients`);
    await Deno.copyFile(`${dir}/client.crt`, `${dir}/clients/client.crt`);
    const base = { pinSha256: pin };
    const require = await startUpsd(
      dir,
      `CERTFILE ${dir}/upsd.pem\nCERTPATH ${dir}/clients\nCERTREQUEST REQUIRE\n`,
    );
    try {
      const p = require.port;
      assertEquals(
        await netver(p, { ...base, clientCertFile: `${dir}/client.pem` }),
        "1.3",
      );
      assert((await netver(p, base)).startsWith("error"));
      assert(
        (await netver(p, { ...base, clientCertFile: `${dir}/stranger.pem` }))
          .startsWith("error"),
      );
    } finally {
      await require.server.close();
    }
    const request = await startUpsd(
      dir,
      `CERTFILE ${dir}/upsd.pem\nCERTPATH ${dir}/clients\nCERTREQUEST 1\n`,
    );
    try {
      const p = request.port;
      assertEquals(
        await netver(p, { ...base, clientCertFile: `${dir}/stranger.pem` }),
        "1.3",
      );
      assert((await netver(p, base)).startsWith("error"));
    } finally {
      await request.server.close();
    }
    // upsmon.conf: CERTHOST pins the server, CERTFILE is our certificate
    // with an encrypted key, CERTIDENT's second word its passphrase
    await openssl([
      "pkcs8",
      "-topk8",
      "-in",
      "client.pem",
      "-out",
      "client.key",
      "-v2",
      "aes-256-cbc",
      "-passout",
      "pass:cl1ent",
    ], dir);
    await Deno.writeTextFile(
      `${dir}/client-enc.pem`,
      (await Deno.readTextFile(`${dir}/client.crt`)) +
        (await Deno.readTextFile(`${dir}/client.key`)),
    );
    const conf = parseUpsmonConf(
      `MONITOR ups1@127.0.0.1 1 u p secondary\nCERTFILE ${dir}/client-enc.pem\n` +
        `CERTIDENT "upsmon-host" "cl1ent"\nCERTHOST 127.0.0.1 "${pin}" 1 1\n`,
    );
    assertEquals(conf.warnings, []);
    const again = await startUpsd(
      dir,
      `CERTFILE ${dir}/upsd.pem\nCERTPATH ${dir}/clients\nCERTREQUEST REQUIRE\n`,
    );
    try {
      assertEquals(
        await netver(again.port, upsmonTlsOptions(conf, "127.0.0.1")),
        "1.3",
      );
    } finally {
      await again.server.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("CERTIDENT's passphrase opens an encrypted key; broken TLS settings stop upsd", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tls_full_" });
  try {
    const pin = await makeCert(dir, "upsd");
    await openssl([
      "pkcs8",
      "-topk8",
      "-in",
      "upsd.pem",
      "-out",
      "enc.key",
      "-v2",
      "aes-256-cbc",
      "-passout",
      "pass:k3y-pass",
    ], dir);
    await Deno.writeTextFile(
      `${dir}/enc.pem`,
      (await Deno.readTextFile(`${dir}/upsd.crt`)) +
        (await Deno.readTextFile(`${dir}/enc.key`)),
    );
    const ok = await startUpsd(
      dir,
      `CERTFILE ${dir}/enc.pem\nCERTIDENT "upsd" "k3y-pass"\n`,
    );
    try {
      assertEquals(await netver(ok.port, { pinSha256: pin }), "1.3");
    } finally {
      await ok.server.close();
    }
    for (
      const conf of [
        `CERTFILE ${dir}/enc.pem\nCERTIDENT "upsd" "wrong"\n`,
        `CERTFILE ${dir}/missing.pem\n`,
        `CERTFILE ${dir}/upsd.pem\nCERTPATH ${dir}/missing\n`,
        `CERTPATH ${dir}\n`,
        `CERTFILE ${dir}/upsd.pem\nCERTREQUEST REQUIRE\n`,
      ]
    ) {
      let started: UpsdServer | undefined;
      try {
        started = (await startUpsd(dir, conf)).server;
      } catch (e) {
        assert(String(e).includes("Can not set up TLS"), String(e));
      }
      await started?.close();
      assertEquals(started, undefined, `upsd started with ${conf}`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("CERTREQUEST REQUIRE: a client certificate signed by a CERTPATH CA passes, another CA's does not", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tls_full_" });
  const certs = await makeTestCerts();
  try {
    const pin = await makeCert(dir, "upsd");
    const { server, port } = await startUpsd(
      dir,
      `CERTFILE ${dir}/upsd.pem\nCERTPATH ${certs.caCert}\nCERTREQUEST 2\n`,
    );
    try {
      // certs.certFile: leaf + its CA + leaf key, signed by certs.caCert
      assertEquals(
        await netver(port, { pinSha256: pin, clientCertFile: certs.certFile }),
        "1.3",
      );
      assert(
        (await netver(port, {
          pinSha256: pin,
          clientCertFile: `${dir}/upsd.pem`,
        })).startsWith("error"),
      );
    } finally {
      await server.close();
    }
    // the same leaf against a CERTPATH that holds only the other CA
    const other = await startUpsd(
      dir,
      `CERTFILE ${dir}/upsd.pem\nCERTPATH ${certs.otherCaCert}\nCERTREQUEST 2\n`,
    );
    try {
      assert(
        (await netver(other.port, {
          pinSha256: pin,
          clientCertFile: certs.certFile,
        })).startsWith("error"),
      );
    } finally {
      await other.server.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(certs.dir, { recursive: true });
  }
});
