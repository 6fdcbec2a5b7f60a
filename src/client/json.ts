/**
 * JSON output in the form NUT 2.8.5's `upsc -j` prints (one key per line,
 * two-space indent), shared by the `-j` modes of upsc, upsrw and upscmd.
 *
 * @module
 */

/** A JSON string literal with NUT's escapes (`\uXXXX` for other controls). */
export function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || c === 0x7f) {
      out += "\\u" + c.toString(16).padStart(4, "0");
    } else out += ch;
  }
  return out + '"';
}

/** `{` / `  "k": "v"` lines joined by `,` / `}` plus a newline. */
export function jsonObjectLines(
  pairs: ReadonlyArray<[string, string]>,
): string {
  const body = pairs.map(([k, v]) => `  ${jsonString(k)}: ${jsonString(v)}`);
  return `{\n${body.join(",\n")}\n}\n`;
}

/** `[` / `  "v"` lines joined by `,` / `]` plus a newline. */
export function jsonArrayLines(items: readonly string[]): string {
  return `[\n${items.map((v) => `  ${jsonString(v)}`).join(",\n")}\n]\n`;
}

/** Pretty JSON (2-space indent) for the richer documented schemas. */
export function jsonPretty(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}
