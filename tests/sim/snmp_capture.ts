/**
 * A loopback UDP relay that sits between an SNMP manager and an agent
 * (snmpsimd) and records every SetRequest it forwards: OID, BER type tag
 * and value. Used to prove two drivers send the same SNMP SETs.
 *
 * @module
 */
import dgram from "node:dgram";

/** One captured SET varbind. */
export interface CapturedSet {
  readonly oid: string;
  /** BER tag: 2 INTEGER, 4 OCTET STRING, 67 TimeTicks, ... */
  readonly tag: number;
  /** Integer values as decimal text, strings as latin1 text. */
  readonly value: string;
}

interface Tlv {
  tag: number;
  start: number;
  end: number;
}

function tlv(b: Uint8Array, at: number): Tlv {
  const tag = b[at]!;
  let len = b[at + 1]!;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[start + i]!;
    start += n;
  }
  if (start + len > b.length) throw new Error("truncated BER");
  return { tag, start, end: start + len };
}

function children(b: Uint8Array, t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = t.start; at < t.end;) {
    const c = tlv(b, at);
    out.push(c);
    at = c.end;
  }
  return out;
}

function oidText(b: Uint8Array, t: Tlv): string {
  const arcs: number[] = [];
  let v = 0;
  for (let i = t.start; i < t.end; i++) {
    v = v * 128 + (b[i]! & 0x7f);
    if (!(b[i]! & 0x80)) {
      if (arcs.length === 0) {
        arcs.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      } else arcs.push(v);
      v = 0;
    }
  }
  return arcs.join(".");
}

function intText(b: Uint8Array, t: Tlv, signed: boolean): string {
  let v = 0n;
  for (let i = t.start; i < t.end; i++) v = v * 256n + BigInt(b[i]!);
  const bits = BigInt((t.end - t.start) * 8);
  if (signed && t.end > t.start && b[t.start]! & 0x80) v -= 1n << bits;
  return v.toString();
}

/** The varbinds of a v1/v2c SetRequest, or undefined for other messages. */
export function decodeSet(b: Uint8Array): CapturedSet[] | undefined {
  try {
    const msg = tlv(b, 0);
    const [, , pdu] = children(b, msg);
    if (!pdu || pdu.tag !== 0xa3) return undefined;
    const [, , , list] = children(b, pdu);
    return children(b, list!).map((vb) => {
      const [o, v] = children(b, vb);
      const value = v!.tag === 4
        ? String.fromCharCode(...b.subarray(v!.start, v!.end))
        : v!.tag === 6
        ? oidText(b, v!)
        : intText(b, v!, v!.tag === 2);
      return { oid: oidText(b, o!), tag: v!.tag, value };
    });
  } catch {
    return undefined;
  }
}

/** A running relay. */
export interface SnmpRelay {
  /** Port managers talk to (127.0.0.1). */
  readonly port: number;
  /** SETs seen so far, in order. */
  readonly sets: CapturedSet[];
  /** performance.now() of every request relayed (benchmarks). */
  readonly times: number[];
  /** While true, requests are dropped (a silent agent). */
  paused: boolean;
  close(): Promise<void>;
}

/** Relays 127.0.0.1:<port> ⇄ 127.0.0.1:<agentPort>, recording SETs. */
export async function startRelay(agentPort: number): Promise<SnmpRelay> {
  const front = dgram.createSocket("udp4");
  const sets: CapturedSet[] = [];
  const times: number[] = [];
  const backs = new Map<string, dgram.Socket>();
  front.on("message", (msg, rinfo) => {
    if (relay.paused) return;
    const key = `${rinfo.address}:${rinfo.port}`;
    let back = backs.get(key);
    if (!back) {
      back = dgram.createSocket("udp4");
      back.on(
        "message",
        (reply) => front.send(reply, rinfo.port, rinfo.address),
      );
      backs.set(key, back);
    }
    times.push(performance.now());
    const s = decodeSet(new Uint8Array(msg));
    if (s) sets.push(...s);
    back.send(msg, agentPort, "127.0.0.1");
  });
  await new Promise<void>((ok) => front.bind(0, "127.0.0.1", ok));
  const relay: SnmpRelay = {
    paused: false,
    port: front.address().port,
    sets,
    times,
    async close() {
      for (const b of backs.values()) {
        await new Promise<void>((ok) => b.close(() => ok()));
      }
      await new Promise<void>((ok) => front.close(() => ok()));
    },
  };
  return relay;
}
