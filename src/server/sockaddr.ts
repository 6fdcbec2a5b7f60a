/**
 * sockaddr_in / sockaddr_in6 bytes for the epoll listener: IP literals in,
 * peer names out (spelled as Deno's remoteAddr.hostname spells them).
 *
 * @module
 */

const AF_INET = 2;
const AF_INET6 = 10;

/** 4 or 16 address bytes of an IP literal, or undefined. */
export function parseIp(s: string): Uint8Array | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (v4) {
    const b = v4.slice(1).map(Number);
    return b.every((x) => x <= 255) ? Uint8Array.from(b) : undefined;
  }
  if (!s.includes(":") || !/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  const [head, tail, extra] = s.split("::");
  if (extra !== undefined) return undefined;
  const groups = (part: string | undefined): number[] | undefined => {
    if (!part) return [];
    const out: number[] = [];
    for (const g of part.split(":")) {
      if (g.includes(".")) {
        const b = parseIp(g);
        if (!b || b.length !== 4) return undefined;
        out.push((b[0]! << 8) | b[1]!, (b[2]! << 8) | b[3]!);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) out.push(parseInt(g, 16));
      else return undefined;
    }
    return out;
  };
  const h = groups(head);
  const t = groups(tail);
  if (!h || !t) return undefined;
  const fill = tail === undefined ? 0 : 8 - h.length - t.length;
  if (fill < 0 || (tail === undefined && h.length !== 8)) return undefined;
  const all = [...h, ...Array(fill).fill(0), ...t];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

/** A sockaddr for `ip` (4 or 16 bytes) and `port`. */
export function sockaddr(ip: Uint8Array, port: number): Uint8Array {
  const sa = new Uint8Array(ip.length === 4 ? 16 : 28);
  sa[0] = ip.length === 4 ? AF_INET : AF_INET6;
  sa[2] = port >> 8;
  sa[3] = port & 0xff;
  sa.set(ip, ip.length === 4 ? 4 : 8);
  return sa;
}

/** The peer's address as Deno's remoteAddr.hostname spells it. */
export function peerName(sa: Uint8Array): string {
  if (sa[0] === AF_INET) return sa.subarray(4, 8).join(".");
  const b = sa.subarray(8, 24);
  if (
    b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff
  ) {
    return `::ffff:${b.subarray(12, 16).join(".")}`;
  }
  const g: number[] = [];
  for (let i = 0; i < 16; i += 2) g.push((b[i]! << 8) | b[i + 1]!);
  // compress the longest run (>= 2) of zero groups
  let best = -1, bestLen = 1;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = (xs: number[]) => xs.map((x) => x.toString(16)).join(":");
  if (best < 0) return hex(g);
  return `${hex(g.slice(0, best))}::${hex(g.slice(best + bestLen))}`;
}
