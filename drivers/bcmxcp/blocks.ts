/**
 * bcmxcp's block readers: what the outlet, configuration and extended
 * limits blocks publish. Start-up reads more of each block than a poll.
 *
 * @module
 */
import type { DriverContext } from "../../src/driver/types.ts";
import { CONFIG, LIMITS, word } from "./protocol.ts";
import { HORN, OUTLET_STATUS } from "./tables.ts";

type State = DriverContext["state"];
type Log = DriverContext["log"];

/** The outlet block: ids, states and RW delays; returns the outlet count. */
export function publishOutlets(a: Uint8Array, st: State): number {
  let i = 0;
  const n = a[i++]!;
  i++; // bytes per outlet
  for (let o = 1; o <= n; o++) {
    st.set(`outlet.${o}.id`, a[i++]!);
    const state = a[i++]!;
    if (state > 0 && state < 9) {
      st.set(`outlet.${o}.status`, OUTLET_STATUS[state]!);
    }
    for (const key of ["delay.shutdown", "delay.start"]) {
      const name = `outlet.${o}.${key}`;
      st.set(name, word(a, i));
      i += 2;
      st.setFlags(name, ["RW", "STRING"]);
      st.setAux(name, 5);
    }
  }
  return n;
}

/** The configuration block (start-up also publishes serial and part). */
export function publishConfig(a: Uint8Array, st: State, startup: boolean) {
  const v = word(a, CONFIG.nominalOutputVoltage);
  if (v) st.set("output.voltage.nominal", v);
  if (startup) {
    const f = word(a, CONFIG.nominalOutputFreq);
    if (f) st.set("output.frequency.nominal", f);
  }
  const packs = a[CONFIG.batteryDataWord3] ?? 0;
  if (packs) st.set("battery.packs", packs);
  if (!startup) return;
  const text = (at: number) => {
    let s = "";
    for (let k = at; k < at + 16 && k < a.length && a[k]; k++) {
      s += String.fromCharCode(a[k]!);
    }
    return s;
  };
  const serial = text(CONFIG.serialNumber);
  if (serial) st.set("ups.serial", serial);
  const part = text(CONFIG.partNumber);
  if (part) st.set("device.part", part);
}

/** The extended limits block (start-up publishes a few more of its fields). */
export function publishLimits(
  a: Uint8Array,
  st: State,
  log: Log,
  startup: boolean,
  shutdownDelay: number,
): void {
  const w = (k: number) => word(a, k);
  const b = (k: number) => a[k] ?? 0;
  const put = (name: string, v: number) => {
    if (v) st.set(name, v);
  };
  put("input.voltage.nominal", w(LIMITS.nominalInputVoltage));
  if (startup) {
    const fnom = w(LIMITS.nominalInputFreq);
    if (fnom) {
      st.set("input.frequency.nominal", fnom);
      let dev = w(LIMITS.freqDevLimit);
      if (dev) {
        dev = Math.floor(dev / 100);
        st.set("input.frequency.low", (fnom - dev) & 0xffffffff);
        st.set("input.frequency.high", fnom + dev);
      }
    }
  }
  put("input.transfer.boost.high", w(LIMITS.voltageLowDevLimit));
  put("input.transfer.trim.low", w(LIMITS.voltageHighDevLimit));
  if (startup) {
    const lowbatt = b(LIMITS.lowBattWarning) * 60;
    if (shutdownDelay > lowbatt) {
      log.warn(
        "Shutdown delay longer than battery capacity when Low Battery " +
          `warning is given. (max ${lowbatt} seconds)`,
      );
    }
  }
  if (b(LIMITS.hornStatus) <= 2) {
    st.set("ups.beeper.status", HORN[b(LIMITS.hornStatus)]!);
  }
  put("input.transfer.low", w(LIMITS.minInputVoltage));
  put("input.transfer.high", w(LIMITS.maxInputVoltage));
  if (startup) put("ambient.temperature.low", b(LIMITS.ambientTempLow));
  put("ambient.temperature.high", b(LIMITS.ambientTempHigh));
  put("battery.energysave.load", b(LIMITS.sleepThLoad));
  put("battery.energysave.delay", b(LIMITS.sleepDelay));
  put("battery.runtime.low", b(LIMITS.lowBattWarning));
  put("input.transfer.delay", w(LIMITS.returnStabDelay));
  put("battery.charge.restart", b(LIMITS.battCapacityReturn));
}
