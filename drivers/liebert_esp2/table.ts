/**
 * What NUT's `liebert-esp2` reads from an ESP-II unit. A read names a
 * group byte and an index; the answer carries a signed 16-bit word that
 * is multiplied by a per-kind factor (a float, as in C) and printed with
 * the row's decimals. The factors for frequency, DC volts and power
 * depend on the model family (the scaling word read at start-up).
 *
 * @module
 */

/** Kinds of values, each with its own factor. */
export type Mult =
  | "x10"
  | "x0_1"
  | "voltI"
  | "voltO"
  | "voltB"
  | "currI"
  | "currO"
  | "currB"
  | "freq"
  | "voltDC"
  | "temp"
  | "currDC"
  | "runtime"
  | "nompower"
  | "power"
  | "loadperc";

/** Factors before the scaling word is known. */
export const DEFAULT_MULT: Readonly<Record<Mult, number>> = Object.freeze({
  x10: 10,
  x0_1: 0.1,
  voltI: 0.1,
  voltO: 0.1,
  voltB: 0.1,
  currI: 0.1,
  currO: 0.1,
  currB: 0.1,
  freq: 0.01,
  voltDC: 0.1,
  temp: 0.1,
  currDC: 0.01,
  runtime: 60,
  nompower: 100,
  power: 100,
  loadperc: 1,
});

/** Overrides by scaling word: 1 = GXT2, 2 = NXe. */
export const SCALING: Readonly<Record<number, Partial<Record<Mult, number>>>> =
  Object.freeze({
    1: { freq: 0.1, voltDC: 0.1, power: 1, nompower: 1 },
    2: { freq: 0.01, voltDC: 0.1, power: 100, nompower: 100 },
  });

/** One read: group byte, index, NUT variable, decimals, factor kind. */
export type EspRead = readonly [number, number, string, number, Mult];

/** Groups: measurements, settings, per-phase (L1..L3), status bits, info. */
export const G = Object.freeze({
  meas: 149,
  set: 161,
  l1: 144,
  l2: 145,
  l3: 146,
  bits: 148,
  info: 136,
  scale: 131,
  control: 156,
});

/** Read every poll, whatever the phases. */
export const COMMON: readonly EspRead[] = [
  [G.meas, 1, "battery.runtime", 0, "runtime"],
  [G.meas, 2, "battery.voltage", 1, "voltDC"],
  [G.meas, 3, "battery.current", 2, "currDC"],
  [G.set, 13, "battery.voltage.nominal", 1, "voltDC"],
  [G.meas, 12, "battery.temperature", 1, "temp"],
  [G.meas, 14, "ups.temperature", 1, "temp"],
  [G.set, 8, "ups.power.nominal", 0, "nompower"],
  [G.set, 4, "ups.delay.start", 0, "x10"],
  [G.set, 14, "battery.runtime.low", 0, "runtime"],
  [G.meas, 8, "input.frequency", 1, "freq"],
  [G.meas, 10, "input.bypass.frequency", 1, "freq"],
  [G.set, 9, "input.frequency.nominal", 1, "freq"],
  [G.meas, 9, "output.frequency", 1, "freq"],
  [G.set, 10, "output.frequency.nominal", 1, "freq"],
];

const PH = [G.l1, G.l2, G.l3] as const;

/** Inputs by phase count (1 also stands for 0 and anything unknown). */
export const INPUTS: Readonly<Record<1 | 2 | 3, readonly EspRead[]>> = {
  1: [
    [G.l1, 1, "input.voltage", 1, "voltI"],
    [G.l1, 5, "input.bypass.voltage", 1, "voltB"],
    [G.l1, 6, "input.bypass.current", 1, "currB"],
  ],
  2: [
    [G.l1, 1, "input.voltage", 1, "voltI"],
    [G.l1, 5, "input.bypass.voltage", 1, "voltB"],
    [G.l1, 6, "input.bypass.current", 1, "currB"],
    [G.l1, 2, "input.current", 1, "currI"],
  ],
  3: [
    ...PH.map((g, i) =>
      [g, 1, `input.L${i + 1}-N.voltage`, 1, "voltI"] as const
    ),
    ...PH.map((g, i) =>
      [g, 5, `input.L${i + 1}-N.bypass.voltage`, 1, "voltB"] as const
    ),
    ...PH.map((g, i) =>
      [g, 6, `input.L${i + 1}-N.bypass.current`, 1, "currB"] as const
    ),
    ...PH.map((g, i) => [g, 2, `input.L${i + 1}.current`, 1, "currI"] as const),
  ],
};

const perLine = (n: number, idx: number, name: string, d: number, m: Mult) =>
  PH.slice(0, n).map((g, i) =>
    [g, idx, `output.L${i + 1}.${name}`, d, m] as const
  );

/** Outputs by phase count. */
export const OUTPUTS: Readonly<Record<1 | 2 | 3, readonly EspRead[]>> = {
  1: [
    [G.meas, 7, "ups.load", 0, "loadperc"],
    [G.meas, 6, "ups.power", 0, "power"],
    [G.meas, 5, "ups.realpower", 0, "power"],
    [G.l1, 3, "output.voltage", 1, "voltO"],
    [G.l1, 4, "output.current", 1, "currO"],
  ],
  2: [
    ...perLine(2, 24, "power.percent", 0, "loadperc"),
    ...perLine(2, 22, "power", 0, "power"),
    ...perLine(2, 21, "realpower", 0, "power"),
    [G.l1, 3, "output.voltage", 1, "voltO"],
  ],
  3: [
    ...perLine(3, 24, "power.percent", 0, "loadperc"),
    ...perLine(3, 22, "power", 0, "power"),
    ...perLine(3, 21, "realpower", 0, "power"),
    ...PH.map((g, i) =>
      [g, 3, `output.L${i + 1}-N.voltage`, 1, "voltO"] as const
    ),
    ...perLine(3, 14, "crestfactor", 1, "x0_1"),
  ],
};

/** Identity strings: NUT variable and length in words, from index 4 on. */
export const IDENTITY: ReadonlyArray<readonly [string, number]> = [
  ["ups.model", 15],
  ["ups.firmware", 8],
  ["ups.serial", 10],
  ["ups.mfr.date", 4],
];
