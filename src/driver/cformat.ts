/**
 * C's printf("%.Nf") for drivers that must print numbers as NUT does.
 *
 * @module
 */

/**
 * "%.Nf" of `x`: JavaScript's toFixed, except that exact ties round to
 * even as glibc does (toFixed rounds them away from zero).
 */
export function cFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return x > 0 ? "inf" : x < 0 ? "-inf" : "nan";
  const exact = Math.abs(x).toFixed(Math.min(100, digits + 40));
  const cut = exact.indexOf(".") + digits + (digits ? 1 : 0);
  const rest = exact.slice(cut).replace(".", "");
  if (/^50*$/.test(rest)) {
    const kept = exact.slice(0, cut).replace(/\.$/, "");
    const odd = Number(kept[kept.length - 1]) % 2 === 1;
    const v = Number(kept) + (odd ? 10 ** -digits : 0);
    return (x < 0 || Object.is(x, -0) ? "-" : "") + v.toFixed(digits);
  }
  return (Object.is(x, -0) ? "-" : "") + x.toFixed(digits);
}
