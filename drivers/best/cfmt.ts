/**
 * The printf conversions the Best Power drivers publish through (`%d`,
 * `%s`, `%x`, `%.1f`, `%05.2f`, ...), with glibc's rounding: exact ties go
 * to the even digit, everything else to the nearest.
 *
 * @module
 */
export { atoi, strtod as atof } from "../../src/cgi/cfmt.ts";

/** printf("%.<digits>f", x) as glibc prints it. */
export function fixedC(x: number, digits: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x < 0 ? "-inf" : "inf";
  const neg = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  let text = a.toFixed(digits);
  // toFixed rounds an exact tie up; the exact expansion tells a real tie
  const exact = a < 1e21 ? a.toFixed(Math.min(100, digits + 60)) : "";
  const tail = exact.slice(exact.length - 60);
  if (/^50*$/.test(tail)) {
    const scaled = BigInt(exact.slice(0, exact.length - 60).replace(".", ""));
    const even = scaled % 2n === 0n ? scaled : scaled + 1n;
    const s = even.toString().padStart(digits + 1, "0");
    text = digits ? `${s.slice(0, s.length - digits)}.${s.slice(-digits)}` : s;
  }
  return (neg ? "-" : "") + text;
}

/**
 * A C printf subset: `%[-0][width][.prec](d|i|s|f|x|X|%)`. Arguments are
 * taken in order; numbers for d/x are truncated toward zero.
 */
export function cprintf(fmt: string, ...args: Array<string | number>): string {
  let i = 0;
  return fmt.replace(
    /%([-0]*)(\d+|\*)?(?:\.(\d+|\*))?([disfxX%])/g,
    (_m, flags: string, w: string | undefined, p: string | undefined, c) => {
      if (c === "%") return "%";
      const width = w === "*" ? Number(args[i++]) : Number(w ?? 0);
      const prec = p === "*" ? Number(args[i++]) : p;
      const v = args[i++];
      let body: string;
      let sign = "";
      switch (c) {
        case "d":
        case "i": {
          const n = Math.trunc(Number(v));
          sign = n < 0 ? "-" : "";
          body = String(Math.abs(n));
          break;
        }
        case "x":
        case "X": {
          const n = Math.trunc(Number(v)) >>> 0;
          body = n.toString(16);
          if (c === "X") body = body.toUpperCase();
          break;
        }
        case "f": {
          const t = fixedC(Number(v), prec === undefined ? 6 : Number(prec));
          sign = t.startsWith("-") ? "-" : "";
          body = sign ? t.slice(1) : t;
          break;
        }
        default:
          body = String(v);
          if (prec !== undefined) body = body.slice(0, Number(prec));
      }
      const len = sign.length + body.length;
      if (len >= width) return sign + body;
      if (flags.includes("-")) return (sign + body).padEnd(width, " ");
      if (flags.includes("0") && c !== "s") {
        return sign + body.padStart(width - sign.length, "0");
      }
      return (sign + body).padStart(width, " ");
    },
  );
}
