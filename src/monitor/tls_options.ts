/**
 * upsmon.conf's TLS settings turned into connect options for one host:
 * CERTHOST (per host) over CERTVERIFY/FORCESSL (global), CERTPATH as the
 * trust anchors, CERTFILE + CERTIDENT's passphrase as our client
 * certificate. Beyond NUT: a CERTHOST certificate name written
 * `SHA256:<hex>` pins the server certificate by its fingerprint.
 *
 * @module
 */
import type { ConnectOptions } from "../client/mod.ts";
import type { UpsmonConf } from "../config/upsmon_conf.ts";

/** The TLS part of ConnectOptions. */
export type TlsConnectOptions = Omit<
  ConnectOptions,
  "host" | "port" | "timeoutMs" | "connectTimeoutMs"
>;

const PIN = /^sha256:((?:[0-9a-f]{2}:?){32})$/i;

/** Connect options for `host` (as written in its MONITOR line). */
export function upsmonTlsOptions(
  conf: UpsmonConf,
  host: string,
): TlsConnectOptions {
  const ch = conf.certHosts.get(host);
  const verify = ch ? ch.verify : conf.certVerify;
  const pin = ch ? PIN.exec(ch.certName)?.[1] : undefined;
  // As NUT: verifying implies TLS; FORCESSL refuses plaintext.
  const force = (ch ? ch.forceSsl : conf.forceSsl) || verify ||
    pin !== undefined;
  const out: TlsConnectOptions = { tls: force ? "require" : "try" };
  if (pin !== undefined) out.pinSha256 = pin;
  else if (!verify) out.verify = false;
  else {
    if (conf.certPath !== undefined) out.caPath = conf.certPath;
    if (ch && ch.certName !== "") out.certName = ch.certName;
  }
  if (conf.certFile !== undefined) out.clientCertFile = conf.certFile;
  if (conf.certIdent !== undefined) {
    out.clientKeyPassphrase = conf.certIdent.password;
  }
  return out;
}
