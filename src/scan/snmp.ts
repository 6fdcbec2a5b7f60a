/**
 * SNMP scan (nut-scanner `-S`, scan_snmp.c of 2.8.0). Per address:
 * - SNMPv1 with the community (default "public"), or SNMPv3 when a
 *   security level is given and no community; no retries, `-t` timeout;
 * - GET sysObjectID.0; every table row whose sysoid equals it exactly adds a
 *   device: at once when the row has no probe OID (no `desc`), otherwise
 *   when a GET of its probe OID answers (`desc` = the value);
 * - when no row matched, every row's probe OID is tried in table order and
 *   each answer adds a device (duplicates included, as 2.8.0 does).
 * The session comes from a connector (the real UDP one or a test agent).
 *
 * @module
 */
import type { ScanDevice } from "./device.ts";
import { mapBounded } from "./pool.ts";
import { SNMP_DEVICE_TABLE, type SnmpDeviceId } from "./snmp_table.ts";
import type {
  SnmpConnector,
  SnmpOptions,
  SnmpSession,
  SnmpValue,
} from "../transport/snmp_link.ts";

const SYS_OID = "1.3.6.1.2.1.1.2.0";
/** Net-SNMP refuses shorter pass phrases (USM_LENGTH_P_MIN). */
const MIN_PASSPHRASE = 8;
const SHORT_PASSPHRASE =
  "Error: passphrase chosen is below the length requirements of the USM (min=8).";

/** nut-scanner's SNMP options (`-c -l -u -W -X -w -x`). */
export interface SnmpSecurity {
  community?: string;
  secLevel?: string;
  secName?: string;
  authPassword?: string;
  privPassword?: string;
  authProtocol?: string;
  privProtocol?: string;
}

/** Options of scanSnmp. */
export interface SnmpScanOptions extends SnmpSecurity {
  /** Per-request timeout (`-t`, seconds in NUT). */
  timeoutMs: number;
  /** Hosts probed at once (`-T`). */
  concurrency: number;
  connector: SnmpConnector;
  /** UDP port (161; nut-scanner has no option for it). */
  port?: number;
  table?: readonly SnmpDeviceId[];
  /** Where NUT's per-host error messages go (stderr). */
  warn?: (line: string) => void;
}

const AUTHS = ["MD5", "SHA", "SHA256", "SHA384", "SHA512"] as const;
const PRIVS = ["DES", "AES", "AES192", "AES256"] as const;

/** Session options for one host, or NUT's complaint about the settings. */
export function snmpSessionOptions(
  host: string,
  o: SnmpScanOptions,
): SnmpOptions | string {
  const base = {
    host,
    port: o.port ?? 161,
    timeoutMs: o.timeoutMs,
    retries: 0,
  };
  if (o.community !== undefined || o.secLevel === undefined) {
    return { ...base, version: "v1", community: o.community ?? "public" };
  }
  const level = o.secLevel;
  if (!["noAuthNoPriv", "authNoPriv", "authPriv"].includes(level)) {
    return `Bad SNMPv3 securityLevel: ${level}`;
  }
  if (o.secName === undefined) {
    return "securityName is required for SNMPv3";
  }
  const v3: SnmpOptions = {
    ...base,
    version: "v3",
    secLevel: level as SnmpOptions["secLevel"] & string,
    secName: o.secName,
  };
  if (level === "noAuthNoPriv") return v3;
  if (level === "authNoPriv" && o.authPassword === undefined) {
    return `authPassword is required for SNMPv3 in ${level} mode`;
  }
  if (
    level === "authPriv" &&
    (o.authPassword === undefined || o.privPassword === undefined)
  ) {
    return `authPassword and privPassword are required for SNMPv3 in ${level} mode`;
  }
  const auth = o.authProtocol ?? "MD5";
  if (!(AUTHS as readonly string[]).includes(auth)) {
    return `Bad SNMPv3 authProtocol: ${auth}`;
  }
  if (o.authPassword!.length < MIN_PASSPHRASE) {
    return `${SHORT_PASSPHRASE}\nError generating Ku from authentication pass phrase`;
  }
  const withAuth: SnmpOptions = {
    ...v3,
    authProtocol: auth as (typeof AUTHS)[number],
    authPassword: o.authPassword!,
  };
  if (level === "authNoPriv") return withAuth;
  const priv = o.privProtocol ?? "DES";
  if (!(PRIVS as readonly string[]).includes(priv)) {
    return `Bad SNMPv3 privProtocol: ${priv}`;
  }
  if (o.privPassword!.length < MIN_PASSPHRASE) {
    return `${SHORT_PASSPHRASE}\nError generating Ku from private pass phrase`;
  }
  return {
    ...withAuth,
    privProtocol: priv as (typeof PRIVS)[number],
    privPassword: o.privPassword!,
  };
}

/** Scans `hosts`; results are grouped per host, hosts in the given order. */
export async function scanSnmp(
  hosts: Iterable<string>,
  opts: SnmpScanOptions,
): Promise<ScanDevice[]> {
  const found = await mapBounded(
    hosts,
    opts.concurrency,
    (host) => probeSnmpHost(host, opts),
  );
  return found.flat();
}

/** The devices one address answers for (none when it does not answer). */
export async function probeSnmpHost(
  host: string,
  opts: SnmpScanOptions,
): Promise<ScanDevice[]> {
  const so = snmpSessionOptions(host, opts);
  if (typeof so === "string") {
    opts.warn?.(so);
    return [];
  }
  let session: SnmpSession;
  try {
    session = await opts.connector(so);
  } catch {
    return [];
  }
  try {
    return await probeSession(session, so, opts);
  } finally {
    session.close();
  }
}

async function probeSession(
  session: SnmpSession,
  so: SnmpOptions,
  opts: SnmpScanOptions,
): Promise<ScanDevice[]> {
  let sysOid: SnmpValue;
  try {
    const [vb] = await session.get([SYS_OID]);
    if (!vb) return [];
    sysOid = vb.value;
  } catch (e) {
    // Net-SNMP logs a wrong-digest report (a wrong pass phrase) itself.
    if (errorKind(e) === "auth" && /digest/i.test(String(e))) {
      opts.warn?.(`Authentication failed for ${so.secName}`);
    }
    // An error-status answer still counts as an answer (2.8.0 goes on to
    // the probe list); only silence ends the host.
    if (errorKind(e) !== "error") return [];
    sysOid = { type: "Null" };
  }
  const table = opts.table ?? SNMP_DEVICE_TABLE;
  const devices: ScanDevice[] = [];
  const probe = async (oid: string): Promise<string | undefined> => {
    try {
      const [vb] = await session.get([oid]);
      return vb && vb.oid === trimDot(oid) ? describe(vb.value) : undefined;
    } catch {
      return undefined;
    }
  };
  let matched = false;
  if (sysOid.type === "ObjectIdentifier") {
    for (const row of table) {
      if (row.sysoid === null || trimDot(row.sysoid) !== sysOid.value) continue;
      if (!row.oid) {
        devices.push(device(so, opts, row.mib, undefined));
        matched = true;
        continue;
      }
      const desc = await probe(row.oid);
      if (desc !== undefined) {
        devices.push(device(so, opts, row.mib, desc));
        matched = true;
      }
    }
  }
  if (!matched) {
    for (const row of table) {
      if (!row.oid) continue;
      const desc = await probe(row.oid);
      if (desc !== undefined) devices.push(device(so, opts, row.mib, desc));
    }
  }
  return devices;
}

function errorKind(e: unknown): string | undefined {
  return (e as { kind?: string })?.kind;
}

function trimDot(oid: string): string {
  return oid.startsWith(".") ? oid.slice(1) : oid;
}

/**
 * `desc` as 2.8.0 builds it: the value's bytes as a C string (cut at the
 * first NUL). Net-SNMP keeps numbers as a host `long` and OIDs as arrays
 * of them, so those come out as their little-endian bytes up to a NUL.
 * An exception (noSuchObject...) is no answer at all.
 */
export function describe(v: SnmpValue): string | undefined {
  let bytes: Uint8Array;
  switch (v.type) {
    case "NoSuchObject":
    case "NoSuchInstance":
    case "EndOfMibView":
      return undefined;
    case "OctetString":
    case "Opaque":
      bytes = v.value;
      break;
    case "Null":
      bytes = new Uint8Array();
      break;
    case "IpAddress":
      bytes = new Uint8Array(v.value.split(".").map(Number));
      break;
    case "ObjectIdentifier":
      bytes = longBytes(BigInt(v.value.split(".")[0] ?? 0));
      break;
    case "Counter64":
      bytes = longBytes(v.value >> 32n); // struct counter64 { high; low }
      break;
    default:
      bytes = longBytes(BigInt(v.value));
  }
  const nul = bytes.indexOf(0);
  return new TextDecoder().decode(nul < 0 ? bytes : bytes.subarray(0, nul));
}

function longBytes(n: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, n), true);
  return out;
}

/** A found device; v3 settings are listed as the user gave them (2.8.0). */
function device(
  so: SnmpOptions,
  sec: SnmpSecurity,
  mib: string,
  desc: string | undefined,
): ScanDevice {
  const options: Array<[string, string]> = [];
  if (desc !== undefined) options.push(["desc", desc]);
  options.push(["mibs", mib]);
  if (so.version === "v3") {
    options.push(["snmp_version", "v3"]);
    const add = (name: string, v: string | undefined) => {
      if (v !== undefined) options.push([name, v]);
    };
    add("secLevel", sec.secLevel);
    add("secName", sec.secName);
    add("authPassword", sec.authPassword);
    add("privPassword", sec.privPassword);
    add("authProtocol", sec.authProtocol);
    add("privProtocol", sec.privProtocol);
  } else options.push(["community", so.community ?? "public"]);
  return { bus: "snmp", driver: "snmp-ups", port: so.host, options };
}
