import { assertEquals } from "../../tests/assert.ts";
import { parseUpsmonConf } from "../config/upsmon_conf.ts";
import { upsmonTlsOptions } from "./tls_options.ts";

const pure = { permissions: "none" } as const;
const PIN = "SHA256:" + "AB:".repeat(31) + "CD";

Deno.test(
  "upsmon TLS: NUT's defaults try TLS without verification",
  pure,
  () => {
    const c = parseUpsmonConf("MONITOR u@h 1 a b secondary\n");
    assertEquals(upsmonTlsOptions(c, "h"), { tls: "try", verify: false });
  },
);

Deno.test(
  "upsmon TLS: CERTVERIFY 1 verifies against CERTPATH and forces TLS",
  pure,
  () => {
    const c = parseUpsmonConf("CERTVERIFY 1\nCERTPATH /etc/nut/cas\n");
    assertEquals(upsmonTlsOptions(c, "h"), {
      tls: "require",
      caPath: "/etc/nut/cas",
    });
    assertEquals(c.warnings, []);
  },
);

Deno.test(
  "upsmon TLS: CERTHOST overrides per host, names the certificate or pins it",
  pure,
  () => {
    const c = parseUpsmonConf(
      [
        "CERTVERIFY 0",
        "FORCESSL 0",
        "CERTPATH /cas",
        "CERTFILE /etc/nut/me.pem",
        'CERTIDENT "my cert" "pw word"',
        'CERTHOST ups.lan "ups.lan" 1 0',
        `CERTHOST pinned "${PIN}" 0 0`,
        'CERTHOST plain "x" 0 1',
      ].join("\n"),
    );
    assertEquals(c.warnings, []);
    const client = {
      clientCertFile: "/etc/nut/me.pem",
      clientKeyPassphrase: "pw word",
    };
    assertEquals(upsmonTlsOptions(c, "ups.lan"), {
      tls: "require",
      caPath: "/cas",
      certName: "ups.lan",
      ...client,
    });
    assertEquals(upsmonTlsOptions(c, "pinned"), {
      tls: "require",
      pinSha256: PIN.slice(7),
      ...client,
    });
    assertEquals(upsmonTlsOptions(c, "plain"), {
      tls: "require",
      verify: false,
      ...client,
    });
    assertEquals(upsmonTlsOptions(c, "other"), {
      tls: "try",
      verify: false,
      ...client,
    });
  },
);

Deno.test(
  "upsmon TLS: a CERTHOST line with too few words is invalid",
  pure,
  () => {
    const c = parseUpsmonConf("CERTHOST h name 1\n");
    assertEquals(c.warnings.map((w) => w.message), [
      "upsmon.conf:1: invalid directive CERTHOST h name 1",
    ]);
    assertEquals(c.certHosts.size, 0);
  },
);
