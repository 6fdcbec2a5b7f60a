/**
 * snmp-ups's ups.conf variables (the `-L` list, in NUT 2.8.0's order and
 * words) and their parsing into session options, with NUT's fatal messages.
 *
 * @module
 */
import type { DriverVar } from "../../src/driver/types.ts";
import type { SnmpOptions } from "../../src/transport/snmp_link.ts";

/** Every variable snmp-ups accepts (NUT's upsdrv_makevartable). */
export const SNMP_UPS_VARS: readonly DriverVar[] = [
  {
    name: "mibs",
    kind: "value",
    desc:
      "NOTE: You can run the driver binary with '-x mibs=--list' for an up to date listing)\nSet MIB compliance (default=ietf, allowed: mge,apcc,netvision,pw,cpqpower,...)",
  },
  {
    name: "community",
    kind: "value",
    sensitive: true,
    desc: "Set community name (default=public)",
  },
  {
    name: "snmp_version",
    kind: "value",
    desc: "Set SNMP version (default=v1, allowed: v2c,v3)",
  },
  {
    name: "pollfreq",
    kind: "value",
    desc:
      "Set polling frequency in seconds, to reduce network flow (default=30)",
  },
  {
    name: "semistaticfreq",
    kind: "value",
    desc:
      "Set semistatic value update frequency in update cycles, to reduce network flow (default=10)",
  },
  {
    name: "snmp_retries",
    kind: "value",
    desc:
      "Specifies the number of Net-SNMP retries to be used in the requests (default=5)",
  },
  {
    name: "snmp_timeout",
    kind: "value",
    desc:
      "Specifies the Net-SNMP timeout in seconds between retries (default=1)",
  },
  {
    name: "notransferoids",
    kind: "flag",
    desc: "Disable transfer OIDs (use on APCC Symmetras)",
  },
  {
    name: "symmetrathreephase",
    kind: "flag",
    desc:
      "Enable APCC three phase Symmetra quirks (use on APCC three phase Symmetras)",
  },
  {
    name: "secLevel",
    kind: "value",
    desc:
      "Set the securityLevel used for SNMPv3 messages (default=noAuthNoPriv, allowed: authNoPriv,authPriv)",
  },
  {
    name: "secName",
    kind: "value",
    sensitive: true,
    desc:
      "Set the securityName used for authenticated SNMPv3 messages (no default)",
  },
  {
    name: "authPassword",
    kind: "value",
    sensitive: true,
    desc:
      "Set the authentication pass phrase used for authenticated SNMPv3 messages (no default)",
  },
  {
    name: "privPassword",
    kind: "value",
    sensitive: true,
    desc:
      "Set the privacy pass phrase used for encrypted SNMPv3 messages (no default)",
  },
  {
    name: "authProtocol",
    kind: "value",
    desc:
      "Set the authentication protocol (MD5, SHA, SHA256, SHA384, SHA512) used for authenticated SNMPv3 messages (default=MD5 if available)",
  },
  {
    name: "privProtocol",
    kind: "value",
    desc:
      "Set the privacy protocol (DES, AES, AES192, AES256) used for encrypted SNMPv3 messages (default=DES if available)",
  },
  {
    name: "ondelay",
    kind: "value",
    desc: "Set start delay time after shutdown",
  },
  {
    name: "offdelay",
    kind: "value",
    desc: "Set delay time before shutdown ",
  },
  {
    name: "snmprec",
    kind: "value",
    desc:
      "Serve this .snmprec recording in memory instead of a network agent (deno-nut)",
  },
];

/** A ups.conf error NUT reports with fatalx. */
export class SnmpConfigError extends Error {
  override name = "SnmpConfigError";
}

/** C atoi. */
function atoi(text: string | undefined): number {
  const m = /^\s*([+-]?\d+)/.exec(text ?? "");
  return m ? Number(m[1]) : 0;
}

/** `host`, `host:port`, `[v6]:port` or a bare IPv6 address. */
export function parsePeer(port: string): { host: string; port?: number } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(port);
  if (v6) {
    return v6[2] ? { host: v6[1]!, port: Number(v6[2]) } : { host: v6[1]! };
  }
  const m = /^(?:udp:)?([^:]+):(\d+)$/.exec(port);
  if (m) return { host: m[1]!, port: Number(m[2]) };
  return { host: port.replace(/^udp:/, "") };
}

/** nut_snmp_init's reading of ups.conf: session options, or NUT's fatal message. */
export function sessionOptions(
  port: string,
  values: ReadonlyMap<string, string>,
): SnmpOptions {
  const peer = parsePeer(port);
  const retries = values.has("snmp_retries")
    ? atoi(values.get("snmp_retries"))
    : 5;
  const timeout = values.has("snmp_timeout")
    ? atoi(values.get("snmp_timeout"))
    : 1;
  const version = values.get("snmp_version") ?? "v1";
  const base = { ...peer, retries, timeoutMs: timeout * 1000 };
  if (version === "v1" || version === "v2c") {
    return { ...base, version, community: values.get("community") ?? "public" };
  }
  if (version !== "v3") {
    throw new SnmpConfigError(`Bad SNMP version: ${version}`);
  }
  const secLevel = values.get("secLevel") ?? "noAuthNoPriv";
  if (!["noAuthNoPriv", "authNoPriv", "authPriv"].includes(secLevel)) {
    throw new SnmpConfigError(`Bad SNMPv3 securityLevel: ${secLevel}`);
  }
  const secName = values.get("secName");
  if (secName === undefined) {
    throw new SnmpConfigError("securityName is required for SNMPv3");
  }
  const authPassword = values.get("authPassword");
  const privPassword = values.get("privPassword");
  if (secLevel === "authNoPriv" && authPassword === undefined) {
    throw new SnmpConfigError(
      `authPassword is required for SNMPv3 in ${secLevel} mode`,
    );
  }
  if (
    secLevel === "authPriv" &&
    (authPassword === undefined || privPassword === undefined)
  ) {
    throw new SnmpConfigError(
      `authPassword and privPassword are required for SNMPv3 in ${secLevel} mode`,
    );
  }
  const authProtocol = values.get("authProtocol") ?? "MD5";
  if (!["MD5", "SHA", "SHA256", "SHA384", "SHA512"].includes(authProtocol)) {
    throw new SnmpConfigError(`Bad SNMPv3 authProtocol: ${authProtocol}`);
  }
  const privProtocol = values.get("privProtocol") ?? "DES";
  if (!["DES", "AES", "AES192", "AES256"].includes(privProtocol)) {
    throw new SnmpConfigError(`Bad SNMPv3 privProtocol: ${privProtocol}`);
  }
  return {
    ...base,
    version: "v3",
    secLevel: secLevel as SnmpOptions["secLevel"] & string,
    secName,
    ...(authPassword !== undefined ? { authPassword } : {}),
    ...(privPassword !== undefined ? { privPassword } : {}),
    authProtocol: authProtocol as SnmpOptions["authProtocol"] & string,
    privProtocol: privProtocol as SnmpOptions["privProtocol"] & string,
  };
}
