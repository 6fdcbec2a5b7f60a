/**
 * socomec_jbus: NUT 2.8.0's `socomec_jbus` 0.06, Socomec UPSes over JBUS
 * (Modbus RTU, 9600 bps 8N1, unit 1), all read with function 3: 0x1000
 * x12 identity (code, kVA*10, -, serial in 5 registers low byte first),
 * 0x10E0 x32 configuration (stale when absent or zero), 0x1360 x4 clock,
 * 0x1020 x6 status (only logged), 0x1040 x4 alarms, 0x1060 x48
 * measurements (1-phase when registers 1 and 2 are 0xFFFF; runtime 0xFFFF
 * means on line, above 15 minutes on battery, else low battery).
 * A failed block other than 0x10E0 reads as zeros, as NUT's does. No
 * commands; `-k` is refused.
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
} from "../../src/driver/types.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import {
  LIBMODBUS_TIMEOUTS,
  type ModbusClient,
} from "../../src/transport/modbus.ts";
import { type ModbusOpener, openModbusRtuClient } from "./link.ts";

/** Alarm bits: [register of the 0x1040 block, bit, text]. */
export const SOCOMEC_ALARMS: ReadonlyArray<[number, number, string]> = [
  [0, 0, "General Alarm present."],
  [0, 1, "Battery failure."],
  [0, 2, "Overload fault."],
  [0, 4, "Control failure (com, internal supply...)"],
  [0, 5, "Rectifier input supply out of tolerance."],
  [0, 6, "Bypass input supply out of tolerance."],
  [0, 7, "Over temperature fault."],
  [0, 8, "Maintenance bypass closed."],
  [0, 10, "Battery charger fault."],
  [1, 15, "Imminent STOP."],
  [2, 12, "Servicing alarm."],
  [3, 0, "Maintenance bypass."],
  [3, 1, "Battery discharged."],
  [3, 4, "Critical Rectifier fault."],
  [3, 6, "Critical Inverter fault."],
  [3, 11, "Battery circuit open."],
  [3, 14, "Bypass critical alarm."],
];

/** Known UPS codes. */
export const SOCOMEC_MODELS: Readonly<Record<number, string>> = {
  130: "DIGYS",
  515: "DELPHYS MX",
  516: "DELPHYS MX elite",
};

const BATTERY_RUNTIME_CRITICAL = 15;
const pad = (n: number, w: number) => String(n).padStart(w, "0");

/** A socomec_jbus instance. */
export class SocomecJbusDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #open: ModbusOpener;
  #mb: ModbusClient | null = null;

  constructor(ctx: DriverContext, open: ModbusOpener = openModbusRtuClient) {
    this.ctx = ctx;
    this.#open = open;
  }

  /** upsdrv_initups. */
  async initups(): Promise<void> {
    if (this.#mb) return;
    this.#mb = await this.#open(this.ctx.config.port, {
      serial: { speed: 9600, parity: "none", dataBits: 8, stopBits: 1 },
      timeouts: LIBMODBUS_TIMEOUTS,
      slave: 1,
    });
  }

  /** mrir: `n` holding registers, or null (the caller's zeros). */
  async #read(addr: number, n: number): Promise<number[] | null> {
    try {
      return await this.#mb!.readHolding(addr, n);
    } catch (e) {
      this.ctx.log.error(
        `mrir: modbus_read_input_registers(addr:${addr}, count:${n}): ${
          (e as Error).message
        } (${this.ctx.config.port})`,
      );
      return null;
    }
  }

  async #zeros(addr: number, n: number): Promise<number[]> {
    return await this.#read(addr, n) ?? new Array(n).fill(0);
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    await this.initups();
    const st = this.ctx.state;
    st.set("device.mfr", "socomec jbus");
    st.set("device.model", "Socomec Generic");
    const r = await this.#read(0x1000, 12);
    if (!r) {
      throw new DriverFatalError(
        "failed to read UPS code from JBUS. r is -1 error Connection timed out",
      );
    }
    if (r[1]) st.set("ups.power", r[1] * 100);
    st.set(
      "ups.model",
      SOCOMEC_MODELS[r[0]!] ??
        `Unknown Socomec JBUS. Send id ${r[0]} and specify the model`,
    );
    const ser = r.slice(3, 8);
    if (ser.every((w) => w)) {
      let s = "";
      for (const w of ser) s += String.fromCharCode(w & 0xff, w >> 8);
      st.set("ups.serial", s.split("\0")[0]!); // %c of a NUL ends the string
    }
  }

  /** upsdrv_updateinfo. */
  async update(): Promise<void> {
    const st = this.ctx.state;
    const cfg = await this.#read(0x10e0, 32);
    if (!cfg || !cfg[0]) {
      st.dataStale();
      return;
    }
    st.set("input.voltage", cfg[0]);
    st.set("output.voltage", cfg[1]!);
    st.set("input.frequency", cfg[2]!);
    st.set("output.frequency", cfg[3]!);
    const t = await this.#zeros(0x1360, 4);
    st.set(
      "ups.time",
      `${pad(t[1]! & 0xff, 2)}:${pad(t[0]! >> 8, 2)}:${pad(t[0]! & 0xff, 2)}`,
    );
    st.set(
      "ups.date",
      `${pad(t[3]! + 2000, 4)}/${pad(t[2]! >> 8, 2)}/${pad(t[1]! >> 8, 2)}`,
    );
    await this.#zeros(0x1020, 6); // status bits: NUT only logs them
    const a = await this.#zeros(0x1040, 4);
    const alarms = SOCOMEC_ALARMS.filter(([r, bit]) => a[r]! & (1 << bit))
      .map(([, , text]) => text);
    const m = await this.#zeros(0x1060, 48);
    const set = (name: string, v: number) => st.set(name, v);
    if (m[1] === 0xffff && m[2] === 0xffff) {
      st.set("input.phases", "1");
      set("ups.load", m[0]!);
      set("input.bypass.voltage", m[6]!);
      set("output.voltage", m[9]!);
      if (m[15] !== 0xffff) set("output.current", m[15]!);
    } else {
      st.set("input.phases", "3");
      set("ups.load", m[3]!);
      for (let i = 0; i < 3; i++) {
        set(`ups.L${i + 1}.load`, m[i]!);
        set(`input.bypass.L${i + 1}-N.voltage`, m[6 + i]!);
        set(`output.L${i + 1}-N.voltage`, m[9 + i]!);
      }
      for (let i = 0; i < 3; i++) {
        if (m[15 + i] !== 0xffff) set(`output.L${i + 1}.current`, m[15 + i]!);
      }
    }
    set("battery.charge", m[4]!);
    set("battery.capacity", Math.trunc(m[5]! / 10));
    st.set("battery.voltage", (m[20]! / 10).toFixed(2));
    st.set("battery.current", (m[24]! / 10).toFixed(2));
    set("battery.runtime", m[23]!);
    set("input.bypass.frequency", Math.trunc(m[18]! / 10));
    set("output.frequency", Math.trunc(m[19]! / 10));
    if (m[22] !== 0xffff) {
      st.set("ambient.1.present", "yes");
      set("ambient.1.temperature", m[22]!);
    }
    const status = m[23] === 0xffff
      ? "OL"
      : m[23]! > BATTERY_RUNTIME_CRITICAL
      ? "OB"
      : "LB";
    st.setAlarms(alarms);
    st.setStatus([status]);
    st.dataOk();
  }

  /** upsdrv_shutdown: not supported. */
  shutdown(): Promise<CommandResult> {
    return Promise.reject(new DriverFatalError("shutdown not supported"));
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.#mb?.close();
    this.#mb = null;
    return Promise.resolve();
  }
}
