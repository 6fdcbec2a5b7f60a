/**
 * microsol-apc's model-specific part (scan_received_pack_model_specific):
 * raw packet bytes to volts, amps, watts and charge with the tables of
 * apc_tables.ts, in C's float/double order.
 *
 * @module
 */
import {
  APC_MODEL_NAMES,
  APC_MODELS,
  BATT_V_A,
  BATT_V_B,
  IN_V_A,
  IN_V_B,
  MAX_BATT_V,
  MIN_BATT_V,
  NOMINAL_POWER,
  OUT_I_A,
  OUT_I_B,
  OUT_V_A,
  OUT_V_B,
  RP_A,
  RP_B,
  SEL_A,
  SEL_B,
} from "./apc_tables.ts";
import type {
  MicrosolFlags,
  MicrosolModel,
  MicrosolReadings,
} from "./common.ts";

const f = Math.fround;

/** Index into the tables; unknown models use the last row (NUT's fallback). */
function modelIndex(model: number): number {
  const i = (APC_MODELS as readonly number[]).indexOf(model);
  return i < 0 ? APC_MODELS.length - 1 : i;
}

/** Decodes one valid packet for an APC Back-UPS BR. */
export function decodeApc(
  p: ArrayLike<number>,
  model: number,
  fl: MicrosolFlags,
): MicrosolReadings {
  const m = modelIndex(model);
  const lu = fl.lineUnpowered ? 1 : 0;
  const relay = (p[6]! & 0x28) >> 3;
  const nominal = NOMINAL_POWER[m]!;
  const inV = IN_V_A[m]![fl.out220 ? 1 : 0]! * p[2]! +
    IN_V_B[m]![fl.out220 ? 1 : 0]!;
  const battV = BATT_V_A[m]! * p[3]! + BATT_V_B[m]!;
  const outI = OUT_I_A[m]![lu]! * p[5]! + OUT_I_B[m]![lu]!;
  let outV: number;
  if (model === 190 && lu) {
    // BZ1500 on battery: a curve of its own
    outV = battV * Math.sqrt(p[1]! / 64.0) * OUT_V_A[m]![1]![relay]! -
      outI * OUT_V_B[m]![1]![relay]!;
    outV = 1.5091 * outV + 1.5823;
    if (outI > 4.0) outV += outI * 4.0;
    if (outI > 3.0) outV += outI * 2.0;
    else if (outV > 0.9) outV += outI / 3.0;
    else outV -= 5.0;
    if (outV < 100.0) outV = 100;
  } else {
    outV = OUT_V_A[m]![lu]![relay]! * p[1]! + OUT_V_B[m]![lu]![relay]!;
  }
  const inF = lu ? 0 : 0.37 * (257 - ((p[21]! + p[22]! * 256) >> 8));
  let apparent = outI * outV;
  const raw = p[7]! + 256 * p[8]!;
  // the three curves are C floats: each value rounded to single precision
  const diff = [0, 1, 2].map((c) =>
    f(Math.abs(
      f(SEL_A[c]![m]![relay]! * raw + SEL_B[c]![m]![relay]!) - apparent,
    ))
  );
  const c = diff[0]! < diff[1]! && diff[0]! < diff[2]!
    ? 0
    : diff[1]! < diff[2]!
    ? 1
    : 2;
  let real = RP_A[c]![m]![relay]! * raw + RP_B[c]![m]![relay]!;
  if (apparent < real) {
    // NUT swaps by sums and differences (not exact in floating point)
    apparent = apparent + real;
    real = apparent - real;
    apparent = apparent - real;
  }
  const charging = (p[20]! & 0x02) === 0x02 ? 1 : 0;
  const charge = (100.0 * (battV - MIN_BATT_V)) /
    (MAX_BATT_V[charging]! - MIN_BATT_V);
  return {
    inputVoltage: inV,
    outputVoltage: outV,
    outputCurrent: outI,
    batteryVoltage: battV,
    inputFrequency: inF,
    apparentPower: apparent,
    realPower: real,
    batteryCharge: charge,
    nominalPower: nominal,
  };
}

/** microsol-apc as a MicrosolModel. */
export const APC_BR: MicrosolModel = {
  mfr: "APC",
  known: (m) => (APC_MODELS as readonly number[]).includes(m),
  name: (m) => APC_MODEL_NAMES[m] ?? "Unknown UPS",
  decode: decodeApc,
};
