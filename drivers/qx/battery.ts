/**
 * battery.charge / battery.runtime guesstimation of nutdrv_qx
 * (qx_initbattery, qx_battery, qx_load and the end of a full walk).
 *
 * @module
 */
import type { QxEngine } from "./engine.ts";
import { fixedC, onlyChars, strtod, strtol } from "./item.ts";

const PACKS = [120, 100, 80, 60, 48, 36, 30, 24, 18, 12, 8, 6, 4, 3, 2, 1, 0.5];

/** Battery state of one driver run (NUT's `batt` and `load` structs). */
export class Battery {
  #e: QxEngine;
  packs = 1;
  runtimeAct = -1;
  runtimeNom = -1;
  runtimeEst = 0;
  runtimeExp = 0;
  voltAct = -1;
  voltHigh = -1;
  voltNom = -1;
  voltLow = -1;
  chargeAct = -1;
  chargeTime = 43200;
  loadAct = 0;
  loadLow = 0.1;
  loadEff = 1;
  lastPoll = 0;

  constructor(e: QxEngine) {
    this.#e = e;
  }

  /** qx_battery(): false when battery.voltage is unknown. */
  update(): boolean {
    const val = this.#e.get("battery.voltage");
    if (val === undefined) return false;
    this.voltAct = this.packs * strtod(val);
    if (
      this.chargeAct === -1 && this.voltLow > 0 && this.voltHigh > this.voltLow
    ) {
      let c = 100 * (this.voltAct - this.voltLow) /
        (this.voltHigh - this.voltLow);
      c = Math.min(100, Math.max(0, c));
      this.chargeAct = c;
      this.#e.ctx.state.set("battery.charge", fixedC(c, 0));
    }
    return true;
  }

  /** qx_load(). */
  #load(): boolean {
    const val = this.#e.get("ups.load");
    if (val === undefined) return false;
    this.loadAct = strtod(val);
    this.loadEff = Math.pow(this.loadAct / 100, this.runtimeExp);
    if (this.loadEff < this.loadLow) this.loadEff = this.loadLow;
    return true;
  }

  /** qx_initbattery(); throws NUT's fatal messages. */
  init(): void {
    const e = this.#e;
    const log = e.ctx.log;
    if (
      e.get("battery.charge") !== undefined &&
      e.get("battery.runtime") !== undefined
    ) {
      return;
    }
    const g = (n: string) => e.get(n);
    if (g("battery.voltage.high") !== undefined) {
      this.voltHigh = strtod(g("battery.voltage.high"));
    }
    if (g("battery.voltage.low") !== undefined) {
      this.voltLow = strtod(g("battery.voltage.low"));
    }
    if (g("battery.voltage.nominal") !== undefined) {
      this.voltNom = strtod(g("battery.voltage.nominal"));
    }
    if (this.voltNom !== -1 && (this.voltLow === -1 || this.voltHigh === -1)) {
      log.info("No values for battery high/low voltages");
      this.voltLow = 104 * this.voltNom / 120;
      this.voltHigh = 130 * this.voltNom / 120;
      e.ctx.state.set("battery.voltage.low", fixedC(this.voltLow, 2));
      e.ctx.state.set("battery.voltage.high", fixedC(this.voltHigh, 2));
      log.info(
        `Using 'guesstimation' (low: ${this.voltLow.toFixed(6)}, high: ${
          this.voltHigh.toFixed(6)
        })!`,
      );
    }
    const packs = g("battery.packs");
    if (packs !== undefined && onlyChars(packs, "0123456789 .")) {
      this.packs = strtod(packs);
    } else if (this.update() && this.voltNom !== -1) {
      for (const p of PACKS) {
        if (p * this.voltAct > 1.2 * this.voltNom) continue;
        if (p * this.voltAct < 0.8 * this.voltNom) {
          log.info(
            `Can't autodetect number of battery packs [${
              fixedC(this.voltNom, 0)
            }/${fixedC(this.voltAct, 2)}]`,
          );
          break;
        }
        this.packs = p;
        break;
      }
    } else {
      log.info(
        `Can't autodetect number of battery packs [${fixedC(this.voltNom, 0)}/${
          fixedC(this.voltAct, 2)
        }]`,
      );
    }
    this.update();
    const cal = e.getval("runtimecal");
    if (cal === undefined) {
      log.info("Battery runtime will not be calculated (runtimecal not set)");
      return;
    }
    this.lastPoll = e.now();
    const parts = cal.split(",").map((s) => s.trim()).filter((s) => s !== "");
    if (
      parts.length < 4 ||
      parts.slice(0, 4).some((p) => Number.isNaN(Number.parseFloat(p)))
    ) {
      throw new Error("Insufficient parameters for runtimecal");
    }
    const [rh, lh, rl, ll] = parts.slice(0, 4).map((p) =>
      Number.parseFloat(p)
    ) as [
      number,
      number,
      number,
      number,
    ];
    if (rl < rh || rh <= 0) throw new Error("Parameter out of range (runtime)");
    if (lh > 100 || ll > lh || ll <= 0) {
      throw new Error("Parameter out of range (load)");
    }
    this.runtimeExp = Math.log(rl / rh) / Math.log(lh / ll);
    this.runtimeNom = rh * Math.pow(lh / 100, this.runtimeExp);
    let charge = g("battery.charge");
    if (charge === undefined && this.voltNom !== -1) {
      this.voltLow = this.voltNom;
      this.voltHigh = 1.15 * this.voltNom;
      if (!this.update()) {
        throw new Error("Initial battery charge undetermined");
      }
      charge = g("battery.charge");
    }
    if (charge === undefined) {
      throw new Error("Initial battery charge undetermined");
    }
    this.runtimeEst = this.runtimeNom * strtod(charge) / 100;
    const ct = e.getval("chargetime");
    if (ct !== undefined) {
      this.chargeTime = strtol(ct);
      if (this.chargeTime <= 0) {
        throw new Error("Charge time out of range [1..s]");
      }
    } else {
      log.info(
        `No charge time specified, using built in default [${this.chargeTime} seconds]`,
      );
    }
    const idle = e.getval("idleload");
    if (idle !== undefined) {
      this.loadLow = strtod(idle) / 100;
      if (this.loadLow <= 0 || this.loadLow > 1) {
        throw new Error("Idle load out of range [0..100]");
      }
    } else {
      log.info(
        `No idle load specified, using built in default [${
          (100 * this.loadLow).toFixed(1)
        } %]`,
      );
    }
  }

  /** The end of a full walk: runtime model or voltage-based charge. */
  afterFullWalk(): void {
    if (this.runtimeAct !== -1 && this.chargeAct !== -1) return;
    const e = this.#e;
    if (e.getval("runtimecal") === undefined) {
      this.update();
      return;
    }
    const now = e.now();
    const dt = now - this.lastPoll;
    if (e.has("OL")) {
      this.runtimeEst += this.runtimeNom * dt / this.chargeTime;
      if (this.runtimeEst > this.runtimeNom) this.runtimeEst = this.runtimeNom;
    } else {
      this.runtimeEst -= this.loadEff * dt;
      if (this.runtimeEst < 0) this.runtimeEst = 0;
    }
    const val = e.get("battery.voltage");
    if (val !== undefined) {
      this.voltAct = this.packs * strtod(val);
      if (
        this.voltAct > 0 && this.voltLow > 0 && this.voltHigh > this.voltLow
      ) {
        let c = (this.voltAct - this.voltLow) / (this.voltHigh - this.voltLow);
        c = Math.min(1, Math.max(0, c));
        if (c < this.runtimeEst / this.runtimeNom) {
          this.runtimeEst = c * this.runtimeNom;
        }
      }
    }
    if (this.chargeAct === -1) {
      e.ctx.state.set(
        "battery.charge",
        fixedC(100 * this.runtimeEst / this.runtimeNom, 0),
      );
    }
    if (this.runtimeAct === -1 && this.#load()) {
      e.ctx.state.set(
        "battery.runtime",
        fixedC(this.runtimeEst / this.loadEff, 0),
      );
    }
    this.lastPoll = now;
  }
}
