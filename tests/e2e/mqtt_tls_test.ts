/**
 * MQTT_BROKER over `mqtts://` with a login: Debian's mosquitto with a TLS
 * listener (test CA) and a password file (mosquitto_passwd); upsd trusts the
 * test CA through DENO_CERT, the subscriber through --cafile.
 */
import { assertEquals } from "../assert.ts";
import { freePort, haveNut } from "../net.ts";
import { makeTestCerts } from "../fixtures/tls/certs.ts";
import { startStack } from "./http_helpers.ts";
import { haveMosquitto, startBroker, subscribe } from "./mqtt_helpers.ts";

Deno.test("MQTT: mqtts:// with user and password, certificate verified", async () => {
  if (!haveNut() || !haveMosquitto()) return;
  const certs = await makeTestCerts();
  // mosquitto reads its files after dropping to its own user
  await Deno.chmod(certs.dir, 0o755);
  for await (const e of Deno.readDir(certs.dir)) {
    await Deno.chmod(`${certs.dir}/${e.name}`, 0o644);
  }
  const pw = `${certs.dir}/passwd`;
  const out = await new Deno.Command("/usr/bin/mosquitto_passwd", {
    args: ["-c", "-b", pw, "ha", "s3cret"],
    stdout: "null",
    stderr: "null",
  }).output();
  assertEquals(out.code, 0);
  await Deno.chmod(pw, 0o644);
  const port = freePort();
  const broker = await startBroker(
    certs.dir,
    port,
    `cafile ${certs.caCert}\ncertfile ${certs.leafCert}\n` +
      `keyfile ${certs.dir}/leaf.key\npassword_file ${pw}\nallow_anonymous false\n`,
  );
  const sub = subscribe(port, "#", [
    "--cafile",
    certs.caCert,
    "-u",
    "ha",
    "-P",
    "s3cret",
  ]);
  const before = Deno.env.get("DENO_CERT");
  Deno.env.set("DENO_CERT", certs.caCert); // inherited by upsd
  let stack;
  try {
    stack = await startStack({
      devs: { ups1: "ups.status: OL\nbattery.charge: 88\n" },
      upsdConf: () =>
        `MQTT_BROKER mqtts://ha:s3cret@localhost:${port}/tls-nut\n`,
    });
    await sub.wait("tls-nut/status", (p) => p === "online");
    await sub.wait("tls-nut/ups1/var/battery.charge", (p) => p === "88");
  } finally {
    if (before === undefined) Deno.env.delete("DENO_CERT");
    else Deno.env.set("DENO_CERT", before);
    await stack?.stop();
    await sub.stop();
    await broker.stop();
    await Deno.remove(certs.dir, { recursive: true });
  }
});
