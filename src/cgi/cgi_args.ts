/**
 * CGI argument decoding as NUT's clients/cgilib.c (2.8.0) does it: `+` is a
 * space, `%XX` a byte (CR and LF become spaces), a bad escape is fatal.
 *
 * @module
 */

/** A fatal CGI error (NUT's fatalx): nothing more is printed on stdout. */
export class CgiFatal extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CgiFatal";
  }
}

const HEX = /^[0-9a-fA-F]$/;

/** Decodes one name or value; throws CgiFatal on a bad `%` escape. */
export function unescapeCgi(text: string): string {
  const bytes: number[] = [];
  const src = new TextEncoder().encode(text);
  for (let i = 0; i < src.length; i++) {
    let ch = src[i]!;
    if (ch === 0x2b) ch = 0x20;
    else if (ch === 0x25) {
      const a = String.fromCharCode(src[i + 1] ?? 0);
      const b = String.fromCharCode(src[i + 2] ?? 0);
      i += 2;
      if (!HEX.test(a) || !HEX.test(b)) throw new CgiFatal("bad escape char");
      ch = parseInt(a + b, 16);
      if (ch === 10 || ch === 13) ch = 0x20;
      // a %00 ends the C string
      if (ch === 0) break;
    }
    bytes.push(ch);
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/**
 * `name=value&name&...` from QUERY_STRING, in order, decoded. As cgilib,
 * the `=` is looked for in the whole rest of the string, so in `a&b=c` the
 * name is `a&b` (NUT's quirk: `?treemode&host=x` names no host).
 */
export function parseQueryString(
  query: string | undefined,
): [string, string][] {
  if (!query) return [];
  const out: [string, string][] = [];
  let rest: string | undefined = query;
  while (rest !== undefined) {
    const eq = rest.indexOf("=");
    if (eq < 0) {
      const amp = rest.indexOf("&");
      out.push([unescapeCgi(amp < 0 ? rest : rest.slice(0, amp)), ""]);
      rest = amp < 0 ? undefined : rest.slice(amp + 1);
      continue;
    }
    const name = rest.slice(0, eq);
    const after = rest.slice(eq + 1);
    const amp = after.indexOf("&");
    const value = amp < 0 ? after : after.slice(0, amp);
    rest = amp < 0 ? undefined : after.slice(amp + 1);
    out.push([unescapeCgi(name), unescapeCgi(value)]);
  }
  return out;
}

/**
 * A POST body as cgilib's extractpostargs reads it: names are not
 * unescaped, only values are.
 */
export function parsePostBody(body: string): [string, string][] {
  if (body === "") return [];
  const out: [string, string][] = [];
  for (const whole of body.split("&")) {
    // NUT gathers each pair in a 512-byte buffer through snprintfcat,
    // which keeps 510 characters (measured): the rest is cut off
    const part = whole.slice(0, 510);
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq < 0) out.push([part, ""]);
    else out.push([part.slice(0, eq), unescapeCgi(part.slice(eq + 1))]);
  }
  return out;
}

/** One `MONITOR <system> <description>` line of hosts.conf. */
export interface HostEntry {
  sys: string;
  desc: string;
}
