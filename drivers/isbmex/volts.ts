/**
 * isbmex's voltage curves (NUT 2.8.0's `isbmex` 0.07), in C's single
 * precision as the driver computes them: a 7-point Lagrange polynomial
 * over the raw byte for 9-byte packets, and one over the square root of
 * the raw word for 10-byte packets. Every float operation is rounded to
 * 32 bits (Math.fround), as an x86-64 build of NUT does.
 *
 * @module
 */
const f = Math.fround;

const LX = [144, 154, 184, 195, 215, 228, 249];
const LF = [95.1, 98.3, 112.6, 116.5, 126.0, 131.0, 140.3].map(f);

/** lagrange(): volts for the byte of a 9-byte packet. */
export function lagrange(vbyte: number): number {
  if (vbyte < 144) return 0;
  const d = LX.map((x) => f(vbyte - x));
  // term i: the other six differences times LF[i], over three pairs of
  // node differences, in NUT's order
  const term = (i: number): number => {
    let num = 1;
    let first = true;
    for (let j = 0; j < 7; j++) {
      if (j === i) continue;
      num = first ? d[j]! : f(num * d[j]!);
      first = false;
    }
    num = f(num * LF[i]!);
    const others = [0, 1, 2, 3, 4, 5, 6].filter((j) => j !== i);
    let v = num;
    for (let k = 0; k < 6; k += 2) {
      const a = f(LX[i]! - LX[others[k]!]!);
      const b = f(LX[i]! - LX[others[k + 1]!]!);
      v = f(v / f(a * b));
    }
    return v;
  };
  // NUT names the terms b c d e a g h and adds them as a + b + c + d + e + g + h
  const [b, c, dd, e, a, g, h] = [0, 1, 2, 3, 4, 5, 6].map(term);
  let s = f(a! + b!);
  for (const t of [c!, dd!, e!, g!, h!]) s = f(s + t);
  return s;
}

const IX = [75, 83, 87, 98, 103, 118, 145];
const IF = [96.0, 102.0, 105.0, 113.0, 116.0, 124.0, 140.0].map(f);

/** interpol(): volts for the square root of a 10-byte packet's word. */
export function interpol(vbytes: number): number {
  const v = f(vbytes);
  if (v < IX[0]!) return 0;
  if (v > IX[6]!) return IF[6]!;
  for (let i = 0; i < 7; i++) if (Math.trunc(v) === IX[i]) return IF[i]!;
  const l = IX.map((xi, i) => {
    let p = f(1);
    for (let j = 0; j < 7; j++) if (j !== i) p = f(p * f(xi - IX[j]!));
    return f(IF[i]! / p);
  });
  let t = f(1);
  for (const x of IX) t = f(t * f(v - x));
  let volts = f(0);
  for (let i = 0; i < 7; i++) {
    volts = f(volts + f(f(l[i]! * t) / f(v - IX[i]!)));
  }
  return volts;
}
