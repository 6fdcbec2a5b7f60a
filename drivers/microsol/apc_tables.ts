/**
 * microsol-apc's model tables (APC Back-UPS BR: BZ2200I-BR 183,
 * BZ1500-BR 190, BZ2200BI-BR 191). NUT keeps them as C `float`, so every
 * constant goes through Math.fround to compute with the same values.
 * Index order: [model][on battery 0/1][relay state 0..7] and so on.
 *
 * @module
 */
const f = Math.fround;
const F = (a: number[]) => Object.freeze(a.map(f));
const R8 = (v: number) => F(Array(8).fill(v));

/** Model codes (packet byte 0), in table order. */
export const APC_MODELS = [183, 190, 191] as const;
/** Names by model code. */
export const APC_MODEL_NAMES: Readonly<Record<number, string>> = {
  183: "BZ2200I-BR",
  190: "BZ1500-BR",
  191: "BZ2200BI-BR",
};
/** Nominal VA. */
export const NOMINAL_POWER = [2200, 1500, 2200];

/** Output voltage line: a*raw + b, by [model][onBattery][relay]. */
export const OUT_V_A = [
  [R8(1.831), R8(0.1566)],
  [R8(0.9266), F([5.59, 9.47, 13.7, 0, 0, 0, 0, 0])],
  [R8(1.0), R8(1.26)],
];
export const OUT_V_B = [
  [R8(-2.1374), R8(204.93)],
  [R8(5.0694), F([5.4, 6.5, 17.6, 0, 0, 0, 0, 0])],
  [R8(20.0), R8(-5.91)],
];
/** Output current line by [model][onBattery]. */
export const OUT_I_A = [
  F([0.0892999991774559, 0.09070000052452087]),
  F([0.1264, 0.1303]),
  F([0.13819999992847443, 0.08959999680519104]),
];
export const OUT_I_B = [
  F([0.09350000321865082, 0.14550000429153442]),
  F([0.522, 0.468]),
  F([0.12999999523162842, 0.1881999969482422]),
];
/** Input voltage line by [model][220 V output]. */
export const IN_V_A = [F([1.7937, 1.7937]), F([1.8, 1.8]), F([1.4825, 1.4952])];
export const IN_V_B = [
  F([1.854, 1.854]),
  F([2.224, 2.224]),
  F([0.0853, -2.4241]),
];
/** Battery voltage line by model. */
export const BATT_V_A = F([0.1551, 0.1513, 0.1543]);
export const BATT_V_B = F([0.0654, 0.7153, 0.1414]);

const SEL_A1 = F([0.24, 0.26, 0, 0, 0.24, 0.26, 0, 0.28]);
const SEL_B1 = F([83.15, 81.23, 0, 0, 83.49, 79.05, 0, 85.67]);
const SEL_A2 = F([0.0763, 0.081, 0.0919, 0, 0.0741, 0.0828, 0, 0.0938]);
const SEL_B2 = F([81.732, 94.459, 86.686, 0, 84.657, 84.999, 0, 78.097]);
const SEL_A3 = F([0.0744, 0.0808, 0.0885, 0, 0.0732, 0.084, 0, 0.0955]);
const SEL_B3 = F([122.06, 122.9, 125.75, 0, 120.39, 108.52, 0, 92.239]);
const Z8 = R8(0);
/** Real-power curve selectors [curve 0..2][model][relay]: a and b. */
export const SEL_A = [[SEL_A1, Z8, SEL_A1], [SEL_A2, Z8, SEL_A2], [
  SEL_A3,
  Z8,
  SEL_A3,
]];
export const SEL_B = [[SEL_B1, Z8, SEL_B1], [SEL_B2, Z8, SEL_B2], [
  SEL_B3,
  Z8,
  SEL_B3,
]];

const RP_A1 = F([
  0.08040007075206226,
  0.0894,
  0.0999,
  0,
  0.0813,
  0.0905,
  0,
  0.1005,
]);
const RP_B1 = F([45.292, 41.928, 41.727, 0, 40.269, 41.81, 0, 43.458]);
const RP_A2 = F([
  0.08630063689870031,
  0.0946,
  0.1068,
  0,
  0.086,
  0.0967,
  0,
  0.1088,
]);
const RP_B2 = F([8.3927, 9.2393, 8.2852, 0, 8.301, 6.7636, 0, 8.2842]);
const RP_A3 = F([
  0.0896001146881468,
  0.0991,
  0.1116,
  0,
  0.0967,
  0.1068,
  0,
  0.1169,
]);
const RP_B3 = F([-31.115, -33.777, -33.826, 0, -59.513, -57.729, 0, -41.333]);
const M190_A = R8(0.1127), M190_B = R8(50.031);
/** Real power lines [curve][model][relay]: a and b. */
export const RP_A = [[RP_A1, M190_A, RP_A1], [RP_A2, M190_A, RP_A2], [
  RP_A3,
  M190_A,
  RP_A3,
]];
export const RP_B = [[RP_B1, M190_B, RP_B1], [RP_B2, M190_B, RP_B2], [
  RP_B3,
  M190_B,
  RP_B3,
]];

/** Battery voltage full [charging 0/1] and empty, the same for all three. */
export const MAX_BATT_V = F([27.0, 29.5]);
export const MIN_BATT_V = f(20);
