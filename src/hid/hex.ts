/**
 * Hex text helpers for descriptor files (`05 84 09 04 ...`) and raw report
 * lines (`Feature<TAB>0c 64 00`), as in the corpus.
 *
 * @module
 */

/** Bytes from whitespace-separated (or packed) hex; throws on bad input. */
export function parseHex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, "");
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) {
    throw new Error("invalid hex data");
  }
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) {
    out[i] = Number.parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  }
  return out;
}

/** Bytes as lower-case space-separated hex. */
export function toHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(" ");
}

/** One raw report line: its type word and bytes (report ID first). */
export interface RawReport {
  readonly type: string;
  readonly bytes: Uint8Array;
}

/**
 * Parses report lines `Type<TAB>hex bytes`; `#` comments and blank lines
 * are skipped. Throws `line N: ...` on a malformed line.
 */
export function parseReportLines(text: string): RawReport[] {
  const out: RawReport[] = [];
  text.split("\n").forEach((line, i) => {
    const t = line.trim();
    if (t === "" || t.startsWith("#")) return;
    const m = /^(\w+)\s+([0-9a-fA-F ]+)$/.exec(t);
    if (!m) throw new Error(`line ${i + 1}: expected Type<TAB>hex bytes`);
    try {
      const bytes = parseHex(m[2]!);
      if (bytes.length === 0) throw new Error("no bytes");
      out.push({ type: m[1]!, bytes });
    } catch (e) {
      throw new Error(`line ${i + 1}: ${(e as Error).message}`);
    }
  });
  return out;
}
