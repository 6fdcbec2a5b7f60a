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
import {
  compareOids,
  fromRaw,
  isUnder,
  type RawVarbind,
  toRaw,
  trimOid,
} from "./snmp_varbind.ts";

export { compareOids, trimOid };

/** A walk longer than this is taken as a looping agent. */
export const MAX_WALK = 100_000;
/** GETBULK max-repetitions of a walk (v2c/v3). */
const BULK_REPETITIONS = 25;

// What we use of net-snmp (it ships no types).
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
