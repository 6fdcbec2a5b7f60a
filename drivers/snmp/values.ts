/**
 * How snmp-ups turns SNMP values into NUT text and back (NUT's decode_str,
 * nut_snmp_get_int, su_find_infoval / su_find_valinfo and the number
 * formatting of su_ups_get). Pure functions, no I/O.
 *
 * @module
 */
import type { SnmpValue } from "../../src/transport/snmp_link.ts";
import { HOOKS, type HookState } from "./hooks.ts";
import type { Lookup } from "./types.ts";

/** C isprint() || isspace() in the C locale. */
function printable(b: number): boolean {
  return (b >= 0x20 && b <= 0x7e) || (b >= 0x09 && b <= 0x0d);
}

/**
 * net-snmp's snprint_hexstring into NUT's 128-byte buffer: lines of 16
 * "XX " groups joined by a newline; a line that would not fit (with its
 * terminating NUL) ends the output there, as the C function gives up.
 */
export function hexString(bytes: Uint8Array, bufLen = 128): string {
  let out = "";
  const hex = (from: number, to: number) => {
    let s = "";
    for (let i = from; i < to; i++) {
      s += bytes[i]!.toString(16).toUpperCase().padStart(2, "0") + " ";
    }
    return s;
  };
  let at = 0;
  for (; bytes.length - at > 16; at += 16) {
    if (out.length + 16 * 3 + 1 >= bufLen) return out;
    out += hex(at, at + 16) + "\n";
  }
  if (out.length + (bytes.length - at) * 3 + 1 >= bufLen) return out;
  return out + hex(at, bytes.length);
}

/** An OCTET STRING as snmp-ups shows it: text, or hex when not printable. */
export function octetText(bytes: Uint8Array, max = 127): string {
  if (!bytes.every(printable)) return hexString(bytes, max + 1);
  let s = "";
  const n = Math.min(bytes.length, max);
  for (let i = 0; i < n; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

/** C strtol(text, NULL, 0): base from the prefix (0x hex, 0 octal), 0 when none. */
export function strtol0(text: string): number {
  const m = /^[\t\n\v\f\r ]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)/.exec(
    text,
  );
  if (!m) return 0;
  const sign = m[1] === "-" ? -1 : 1;
  const d = m[2]!;
  let n: number;
  if (/^0[xX]/.test(d)) n = Number.parseInt(d.slice(2), 16);
  else if (d.startsWith("0")) n = d.length > 1 ? Number.parseInt(d, 8) : 0;
  else n = Number.parseInt(d, 10);
  return sign * n;
}

/** NUT's str_to_long(base 10): the whole text must be an integer. */
export function strictLong(text: string): number | undefined {
  return /^[\t\n\v\f\r ]*[+-]?\d+$/.test(text) ? Number(text) : undefined;
}

/** su_find_infoval: a hook first, else the table (stops at a null text). */
export function infoval(
  lookup: Lookup | undefined,
  value: number,
  hs: HookState,
): string | null {
  if (!lookup) return null;
  const hook = lookup.hook ? HOOKS[lookup.hook] : undefined;
  if (hook?.toNut) return hook.toNut(value, hs);
  for (const e of lookup.entries) {
    if (e.text === null || e.text === "NULL") break;
    if (e.value === value) return e.text;
  }
  return null;
}

/** su_find_strval: only a hook reformats a string value. */
export function strval(
  lookup: Lookup | undefined,
  text: string,
  hs: HookState,
): string | null {
  const hook = lookup?.hook ? HOOKS[lookup.hook] : undefined;
  return hook?.toNut ? hook.toNut(text, hs) : null;
}

/** su_find_valinfo: NUT text → device value, -1 when unknown. */
export function valinfo(lookup: Lookup, text: string): number {
  for (const e of lookup.entries) {
    if (e.text === null || e.text === "NULL") break;
    if (e.text === text) return e.value;
  }
  return -1;
}

/** C int conversion of a double (wraps like a 32-bit int on x86-64 for big values). */
function cInt(d: number): number {
  return Math.trunc(d) | 0;
}

/** C printf "%.Nf": toFixed, but exact ties round to even as glibc does. */
export function fixed(value: number, digits: number): string {
  const scaledValue = value * 10 ** digits;
  const down = Math.floor(scaledValue);
  if (scaledValue - down === 0.5 && down % 2 === 0) {
    return (down / 10 ** digits).toFixed(digits);
  }
  return value.toFixed(digits);
}

/** su_ups_get's number: "%i" when value × scale is whole, else "%.2f" of a float. */
export function scaled(value: number, scale: number): string {
  const d = value * scale;
  const i = cInt(d);
  if (Math.abs(Math.fround(i) - Math.fround(d)) <= 1.1920928955078125e-7) {
    return String(i);
  }
  return fixed(Math.fround(d), 2);
}

/** The integer an SNMP value carries (nut_snmp_get_int), or undefined if none. */
export function intOf(v: SnmpValue): number | "oid" | undefined {
  switch (v.type) {
    case "OctetString":
    case "Opaque":
      return strtol0(String.fromCharCode(...v.value.subarray(0, 4096)));
    case "Integer":
    case "Counter":
    case "Gauge":
      return v.value;
    case "TimeTicks":
      return Math.trunc(v.value / 100);
    case "ObjectIdentifier":
      return "oid";
    default:
      return undefined;
  }
}

/** Last arc of an OID as strtol reads it (the fallback of a dangling OID value). */
export function lastArc(oid: string): number {
  return strtol0(oid.slice(oid.lastIndexOf(".") + 1));
}
