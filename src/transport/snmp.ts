/**
 * SNMP v1/v2c/v3 over UDP: the `SnmpSession` contract (snmp_link.ts) on
 * npm:net-snmp, with the privacy-cipher shim (snmp_crypto.ts) installed
 * before the first v3 session.
 *
 * Hostile agents: a datagram net-snmp cannot parse is reported through
 * `warn` and dropped (the request then times out, so the data goes stale);
 * an exception anywhere in net-snmp's receive path is caught the same way;
 * a walk stops at the first OID that does not increase, and at
 * `MAX_WALK` varbinds.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import dgram from "node:dgram";
import netSnmp from "npm:net-snmp@3.29.2";
import {
  installCipherShim,
  type NetSnmpCryptoModule,
  PRIV_AES192_BLUMENTHAL,
} from "./snmp_crypto.ts";
import {
  type SnmpConnector,
  SnmpError,
  type SnmpOptions,
  type SnmpSession,
  type SnmpValue,
  type Varbind,
} from "./snmp_link.ts";

/** A walk longer than this is taken as a looping agent. */
export const MAX_WALK = 100_000;
/** GETBULK max-repetitions of a walk (v2c/v3). */
const BULK_REPETITIONS = 25;

// What we use of net-snmp (it ships no types).
interface RawVarbind {
  oid: string;
  type: number;
  value: unknown;
}
type Cb = (error: Error | null, varbinds?: RawVarbind[]) => void;
interface RawSession {
  get(oids: string[], cb: Cb): void;
  getNext(oids: string[], cb: Cb): void;
  getBulk(oids: string[], nonRep: number, maxRep: number, cb: Cb): void;
  set(varbinds: RawVarbind[], cb: Cb): void;
  close(): void;
  on(event: string, fn: (e: Error) => void): void;
}
interface NetSnmp extends NetSnmpCryptoModule {
  createSession(target: string, community: string, options: object): RawSession;
  createV3Session(target: string, user: object, options: object): RawSession;
  Version1: number;
  Version2c: number;
  Version3: number;
  SecurityLevel: Record<string, number>;
  AuthProtocols: Record<string, number>;
}
const SNMP = netSnmp as unknown as NetSnmp;
installCipherShim(SNMP);

/** BER tags (net-snmp's ObjectType numbers). */
const TAG = {
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

/** Hooks of a connector. */
export interface SnmpHooks {
  /** A dropped datagram or a caught failure in the receive path. */
  warn?: (message: string) => void;
}

/** A connector for real agents; `warn` hears about malformed datagrams. */
export function snmpConnector(hooks: SnmpHooks = {}): SnmpConnector {
  return (options) => Promise.resolve(openSnmp(options, hooks));
}

/** Opens a session to a real agent (no traffic until the first request). */
export function openSnmp(
  options: SnmpOptions,
  hooks: SnmpHooks = {},
): SnmpSession {
  const warn = hooks.warn ?? (() => {});
  const common = {
    port: options.port ?? 161,
    retries: options.retries ?? 5,
    timeout: options.timeoutMs ?? 1000,
    transport: options.host.includes(":") ? "udp6" : "udp4",
    dgramModule: guardedDgram(warn),
  };
  const open = (): RawSession => {
    const raw = options.version === "v3"
      ? SNMP.createV3Session(options.host, v3User(options), {
        ...common,
        version: SNMP.Version3,
      })
      : SNMP.createSession(options.host, options.community ?? "public", {
        ...common,
        version: options.version === "v1" ? SNMP.Version1 : SNMP.Version2c,
      });
    // Unparsable datagrams and socket errors arrive as "error" events; an
    // EventEmitter without a listener would throw them.
    raw.on("error", (e) => warn(`SNMP: dropped a response: ${errText(e)}`));
    return raw;
  };
  return new NetSnmpSession(open, options.version);
}

/** node:dgram whose "message" listeners cannot throw into the event loop. */
function guardedDgram(warn: (m: string) => void) {
  return {
    createSocket(type: "udp4" | "udp6") {
      const sock = dgram.createSocket(type);
      const on = sock.on.bind(sock);
      // deno-lint-ignore no-explicit-any
      (sock as any).on = (event: string, fn: (...a: any[]) => void) => {
        if (event !== "message") return on(event, fn);
        return on(event, (...a: unknown[]) => {
          try {
            fn(...a);
          } catch (e) {
            warn(`SNMP: malformed response ignored: ${errText(e)}`);
          }
        });
      };
      return sock;
    },
  };
}

function v3User(o: SnmpOptions): object {
  const level = o.secLevel ?? "noAuthNoPriv";
  const user: Record<string, unknown> = {
    name: o.secName ?? "",
    level: SNMP.SecurityLevel[level],
  };
  if (level !== "noAuthNoPriv") {
    user.authProtocol =
      SNMP.AuthProtocols[(o.authProtocol ?? "MD5").toLowerCase()];
    user.authKey = o.authPassword ?? "";
  }
  if (level === "authPriv") {
    user.privProtocol = privNumber(o.privProtocol ?? "DES");
    user.privKey = o.privPassword ?? "";
  }
  return user;
}

function privNumber(p: NonNullable<SnmpOptions["privProtocol"]>): number {
  switch (p) {
    case "DES":
      return Number(SNMP.PrivProtocols.des);
    case "AES":
      return Number(SNMP.PrivProtocols.aes);
    case "AES192":
      return PRIV_AES192_BLUMENTHAL;
    case "AES256":
      return Number(SNMP.PrivProtocols.aes256b);
  }
}

class NetSnmpSession implements SnmpSession {
  #open: () => RawSession;
  #raw: RawSession;
  /** v3: the agent's engine may have changed (restart); discover again. */
  #rediscover = false;
  #v1: boolean;
  #v3: boolean;
  #closed = false;

  constructor(open: () => RawSession, version: SnmpOptions["version"]) {
    this.#open = open;
    this.#raw = open();
    this.#v3 = version === "v3";
    this.#v1 = version === "v1";
  }

  async get(asked: readonly string[]): Promise<Varbind[]> {
    if (asked.length === 0) return [];
    const oids = asked.map(trimOid);
    try {
      return await this.#call((cb) => this.#raw.get([...oids], cb), oids);
    } catch (e) {
      // SNMPv1 answers a missing OID with noSuchName for the whole PDU.
      if (!this.#v1 || !isNoSuchName(e)) throw e;
      if (oids.length === 1) {
        return [{ oid: oids[0]!, value: { type: "NoSuchObject" } }];
      }
      const out: Varbind[] = [];
      for (const oid of oids) out.push(...await this.get([oid]));
      return out;
    }
  }

  async getNext(asked: readonly string[]): Promise<Varbind[]> {
    if (asked.length === 0) return [];
    const oids = asked.map(trimOid);
    try {
      return await this.#call((cb) => this.#raw.getNext([...oids], cb), oids);
    } catch (e) {
      if (!this.#v1 || !isNoSuchName(e)) throw e;
      if (oids.length === 1) {
        return [{ oid: oids[0]!, value: { type: "EndOfMibView" } }];
      }
      const out: Varbind[] = [];
      for (const oid of oids) out.push(...await this.getNext([oid]));
      return out;
    }
  }

  async walk(root: string): Promise<Varbind[]> {
    const base = trimOid(root);
    const out: Varbind[] = [];
    let cur = base;
    while (out.length < MAX_WALK) {
      const batch = this.#v1 ? await this.getNext([cur]) : await this.#call(
        // net-snmp gives a repeater's rows as one nested array.
        (cb) =>
          this.#raw.getBulk(
            [cur],
            0,
            BULK_REPETITIONS,
            (e, vbs) => cb(e, vbs?.flat() as RawVarbind[] | undefined),
          ),
        [],
      );
      if (batch.length === 0) return out;
      for (const vb of batch) {
        if (isException(vb.value) || !isUnder(vb.oid, base)) return out;
        // An agent that does not move forward would make us loop.
        if (compareOids(vb.oid, cur) <= 0) return out;
        out.push(vb);
        cur = vb.oid;
      }
    }
    return out;
  }

  async set(oid: string, value: SnmpValue): Promise<void> {
    await this.#call(
      (cb) => this.#raw.set([{ oid: trimOid(oid), ...toRaw(value) }], cb),
      [oid],
    );
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#raw.close();
    } catch {
      // already closed by a socket error
    }
  }

  #call(
    send: (cb: Cb) => void,
    asked: readonly string[],
  ): Promise<Varbind[]> {
    if (this.#closed) {
      return Promise.reject(new SnmpError("error", "session closed"));
    }
    if (this.#rediscover) {
      // A restarted agent has new engine boots/time (often a new engine
      // ID); net-snmp keeps the old ones, so start a fresh session.
      this.#rediscover = false;
      try {
        this.#raw.close();
      } catch {
        // already closed
      }
      this.#raw = this.#open();
    }
    return new Promise((resolve, reject) => {
      let done = false;
      const cb: Cb = (error, varbinds) => {
        if (done) return;
        done = true;
        if (error) {
          const err = toSnmpError(error);
          if (this.#v3 && (err.kind === "timeout" || err.kind === "auth")) {
            this.#rediscover = true;
          }
          reject(err);
        } else {
          try {
            resolve((varbinds ?? []).map((v, i) => fromRaw(v, asked[i])));
          } catch (e) {
            reject(new SnmpError("malformed", errText(e)));
          }
        }
      };
      try {
        send(cb);
      } catch (e) {
        cb(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }
}

function isNoSuchName(e: unknown): boolean {
  return e instanceof SnmpError && e.kind === "error" && e.status === 2;
}

function isException(v: SnmpValue): boolean {
  return v.type === "NoSuchObject" || v.type === "NoSuchInstance" ||
    v.type === "EndOfMibView";
}

function toSnmpError(e: Error): SnmpError {
  const name = e.name;
  if (name === "RequestTimedOutError") {
    return new SnmpError("timeout", e.message);
  }
  if (name === "RequestFailedError") {
    const status = (e as { status?: number }).status;
    return new SnmpError("error", e.message, status);
  }
  const msg = e.message ?? String(e);
  // USM reports (RFC 3414 usmStats*) and local decryption/digest failures.
  if (
    /Security Level|Time Window|Unknown User|Engine ID|Digest|Decrypt|authentic/i
      .test(msg)
  ) {
    return new SnmpError("auth", msg);
  }
  return new SnmpError("malformed", msg);
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Drops a leading dot ("".1.3.6" → "1.3.6"). */
export function trimOid(oid: string): string {
  return oid.startsWith(".") ? oid.slice(1) : oid;
}

function isUnder(oid: string, base: string): boolean {
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
function fromRaw(v: RawVarbind, asked?: string): Varbind {
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
function toRaw(v: SnmpValue): { type: number; value: unknown } {
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
