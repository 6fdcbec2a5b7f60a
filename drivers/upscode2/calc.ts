/**
 * What `upscode2` derives after each poll, in C's float arithmetic as NUT
 * does: phase counts (3-phase units rename the single-phase variables),
 * the load (highest of current, power and real power against their
 * nominal values), the battery charge (from the average charge current
 * of the last 60 polls, or from voltage) and the runtime (reported, or by
 * Peukert's law from the load, or the maximum).
 *
 * @module
 */
import type { DriverState } from "../../src/driver/types.ts";
import type { Logger } from "../../src/log.ts";
import { cFixed } from "../../src/driver/cformat.ts";
import type { TRow } from "./tables.ts";

const f = Math.fround;
const HISTORY = 60;
const FISKARS = [
  "UPS9075",
  "UPS9100",
  "UPS9150",
  "UPS9200",
  "UPS9250",
  "UPS9300",
  "UPS9400",
  "UPS9500",
  "UPS9600",
];

/** sscanf("%f") of a variable, or null. */
function num(st: DriverState, name: string): number | null {
  const s = st.tree.get(name);
  if (s === undefined) return null;
  const m = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(s);
  return m ? f(parseFloat(m[0])) : null;
}

/** Per-instance numbers and history. */
export class UpscCalc {
  battRuntime = -1;
  battCharge = -1;
  battCurrent = -1;
  battVolt = 0;
  battCapNom = -1;
  battDischCurrMax = 0;
  battRuntimeMax = -1;
  battVoltHigh = 0;
  battVoltLow = 0;
  battVoltNom = 0;
  maxOutCurrent = -1;
  nomOutCurrent = -1;
  outpwrFactor = 1000;
  inPhases = 1;
  outPhases = 1;
  #phasesDone = false;
  #history: number[] = [];
  #next = 0;

  /** The first good poll: 3-phase units get their L1 names. */
  phases(st: DriverState, simple: TRow[], log: Logger): void {
    if (this.#phasesDone) return;
    const rename = (from: string, to: string) => {
      const row = simple.find((r) => "nut" in r && r.nut === from);
      if (!row) return;
      (row as { nut: string }).nut = to;
      const v = st.tree.get(from);
      if (v !== undefined) st.set(to, v);
      st.del(from);
    };
    const has = (n: string) => st.tree.get(n) !== undefined;
    if (has("input.L3-L1.voltage") || has("input.L3-N.voltage")) {
      this.inPhases = 3;
      rename("input.current", "input.L1.current");
      rename("input.realpower", "input.L1.realpower");
      rename("input.power", "input.L1.power");
      rename("input.voltage", "input.L1-N.voltage");
    }
    if (has("output.L3-L1.voltage") || has("output.L3-N.voltage")) {
      this.outPhases = 3;
      const model = st.tree.get("ups.model");
      if (model && FISKARS.some((p) => model.startsWith(p))) {
        log.info("Fiskars UPS9000 detected, protocol kludges activated");
        this.battVoltNom = 384;
        st.set("battery.voltage.nominal", "384");
      } else this.outpwrFactor *= 3;
      rename("output.current", "output.L1.current");
      rename("output.current.peak", "output.L1.current.peak");
      rename("output.realpower", "output.L1.realpower");
      rename("output.power", "output.L1.power");
      rename("output.voltage", "output.L1-N.voltage");
    }
    st.set("input.phases", String(this.inPhases));
    st.set("output.phases", String(this.outPhases));
    this.#phasesDone = true;
  }

  /** calc_upsload: the load as a fraction, or -1. */
  load(st: DriverState): number {
    let load = -1;
    const max = this.nomOutCurrent > 0
      ? this.nomOutCurrent
      : this.maxOutCurrent;
    if (max > 0) {
      const l1 = st.tree.get("output.L1.current") !== undefined
        ? num(st, "output.L1.current")
        : num(st, "output.current");
      if (l1 !== null) load = f(l1 / max);
      for (const n of ["output.L2.current", "output.L3.current"]) {
        const v = num(st, n);
        if (v !== null && f(v / max) > load) load = f(v / max);
      }
    }
    for (
      const [nominal, kind, strict] of [
        ["ups.power.nominal", "power", true],
        ["output.realpower.nominal", "realpower", false],
      ] as const
    ) {
      const nom = num(st, nominal) ?? -1;
      if (strict ? nom <= 0 : nom < 0) continue;
      const per = f(nom / this.outPhases);
      for (const l of [1, 2, 3]) {
        const v = num(st, `output.L${l}.${kind}`);
        if (v === null) continue;
        const t = f(v / per);
        if (t > load) load = t;
        st.set(`output.L${l}.${kind}.percent`, cFixed(f(t * 100), 1));
      }
    }
    return load;
  }

  /** batt_charge_pct: from the current history or the voltage, or -1. */
  #chargePct(): number {
    let chg: number;
    if (this.battCurrent >= 0) {
      this.#history[this.#next] = this.battCurrent;
      this.#next = (this.#next + 1) % HISTORY;
      let avg = 0;
      for (const c of this.#history) avg = f(avg + c);
      avg = f(avg / this.#history.length);
      const max = this.battCapNom > 0 ? f(this.battCapNom * 0.3) : 10;
      chg = f(f(max - avg) * f(100 / max));
    } else if (
      this.battVoltLow > 0 && this.battVoltHigh > 0 && this.battVolt > 0
    ) {
      if (this.battVolt > this.battVoltHigh) chg = 100;
      else if (this.battVolt < this.battVoltLow) chg = 0;
      else {
        chg = f(
          f(this.battVolt - this.battVoltLow) /
            f(this.battVoltHigh - this.battVoltLow),
        );
        chg = f(chg * 100);
      }
    } else return -1;
    return Math.min(100, Math.max(0, chg));
  }

  /** Charge and runtime after a poll. */
  battery(st: DriverState, load: number): void {
    if (this.battCharge < 0) {
      if (this.battCurrent < 0) {
        this.#history = [];
        this.#next = 0;
      }
      this.battCharge = this.#chargePct();
    }
    if (this.battCharge >= 0) {
      st.set("battery.charge", cFixed(this.battCharge, 1));
    } else st.del("battery.charge");
    if (this.battRuntime >= 0 && this.battRuntime < 9999) {
      st.set("battery.runtime", cFixed(f(this.battRuntime * 60), 0));
    } else if (load > 0 && this.battDischCurrMax !== 0) {
      const est = f(load * Math.abs(this.battDischCurrMax));
      let rt = f(f(this.battCapNom * 3600) / Math.pow(est, 1.35));
      const cap = f(this.battRuntimeMax * 60);
      if (this.battRuntimeMax > 0 && rt > cap) rt = cap;
      st.set("battery.runtime", cFixed(rt, 0));
    } else if (this.battRuntimeMax > 0) {
      st.set("battery.runtime", cFixed(f(this.battRuntimeMax * 60), 0));
    } else st.del("battery.runtime");
    this.battCharge = -1;
    this.battRuntime = -1;
  }
}
