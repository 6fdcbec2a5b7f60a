/**
 * IP address ranges for the network scans (nutscan-ip.c): start/end pairs
 * (`-s`/`-e`, swapped when reversed) and CIDR blocks (`-m`), IPv4 and IPv6,
 * expanded address by address.
 *
 * @module
 */

/** One parsed address: family and value. */
export interface IpAddress {
  family: 4 | 6;
  value: bigint;
}

/** An inclusive range of addresses of one family. */
export interface IpRange {
  family: 4 | 6;
  start: bigint;
  end: bigint;
}

const V4_MAX = (1n << 32n) - 1n;
const V6_MAX = (1n << 128n) - 1n;

function parseV4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    v = (v << 8n) | BigInt(Number(p));
  }
  return v;
}

function parseGroups(text: string): bigint[] | undefined {
  if (text === "") return [];
  const out: bigint[] = [];
  const parts = text.split(":");
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (i === parts.length - 1 && p.includes(".")) {
      const v4 = parseV4(p);
      if (v4 === undefined) return undefined;
      out.push(v4 >> 16n, v4 & 0xffffn);
    } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) {
      out.push(BigInt(parseInt(p, 16)));
    } else return undefined;
  }
  return out;
}

function parseV6(text: string): bigint | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0]!);
  const tail = halves.length === 2 ? parseGroups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array(Math.max(0, missing)).fill(0n), ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** Parses a numeric IPv4 or IPv6 address (brackets allowed around v6). */
export function parseIp(text: string): IpAddress | undefined {
  const v4 = parseV4(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const bare = text.startsWith("[") && text.endsWith("]")
    ? text.slice(1, -1)
    : text;
  const v6 = parseV6(bare);
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

/** inet_ntop-style text of an address (IPv6 compressed, lowercase). */
export function formatIp(addr: IpAddress): string {
  if (addr.family === 4) {
    const b = [24n, 16n, 8n, 0n].map((s) => (addr.value >> s) & 0xffn);
    return b.join(".");
  }
  const g: number[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) {
    g.push(Number((addr.value >> s) & 0xffffn));
  }
  // longest run (>= 2) of zero groups becomes "::"
  let best = -1, bestLen = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(":");
  return `${hex.slice(0, best).join(":")}::${
    hex.slice(best + bestLen).join(":")
  }`;
}

/** The outcome of building a range: the range, or NUT's message. */
export type RangeResult = { range: IpRange } | { error: string };

/**
 * The range of `-s start -e end`: a missing end equals the start (and vice
 * versa); a reversed pair is swapped, as nutscan_ip_iter_init does.
 */
export function ipRange(start?: string, end?: string): RangeResult {
  const s = start ?? end;
  const e = end ?? start;
  if (s === undefined || e === undefined) return { error: "No start IP" };
  const a = parseIp(s);
  if (!a) return { error: `Invalid address : ${s}` };
  const b = parseIp(e);
  if (!b) return { error: `Invalid address : ${e}` };
  if (a.family !== b.family) return { error: `Invalid address : ${e}` };
  const [lo, hi] = a.value <= b.value ? [a, b] : [b, a];
  return { range: { family: a.family, start: lo.value, end: hi.value } };
}

/** `-m` CIDR block: start and end text (network .. broadcast), or NUT's warning. */
export function cidrToRange(
  cidr: string,
): { start: string; end: string } | { error: string } {
  const [first, mask] = cidr.split("/").filter((p) => p !== "");
  if (first === undefined) {
    return {
      error:
        `WARNING: nutscan_cidr_to_ip failed to parse first_ip from cidr=${cidr}`,
    };
  }
  if (mask === undefined) {
    return {
      error:
        `WARNING: nutscan_cidr_to_ip failed to parse mask from cidr=${cidr} (first_ip=${first})`,
    };
  }
  const addr = parseIp(first);
  if (!addr) return { error: `Invalid address : ${first}` };
  const bits = addr.family === 4 ? 32 : 128;
  const len = /^\d+$/.test(mask) ? Number(mask) : NaN;
  // 2.8.0 would scan everything for /0 and shift out of range past /32;
  // refuse both as master does ("Bad netmask")
  if (!(len >= 1 && len <= bits)) return { error: `Bad netmask: ${mask}` };
  const max = addr.family === 4 ? V4_MAX : V6_MAX;
  const host = (1n << BigInt(bits - len)) - 1n;
  const net = addr.value & (max ^ host);
  return {
    start: formatIp({ family: addr.family, value: net }),
    end: formatIp({ family: addr.family, value: net | host }),
  };
}

/** Number of addresses in a range. */
export function rangeSize(range: IpRange): bigint {
  return range.end - range.start + 1n;
}

/** Every address of a range in order, as text. */
export function* expandRange(range: IpRange): Generator<string> {
  for (let v = range.start; v <= range.end; v++) {
    yield formatIp({ family: range.family, value: v });
  }
}
