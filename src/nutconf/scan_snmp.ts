/**
 * `nutconf --scan-snmp <start IP> <stop IP> [<attr>=<val>]*`: the attribute
 * words of NUT 2.8.2's nutconf, mapped onto nut-scanner's SNMP settings.
 *
 * @module
 */
import type { SnmpSecurity } from "../scan/snmp.ts";

/** One `--scan-snmp` spec's settings, or the errors NUT prints for it. */
export interface SnmpScanAttrs {
  /** Per-request timeout in microseconds (NUT's default: 1 s). */
  timeoutUs: number;
  security: SnmpSecurity;
  /** `Error: ...` lines; NUT skips the whole spec when there is any. */
  errors: string[];
}

const KEYS: Readonly<Record<string, keyof SnmpSecurity | null>> = {
  "community": "community",
  "sec-level": "secLevel",
  "sec-name": "secName",
  "auth-password": "authPassword",
  "priv-password": "privPassword",
  "auth-protocol": "authProtocol",
  "priv-protocol": "privProtocol",
  // NUT's scanner replaces the peer name with each scanned address, so
  // the attribute is accepted and has no effect there either.
  "peer-name": null,
};

/** Parses the `<attr>=<val>` words that follow the two addresses. */
export function parseSnmpScanAttrs(words: readonly string[]): SnmpScanAttrs {
  const out: SnmpScanAttrs = { timeoutUs: 1_000_000, security: {}, errors: [] };
  for (const w of words) {
    const eq = w.indexOf("=");
    if (eq < 0) {
      out.errors.push(`Error: Invalid SNMP attribute specification: "${w}"`);
      continue;
    }
    const attr = w.slice(0, eq);
    const val = w.slice(eq + 1);
    if (attr === "timeout") {
      // C++ `stream >> useconds_t`: leading digits count, none is an error.
      const m = /^\s*\+?(\d+)/.exec(val);
      if (m) out.timeoutUs = Number(m[1]);
      else {
        out.errors.push(`Error: Invalid SNMP timeout specification: "${val}"`);
      }
    } else if (attr in KEYS) {
      const key = KEYS[attr];
      // NUT passes an empty value on as "not set".
      if (key && val !== "") out.security[key] = val;
    } else out.errors.push(`Error: Unknown SNMP attribute: "${attr}"`);
  }
  return out;
}
