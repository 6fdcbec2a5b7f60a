/**
 * Field values from raw reports, computed as NUT's libhid/hidparser do:
 * bits LSB-first after the report ID byte, masked and sign-extended per the
 * logical range, clamped to it, scaled from logical to physical range, then
 * multiplied by 10^(unit exponent - the unit's implied exponent).
 *
 * @module
 */
import type { HidField } from "./parser.ts";

/** Unit codes with an implied exponent (libhid.c HIDUnits). */
const UNIT_EXPONENTS: ReadonlyArray<readonly [number, number]> = [
  [0x00000000, 0], // none
  [0x00f0d121, 7], // volt
  [0x00100001, 0], // ampere
  [0x0000d121, 7], // VA, watt
  [0x00001001, 0], // second
  [0x00010001, 0], // kelvin
  [0x0000f001, 0], // hertz
  [0x00101001, 0], // ampere-second
];

/** Number of significant bits of x (NUT's hibit). */
function hibit(x: bigint): bigint {
  let n = 0n;
  while (x > 0n) {
    x >>= 1n;
    n++;
  }
  return n;
}

/**
 * The logical value of a field in `report` (report ID first), or undefined
 * when the report is too short to hold the field.
 */
export function logicalValue(
  report: Uint8Array,
  field: HidField,
): number | undefined {
  const first = field.offset + 8;
  const last = first + field.size - 1;
  if (field.size <= 0 || (last >> 3) >= report.length) return undefined;
  let raw = 0n;
  for (let w = 0; w < field.size; w++) {
    const bit = first + w;
    if (report[bit >> 3]! & (1 << (bit & 7))) raw |= 1n << BigInt(w);
  }
  const min = BigInt(field.logMin);
  const max = BigInt(field.logMax);
  if (max - min + 1n <= 0n) return Number(raw);
  const magMax = max >= 0n ? max : -(max + 1n);
  const magMin = min >= 0n ? min : -(min + 1n);
  const signbit = 1n << hibit(magMax > magMin ? magMax : magMin);
  const mask = (signbit - 1n) | (min < 0n ? signbit : 0n);
  let value = raw & mask;
  if (min < 0n && (value & signbit) !== 0n) value -= signbit * 2n;
  if (value < min) value = min;
  else if (value > max) value = max;
  return Number(value);
}

/** Logical to physical (libhid.c logical_to_physical). */
export function toPhysical(field: HidField, logical: number): number {
  if (
    !field.havePhyMax || !field.havePhyMin ||
    (field.phyMax === 0 && field.phyMin === 0)
  ) return logical;
  if (field.phyMax <= field.phyMin || field.logMax <= field.logMin) {
    return logical;
  }
  const factor = (field.phyMax - field.phyMin) / (field.logMax - field.logMin);
  const physical = (logical - field.logMin) * factor + field.phyMin;
  return Math.min(field.phyMax, Math.max(field.phyMin, physical));
}

/** The power of ten NUT applies to a field's physical value. */
export function fieldExponent(field: HidField): number {
  const known = UNIT_EXPONENTS.find(([u]) => u === field.unit);
  return field.unitExp - (known ? known[1] : 0);
}

/** 10^n computed by repeated multiplication/division as NUT does. */
function pow10(n: number): number {
  let r = 1;
  if (n > 0) { for (let i = 0; i < n; i++) r *= 10; }
  else for (let i = 0; i < -n; i++) r *= 0.1;
  return r;
}

/** The value NUT's HIDGetDataValue yields, or undefined if the report is short. */
export function fieldValue(
  report: Uint8Array,
  field: HidField,
): number | undefined {
  const logical = logicalValue(report, field);
  if (logical === undefined) return undefined;
  return toPhysical(field, logical) * pow10(fieldExponent(field));
}

/** Physical to logical (libhid.c physical_to_logical), for SET_REPORT. */
export function toLogical(field: HidField, value: number): number {
  const physical = value / pow10(fieldExponent(field));
  if (
    !field.havePhyMax || !field.havePhyMin ||
    (field.phyMax === 0 && field.phyMin === 0) ||
    field.phyMax <= field.phyMin || field.logMax <= field.logMin
  ) return Math.trunc(physical);
  const factor = (field.logMax - field.logMin) / (field.phyMax - field.phyMin);
  const logical = Math.trunc((physical - field.phyMin) * factor) +
    field.logMin;
  return Math.min(field.logMax, Math.max(field.logMin, logical));
}

/** Writes a logical value into `report` (report ID first), LSB first. */
export function setLogical(
  report: Uint8Array,
  field: HidField,
  logical: number,
): void {
  const v = BigInt.asUintN(Math.max(field.size, 1), BigInt(logical));
  for (let w = 0; w < field.size; w++) {
    const bit = field.offset + 8 + w;
    const byte = bit >> 3;
    if (byte >= report.length) return;
    if ((v >> BigInt(w)) & 1n) report[byte]! |= 1 << (bit & 7);
    else report[byte]! &= ~(1 << (bit & 7));
  }
}
