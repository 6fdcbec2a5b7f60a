/**
 * A small SNMP v1/v2c agent for the fuzz tests, with its own BER codec:
 * it serves a recording (GET, GETNEXT, GETBULK) and, while `hostile` is
 * on, answers each request with a burst of malformed or mutated responses
 * (bit flips, cuts, bad lengths and tags, huge values, wrong request IDs,
 * deep nesting, pure garbage) before — sometimes instead of — the real one.
 *
 * @module
 */
import dgram from "node:dgram";
import type { SnmpValue, Varbind } from "../../src/transport/snmp_link.ts";
import { int, pick, rng } from "./gen.ts";

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

function cat(...parts: Uint8Array[]): Uint8Array {
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

// ---- serving -------------------------------------------------------------

function cmp(a: string, b: string): number {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i]! - y[i]!;
  }
  return x.length - y.length;
}

/** The correct answer to a request from `data` (sorted varbinds). */
export function answer(data: readonly Varbind[], req: Request): Varbind[] {
  const byOid = new Map(data.map((v) => [v.oid, v.value]));
  const next = (oid: string): Varbind => {
    const vb = data.find((v) => cmp(v.oid, oid) > 0);
    return vb ?? { oid, value: { type: "EndOfMibView" } };
  };
  switch (req.pduTag) {
    case 0xa0:
      return req.oids.map((oid) => ({
        oid,
        value: byOid.get(oid) ?? { type: "NoSuchObject" },
      }));
    case 0xa1:
      return req.oids.map(next);
    case 0xa5: {
      const out: Varbind[] = [];
      for (const start of req.oids) {
        let cur = start;
        for (let i = 0; i < Math.min(Math.max(req.b, 1), 50); i++) {
          const vb = next(cur);
          out.push(vb);
          if (vb.value.type === "EndOfMibView") break;
          cur = vb.oid;
        }
      }
      return out;
    }
    default:
      return req.oids.map((oid) => ({ oid, value: { type: "Null" } }));
  }
}

const NASTY_VALUES: SnmpValue[] = [
  { type: "Integer", value: 2 ** 31 - 1 },
  { type: "Integer", value: -(2 ** 31) },
  { type: "Counter64", value: 2n ** 64n - 1n },
  { type: "OctetString", value: new Uint8Array(1400).fill(0xff) },
  { type: "OctetString", value: new Uint8Array([0, 0xc3, 0x28, 0x0a, 0x22]) },
  { type: "ObjectIdentifier", value: "1.3.6.1.4.1.4294967295.99999999999" },
  { type: "IpAddress", value: "255.255.255.255" },
  { type: "Null" },
  { type: "EndOfMibView" },
  { type: "NoSuchInstance" },
];

/** One malformed or mutated datagram answering `req`. */
export function mutate(
  r: () => number,
  req: Request,
  good: Varbind[],
): Uint8Array {
  const valid = response(req.version, req.community, req.id, good);
  switch (int(r, 12)) {
    case 0: { // bit flips past the request ID, so the parser gets far
      const b = new Uint8Array(valid);
      for (let i = 0, n = 1 + int(r, 4); i < n; i++) {
        const at = int(r, b.length);
        b[at] = b[at]! ^ (1 << int(r, 8));
      }
      return b;
    }
    case 1: // cut short
      return valid.subarray(0, int(r, valid.length));
    case 2: { // a length byte set to something absurd
      const b = new Uint8Array(valid);
      b[1 + int(r, Math.min(b.length - 1, 40))] = pick(r, [
        0x84,
        0xff,
        0x80,
        0x7f,
        0x00,
      ]);
      return b;
    }
    case 3: { // swapped tags
      const b = new Uint8Array(valid);
      b[int(r, b.length)] = pick(r, [
        0x30,
        0xa2,
        0x06,
        0x04,
        0x02,
        0x46,
        0x9f,
        0x1f,
        0xbf,
      ]);
      return b;
    }
    case 4: // extreme or wrong-type values under the asked OIDs
      return response(
        req.version,
        req.community,
        req.id,
        good.map((vb) => ({ oid: vb.oid, value: pick(r, NASTY_VALUES) })),
      );
    case 5: // varbinds for OIDs nobody asked, going backwards
      return response(req.version, req.community, req.id, [
        { oid: "1.3.6.1.2.1.1.1.0", value: { type: "Integer", value: 1 } },
        { oid: "0.0", value: { type: "Null" } },
      ]);
    case 6: // error status and a wild error index
      return response(
        req.version,
        req.community,
        req.id,
        good,
        int(r, 30),
        pick(r, [0, -1, 999, 2 ** 31 - 1]),
      );
    case 7: // deep nesting
      return new Uint8Array([
        ...Array(200).fill(0x30).flatMap((t) => [t, 0x80]),
        0,
        0,
      ]);
    case 8: // garbage
      return new Uint8Array(
        Array.from({ length: int(r, 600) }, () => int(r, 256)),
      );
    case 9: // Counter64 and Integer with oversized bodies
      return cat(
        valid.subarray(0, Math.max(0, valid.length - 4)),
        tlv(
          pick(r, [0x46, 0x02, 0x41, 0x40]),
          new Uint8Array(9 + int(r, 20)).fill(0x7f),
        ),
      );
    case 10: // someone else's request ID, or another community
      return response(
        req.version,
        int(r, 2) ? req.community : new Uint8Array([0x78]),
        int(r, 2) ? req.id + 1 : req.id ^ 0x55aa,
        good,
      );
    default: // a report / trap / set PDU instead of a response
      return cat(
        valid.subarray(0, 0),
        tlv(
          0x30,
          cat(
            tlv(0x02, [req.version]),
            tlv(0x04, req.community),
            tlv(pick(r, [0xa8, 0xa7, 0xa4, 0xa3, 0xa0]), [
              ...valid.subarray(valid.length - 20),
            ]),
          ),
        ),
      );
  }
}

/** A running agent. */
export interface FuzzAgent {
  readonly port: number;
  /** Requests decoded so far. */
  readonly requests: number;
  /** Mutated datagrams sent so far. */
  readonly mutated: number;
  /** While true, every request gets a burst of bad datagrams first. */
  hostile: boolean;
  /** Bad datagrams per request while hostile. */
  burst: number;
  /** Out of 100 hostile requests, how many get no valid answer at all. */
  dropPercent: number;
  close(): Promise<void>;
}

/** Starts an agent serving `data` on 127.0.0.1 (any community). */
export async function startFuzzAgent(
  data: readonly Varbind[],
  seed = 1,
): Promise<FuzzAgent> {
  const sorted = [...data].sort((a, b) => cmp(a.oid, b.oid));
  const r = rng(seed);
  const sock = dgram.createSocket("udp4");
  await new Promise<void>((ok) => sock.bind(0, "127.0.0.1", ok));
  const state = {
    port: sock.address().port,
    requests: 0,
    mutated: 0,
    hostile: true,
    burst: 20,
    dropPercent: 10,
    close: () => new Promise<void>((ok) => sock.close(() => ok())),
  };
  sock.on(
    "message",
    (msg: Uint8Array, from: { port: number; address: string }) => {
      const send = (b: Uint8Array) => sock.send(b, from.port, from.address);
      const req = decodeRequest(new Uint8Array(msg));
      if (!req) {
        // v3 or unknown: garbage answers only
        if (state.hostile) {
          for (let i = 0; i < state.burst; i++) {
            send(
              new Uint8Array(
                Array.from({ length: int(r, 300) }, () => int(r, 256)),
              ),
            );
            state.mutated++;
          }
        }
        return;
      }
      state.requests++;
      const good = answer(sorted, req);
      if (state.hostile) {
        for (let i = 0; i < state.burst; i++) {
          send(mutate(r, req, good));
          state.mutated++;
        }
        if (int(r, 100) < state.dropPercent) return;
      }
      send(response(req.version, req.community, req.id, good));
    },
  );
  return state;
}
