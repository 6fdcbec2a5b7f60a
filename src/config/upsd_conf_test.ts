import { assertEquals } from "../../tests/assert.ts";
import { parseBool, parseUpsdConf } from "./upsd_conf.ts";

const pure = { permissions: "none" } as const;

Deno.test("parseUpsdConf() reads every directive", pure, () => {
  const { conf, errors, warnings } = parseUpsdConf(
    [
      "LISTEN 127.0.0.1 3493",
      "LISTEN ::1",
      "MAXAGE 25",
      "TRACKINGDELAY 60",
      "STATEPATH /tmp/state",
      "DATAPATH /tmp/data",
      "MAXCONN 100",
      "ALLOW_NO_DEVICE yes",
      "CERTFILE /etc/nut/cert.pem",
      "CERTPATH /etc/nut/certs",
      'CERTIDENT "my name" secret',
      "CERTREQUEST REQUIRE",
      "DISABLE_WEAK_SSL on",
      "debug_min 3",
      "ACL all 0.0.0.0/0",
    ].join("\n"),
  );
  assertEquals(errors, []);
  assertEquals(conf.listen, [{ addr: "127.0.0.1", port: 3493 }, {
    addr: "::1",
    port: 3493,
  }]);
  assertEquals(conf.maxAge, 25);
  assertEquals(conf.trackingDelay, 60);
  assertEquals(conf.statePath, "/tmp/state");
  assertEquals(conf.dataPath, "/tmp/data");
  assertEquals(conf.maxConn, 100);
  assertEquals(conf.allowNoDevice, true);
  assertEquals(conf.certFile, "/etc/nut/cert.pem");
  assertEquals(conf.certIdent, { name: "my name", password: "secret" });
  assertEquals(conf.certRequest, 2);
  assertEquals(conf.disableWeakSsl, true);
  assertEquals(conf.debugMin, 3);
  assertEquals(warnings.length, 1);
});

Deno.test("parseUpsdConf() reports bad lines as file:line errors", pure, () => {
  const { conf, errors } = parseUpsdConf(
    'MAXAGE abc\nLISTEN 1.2.3.4 99999\nFOO bar\nMAXAGE 20\nDATAPATH "a#b"\n',
    "/x/upsd.conf",
  );
  assertEquals(errors.map((e) => e.message), [
    "/x/upsd.conf:1: MAXAGE has non numeric value (abc)",
    "/x/upsd.conf:2: invalid LISTEN port: 99999",
    "/x/upsd.conf:3: invalid directive FOO bar",
    "/x/upsd.conf:5: Unbalanced word due to unescaped # in quotes",
  ]);
  assertEquals(conf.maxAge, 20);
  assertEquals(conf.listen, []);
});

Deno.test("parseBool() takes NUT's words and numbers", pure, () => {
  assertEquals(
    ["TRUE", "on", "1", "no", "Off", "0", "7", "maybe"].map(parseBool),
    [true, true, true, false, false, false, true, undefined],
  );
});

Deno.test("conf/upsd.conf.sample parses cleanly", async () => {
  const text = await Deno.readTextFile(
    new URL("../../conf/upsd.conf.sample", import.meta.url),
  );
  const { conf, errors } = parseUpsdConf(text);
  assertEquals(errors, []);
  assertEquals(conf.maxAge, 15);
});

Deno.test(
  "parseUpsdConf(): HTTP_LISTEN and MQTT_BROKER (our own)",
  pure,
  () => {
    const { conf, errors } = parseUpsdConf(
      [
        "HTTP_LISTEN 127.0.0.1 8080",
        "HTTP_LISTEN ::1 8443 tls",
        "HTTP_LISTEN 127.0.0.1",
        "HTTP_LISTEN 127.0.0.1 0",
        "HTTP_LISTEN 127.0.0.1 80 gzip",
        "MQTT_BROKER http://x",
        "MQTT_BROKER mqtts://u:p@127.0.0.1:8883/nut monuser",
      ].join("\n"),
      "u",
    );
    assertEquals(errors.map((e) => e.message), [
      "u:3: HTTP_LISTEN needs an address and a port",
      "u:4: invalid HTTP_LISTEN port: 0",
      "u:5: HTTP_LISTEN: unknown option gzip (only TLS)",
      "u:6: MQTT_BROKER: URL must start with mqtt:// or mqtts:// (http://x)",
    ]);
    assertEquals(conf.httpListen, [
      { addr: "127.0.0.1", port: 8080, tls: false },
      { addr: "::1", port: 8443, tls: true },
    ]);
    assertEquals(conf.mqttBroker, {
      url: "mqtts://u:p@127.0.0.1:8883/nut",
      user: "monuser",
    });
    assertEquals(parseUpsdConf("LISTEN ::1\n").conf.httpListen, []);
    assertEquals(parseUpsdConf("LISTEN ::1\n").conf.mqttBroker, undefined);
  },
);

Deno.test(
  "parseUpsdConf() reads the login throttle and REQUIRE_LOGIN_FOR_READ (ours)",
  pure,
  () => {
    const defaults = parseUpsdConf("").conf;
    assertEquals(
      [
        defaults.loginFailureLimit,
        defaults.loginFailureWindow,
        defaults.loginLockout,
        defaults.requireLoginForRead,
      ],
      [10, 60, 60, false],
    );
    const { conf, errors } = parseUpsdConf(
      "LOGIN_FAILURE_LIMIT 0\nLOGIN_FAILURE_WINDOW 300\nLOGIN_LOCKOUT 900\n" +
        "REQUIRE_LOGIN_FOR_READ yes\nLOGIN_LOCKOUT -5\nLOGIN_FAILURE_LIMIT\n" +
        "REQUIRE_LOGIN_FOR_READ maybe\n",
      "u.conf",
    );
    assertEquals(
      [
        conf.loginFailureLimit,
        conf.loginFailureWindow,
        conf.loginLockout,
        conf.requireLoginForRead,
      ],
      [0, 300, 900, true],
    );
    assertEquals(errors.map((e) => e.message), [
      "u.conf:5: LOGIN_LOCKOUT has non numeric value (-5)",
      "u.conf:6: LOGIN_FAILURE_LIMIT needs 1 argument(s)",
      "u.conf:7: REQUIRE_LOGIN_FOR_READ has invalid value (maybe)",
    ]);
  },
);
