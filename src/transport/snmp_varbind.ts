/**
 * Varbind conversion between npm:net-snmp's form (BER tag numbers, Buffers,
 * Counter64 as bytes) and the SnmpValue of the SNMP contract.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import type { SnmpValue, Varbind } from "./snmp_link.ts";

/** A varbind as net-snmp hands it over. */
export interface RawVarbind {
  oid: string;
  type: number;
  value: unknown;
}

/** BER tags (net-snmp's ObjectType numbers). */
export const TAG = {
  Boolean: 1,
  Integer: 2,
  OctetString: 4,
  Null: 5,
  ObjectIdentifier: 6,
  IpAddress: 64,
  Counter: 65,
  Gauge: 66,
  TimeTicks: 67,
  Opaque: 68,
  Counter64: 70,
  NoSuchObject: 128,
  NoSuchInstance: 129,
  EndOfMibView: 130,
} as const;

/** Drops a leading dot ("".1.3.6" → "1.3.6"). */
export function trimOid(oid: string): string {
  return oid.startsWith(".") ? oid.slice(1) : oid;
}

/** True when `oid` lies strictly below `base`. */
export function isUnder(oid: string, base: string): boolean {
  return oid.startsWith(base + ".");
}

/** Numeric OID order (-1, 0, 1). */
export function compareOids(a: string, b: string): number {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  }
  return Math.sign(x.length - y.length);
}

function bytes(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return new Uint8Array(v);
  if (typeof v === "string") return new TextEncoder().encode(v);
  return new Uint8Array();
}

function num(v: unknown): number {
  const n = typeof v === "number" ? v : Number(v);
  if (!Number.isFinite(n)) throw new Error(`not a number: ${String(v)}`);
  return n;
}

/** net-snmp's varbind → ours (Counter64 arrives as big-endian bytes). */
export function fromRaw(v: RawVarbind, asked?: string): Varbind {
  if (!v || typeof v.oid !== "string") {
    return { oid: asked ?? "", value: { type: "NoSuchObject" } };
  }
  const oid = trimOid(v.oid);
  const value = ((): SnmpValue => {
    switch (v.type) {
      case TAG.Integer:
        return { type: "Integer", value: num(v.value) };
      case TAG.Boolean:
        return { type: "Integer", value: v.value ? 1 : 0 };
      case TAG.OctetString:
        return { type: "OctetString", value: bytes(v.value) };
      case TAG.ObjectIdentifier:
        return { type: "ObjectIdentifier", value: trimOid(String(v.value)) };
      case TAG.IpAddress:
        return { type: "IpAddress", value: String(v.value) };
      case TAG.Counter:
        return { type: "Counter", value: num(v.value) };
      case TAG.Gauge:
        return { type: "Gauge", value: num(v.value) };
      case TAG.TimeTicks:
        return { type: "TimeTicks", value: num(v.value) };
      case TAG.Counter64:
        return { type: "Counter64", value: counter64(v.value) };
      case TAG.Opaque:
        return { type: "Opaque", value: bytes(v.value) };
      case TAG.NoSuchObject:
        return { type: "NoSuchObject" };
      case TAG.NoSuchInstance:
        return { type: "NoSuchInstance" };
      case TAG.EndOfMibView:
        return { type: "EndOfMibView" };
      default:
        return { type: "Null" };
    }
  })();
  return { oid, value };
}

function counter64(v: unknown): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "number") return BigInt(Math.trunc(v));
  let n = 0n;
  for (const b of bytes(v)) n = (n << 8n) | BigInt(b);
  return n & 0xffff_ffff_ffff_ffffn;
}

/** Ours → net-snmp's varbind type/value for a SET. */
export function toRaw(v: SnmpValue): { type: number; value: unknown } {
  switch (v.type) {
    case "OctetString":
    case "Opaque":
      return { type: TAG[v.type], value: Buffer.from(v.value) };
    case "Counter64": {
      const b = Buffer.alloc(8);
      b.writeBigUInt64BE(BigInt.asUintN(64, v.value));
      return { type: TAG.Counter64, value: b };
    }
    case "Null":
    case "NoSuchObject":
    case "NoSuchInstance":
    case "EndOfMibView":
      return { type: TAG[v.type], value: null };
    default:
      return { type: TAG[v.type], value: v.value };
  }
}
