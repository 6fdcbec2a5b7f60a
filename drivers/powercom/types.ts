/**
 * powercom: the unit types NUT 2.8.0's `powercom` 0.19 knows, and the pure
 * conversions from its raw frame to NUT values. The unit answers the byte
 * 0x01 with 11 or 16 raw bytes. Arithmetic follows C's: float coefficient
 * products are rounded to single precision (Math.fround) where the C code
 * computes in float, and unsigned differences wrap.
 *
 * @module
 */

/** One unit type's parameters (NUT's `struct type`). */
export interface PcType {
  name: string;
  bytes: number;
  flow: "dtr0rts1" | "no_flow_control";
  validation: Array<[number, number]>;
  /** [minutes, seconds] and whether the minutes byte is sent ('y'/'n') */
  delay: [number, number];
  useMinutes: string;
  freq: number[];
  loadpct: number[];
  battpct: number[];
  voltage: number[];
}

const f = (xs: number[]) => xs.map(Math.fround);
const gen = (
  name: string,
  bytes: number,
  flow: PcType["flow"],
  validation: Array<[number, number]>,
  delay: [number, number],
  useMinutes: string,
  c: number[][],
): PcType => ({
  name,
  bytes,
  flow,
  validation,
  delay,
  useMinutes,
  freq: f(c[0]!),
  loadpct: f(c[1]!),
  battpct: f(c[2]!),
  voltage: f(c[3]!),
});

const TRUST_C = [[0.00020997, 0.00020928], [6.1343, -0.3808, 4.3110, 0.1811], [
  5.0000,
  0.3268,
  -825.00,
  4.5639,
  -835.82,
], [1.9216, -0.0977, 0.9545, 0.0000]];
const ONES_C = [[0.00027778, 0], [1, 0, 1, 0], [1, 0, 0, 1, 0], [2, 0, 2, 0]];

/** The built-in types, in NUT's order (a fresh copy per instance: options change them). */
export function pcTypes(): PcType[] {
  return [
    gen(
      "Trust",
      11,
      "dtr0rts1",
      [[5, 0], [7, 0], [8, 0]],
      [0, 10],
      "n",
      TRUST_C,
    ),
    gen(
      "Egys",
      16,
      "no_flow_control",
      [[5, 0x80], [7, 0], [8, 0]],
      [0, 10],
      "n",
      [
        TRUST_C[0]!,
        [6.1343, -0.3808, 1.3333, 0.6667],
        [5.0000, 0.3268, -825.00, 2.2105, -355.37],
        TRUST_C[3]!,
      ],
    ),
    gen(
      "KP625AP",
      16,
      "dtr0rts1",
      [[5, 0x80], [7, 0], [8, 0]],
      [0, 10],
      "n",
      TRUST_C,
    ),
    gen(
      "IMP",
      16,
      "no_flow_control",
      [[5, 0xff], [7, 0], [8, 0]],
      [1, 30],
      "y",
      TRUST_C,
    ),
    gen(
      "KIN",
      16,
      "no_flow_control",
      [[11, 0x4b], [8, 0], [8, 0]],
      [1, 30],
      "y",
      [
        [0.00020997, 0.0],
        [6.1343, -0.3808, 1.075, 0.1811],
        [5.0000, 0.3268, -825.00, 0.46511, 0],
        [1.9216, -0.0977, 0.82857, 0.0000],
      ],
    ),
    gen(
      "BNT",
      16,
      "no_flow_control",
      [[11, 0x42], [8, 0], [8, 0]],
      [1, 30],
      "y",
      [
        [0.00020803, 0.0],
        [1.4474, 0.0, 0.8594, 0.0],
        [5.0000, 0.3268, -825.00, 0.46511, 0],
        [1.9216, -0.0977, 0.82857, 0.0000],
      ],
    ),
    gen(
      "BNT-other",
      16,
      "no_flow_control",
      [[8, 0], [8, 0], [8, 0]],
      [1, 30],
      "y",
      ONES_C,
    ),
    gen(
      "OPTI",
      16,
      "no_flow_control",
      [[5, 0xff], [7, 0], [8, 0]],
      [1, 30],
      "y",
      [
        [0, 0],
        ...ONES_C.slice(1),
      ],
    ),
  ];
}

/** Byte positions in the frame. */
export const RAW = {
  LOAD: 0,
  CHARGE: 1,
  IN_V: 2,
  OUT_V: 3,
  IN_F: 4,
  VERSION: 5,
  OUT_F: 6,
  STATUS_A: 9,
  STATUS_B: 10,
  MODELNAME: 11,
  MODELNUMBER: 12,
} as const;

/** Commands (single bytes). */
export const PC_CMD = {
  SEND_DATA: 0x01,
  BATTERY_TEST: 0x03,
  RESTART: 0xb9,
  SHUTDOWN: 0xba,
  COUNTER: 0xbc,
} as const;

/** Model tables indexed by the high nibble of MODELNUMBER; line volts by the low one. */
export const VOLTAGES = [
  100,
  110,
  115,
  120,
  0,
  0,
  0,
  200,
  220,
  230,
  240,
  0,
  0,
  0,
  0,
  0,
];
export const BNT_MODELS = [
  0,
  400,
  500,
  600,
  800,
  801,
  1000,
  1200,
  1500,
  2000,
  0,
  0,
  0,
  0,
  0,
  0,
];
export const KIN_MODELS = [
  0,
  425,
  500,
  525,
  625,
  800,
  1000,
  1200,
  1500,
  1600,
  2200,
  2200,
  2500,
  3000,
  5000,
  0,
];
export const IMP_MODELS = [
  0,
  425,
  525,
  625,
  825,
  1025,
  1200,
  1500,
  2000,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
];
export const OPTI_MODELS = [0, 0, 0, 575, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

/** printf("%.<d>f") of a double: exact decimal expansion, ties to even, inf/nan as glibc. */
export function cFixed(x: number, d: number): string {
  if (Number.isNaN(x)) return "-nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const neg = x < 0;
  const exact = Math.abs(x).toFixed(Math.min(100, d + 60));
  const [ip, fp] = exact.split(".") as [string, string];
  const keep = fp.slice(0, d), rest = fp.slice(d);
  let digits = BigInt(ip + keep);
  const half = "5" + "0".repeat(rest.length - 1);
  const last = Number((ip + keep).slice(-1));
  if (rest > half || (rest === half && last % 2 === 1)) digits += 1n;
  let s = digits.toString().padStart(d + 1, "0");
  s = d ? `${s.slice(0, -d)}.${s.slice(-d)}` : s;
  return neg && digits !== 0n ? `-${s}` : s;
}
