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
import { cat, decodeRequest, type Request, response, tlv } from "./snmp_ber.ts";

export { decodeRequest, type Request, response };

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
