/**
 * HTTP_LISTEN with TLS (CERTFILE, openssl-made certificates) and reload:
 * a SIGHUP that adds an HTTPS listener and drops the plain one takes effect
 * without a restart. The same upsd.conf, with our HTTP_LISTEN and
 * MQTT_BROKER lines, still starts NUT 2.8.0's upsd, which serves its clients.
 */
import { assertEquals, assertRejects } from "../assert.ts";
import { freePort, haveNut, waitFor } from "../net.ts";
import { makeTestCerts } from "../fixtures/tls/certs.ts";
import { nutRequest, run, startStack } from "./http_helpers.ts";

const DEV = "ups.status: OL\nbattery.charge: 88\nups.load: 12\n";

Deno.test({
  name:
    "HTTP over TLS with CERTFILE, listeners follow reload; NUT's upsd takes the same file",
  ignore: !haveNut(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const certs = await makeTestCerts();
    const s = await startStack({ devs: { ups1: DEV } });
    const client = Deno.createHttpClient({
      caCerts: [Deno.readTextFileSync(certs.caCert)],
    });
    let nut: Deno.ChildProcess | undefined;
    try {
      const plain = await fetch(`${s.base}/api/v1/ups/ups1`);
      const expected = await plain.text();
      assertEquals(plain.status, 200);

      const tlsPort = freePort();
      const conf = `LISTEN 127.0.0.1 ${s.port}\nCERTFILE ${certs.certFile}\n` +
        `HTTP_LISTEN 127.0.0.1 ${tlsPort} TLS\n` +
        `MQTT_BROKER mqtt://127.0.0.1:1 monuser\n`;
      Deno.writeTextFileSync(`${s.dir}/upsd.conf`, conf);
      Deno.kill(s.upsdPid, "SIGHUP");
      let body = "";
      await waitFor(
        async () => {
          const r = await fetch(
            `https://127.0.0.1:${tlsPort}/api/v1/ups/ups1`,
            {
              client,
            },
          );
          body = await r.text();
          return r.status === 200;
        },
        10_000,
        50,
        "HTTPS listener after reload",
      );
      assertEquals(body, expected);
      // the plain listener is gone
      await assertRejects(() => fetch(`${s.base}/metrics`));
      // a client that does not trust our CA is refused
      await assertRejects(() => fetch(`https://127.0.0.1:${tlsPort}/metrics`));
      assertEquals(
        await nutRequest(s.port, "GET VAR ups1 battery.charge"),
        'VAR ups1 battery.charge "88"\n',
      );

      // NUT 2.8.0's upsd on the same upsd.conf (its own LISTEN port)
      const nutDir = await Deno.makeTempDir({ prefix: "http-nut-" });
      const nutPort = freePort();
      for (const f of ["ups.conf", "upsd.users"]) {
        Deno.copyFileSync(`${s.dir}/${f}`, `${nutDir}/${f}`);
      }
      Deno.writeTextFileSync(
        `${nutDir}/upsd.conf`,
        conf.replace(
          `LISTEN 127.0.0.1 ${s.port}`,
          `LISTEN 127.0.0.1 ${nutPort}`,
        ) +
          `STATEPATH ${s.dir}\n`,
      );
      nut = new Deno.Command("/lib/nut/upsd", {
        args: ["-u", "root", "-F"],
        env: { ...s.env, NUT_CONFPATH: nutDir, NUT_ALTPIDPATH: nutDir },
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      let out = "";
      await waitFor(
        async () => {
          out = (await run("/usr/bin/upsc", [
            `ups1@127.0.0.1:${nutPort}`,
            "battery.charge",
          ])).out;
          return out === "88\n";
        },
        10_000,
        50,
        "NUT's upsd serving with our upsd.conf",
      );
      nut.kill("SIGTERM");
      const r = await nut.output();
      nut = undefined;
      const log = new TextDecoder().decode(r.stdout) +
        new TextDecoder().decode(r.stderr);
      // NUT names each directive it does not know and carries on
      for (const d of ["HTTP_LISTEN", "MQTT_BROKER"]) {
        if (!log.includes(d)) {
          throw new Error(`NUT's upsd did not mention ${d}:\n${log}`);
        }
      }
      await Deno.remove(nutDir, { recursive: true });
    } finally {
      if (nut) {
        nut.kill("SIGTERM");
        await nut.output();
      }
      client.close();
      await s.stop();
      await Deno.remove(certs.dir, { recursive: true });
    }
  },
});
