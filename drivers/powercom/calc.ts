/**
 * powercom: the values NUT 2.8.0's `powercom` derives from one raw frame
 * (input/output voltage and frequency, load, battery charge, status). Each
 * type name selects formulas; the generic ones use the type's coefficients.
 * C's float rounding is kept with Math.fround.
 *
 * @module
 */
import { KIN_MODELS, type PcType, RAW } from "./types.ts";
import { BNT_MODELS } from "./types.ts";

const fr = Math.fround;
const ONLINE = 1, LOW_BAT = 2, TEST = 4, AVR_ON = 8, AVR_MODE = 16;
const OVERLOAD = 32, OFF = 128;

/** Per-model load divisors, indexed by the line-voltage nibble. */
const LOADS: Record<string, number[]> = {
  k425: [99, 88, 84, 80, 84, 84, 84, 86, 86, 81, 76],
  k525: [127, 113, 106, 100, 106, 106, 106, 109, 109, 103, 97],
  k625: [131, 115, 107, 103, 107, 107, 107, 110, 110, 105, 99],
  k2k: [94, 94, 94, 94, 94, 94, 94, 120, 120, 115, 110],
  k425i: [60, 54, 51, 48, 51, 51, 51, 53, 53, 50, 48],
  k525i: [81, 72, 67, 62, 67, 67, 67, 65, 65, 62, 59],
  k625i: [79, 70, 67, 64, 67, 67, 67, 65, 65, 61, 58],
  k2ki: [84, 77, 74, 70, 74, 74, 74, 77, 77, 74, 70],
  b400: [1, 1, 1, 1, 1, 1, 1, 1, 88, 83, 87],
  b500: [1, 1, 1, 1, 1, 1, 1, 1, 108, 103, 98],
  b600: [1, 1, 1, 1, 1, 1, 1, 1, 128, 123, 118],
  b400i: [1, 1, 1, 1, 1, 1, 1, 1, 54, 52, 49],
  b500i: [1, 1, 1, 1, 1, 1, 1, 1, 66, 64, 61],
  b600i: [1, 1, 1, 1, 1, 1, 1, 1, 86, 84, 81],
  b801i: [1, 1, 1, 1, 1, 1, 1, 1, 44, 42, 40],
  b1000i: [1, 1, 1, 1, 1, 1, 1, 1, 56, 54, 52],
  b1200i: [1, 1, 1, 1, 1, 1, 1, 1, 76, 74, 72],
};
/** KIN on-inverter coefficients by model nibble (x, y, z), for <200 V and >=200 V lines. */
const X1 = [
  0,
  1.0,
  1.0,
  1.0,
  1.0,
  0.945,
  0.945,
  0.945,
  0.127,
  0.127,
  0.945,
  0.945,
  0.945,
  0.256,
].map(fr);
const Y1 = [
  0,
  0.85,
  0.85,
  0.85,
  0.88,
  0.9,
  0.9,
  0.9,
  6.6,
  6.6,
  0.87,
  0.87,
  0.87,
  3.29,
].map(fr);
const Z1 = [
  0,
  1.03,
  0.78,
  0.78,
  0.72,
  0.55,
  0.55,
  0.55,
  0.5,
  0.5,
  0.43,
  0.43,
  0.43,
  0.3,
].map(fr);
const X2 = [
  0,
  1.0,
  1.0,
  1.0,
  1.0,
  1.89,
  1.89,
  1.89,
  0.127,
  0.127,
  1.89,
  1.89,
  1.89,
  0.256,
].map(fr);
const Y2 = [
  0,
  1.73,
  1.74,
  1.74,
  1.77,
  0.9,
  0.9,
  0.9,
  13.204,
  13.204,
  0.88,
  0.88,
  0.88,
  6.645,
].map(fr);
const Z2 = [
  0,
  1.15,
  0.9,
  0.9,
  0.75,
  1.1,
  1.1,
  1.1,
  0.8,
  0.8,
  0.86,
  0.86,
  0.86,
  0.7,
].map(fr);

/** Conversions of one frame for a type (name may differ from t.name after detection). */
export class PcCalc {
  constructor(
    readonly name: string,
    readonly t: PcType,
    readonly linevoltage: number,
    readonly raw: Uint8Array,
  ) {}

  #r(i: number): number {
    return this.raw[i] ?? 0;
  }
  get #bntHigh(): boolean {
    return this.name === "BNT" && this.#r(RAW.MODELNUMBER) % 16 > 7;
  }
  get #model(): number {
    return (this.name === "KIN" ? KIN_MODELS : BNT_MODELS)[
      this.#r(RAW.MODELNUMBER) >> 4
    ] ?? 0;
  }
  #lin(c: number[], i: number, x: number): number {
    return fr(fr(c[i]! * x) + c[i + 1]!);
  }

  /** input.voltage. */
  inputVoltage(): number {
    const x = this.#r(RAW.IN_V);
    let v: number;
    if (this.#bntHigh) v = fr(2.2 * x - 24);
    else if (this.name === "KIN") {
      const m = this.#model;
      if (this.linevoltage < 200) {
        v = m <= 625
          ? 0.89 * x + 6.18
          : m >= 800 && m < 2000
          ? 1.61 * x / 2.0
          : 1.625 * x / 2.0;
      } else {
        v = m <= 625
          ? 1.79 * x + 3.35
          : m >= 800 && m < 2000
          ? 1.61 * x
          : 1.625 * x;
      }
      v = fr(v);
    } else if (this.name === "IMP" || this.name === "OPTI") v = x * 2.0;
    else v = this.#lin(this.t.voltage, this.linevoltage >= 220 ? 0 : 2, x);
    return v < 0 ? 0 : v;
  }

  /** output.voltage. */
  outputVoltage(): number {
    const x = this.#r(RAW.OUT_V);
    const a = this.#r(RAW.STATUS_A);
    const inv = a & ONLINE, avr = a & AVR_ON, avrMode = a & AVR_MODE;
    let v: number;
    if (this.#bntHigh) {
      if (inv === 0) {
        if (avr === 0) v = fr(2.2 * x - 24);
        else if (avrMode > 0) v = fr((2.2 * x - 24) * 31 / 27);
        else v = fr((2.22 * x - 24) * 27 / 31);
      } else {
        const t = this.#r(RAW.OUT_F) >> 1;
        const r15 = this.#r(15);
        v = fr((1.965 * r15) * (1.965 * r15) * ((t - x) >>> 0) / t);
        v = v > 0 ? fr(Math.sqrt(v)) : 0;
      }
    } else if (this.name === "KIN") {
      v = this.#kinOutput(x, inv, avr);
    } else if (this.name === "IMP" || this.name === "OPTI") v = x * 2.0;
    else v = this.#lin(this.t.voltage, this.linevoltage >= 220 ? 0 : 2, x);
    return v < 0 ? 0 : v;
  }

  #kinOutput(x: number, inv: number, avr: number): number {
    const m = this.#model, hi = this.linevoltage >= 200;
    if (inv === 0) {
      let v: number;
      if (avr === 0) {
        v = hi
          ? (m <= 625 ? 1.79 * x + 3.35 : m < 2000 ? 1.61 * x : 1.625 * x)
          : (m <= 625
            ? 0.89 * x + 6.18
            : m < 2000
            ? 1.61 * x / 2.0
            : 1.625 * x / 2.0);
      } else if (avr === 1) { // never true (AVR_ON is bit 3), kept as NUT has it
        v = hi
          ? (m <= 525 ? 2.07 * x : m === 625 ? 2.07 * x + 5 : 1.87 * x)
          : (m <= 625
            ? 2.158 * x / 2.0
            : m < 2000
            ? 1.842 * x / 2.0
            : 1.875 * x / 2.0);
      } else {
        v = hi
          ? (m === 625 ? 1.571 * x : m < 2000 ? 1.37 * x : 1.4 * x)
          : (m <= 625 ? 1.635 * x / 2.0 : 1.392 * x / 2.0);
      }
      return fr(v);
    }
    const n = this.#r(RAW.MODELNUMBER) >> 4;
    // NUT reads dataz2 one entry further on (its index is n + 1)
    const [rx, ry, rz] = this.linevoltage < 200
      ? [X1[n] ?? 0, Y1[n] ?? 0, Z1[n] ?? 0]
      : [X2[n] ?? 0, Y2[n] ?? 0, Z2[n + 1] ?? 0];
    const boost = fr(1.0 + avr * 20.0 / 135.0);
    const t = this.#r(RAW.OUT_F) >> 1;
    const dt = fr((t - x) >>> 0);
    const c = this.#r(RAW.CHARGE), l = this.#r(RAW.LOAD);
    if (m > 625) {
      const cx = fr(c * rx);
      let v = fr(fr(fr(cx * cx) * dt) / t);
      if (v > 0) v = fr(Math.sqrt(v) * ry * boost - l * rz * boost);
      return v;
    }
    const d = fr(fr(c * rx) - fr(l * rz));
    let v = fr(fr(fr(d * d) * dt) / t);
    if (v > 0) v = fr(Math.sqrt(v) * ry);
    return v;
  }

  #freq(x: number): number {
    if (this.name === "BNT" || this.name === "KIN") return fr(4807.0 / x);
    if (this.name === "IMP" || this.name === "OPTI") return x;
    return x ? fr(1.0 / this.#lin(this.t.freq, 0, x)) : 0;
  }
  /** input.frequency. */
  inputFreq(): number {
    return this.#freq(this.#r(RAW.IN_F));
  }
  /** output.frequency. */
  outputFreq(): number {
    return this.#freq(this.#r(RAW.OUT_F));
  }

  /** ups.load. */
  load(): number {
    const l = this.#r(RAW.LOAD), a = this.#r(RAW.STATUS_A);
    const volt = this.#r(RAW.MODELNUMBER) % 16;
    const div = (k: string) => fr(l * 110.0 / (LOADS[k]![volt] ?? NaN));
    if (this.#bntHigh) {
      const m = this.#model;
      if ((a & ONLINE) === 0) {
        return div(
          m === 400 || m === 801
            ? "b400"
            : m === 600 || m === 1200
            ? "b600"
            : "b500",
        );
      }
      const k = ({
        400: "b400i",
        500: "b500i",
        800: "b500i",
        600: "b600i",
        801: "b801i",
        1200: "b1200i",
        1000: "b1000i",
        1500: "b1000i",
        2000: "b1000i",
      } as Record<number, string>)[m];
      if (k) return div(k);
      // other models fall through to the coefficients, as in NUT
    } else if (this.name === "KIN") {
      const m = this.#model, i = (a & ONLINE) ? "i" : "";
      if (m === 425 || m === 525 || m === 625) return div(`k${m}${i}`);
      if (m < 2000) return fr(l * (i ? 1.66 : 1.13));
      return div(`k2k${i}`);
    } else if (this.name === "IMP" || this.name === "OPTI") return l;
    return this.#lin(this.t.loadpct, a & ONLINE ? 0 : 2, l);
  }

  /** battery.charge. */
  charge(): number {
    const l = this.#r(RAW.LOAD),
      c = this.#r(RAW.CHARGE),
      a = this.#r(RAW.STATUS_A);
    const scale = (bv: number, b0: number, b29: number, b100: number) => {
      if (bv <= b0) return 0;
      if (bv <= b29) return fr((bv - b0) * 30.0 / (b29 - b0));
      if (bv <= b100) return fr(30.0 + (bv - b29) * 70.0 / (b100 - b29));
      return 100;
    };
    if (this.name === "BNT") return scale(Math.trunc(l / 4) + c, 157, 165, 193);
    if (this.name === "KIN") {
      const m = this.#model;
      if (m >= 800 && m <= 2000) {
        const bv = fr((c - 165.0) * 2.6);
        if (a & ONLINE) return fr(bv + l);
        return bv > 7 ? fr(bv - 6) : bv;
      }
      if (m <= 625) return scale(fr(l / 4.0 + c), 169, 176, 204);
      return scale(fr(l / 4.0 - l / 32.0 + c), 175, 182, 209);
    }
    if (this.name === "IMP" || this.name === "OPTI") return c;
    const b = this.t.battpct;
    if (a & ONLINE) {
      return fr(fr(fr(b[0]! * c) + fr(b[1]! * this.load())) + b[2]!);
    }
    return fr(fr(b[3]! * c) + b[4]!);
  }

  /** ups.status tokens. */
  status(): string[] {
    const a = this.#r(RAW.STATUS_A), b = this.#r(RAW.STATUS_B);
    const out: string[] = [];
    if (!(a & ONLINE)) out.push(a & OFF ? "OFF" : "OL");
    else out.push("OB");
    if (a & LOW_BAT) out.push("LB");
    if (a & AVR_ON) {
      out.push(this.inputVoltage() < this.linevoltage ? "BOOST" : "TRIM");
    }
    if (a & OVERLOAD) out.push("OVER");
    if (b & LOW_BAT) out.push("RB");
    if (b & TEST) out.push("TEST");
    return out;
  }
}
