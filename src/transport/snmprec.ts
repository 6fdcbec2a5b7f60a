/**
 * Parser of snmpsim's `.snmprec` recordings: one `OID|TAG|VALUE` per line.
 * TAG is a BER type number, `x` after it means a hex VALUE, and `:module`
 * after it names an snmpsim variation module whose VALUE is a comma list of
 * `key=value` options (we take `value=` or `initial=`, which is what the
 * agent answers before anything is written).
 *
 * The file is read as bytes: real recordings hold raw bytes >= 0x80 in plain
 * OCTET STRING values and CRLF line ends.
 *
 * @module
 */
import type { SnmpValue, Varbind } from "./snmp_link.ts";

/** A parsed recording: varbinds in OID order, one per OID (the last line wins). */
export interface SnmpRecording {
  readonly varbinds: readonly Varbind[];
  /** Lines that could not be parsed (1-based line number and why). */
  readonly skipped: readonly { line: number; reason: string }[];
}

/** Compares two dotted OIDs numerically, arc by arc (GETNEXT order). */
export function compareOids(a: string, b: string): number {
  const x = a.split(".");
  const y = b.split(".");
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = Number(x[i]) - Number(y[i]);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return x.length - y.length;
}

/** Removes a leading dot and checks the OID is dotted decimal. */
export function normalizeOid(oid: string): string | undefined {
  const s = oid.startsWith(".") ? oid.slice(1) : oid;
  return /^\d+(\.\d+)*$/.test(s) ? s : undefined;
}

function hexBytes(text: string): Uint8Array | undefined {
  const s = text.replace(/\s+/g, "");
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) return undefined;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) {
    out[i] = parseInt(s.slice(i * 2, i * 2 + 2), 16);
  }
  return out;
}

const LATIN1 = new TextDecoder("latin1");
const UTF8 = new TextEncoder();

/** Picks the answer out of a variation module's option list. */
function variationValue(raw: string): string {
  for (const part of raw.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq);
    if (key === "value" || key === "initial") return part.slice(eq + 1);
  }
  return "";
}

function integer(text: string, min: number, max: number): number | undefined {
  if (!/^-?\d+$/.test(text.trim())) return undefined;
  const n = Number(text.trim());
  return n >= min && n <= max ? n : undefined;
}

/**
 * Builds a typed value from a tag and a value field (bytes as found in the
 * file). Returns a string saying why when it cannot.
 */
export function decodeRecordValue(
  tag: number,
  hex: boolean,
  field: Uint8Array,
): SnmpValue | string {
  const text = LATIN1.decode(field);
  let bytes: Uint8Array | undefined = field;
  if (hex) bytes = hexBytes(text);
  if (bytes === undefined) return "bad hex value";
  // Non-string types always carry text; hex-encoded ones decode to it.
  const asText = hex ? LATIN1.decode(bytes) : text;
  switch (tag) {
    case 2: {
      const n = integer(asText, -2147483648, 2147483647);
      return n === undefined ? "bad Integer" : { type: "Integer", value: n };
    }
    case 4:
      return { type: "OctetString", value: bytes.slice() };
    case 5:
      return { type: "Null" };
    case 6: {
      const oid = normalizeOid(asText.trim());
      return oid === undefined
        ? "bad OID value"
        : { type: "ObjectIdentifier", value: oid };
    }
    case 64: {
      if (hex) {
        if (bytes.length !== 4) return "bad IpAddress";
        return { type: "IpAddress", value: [...bytes].join(".") };
      }
      return /^\d+\.\d+\.\d+\.\d+$/.test(asText.trim())
        ? { type: "IpAddress", value: asText.trim() }
        : "bad IpAddress";
    }
    case 65:
    case 66:
    case 67: {
      const n = integer(asText, 0, 4294967295);
      if (n === undefined) return "bad unsigned";
      const type = tag === 65 ? "Counter" : tag === 66 ? "Gauge" : "TimeTicks";
      return { type, value: n };
    }
    case 68:
      return { type: "Opaque", value: bytes.slice() };
    case 70: {
      const t = asText.trim();
      if (!/^\d+$/.test(t) || BigInt(t) >= 1n << 64n) return "bad Counter64";
      return { type: "Counter64", value: BigInt(t) };
    }
    case 128:
      return { type: "NoSuchObject" };
    case 129:
      return { type: "NoSuchInstance" };
    case 130:
      return { type: "EndOfMibView" };
    default:
      return `unknown tag ${tag}`;
  }
}

/** Characters Python's str.strip() removes from latin-1 text. */
function isStripped(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d) || (b >= 0x1c && b <= 0x1f) ||
    b === 0x85 || b === 0xa0;
}

/** Parses a `.snmprec` file's bytes (or text). Bad lines are skipped and listed. */
export function parseSnmprec(data: Uint8Array | string): SnmpRecording {
  const bytes = typeof data === "string" ? UTF8.encode(data) : data;
  const byOid = new Map<string, SnmpValue>();
  const skipped: { line: number; reason: string }[] = [];
  let start = 0;
  let lineNo = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    lineNo++;
    // snmpsim strips each line (Python str.strip() over latin-1 text), so
    // trailing blanks in a value are not served; neither are they here.
    let first = start;
    let stop = end;
    while (stop > first && isStripped(bytes[stop - 1]!)) stop--;
    while (first < stop && isStripped(bytes[first]!)) first++;
    const line = bytes.subarray(first, stop);
    start = end + 1;
    if (line.length === 0 || line[0] === 0x23 /* # */) continue;
    const p1 = line.indexOf(0x7c);
    const p2 = p1 < 0 ? -1 : line.indexOf(0x7c, p1 + 1);
    if (p2 < 0) {
      skipped.push({ line: lineNo, reason: "not OID|TAG|VALUE" });
      continue;
    }
    const oid = normalizeOid(LATIN1.decode(line.subarray(0, p1)).trim());
    const tagText = LATIN1.decode(line.subarray(p1 + 1, p2)).trim();
    const m = /^(\d+)(x?)(?::([\w-]+))?$/.exec(tagText);
    if (oid === undefined || m === null) {
      skipped.push({ line: lineNo, reason: "bad OID or tag" });
      continue;
    }
    let field = line.subarray(p2 + 1);
    if (m[3] !== undefined) {
      field = UTF8.encode(variationValue(LATIN1.decode(field)));
    }
    const value = decodeRecordValue(Number(m[1]), m[2] === "x", field);
    if (typeof value === "string") {
      skipped.push({ line: lineNo, reason: value });
      continue;
    }
    byOid.set(oid, value);
  }
  const varbinds = [...byOid.entries()]
    .sort((a, b) => compareOids(a[0], b[0]))
    .map(([oid, value]) => ({ oid, value }));
  return { varbinds, skipped };
}

/** Reads and parses a `.snmprec` file. */
export async function readSnmprec(path: string): Promise<SnmpRecording> {
  return parseSnmprec(await Deno.readFile(path));
}
