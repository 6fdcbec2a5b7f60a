import { assert, assertEquals } from "../../tests/assert.ts";
import { createPrivateKey, X509Certificate } from "node:crypto";
import { makeSelfSigned, pemFingerprint } from "./cert.ts";

const pure = { permissions: "none" } as const;

Deno.test(
  "makeSelfSigned: a parseable, self-verifying CA:FALSE certificate",
  pure,
  () => {
    const from = new Date("2026-01-01T00:00:00Z");
    const c = makeSelfSigned({
      commonName: "ups.example",
      altNames: ["ups.example", "192.0.2.7", "2001:db8::1", "::1"],
      days: 30,
      notBefore: from,
    });
    const x = new X509Certificate(c.certPem);
    assertEquals(x.subject, "CN=ups.example");
    assertEquals(x.issuer, "CN=ups.example");
    assertEquals(x.ca, false);
    assert(x.verify(x.publicKey), "signed by its own key");
    assertEquals(
      x.subjectAltName,
      "DNS:ups.example, IP Address:192.0.2.7, IP Address:2001:db8::1, IP Address:::1",
    );
    assertEquals(Date.parse(x.validFrom), from.getTime());
    assertEquals(Date.parse(x.validTo), from.getTime() + 30 * 86_400_000);
    assertEquals(c.fingerprint, x.fingerprint256);
    assertEquals(pemFingerprint(c.certPem + c.keyPem), c.fingerprint);
    // the key is the certificate's
    const pub = createPrivateKey(c.keyPem);
    assertEquals(
      pub.asymmetricKeyType === "ec" && x.checkPrivateKey(pub),
      true,
    );
  },
);

Deno.test(
  "makeSelfSigned: validity after 2049 uses GeneralizedTime",
  pure,
  () => {
    const c = makeSelfSigned({
      commonName: "x",
      altNames: [],
      days: 365,
      notBefore: new Date("2049-06-01T00:00:00Z"),
    });
    const x = new X509Certificate(c.certPem);
    assertEquals(new Date(x.validTo).getUTCFullYear(), 2050);
    assertEquals(x.subjectAltName, undefined);
  },
);
