/**
 * Self-signed certificates for upsd's CERTFILE without openssl: an ECDSA
 * P-256 key and an X.509 v3 certificate (CA:FALSE, serverAuth+clientAuth,
 * subjectAltName for the given names and addresses) DER-encoded here and
 * signed with node:crypto. CA:FALSE matters: Deno's own TLS client refuses
 * a CA:TRUE certificate as a server certificate (CaUsedAsEndEntity).
 *
 * @module
 */
import {
  createHash,
  generateKeyPairSync,
  randomBytes,
  sign,
} from "node:crypto";
import { Buffer } from "node:buffer";
import { isIP } from "node:net";

/** What to put in the certificate. */
export interface CertRequest {
  /** Subject common name. */
  commonName: string;
  /** DNS names and IP addresses for subjectAltName. */
  altNames: string[];
  /** Validity in days from now. */
  days: number;
  /** Start of validity (default now). */
  notBefore?: Date;
}

/** A generated certificate. */
export interface SelfSigned {
  /** The certificate (PEM). */
  certPem: string;
  /** The private key (PKCS#8 PEM, unencrypted). */
  keyPem: string;
  /** SHA-256 of the certificate's DER: `AB:CD:…` upper-case hex. */
  fingerprint: string;
}

function len(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  while (n > 0) {
    out.unshift(n & 0xff);
    n >>= 8;
  }
  return [0x80 | out.length, ...out];
}

function tlv(tag: number, body: Uint8Array | number[]): number[] {
  const b = Array.from(body);
  return [tag, ...len(b.length), ...b];
}

const seq = (...items: number[][]) => tlv(0x30, items.flat());
const set = (...items: number[][]) => tlv(0x31, items.flat());

function oid(dotted: string): number[] {
  const p = dotted.split(".").map(Number);
  const out = [40 * p[0]! + p[1]!];
  for (const v of p.slice(2)) {
    const bytes = [v & 0x7f];
    for (let x = v >> 7; x > 0; x >>= 7) bytes.unshift(0x80 | (x & 0x7f));
    out.push(...bytes);
  }
  return tlv(0x06, out);
}

function utf8(s: string): number[] {
  return tlv(0x0c, new TextEncoder().encode(s));
}

function time(d: Date): number[] {
  const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = iso.slice(0, 19).replace(/[-:T]/g, "") + "Z";
  // RFC 5280: UTCTime through 2049, GeneralizedTime after
  return d.getUTCFullYear() < 2050
    ? tlv(0x17, new TextEncoder().encode(digits.slice(2)))
    : tlv(0x18, new TextEncoder().encode(digits));
}

function ipBytes(ip: string): number[] {
  if (isIP(ip) === 4) return ip.split(".").map(Number);
  // expand IPv6 (with ::) to 16 bytes
  const [head, tail] = ip.includes("::") ? ip.split("::") : [ip, undefined];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = tail === undefined
    ? h
    : [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
  return groups.flatMap((g) => {
    const v = parseInt(g || "0", 16);
    return [v >> 8, v & 0xff];
  });
}

function extension(id: string, critical: boolean, value: number[]): number[] {
  return seq(
    oid(id),
    ...(critical ? [[0x01, 0x01, 0xff]] : []),
    tlv(0x04, value),
  );
}

/** Colon-separated upper-case SHA-256 of DER bytes. */
export function fingerprintOf(der: Uint8Array): string {
  return createHash("sha256").update(der).digest("hex").toUpperCase()
    .match(/../g)!.join(":");
}

/** SHA-256 fingerprint of the first certificate in a PEM text. */
export function pemFingerprint(pem: string): string {
  const m = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/
    .exec(pem);
  if (!m) throw new Error("no certificate in PEM text");
  return fingerprintOf(new Uint8Array(Buffer.from(m[1]!, "base64")));
}

function pem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString("base64").match(/.{1,64}/g)!.join(
    "\n",
  );
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** Makes a key and a self-signed certificate. */
export function makeSelfSigned(req: CertRequest): SelfSigned {
  const { publicKey, privateKey } = generateKeyPairSync("ec", {
    namedCurve: "prime256v1",
  });
  const spki = Array.from(publicKey.export({ type: "spki", format: "der" }));
  const serial = Array.from(randomBytes(16));
  serial[0] = (serial[0]! & 0x7f) | 0x01; // positive, no leading zero
  const name = seq(set(seq(oid("2.5.4.3"), utf8(req.commonName))));
  const from = req.notBefore ?? new Date();
  const until = new Date(from.getTime() + req.days * 86_400_000);
  const sigAlg = seq(oid("1.2.840.10045.4.3.2")); // ecdsa-with-SHA256
  const sans = req.altNames.map((n) =>
    isIP(n) ? tlv(0x87, ipBytes(n)) : tlv(0x82, new TextEncoder().encode(n))
  );
  const exts = [
    extension("2.5.29.19", true, seq()), // basicConstraints CA:FALSE
    extension("2.5.29.15", true, [0x03, 0x02, 0x07, 0x80]), // digitalSignature
    extension(
      "2.5.29.37",
      false,
      seq(oid("1.3.6.1.5.5.7.3.1"), oid("1.3.6.1.5.5.7.3.2")),
    ),
    ...(sans.length ? [extension("2.5.29.17", false, seq(...sans))] : []),
  ];
  const tbs = seq(
    tlv(0xa0, tlv(0x02, [2])), // v3
    tlv(0x02, serial),
    sigAlg,
    name,
    seq(time(from), time(until)),
    name,
    spki,
    tlv(0xa3, seq(...exts)),
  );
  const sig = sign("sha256", new Uint8Array(tbs), privateKey);
  const cert = new Uint8Array(
    seq(tbs, sigAlg, tlv(0x03, [0, ...Array.from(sig)])),
  );
  const keyDer = new Uint8Array(
    privateKey.export({ type: "pkcs8", format: "der" }),
  );
  return {
    certPem: pem("CERTIFICATE", cert),
    keyPem: pem("PRIVATE KEY", keyDer),
    fingerprint: fingerprintOf(cert),
  };
}
