/**
 * Descriptor values to NUT text and back, as NUT's apcmicrolink formats
 * them: big-endian integers, fixed point with a binary point printed with
 * six decimals (trailing zeros cut), dates as days since 2000-01-01,
 * strings of printable bytes, bit names joined by spaces. Pure.
 *
 * @module
 */
import type { ValueMap } from "./maps.ts";
import type { ValueRow } from "./table.ts";

/** Big-endian unsigned value of `data`. */
export function beUint(data: Uint8Array): bigint {
  let v = 0n;
  for (const b of data) v = (v << 8n) | BigInt(b);
  return v;
}

/** Two's complement of an n-byte value (NUT only does this below 4 bytes; 4 bytes wrap the same way). */
function signedOf(raw: bigint, size: number): bigint {
  const bitsN = BigInt(size * 8);
  return raw & (1n << (bitsN - 1n)) ? raw - (1n << bitsN) : raw;
}

/** NUT's 32-bit view of a raw value (it accumulates into a uint32_t). */
const u32 = (data: Uint8Array) => beUint(data) & 0xffffffffn;

/** `printf("%.6f")` of `num / 2^bp` (round half to even, as glibc), zeros cut. */
export function fixedText(num: bigint, bp: number): string {
  const neg = num < 0n;
  const mag = neg ? -num : num;
  // exact value * 10^6 = mag * 10^6 / 2^bp
  const scaled = mag * 1_000_000n;
  const den = 1n << BigInt(bp);
  let q = scaled / den;
  const r = scaled % den;
  if (r * 2n > den || (r * 2n === den && q % 2n === 1n)) q++;
  let s = q.toString().padStart(7, "0");
  s = `${s.slice(0, -6)}.${s.slice(-6)}`.replace(/0+$/, "").replace(/\.$/, "");
  return (neg ? "-" : "") + s; // glibc keeps the sign of a tiny negative
}

/** Printable bytes (NULs dropped), trailing spaces cut. */
export function asciiText(data: Uint8Array): string {
  let s = "";
  for (const b of data) if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
  return s.replace(/[\s]+$/, "");
}

/** Day count since 2000-01-01 as YYYY-MM-DD (undefined past what a date can hold, as gmtime fails). */
export function dateText(days: bigint): string | undefined {
  if (days > 100_000_000n) return undefined;
  const d = new Date(Date.UTC(2000, 0, 1) + Number(days) * 86_400_000);
  if (isNaN(d.getTime())) return undefined;
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
}

/** Names of the set bits, or the zero name, or the raw hex (NUT's bitfield form). */
export function bitsText(data: Uint8Array, map: ValueMap): string {
  const raw = Number(u32(data));
  const names: string[] = [];
  let zero: string | undefined;
  for (const [v, n] of map) {
    if (v === 0) {
      zero = n;
      continue;
    }
    if ((raw & v) >>> 0) names.push(n);
  }
  if (names.length) return names.join(" ").slice(0, 127);
  if (zero !== undefined) return zero;
  return "0x" +
    raw.toString(16).toUpperCase().padStart(data.length * 2, "0");
}

/** The set names of a bit map for ups.status / ups.alarm ("None" never counts). */
export function setNames(raw: number, map: ValueMap): string[] {
  const out: string[] = [];
  for (const [v, n] of map) {
    if (v !== 0 && (raw & v) >>> 0 && n !== "None") out.push(n);
  }
  if (!out.length) {
    const zero = map.find(([v]) => v === 0);
    if (zero && zero[1] !== "None") out.push(zero[1]);
  }
  return out;
}

/** The text NUT publishes for `data` under `row`, or undefined when it publishes nothing. */
export function formatValue(
  row: ValueRow,
  data: Uint8Array,
): string | undefined {
  const size = data.length;
  if (!size) return undefined;
  switch (row.kind) {
    case "string": {
      const s = asciiText(data);
      return s || undefined;
    }
    case "hex":
      return size > 8
        ? undefined
        : beUint(data).toString(16).padStart(size * 2, "0");
    case "date":
      return size > 8 ? undefined : dateText(beUint(data));
    case "time": {
      if (size > 8) return undefined;
      const t = beUint(data);
      const p = (n: bigint) => n.toString().padStart(2, "0");
      return `${p(t / 3600n)}:${p((t % 3600n) / 60n)}:${p(t % 60n)}`;
    }
    case "bits":
      return size > 4 ? undefined : bitsText(data, row.map ?? []);
    case "enum": {
      if (size > 4) return undefined;
      // NUT reads enums as signed whatever the row says
      const v = Number(signedOf(u32(data), size));
      const hit = row.map?.find(([m]) => m === v);
      return hit ? hit[1] : String(v);
    }
    case "fixed":
    case "fixedmap": {
      const raw = u32(data);
      const num = row.signed ? signedOf(raw, Math.min(size, 4)) : raw;
      if (row.kind === "fixedmap") {
        const key = row.signed ? Number(num) : Number(BigInt.asIntN(32, raw));
        const hit = row.map?.find(([m]) => m === key);
        if (hit) return hit[1];
      }
      return row.bp ? fixedText(num, row.bp) : num.toString();
    }
  }
}

/** Bytes for a SET of `text` into a `size`-byte value, or null when NUT refuses it. */
export function encodeValue(
  row: ValueRow,
  text: string,
  size: number,
): Uint8Array | null {
  if (!size) return null;
  if (row.kind === "string") {
    const out = new Uint8Array(size);
    for (let i = 0; i < size && i < text.length; i++) {
      out[i] = text.charCodeAt(i) & 0xff;
    }
    return out;
  }
  if (size > 8) return null;
  let raw: bigint | null = null;
  let signed = row.signed;
  const named = row.map?.find(([, n]) =>
    n.toLowerCase() === text.toLowerCase()
  );
  switch (row.kind) {
    case "fixed":
      raw = parseFixed(text, row.bp);
      break;
    case "fixedmap":
      raw = named ? BigInt(named[0]) : parseFixed(text, row.bp);
      break;
    case "hex":
      raw = /^\s*(0x)?[0-9a-f]+$/i.test(text)
        ? BigInt("0x" + text.trim().replace(/^0x/i, ""))
        : null;
      signed = false;
      break;
    case "date": {
      const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
      raw = m
        ? BigInt(
          (Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) - Date.UTC(2000, 0, 1)) /
            86_400_000,
        )
        : null;
      signed = false;
      break;
    }
    case "time": {
      const m = /^(\d+):(\d+):(\d+)$/.exec(text);
      raw = m && +m[2]! <= 59 && +m[3]! <= 59
        ? BigInt(+m[1]! * 3600 + +m[2]! * 60 + +m[3]!)
        : null;
      signed = false;
      break;
    }
    case "bits":
    case "enum":
      raw = named ? BigInt(named[0]) : parseInteger(text);
      if (row.kind === "bits") signed = false;
      break;
  }
  if (raw === null || !fits(raw, signed, size)) return null;
  const out = new Uint8Array(size);
  let v = BigInt.asUintN(size * 8, raw);
  for (let i = size - 1; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

/** strtoll/strtod of the whole text, scaled by the binary point and rounded. */
function parseFixed(text: string, bp: number): bigint | null {
  if (!bp) return /^\s*[+-]?\d+$/.test(text) ? BigInt(text.trim()) : null;
  const n = Number(text);
  if (!/^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) || !isFinite(n)) {
    return null;
  }
  const scaled = n * 2 ** bp;
  return BigInt(
    scaled >= 0 ? Math.trunc(scaled + 0.5) : Math.trunc(scaled - 0.5),
  );
}

/** strtoll(text, 0): decimal, 0x hex or 0 octal, the whole text. */
function parseInteger(text: string): bigint | null {
  const m = /^\s*([+-]?)(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)$/i.exec(text);
  if (!m) return null;
  const body = m[2]!;
  const v = /^0x/i.test(body)
    ? BigInt(body)
    : body.length > 1 && body[0] === "0"
    ? BigInt("0o" + body.slice(1))
    : BigInt(body);
  return m[1] === "-" ? -v : v;
}

function fits(raw: bigint, signed: boolean, size: number): boolean {
  const bitsN = BigInt(size * 8);
  if (signed) {
    const lim = 1n << (bitsN - 1n);
    return raw >= -lim && raw < lim;
  }
  return raw >= 0n && raw < (1n << bitsN);
}
