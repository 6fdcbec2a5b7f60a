/**
 * mge-utalk tables (NUT 2.8.0's mge-utalk.h facts, our own form): the
 * queries polled for each variable with their printf form and unit, the
 * multiplier tables the `Ai` answer selects, and the model names `Si 1`
 * and the older numbered `Si` answers map to.
 *
 * @module
 */

/** Units the multiplier tables scale. */
export type Unit = "V" | "A" | "Hz" | "VA" | "W" | "C" | "min" | "none";

/** Multipliers per table number (0: raw readings; 1..3 as `Ai` says). */
export const MULTIPLIERS: ReadonlyArray<Readonly<Record<Unit, number>>> = [
  { V: 1, A: 1, Hz: 1, VA: 1, W: 1, C: 1, min: 60, none: 1 },
  { V: 1, A: 1, Hz: 0.1, VA: 1000, W: 1000, C: 1, min: 60, none: 1 },
  { V: 0.01, A: 0.01, Hz: 1, VA: 1, W: 1, C: 1, min: 60, none: 1 },
  { V: 1, A: 0.01, Hz: 0.1, VA: 1, W: 1, C: 1, min: 60, none: 1 },
];

/** One polled variable: its query (a `?` is replaced by the value to SET) and printf form. */
export interface UtalkItem {
  readonly name: string;
  readonly query: string;
  readonly fmt: string;
  readonly unit: Unit;
  /** Settable string variable of this many characters. */
  readonly rw?: number;
}

/** In NUT's order (the order of the queries on the wire). */
export const UTALK_ITEMS: readonly UtalkItem[] = [
  { name: "battery.charge", query: "Bl", fmt: "%05.1f", unit: "none" },
  { name: "battery.runtime", query: "Bn", fmt: "%05d", unit: "none" },
  { name: "battery.voltage", query: "Bv", fmt: "%05.1f", unit: "V" },
  {
    name: "battery.charge.low",
    query: "Bl ?",
    fmt: "%02d",
    unit: "none",
    rw: 2,
  },
  {
    name: "battery.voltage.nominal",
    query: "Bv ?",
    fmt: "%05.1f",
    unit: "V",
  },
  { name: "ups.temperature", query: "St", fmt: "%05.1f", unit: "C" },
  { name: "ups.load", query: "Ll", fmt: "%05.1f", unit: "none" },
  { name: "ups.delay.start", query: "Sm ?", fmt: "%03d", unit: "none", rw: 5 },
  {
    name: "ups.delay.shutdown",
    query: "Sn ?",
    fmt: "%03d",
    unit: "none",
    rw: 5,
  },
  {
    name: "ups.test.interval",
    query: "Bp ?",
    fmt: "%03d",
    unit: "none",
    rw: 5,
  },
  { name: "output.voltage", query: "Lv", fmt: "%05.1f", unit: "V" },
  { name: "output.current", query: "Lc", fmt: "%05.1f", unit: "A" },
  { name: "input.voltage", query: "Uv", fmt: "%05.1f", unit: "V" },
  { name: "input.frequency", query: "Uf", fmt: "%05.2f", unit: "Hz" },
  ...([
    ["input.transfer.low", "Ee ?"],
    ["input.transfer.boost.low", "Ee ?"],
    ["input.transfer.boost.high", "Eo ?"],
    ["input.transfer.trim.low", "Ea ?"],
    ["input.transfer.high", "Eu ?"],
    ["input.transfer.trim.high", "Eu ?"],
  ] as const).map(([name, query]) => ({
    name,
    query,
    fmt: "%05.1f",
    unit: "V" as const,
    rw: 5,
  })),
];

/** `Si 1` model names that the driver spells out (matched without case). */
export const SI1_NAMES: ReadonlyMap<string, string> = new Map([
  ...["7", "10", "15", "20", "30", "40"].map((n) =>
    [`pulsar ex${n}`, `Pulsar EX ${n}`] as [string, string]
  ),
  ["pulsar es2+", "Pulsar ES 2+"],
  ["pulsar es5+", "Pulsar ES 5+"],
  ...["5", "8", "11", "14", "22"].map((n) =>
    [`pulsar esv${n}+`, `Pulsar ESV ${n}+`] as [string, string]
  ),
  ...["1500", "2000", "2500", "3000"].map((n) =>
    [`extreme ${n}`, `Pulsar EXtreme ${n}`] as [string, string]
  ),
  ...["4.5", "6", "9", "12"].map((n) =>
    [`extreme ${n}`, `Comet EXtreme ${n}`] as [string, string]
  ),
  ...["5", "10", "15", "20", "30", "12", "18", "24", "36"].map((n) =>
    [`comet ${n}`, `Comet ${n}`] as [string, string]
  ),
  ["comet 7", "Comet 7.5"],
]);

/** Older units answer `Si` with "<family> <type> <soft level>": family 3000 by type. */
export const LEGACY_MODELS: ReadonlyMap<string, string> = new Map([
  ["3000 5", "Pulsar SV3"],
  ["3000 6", "Pulsar SV5/8/11"],
  ["3000 7", "Pulsar SV3"],
  ["3000 8", "Pulsar SV5/8"],
  ["3000 10", "Pulsar SV11/ESV13"],
  ["3000 11", "Pulsar ESV17"],
  ["3000 12", "Pulsar ESV20"],
  ["3000 13", "Pulsar ESV13"],
  ["3000 14", "Pulsar ESV17"],
  ["3000 15", "Pulsar ESV20"],
  ["3000 17", "Pulsar ESV8"],
  ["3000 51", "Pulsar ESV 11+"],
]);
