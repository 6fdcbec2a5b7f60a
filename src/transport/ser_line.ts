/**
 * NUT's ser_get_line on a byte transport: bytes up to `end` (not kept),
 * `ignore` bytes dropped; each read waits up to `timeoutMs`. A timeout
 * loses what came so far (NUT returns 0), and bytes after the end byte in
 * the same read are dropped as NUT's do; so are NUL bytes.
 *
 * @module
 */
import type { ByteTransport } from "./mod.ts";

/** Options of serGetLine. */
export interface SerLineOptions {
  /** The end byte (a one-character string). */
  end: string;
  /** Characters dropped on the way. */
  ignore?: string;
  /** Wait per read, in ms. */
  timeoutMs: number;
  /** NUT's buffer size: a full buffer ends the line (size - 1 characters). */
  size?: number;
}

/** A line, or null when a read timed out first. */
export async function serGetLine(
  t: ByteTransport,
  o: SerLineOptions,
): Promise<string | null> {
  const size = o.size ?? 256, ignore = o.ignore ?? "";
  let line = "";
  while (true) {
    const got = await t.read(o.timeoutMs, 64);
    if (!got.length) return null;
    for (const b of got) {
      const c = String.fromCharCode(b);
      if (line.length === size - 1 || c === o.end) return line;
      // strchr(ignset, c) also finds the NUL that ends ignset: NULs are dropped
      if (b !== 0 && !ignore.includes(c)) line += c;
    }
    if (line.length === size - 1) return line;
  }
}
