/**
 * phoenixcontact_modbus: NUT 2.8.0's `phoenixcontact_modbus` 0.02, the
 * Phoenix Contact QUINT-UPS/24DC over Modbus RTU (115200 bps 8E1, unit
 * 192), read with function 4 (input registers): 29697 status (on battery,
 * shutdown event, charging), 29745 output mV, 29749 charge %, 29792.. (mV,
 * kelvin, -, runtime, -, -, output mA, -, capacity / 10), 29840 alarm bits.
 * No commands; `-k` is refused.
 *
 * Deliberate difference: NUT publishes every value even when its read
 * failed (from whatever the buffer held); a failed block here keeps the
 * values it feeds as they were (the data is stale either way).
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
} from "../../src/driver/types.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import type { ModbusClient } from "../../src/transport/modbus.ts";
import { LIBMODBUS_TIMEOUTS } from "../../src/transport/modbus.ts";
import { type ModbusOpener, openModbusRtuClient } from "./link.ts";

/** Alarm bits of register 29840 (bits 4 and 5 together for resistance). */
export const PHOENIX_ALARMS: ReadonlyArray<[number, string]> = [
  [0x0030, "End of life (Resistance)"],
  [0x0040, "End of life (Time)"],
  [0x0080, "End of life (Voltage)"],
  [0x0200, "No Battery"],
  [0x0400, "Inconsistent technology"],
  [0x0800, "Overload Cutoff"],
  [0x1000, "Low Battery (Voltage)"],
  [0x2000, "Low Battery (Charge)"],
  [0x4000, "Low Battery (Time)"],
  // NUT also tests bit 16, which a 16-bit register never has
];

/** A phoenixcontact_modbus instance. */
export class PhoenixContactDriver implements DriverInstance {
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
      serial: { speed: 115200, parity: "even", dataBits: 8, stopBits: 1 },
      timeouts: LIBMODBUS_TIMEOUTS,
      slave: 192,
    });
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    await this.initups();
    this.ctx.state.set("device.mfr", "Phoenix Contact");
    this.ctx.state.set("device.model", "QUINT-UPS/24DC");
  }

  /** upsdrv_updateinfo. */
  async update(): Promise<void> {
    const st = this.ctx.state;
    let errors = 0;
    const mrir = async (addr: number, n: number): Promise<number[] | null> => {
      try {
        return await this.#mb!.readInput(addr, n);
      } catch (e) {
        this.ctx.log.error(
          `mrir: modbus_read_input_registers(addr:${addr}, count:${n}): ${
            (e as Error).message
          } (${this.ctx.config.port})`,
        );
        errors++;
        return null;
      }
    };
    const status: string[] = [];
    const s = await mrir(29697, 3);
    if (s) {
      status.push(s[0] ? "OB" : "OL");
      if (s[2]) status.push("CHRG");
      if (s[1]) status.push("LB"); // the unit's "shutdown event"
    }
    const out = await mrir(29745, 1);
    if (out) st.set("output.voltage", Math.trunc(out[0]! / 1000));
    const chg = await mrir(29749, 5);
    if (chg) st.set("battery.charge", chg[0]!);
    const b = await mrir(29792, 10);
    if (b) {
      st.set("battery.voltage", (b[0]! / 1000).toFixed(6));
      st.set("battery.temperature", b[1]! - 273);
      st.set("battery.runtime", b[3]!);
      st.set("battery.capacity", b[8]! * 10);
      st.set("output.current", (b[6]! / 1000).toFixed(6));
    }
    const al = await mrir(29840, 1);
    if (errors === 0) {
      st.setAlarms(
        PHOENIX_ALARMS.filter(([m]) => (al![0]! & m) === m).map(([, t]) => t),
      );
      st.setStatus(status);
      st.dataOk();
    } else st.dataStale();
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
