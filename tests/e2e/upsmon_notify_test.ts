/**
 * upsmon's WEBHOOK and EMAIL channels end to end: `upsmon -c test` and a
 * live ONBATT from NUT 2.8.0's dummy-ups + upsd reach a webhook receiver
 * and an SMTP sink written here (STARTTLS with a test CA, AUTH only over
 * TLS). NUT 2.8.0's own upsmon reads the same upsmon.conf and carries on.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { freePort, haveNut, waitFor } from "../net.ts";
import { makeTestCerts } from "../fixtures/tls/certs.ts";
import {
  OUR_UPSMON,
  startNutStack,
  startUpsmon,
  waitNutPidFree,
  writeMonConf,
} from "../fixtures/upsmon/harness.ts";
import * as net from "node:net";
import * as tls from "node:tls";
import { Buffer } from "node:buffer";

/** One mail as the sink got it. */
interface Received {
  commands: string[];
  tlsAtMail: boolean;
  auth: string | undefined;
  from: string;
  to: string[];
  data: string;
}

/** A minimal SMTP server: EHLO, STARTTLS (when `offerTls`), AUTH PLAIN, DATA. */
function smtpSink(opts: { key: string; cert: string; offerTls: boolean }) {
  const mails: Received[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((raw) => {
    sockets.add(raw);
    raw.on("error", () => {});
    let sock: net.Socket = raw;
    let secure = false;
    let buf = "";
    let inData = false;
    const cur: Received = {
      commands: [],
      tlsAtMail: false,
      auth: undefined,
      from: "",
      to: [],
      data: "",
    };
    const say = (t: string) => sock.write(t + "\r\n");
    const onData = (chunk: Buffer) => {
      buf += chunk.toString("utf8");
      let nl: number;
      while ((nl = buf.indexOf("\r\n")) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            mails.push({ ...cur, commands: [...cur.commands] });
            say("250 2.0.0 queued as T1");
          } else cur.data += line + "\r\n";
          continue;
        }
        cur.commands.push(line.split(" ")[0]!.toUpperCase());
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO") {
          say("250-sink.test");
          if (opts.offerTls && !secure) say("250-STARTTLS");
          say("250-AUTH PLAIN LOGIN");
          say("250 8BITMIME");
        } else if (line.toUpperCase() === "STARTTLS") {
          // Paused before the reply: under Deno 2.9 a read already pending
          // on the plain socket would hand the ClientHello to the
          // TLSSocket as plaintext data (seen when the process is busy).
          sock.off("data", onData);
          raw.pause();
          say("220 2.0.0 ready");
          const t = new tls.TLSSocket(sock, {
            isServer: true,
            secureContext: tls.createSecureContext({
              key: opts.key,
              cert: opts.cert,
            }),
          });
          t.on("error", () => {});
          t.on("data", onData);
          sock = t;
          secure = true;
        } else if (verb === "AUTH") {
          cur.auth = atob(line.split(" ")[2] ?? "");
          say("235 2.7.0 ok");
        } else if (verb === "MAIL") {
          cur.tlsAtMail = secure;
          cur.from = line.slice(10);
          say("250 ok");
        } else if (verb === "RCPT") {
          cur.to.push(line.slice(8));
          say("250 ok");
        } else if (verb === "DATA") {
          inData = true;
          say("354 go");
        } else if (verb === "QUIT") {
          say("221 bye");
          sock.end();
        } else say("502 unknown");
      }
    };
    raw.on("data", onData);
    say("220 sink.test ESMTP");
  });
  return {
    mails,
    listen: () =>
      new Promise<number>((r) =>
        server.listen(
          0,
          "127.0.0.1",
          () => r((server.address() as net.AddressInfo).port),
        )
      ),
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A webhook receiver: records method, path, headers and JSON bodies. */
function webhookReceiver() {
  const got: Array<{ path: string; auth: string | null; body: unknown }> = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (req) => {
      got.push({
        path: new URL(req.url).pathname + new URL(req.url).search,
        auth: req.headers.get("authorization"),
        body: await req.json(),
      });
      return Response.json({ id: got.length });
    },
  );
  return { got, server, port: server.addr.port };
}

async function ours(args: string[], env: Record<string, string>) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", OUR_UPSMON, ...args],
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const d = new TextDecoder();
  return { code: out.code, text: d.decode(out.stdout) + d.decode(out.stderr) };
}

Deno.test("upsmon -c test: webhook (ntfy form) and mail over STARTTLS with AUTH", async () => {
  const certs = await makeTestCerts();
  const dir = await Deno.makeTempDir();
  const sink = smtpSink({
    key: await Deno.readTextFile(`${certs.dir}/leaf.key`),
    cert: await Deno.readTextFile(certs.leafCert),
    offerTls: true,
  });
  const hook = webhookReceiver();
  try {
    const smtpPort = await sink.listen();
    const system = `myups@127.0.0.1:${freePort()}`;
    await Deno.writeTextFile(
      `${dir}/upsmon.conf`,
      `MONITOR ${system} 1 mon pw primary
NOTIFYURL http://bob:pw@127.0.0.1:${hook.port}/ups-alerts ntfy
NOTIFYSMTP smtp://mailer:s3cret@localhost:${smtpPort} ${certs.caCert}
NOTIFYMAIL upsmon@example.org root@example.org,ops@example.org
`,
    );
    const r = await ours(["-c", "test"], { NUT_CONFPATH: dir });
    assertStringIncludes(r.text, `WEBHOOK: HTTP 200 from http://bob:xxx@`);
    assertStringIncludes(
      r.text,
      "EMAIL: sent to root@example.org,ops@example.org",
    );
    assertStringIncludes(r.text, "over TLS (starttls): 250 2.0.0 queued as T1");
    assert(!r.text.includes("s3cret"), "no password in the output");
    assertEquals(hook.got.length, 1);
    assertEquals(hook.got[0]!.path, "/");
    assertEquals(hook.got[0]!.auth, `Basic ${btoa("bob:pw")}`);
    assertEquals(hook.got[0]!.body, {
      topic: "ups-alerts",
      title: `UPS ${system}: TEST`,
      message: `Test notification from upsmon (UPS ${system})`,
      priority: 3,
      tags: ["test_tube", "nut"],
    });
    assertEquals(sink.mails.length, 1);
    const m = sink.mails[0]!;
    assertEquals(m.commands, [
      "EHLO",
      "STARTTLS",
      "EHLO",
      "AUTH",
      "MAIL",
      "RCPT",
      "RCPT",
      "DATA",
    ]);
    assert(m.tlsAtMail, "MAIL FROM came after the TLS upgrade");
    assertEquals(m.auth, "\0mailer\0s3cret");
    assertEquals(m.from, "<upsmon@example.org>");
    assertEquals(m.to, ["<root@example.org>", "<ops@example.org>"]);
    assertStringIncludes(m.data, "\r\nSubject: [upsmon ");
    assertStringIncludes(m.data, `TEST ${system}: Test notification`);
  } finally {
    await sink.close();
    await hook.server.shutdown();
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(certs.dir, { recursive: true });
  }
});

Deno.test("email: no STARTTLS offered → no password sent; wrong CA → refused", async () => {
  const certs = await makeTestCerts();
  const dir = await Deno.makeTempDir();
  const key = await Deno.readTextFile(`${certs.dir}/leaf.key`);
  const cert = await Deno.readTextFile(certs.leafCert);
  const plain = smtpSink({ key, cert, offerTls: false });
  const tlsSink = smtpSink({ key, cert, offerTls: true });
  try {
    const p1 = await plain.listen();
    const p2 = await tlsSink.listen();
    const conf = (port: number, user: string, ca: string) =>
      Deno.writeTextFile(
        `${dir}/upsmon.conf`,
        `NOTIFYSMTP smtp://${user}localhost:${port} ${ca}
NOTIFYMAIL upsmon@example.org root@example.org
`,
      );
    await conf(p1, "u:pw@", certs.caCert);
    let r = await ours(["-c", "test"], { NUT_CONFPATH: dir });
    assertStringIncludes(
      r.text,
      "EMAIL: failed: SMTP: server offers no STARTTLS",
    );
    assertEquals(r.code, 1);
    assertEquals(plain.mails.length, 0);
    // Without credentials a plain server is fine (a local relay).
    await conf(p1, "", certs.caCert);
    r = await ours(["-c", "test"], { NUT_CONFPATH: dir });
    assertStringIncludes(
      r.text,
      "EMAIL: sent to root@example.org via smtp://localhost",
    );
    assertStringIncludes(r.text, "without TLS");
    assertEquals(plain.mails.length, 1);
    await conf(p2, "u:pw@", certs.otherCaCert);
    r = await ours(["-c", "test"], { NUT_CONFPATH: dir });
    assertStringIncludes(r.text, "EMAIL: failed:");
    assert(/UnknownIssuer/.test(r.text), r.text);
    assertEquals(tlsSink.mails.length, 0);
  } finally {
    await plain.close();
    await tlsSink.close();
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(certs.dir, { recursive: true });
  }
});

Deno.test("live ONBATT from NUT's dummy-ups reaches the webhook; NUT's upsmon accepts the file", async () => {
  if (!haveNut()) return;
  const stack = await startNutStack(
    "ups.status: OL\nTIMER 2\nups.status: OB\nTIMER 10000\n",
  );
  const hook = webhookReceiver();
  try {
    const d = await writeMonConf(stack, "mon", {
      extra: `NOTIFYURL http://127.0.0.1:${hook.port}/hook json
NOTIFYFLAG ONBATT SYSLOG+WEBHOOK`,
    });
    const mon = startUpsmon("ours", d);
    try {
      await waitFor(() => hook.got.length > 0, 20_000, 50, "webhook POST");
    } finally {
      await mon.stop();
    }
    const body = hook.got[0]!.body as Record<string, unknown>;
    assertEquals(hook.got[0]!.path, "/hook");
    assertEquals(
      [body.type, body.ups, body.message, body.priority],
      [
        "ONBATT",
        `seq@127.0.0.1:${stack.port}`,
        `UPS seq@127.0.0.1:${stack.port} on battery`,
        4,
      ],
    );
    // NUT 2.8.0's upsmon runs on the same file: our lines are warnings.
    await waitNutPidFree();
    const nut = startUpsmon("nut", d);
    try {
      await waitFor(
        () => /Invalid notify flag: \[WEBHOOK\]/.test(nut.seen()),
        10_000,
        50,
        "NUT's warning",
      );
      assertStringIncludes(nut.seen(), "NOTIFYURL");
      assert(nut.proc.pid > 0);
    } finally {
      await nut.stop();
    }
  } finally {
    await hook.server.shutdown();
    await stack.stop();
  }
});
