/**
 * upsd's TLS settings as NUT master (2.8.6) has them for OpenSSL builds:
 * CERTFILE (certificate chain then private key), CERTIDENT (its second word
 * is the private key's passphrase), CERTPATH (a directory of CA PEM files or
 * one bundle file, the trust anchors for client certificates), CERTREQUEST
 * (0 NO, 1 REQUEST: some certificate, 2 REQUIRE: a valid one) and
 * DISABLE_WEAK_SSL (TLS 1.2 or better). As NUT 2.8.6, a TLS setting that
 * cannot be applied is fatal rather than silently serving plaintext.
 *
 * @module
 */
import type { PeerCertificate, SecureContext } from "node:tls";
import { createPrivateKey, X509Certificate } from "node:crypto";
import type { UpsdConf } from "../config/upsd_conf.ts";
import { readCaPath, readCertFile } from "../tls/pem.ts";

/** What the listener needs to run STARTTLS. */
export interface ServerTls {
  context: SecureContext;
  /** CERTREQUEST: 0 none, 1 any certificate, 2 a certificate CERTPATH trusts. */
  certRequest: number;
  /** CERTPATH's certificates. */
  trusted: X509Certificate[];
}

/**
 * Builds the TLS context from upsd.conf, or undefined when neither CERTFILE
 * nor CERTPATH is set. Throws (a fatal error) when the settings cannot be
 * applied: unreadable files, a wrong passphrase, CERTPATH without CERTFILE,
 * CERTREQUEST REQUIRE without CERTPATH.
 */
export async function loadServerTls(
  conf: UpsdConf,
): Promise<ServerTls | undefined> {
  if (!conf.certFile && !conf.certPath) return undefined;
  if (!conf.certFile) {
    throw new Error(
      "CERTPATH is set but CERTFILE is not: no server certificate",
    );
  }
  const certRequest = conf.certRequest ?? 0;
  if (certRequest === 2 && !conf.certPath) {
    throw new Error("CERTREQUEST REQUIRE needs CERTPATH (the trusted CAs)");
  }
  const tls = await import("node:tls");
  const { cert, key } = await readCertFile(conf.certFile);
  const ca = conf.certPath ? await readCaPath(conf.certPath) : undefined;
  // Decrypt here: a wrong passphrase must fail now, not at a handshake.
  const plainKey = createPrivateKey({
    key,
    ...(conf.certIdent ? { passphrase: conf.certIdent.password } : {}),
  }).export({ type: "pkcs8", format: "pem" }) as string;
  const context = tls.createSecureContext({
    cert,
    key: plainKey,
    ...(ca ? { ca } : {}),
    ...(conf.disableWeakSsl ? { minVersion: "TLSv1.2" as const } : {}),
  });
  const trusted = (ca ?? []).map((pem) => new X509Certificate(pem));
  return { context, certRequest, trusted };
}

/** node:tls TLSSocket options for one accepted connection. */
export function socketOptions(t: ServerTls): {
  isServer: true;
  secureContext: SecureContext;
  requestCert: boolean;
  rejectUnauthorized: boolean;
} {
  return {
    isServer: true,
    secureContext: t.context,
    requestCert: t.certRequest > 0,
    rejectUnauthorized: t.certRequest === 2,
  };
}

/**
 * Why a client's certificate is not acceptable under CERTREQUEST, or
 * undefined. REQUIRE trusts a certificate that CERTPATH lists itself or
 * that a CERTPATH CA signed directly, within its validity dates.
 */
export function clientCertProblem(
  t: ServerTls,
  peer: PeerCertificate | undefined,
  now = Date.now(),
): string | undefined {
  const raw = peer?.raw;
  if (!raw || raw.length === 0) return "no client certificate";
  if (t.certRequest < 2) return undefined;
  const cert = new X509Certificate(raw);
  if (
    now < Date.parse(cert.validFrom) || now > Date.parse(cert.validTo)
  ) return "client certificate expired or not yet valid";
  const ok = t.trusted.some((ca) =>
    ca.fingerprint256 === cert.fingerprint256 ||
    (ca.ca && cert.checkIssued(ca) && cert.verify(ca.publicKey))
  );
  return ok ? undefined : "client certificate not trusted by CERTPATH";
}
