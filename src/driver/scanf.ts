/**
 * The sscanf subset NUT's serial drivers parse answers with: `%d`, `%u`,
 * `%x`, `%f`, `%[width]s`, `%c`, literal characters and whitespace (which
 * matches any run of whitespace, none included). Like C, it stops at the
 * first conversion that fails and returns what was converted so far.
 *
 * @module
 */

const WS = /[ \t\n\v\f\r]/;
const FLOAT =
  /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)/i;

/** One converted value: numbers for d/u/x/f, text for s/c. */
export type Scanned = number | string;

/** C sscanf(input, format, ...): the converted values in order. */
export function sscanf(input: string, format: string): Scanned[] {
  const out: Scanned[] = [];
  let i = 0;
  const skipWs = () => {
    while (i < input.length && WS.test(input[i]!)) i++;
  };
  for (let f = 0; f < format.length; f++) {
    const fc = format[f]!;
    if (WS.test(fc)) {
      skipWs();
      continue;
    }
    if (fc !== "%" || format[f + 1] === "%") {
      if (fc === "%") f++;
      if (input[i] !== fc) return out;
      i++;
      continue;
    }
    const m = /^%(\d*)([dufxsc])/.exec(format.slice(f));
    if (!m) throw new Error(`sscanf: unsupported format ${format.slice(f)}`);
    f += m[0].length - 1;
    const width = m[1] ? Number(m[1]) : Infinity;
    const conv = m[2]!;
    if (conv !== "c") skipWs();
    const rest = input.slice(i, width === Infinity ? input.length : i + width);
    let got: RegExpExecArray | null = null;
    switch (conv) {
      case "d":
      case "u":
        got = /^[+-]?\d+/.exec(rest);
        if (got) out.push(Number(got[0]) | 0);
        break;
      case "x":
        got = /^[+-]?(?:0[xX])?[0-9a-fA-F]+/.exec(rest);
        if (got) out.push(parseInt(got[0], 16));
        break;
      case "f":
        got = FLOAT.exec(rest);
        if (got) out.push(Math.fround(Number(floatText(got[0]))));
        break;
      case "s":
        got = /^[^ \t\n\v\f\r]+/.exec(rest);
        if (got) out.push(got[0]);
        break;
      case "c":
        got = /^[^]/.exec(input.slice(i, i + (width === Infinity ? 1 : width)));
        if (got) out.push(got[0]);
        break;
    }
    if (!got) return out;
    i += got[0].length;
  }
  return out;
}

function floatText(t: string): string {
  if (/inf/i.test(t)) return t.startsWith("-") ? "-Infinity" : "Infinity";
  if (/nan/i.test(t)) return "NaN";
  return t;
}
