/**
 * A minimal BER codec for the fuzz agent: encodes GetResponse messages and
 * decodes v1/v2c requests (written here so the fuzz does not test the
 * decoder with itself).
 *
 * @module
 */
import type { SnmpValue, Varbind } from "../../src/transport/snmp_link.ts";

// ---- BER encoding -------------------------------------------------------

function len(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

/** One TLV. */
export function tlv(tag: number, body: Uint8Array | number[]): Uint8Array {
  const b = body instanceof Uint8Array ? [...body] : body;
  return new Uint8Array([tag, ...len(b.length), ...b]);
}

export function cat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(parts.flatMap((p) => [...p]));
}

function intBody(n: bigint): number[] {
  const out: number[] = [];
  let v = n;
  do {
    out.unshift(Number(v & 0xffn));
    v >>= 8n;
  } while (v !== 0n && v !== -1n);
  if (n >= 0n && out[0]! & 0x80) out.unshift(0);
  if (n < 0n && !(out[0]! & 0x80)) out.unshift(0xff);
  return out;
}

function uintBody(n: bigint): number[] {
  const out: number[] = [];
  let v = n;
  do {
    out.unshift(Number(v & 0xffn));
    v >>= 8n;
  } while (v > 0n);
  if (out[0]! & 0x80) out.unshift(0);
  return out;
}

/** BER body of a dotted OID. */
export function oidBody(oid: string): number[] {
  const arcs = oid.split(".").map((a) => BigInt(a));
  const first = (arcs[0] ?? 1n) * 40n + (arcs[1] ?? 0n);
  const out: number[] = [];
  for (const arc of [first, ...arcs.slice(2)]) {
    const chunk: number[] = [Number(arc & 0x7fn)];
    for (let v = arc >> 7n; v > 0n; v >>= 7n) {
      chunk.unshift(Number(v & 0x7fn) | 0x80);
    }
    out.push(...chunk);
  }
  return out;
}

function valueTlv(v: SnmpValue): Uint8Array {
  switch (v.type) {
    case "Integer":
      return tlv(0x02, intBody(BigInt(v.value)));
    case "OctetString":
      return tlv(0x04, v.value);
    case "Opaque":
      return tlv(0x44, v.value);
    case "ObjectIdentifier":
      return tlv(0x06, oidBody(v.value));
    case "IpAddress":
      return tlv(0x40, v.value.split(".").map(Number));
    case "Counter":
      return tlv(0x41, uintBody(BigInt(v.value)));
    case "Gauge":
      return tlv(0x42, uintBody(BigInt(v.value)));
    case "TimeTicks":
      return tlv(0x43, uintBody(BigInt(v.value)));
    case "Counter64":
      return tlv(0x46, uintBody(v.value));
    case "Null":
      return tlv(0x05, []);
    case "NoSuchObject":
      return tlv(0x80, []);
    case "NoSuchInstance":
      return tlv(0x81, []);
    case "EndOfMibView":
      return tlv(0x82, []);
  }
}

/** A whole GetResponse message. */
export function response(
  version: number,
  community: Uint8Array,
  id: number,
  vbs: readonly Varbind[],
  errorStatus = 0,
  errorIndex = 0,
): Uint8Array {
  const list = tlv(
    0x30,
    cat(
      ...vbs.map((vb) =>
        tlv(0x30, cat(tlv(0x06, oidBody(vb.oid)), valueTlv(vb.value)))
      ),
    ),
  );
  const pdu = tlv(
    0xa2,
    cat(
      tlv(0x02, intBody(BigInt(id))),
      tlv(0x02, intBody(BigInt(errorStatus))),
      tlv(0x02, intBody(BigInt(errorIndex))),
      list,
    ),
  );
  return tlv(0x30, cat(tlv(0x02, [version]), tlv(0x04, community), pdu));
}

// ---- BER decoding of requests -------------------------------------------

interface Node {
  tag: number;
  body: Uint8Array;
  end: number;
}

function read(buf: Uint8Array, at: number): Node {
  const tag = buf[at]!;
  let n = buf[at + 1]!;
  let p = at + 2;
  if (n & 0x80) {
    const k = n & 0x7f;
    n = 0;
    for (let i = 0; i < k; i++) n = n * 256 + buf[p++]!;
  }
  if (p + n > buf.length) throw new Error("short");
  return { tag, body: buf.subarray(p, p + n), end: p + n };
}

function children(body: Uint8Array): Node[] {
  const out: Node[] = [];
  for (let at = 0; at < body.length;) {
    const n = read(body, at);
    out.push(n);
    at = n.end;
  }
  return out;
}

function decodeInt(b: Uint8Array): number {
  let v = b[0]! & 0x80 ? -1 : 0;
  for (const x of b) v = v * 256 + x;
  return v;
}

function decodeOid(b: Uint8Array): string {
  const arcs: number[] = [];
  let v = 0;
  for (const x of b) {
    v = v * 128 + (x & 0x7f);
    if (!(x & 0x80)) {
      if (arcs.length === 0) {
        arcs.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      } else arcs.push(v);
      v = 0;
    }
  }
  return arcs.join(".");
}

/** A decoded v1/v2c request. */
export interface Request {
  version: number;
  community: Uint8Array;
  pduTag: number;
  id: number;
  /** GETBULK: non-repeaters and max-repetitions; others: error status/index. */
  a: number;
  b: number;
  oids: string[];
}

/** Decodes a v1/v2c request, or undefined (v3 or not SNMP). */
export function decodeRequest(buf: Uint8Array): Request | undefined {
  try {
    const [ver, comm, pdu] = children(read(buf, 0).body);
    if (!ver || !comm || !pdu || ver.tag !== 2 || comm.tag !== 4) {
      return undefined;
    }
    const [id, a, b, list] = children(pdu.body);
    const oids = children(list!.body).map((vb) =>
      decodeOid(children(vb.body)[0]!.body)
    );
    return {
      version: decodeInt(ver.body),
      community: comm.body,
      pduTag: pdu.tag,
      id: decodeInt(id!.body),
      a: decodeInt(a!.body),
      b: decodeInt(b!.body),
      oids,
    };
  } catch {
    return undefined;
  }
}
