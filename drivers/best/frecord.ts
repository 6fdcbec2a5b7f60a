/**
 * The 80-character `f` (format) status record every Best Power Fortress
 * and Ferrups unit answers, and the field positions the three drivers
 * read from it (bestfortress, bestfcom, bestuferrups):
 *
 * ```
 * 0    5    10   15   20   25   30   35   40   45   50   55   60   65   70   75
 * ...........o.....Ii CcAaBb VinVVoutV....IoutVA....  VbatHz..RuntTemp......Ls....CS
 * ```
 * (o output on, I inverter, C charger, A/B alarm registers, Vin/Vout volts,
 * Iout amps x10, VA, Vbat volts x10, Hz (x10 in 3 digits for Fortress, x100
 * in 4 for Ferrups), runtime minutes, temperature, Ls line status, CS a
 * checksum: the 40 hex pairs add up to 0 modulo 256).
 *
 * @module
 */

/** A field: offset and width. */
export type Field = readonly [at: number, len: number];

/** Field positions in the record. */
export const F = Object.freeze(
  {
    outputOn: [11, 1],
    inverter: [16, 2],
    onBattery: [17, 1],
    charger: [18, 2],
    alarm1: [20, 2],
    alarm2: [22, 2],
    vin: [24, 4],
    vout: [28, 4],
    trim: [33, 1],
    iout: [36, 4],
    va: [40, 6],
    vbatt: [50, 4],
    hz3: [54, 3],
    hz4: [54, 4],
    runtime: [58, 4],
    temp: [62, 4],
    line: [72, 2],
  } as const satisfies Record<string, Field>,
);

/** A record the Ferrups drivers parse: hex digits up to the line status. */
export function isRecord(rec: string): boolean {
  return /^[0-9A-Fa-f]{74}/.test(rec);
}

/** The text of a field (shorter when the record is). */
export function field(rec: string, [at, len]: Field): string {
  return rec.slice(at, at + len);
}

function fromHex(c: string | undefined): number {
  const n = parseInt(c ?? "", 16);
  return Number.isNaN(n) ? 0 : n;
}

/** bestfortress's checksum: the sum of up to 40 hex pairs (0 mod 256 is good). */
export function fortressSum(rec: string): number {
  let sum = 0;
  for (let i = 0; i + 1 < rec.length && i < 80; i += 2) {
    sum += (fromHex(rec[i]) << 4) + fromHex(rec[i + 1]);
  }
  return sum;
}

/** A hex digit's value, 0 for anything else (bestfortress's fromhex). */
export { fromHex };

/** bcd2i: decimal digits without atoi's sign or space handling; a digit above 9 counts 0. */
export function bcd2i(s: string, len: number): number {
  let total = 0;
  for (let i = 0; i < len; i++) {
    let d = (s.charCodeAt(i) || 0) - 48;
    if (d > 9) d = 0;
    total = total * 10 + d;
  }
  return total;
}
