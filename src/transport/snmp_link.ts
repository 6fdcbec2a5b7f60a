/**
 * The SNMP contract snmp-ups and nut-scanner are written against. Backends:
 * npm:net-snmp (`snmp.ts`, v1/v2c/v3 with the cipher shim) and the
 * in-memory agent built from a `.snmprec` recording (`snmp_memory.ts`).
 *
 * @module
 */

/** A value as the agent typed it (BER tag names as net-snmp's ObjectType). */
export type SnmpValue =
  | { type: "Integer"; value: number }
  | { type: "OctetString"; value: Uint8Array }
  | { type: "ObjectIdentifier"; value: string }
  | { type: "IpAddress"; value: string }
  | { type: "Counter"; value: number }
  | { type: "Gauge"; value: number }
  | { type: "TimeTicks"; value: number }
  | { type: "Counter64"; value: bigint }
  | { type: "Opaque"; value: Uint8Array }
  | { type: "Null" }
  | { type: "NoSuchObject" }
  | { type: "NoSuchInstance" }
  | { type: "EndOfMibView" };

/** One variable binding: a dotted OID without leading dot, and its value. */
export interface Varbind {
  readonly oid: string;
  readonly value: SnmpValue;
}

/** Why a request failed: "timeout" makes data stale; "error" is an SNMP error-status. */
export type SnmpErrorKind = "timeout" | "error" | "auth" | "malformed";

/** A failed request. */
export class SnmpError extends Error {
  override name = "SnmpError";
  readonly kind: SnmpErrorKind;
  /** SNMP error-status (e.g. 2 noSuchName, 17 notWritable) when kind is "error". */
  readonly status?: number;
  constructor(kind: SnmpErrorKind, message: string, status?: number) {
    super(message);
    this.kind = kind;
    if (status !== undefined) this.status = status;
  }
}

/** Session options (snmp-ups's ups.conf variables, already validated). */
export interface SnmpOptions {
  readonly host: string;
  readonly port?: number;
  readonly version: "v1" | "v2c" | "v3";
  readonly community?: string;
  readonly secLevel?: "noAuthNoPriv" | "authNoPriv" | "authPriv";
  readonly secName?: string;
  readonly authPassword?: string;
  readonly privPassword?: string;
  readonly authProtocol?: "MD5" | "SHA" | "SHA256" | "SHA384" | "SHA512";
  readonly privProtocol?: "DES" | "AES" | "AES192" | "AES256";
  /** Per-request timeout in ms (snmp_timeout is seconds in ups.conf). */
  readonly timeoutMs?: number;
  readonly retries?: number;
}

/** An open SNMP session. */
export interface SnmpSession {
  /** GET of each OID; missing ones come back as NoSuchObject/NoSuchInstance. */
  get(oids: readonly string[]): Promise<Varbind[]>;
  /** GETNEXT of each OID. */
  getNext(oids: readonly string[]): Promise<Varbind[]>;
  /** Every varbind under `root` (GETNEXT/GETBULK walk), in OID order. */
  walk(root: string): Promise<Varbind[]>;
  /** SET of one OID. */
  set(oid: string, value: SnmpValue): Promise<void>;
  close(): void;
}

/** Opens sessions (real UDP or the in-memory agent). */
export type SnmpConnector = (options: SnmpOptions) => Promise<SnmpSession>;
