/**
 * An in-memory SNMP agent serving a parsed recording through the
 * `SnmpSession` contract: GET, GETNEXT, walk and SET (SETs are recorded and
 * written back, as snmpsim's writecache does). Tests switch `silent` on to
 * make it stop answering (every request then fails with a timeout).
 *
 * @module
 */
import {
  type SnmpConnector,
  SnmpError,
  type SnmpOptions,
  type SnmpSession,
  type SnmpValue,
  type Varbind,
} from "./snmp_link.ts";
import { compareOids, normalizeOid, type SnmpRecording } from "./snmprec.ts";

/** Hook deciding a SET: return an SNMP error-status (e.g. 17 notWritable) to refuse. */
export type SetPolicy = (oid: string, value: SnmpValue) => number | undefined;

/** An agent over a recording; hands out sessions sharing its data. */
export class MemoryAgent {
  #oids: string[] = [];
  #values = new Map<string, SnmpValue>();
  /** Every SET received, in order. */
  readonly sets: Varbind[] = [];
  /** Number of requests (GET/GETNEXT/walk step/SET PDUs) served. */
  requests = 0;
  /** When true the agent stops answering: requests fail with kind "timeout". */
  silent = false;
  /** Optional SET policy; by default every SET is accepted. */
  setPolicy: SetPolicy | undefined;
  /** Every session opened, with its options. */
  readonly opened: SnmpOptions[] = [];

  constructor(recording: SnmpRecording | readonly Varbind[]) {
    const list = "varbinds" in recording ? recording.varbinds : recording;
    for (const vb of list) this.put(vb.oid, vb.value);
  }

  /** Sets or adds a value (test side). */
  put(oid: string, value: SnmpValue): void {
    const o = normalizeOid(oid);
    if (o === undefined) throw new Error(`bad OID ${oid}`);
    if (!this.#values.has(o)) {
      const i = this.#after(o);
      this.#oids.splice(i, 0, o);
    }
    this.#values.set(o, value);
  }

  /** Removes a value (test side). */
  remove(oid: string): void {
    const o = normalizeOid(oid) ?? oid;
    if (!this.#values.delete(o)) return;
    this.#oids.splice(this.#oids.indexOf(o), 1);
  }

  /** The current value of an OID, if any. */
  value(oid: string): SnmpValue | undefined {
    return this.#values.get(normalizeOid(oid) ?? oid);
  }

  /** Index of the first OID strictly greater than `oid`. */
  #after(oid: string): number {
    let lo = 0;
    let hi = this.#oids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareOids(this.#oids[mid]!, oid) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #serve(): void {
    if (this.silent) throw new SnmpError("timeout", "Timeout: no response");
    this.requests++;
  }

  /** GET semantics (v2c: NoSuchObject for absent OIDs). */
  get(oids: readonly string[]): Varbind[] {
    this.#serve();
    return oids.map((oid) => {
      const o = normalizeOid(oid) ?? oid;
      const v = this.#values.get(o);
      return { oid: o, value: v ?? { type: "NoSuchObject" } };
    });
  }

  /** GETNEXT semantics (EndOfMibView past the last OID). */
  getNext(oids: readonly string[]): Varbind[] {
    this.#serve();
    return oids.map((oid) => {
      const o = normalizeOid(oid) ?? oid;
      const next = this.#oids[this.#after(o)];
      return next === undefined
        ? { oid: o, value: { type: "EndOfMibView" } }
        : { oid: next, value: this.#values.get(next)! };
    });
  }

  /** Every varbind strictly under `root`, in OID order. */
  walk(root: string): Varbind[] {
    this.#serve();
    const r = normalizeOid(root) ?? root;
    const out: Varbind[] = [];
    for (let i = this.#after(r); i < this.#oids.length; i++) {
      const oid = this.#oids[i]!;
      if (!oid.startsWith(r + ".")) break;
      out.push({ oid, value: this.#values.get(oid)! });
    }
    return out;
  }

  /** SET: records it, applies the policy, writes the value back. */
  set(oid: string, value: SnmpValue): void {
    this.#serve();
    const o = normalizeOid(oid) ?? oid;
    this.sets.push({ oid: o, value });
    const status = this.setPolicy?.(o, value);
    if (status !== undefined && status !== 0) {
      throw new SnmpError("error", `SET refused (status ${status})`, status);
    }
    this.put(o, value);
  }

  /** A session on this agent. */
  session(): SnmpSession {
    let closed = false;
    const guard = () => {
      if (closed) throw new SnmpError("error", "session closed");
    };
    // Async wrappers so callers see the same timing shape as the UDP backend.
    return {
      get: (oids) => Promise.resolve().then(() => (guard(), this.get(oids))),
      getNext: (oids) =>
        Promise.resolve().then(() => (guard(), this.getNext(oids))),
      walk: (root) => Promise.resolve().then(() => (guard(), this.walk(root))),
      set: (oid, value) =>
        Promise.resolve().then(() => (guard(), this.set(oid, value))),
      close: () => {
        closed = true;
      },
    };
  }

  /** A connector whose sessions all talk to this agent. */
  connector(): SnmpConnector {
    return (options) => {
      this.opened.push(options);
      return Promise.resolve(this.session());
    };
  }
}
