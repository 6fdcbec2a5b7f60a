/**
 * must_ep2000pro: NUT master's `must_ep2000pro` 0.01 (not in 2.8.0), the
 * MUST EP2000Pro inverter/UPS over Modbus RTU (9600 8N1, unit 10). Reads
 * with function 3: 30000 x25 (state, meters, load state, AVR, fault code,
 * alarm bits, charge stage and flag) and 31000 x7 (settings); writes one
 * register with function 16: 31006 buzzer, 32002 remote shutdown
 * (shutdown.return, and `-k` after the start-up reads, as master's main.c
 * runs it), 31000-31003 settings. As NUT's source, the battery bounds
 * double for a unit not rated 12 V.
 *
 * Deliberate differences: a fault code missing from NUT's table reads past
 * the table's end in NUT; here it is "[Generic fault]", as NUT intends.
 * SET of output.voltage.nominal writes the voltage register 31001 (NUT
 * master writes it to 31000, the frequency register it reads back).
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
  DriverVar,
} from "../../src/driver/types.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import type { ModbusClient } from "../../src/transport/modbus.ts";
import { LIBMODBUS_TIMEOUTS } from "../../src/transport/modbus.ts";
import { type ModbusOpener, openModbusRtuClient } from "./link.ts";

/** Fault codes (register 30021). */
export const MUST_FAULTS: Readonly<Record<number, string>> = {
  2: "[Inverter over temperature]",
  3: "[Battery voltage is too high]",
  4: "[Battery voltage is too low]",
  5: "[Output short circuited]",
  6: "[Inverter output voltage is high]",
  7: "[Overload]",
  11: "[Main relay failed]",
  41: "[Inverter grid voltage is low]",
  42: "[Inverter grid voltage is high]",
  43: "[Inverter grid under frequency]",
  44: "[Inverter grid over frequency]",
  45: "[AVR failed]",
  51: "[Inverter over current protection error]",
  58: "[Inverter output voltage is too low]",
  1: "[Fan is locked when inverter is off]",
  8: "[Inverter bus voltage is too high]",
  9: "[Bus soft start failed]",
  21: "[Inverter output voltage sensor error]",
  22: "[Inverter grid voltage sensor error]",
  23: "[Inverter output current sensor error]",
  24: "[Inverter grid current sensor error]",
  25: "[Inverter load current sensor error]",
  26: "[Inverter grid over current error]",
  27: "[Inverter radiator over temperature]",
  31: "[Solar charger battery voltage class error]",
  32: "[Solar charger current sensor error]",
  33: "[Solar charger current is uncontrollable]",
  52: "[Inverter bus voltage is too low]",
  53: "[Inverter soft start failed]",
  54: "[Over DC voltage in AC output]",
  56: "[Battery connection is open]",
  57: "[Inverter control current sensor error]",
  61: "[Fan is locked when inverter is on]",
  62: "[Fan2 is locked when inverter is on]",
  63: "[Battery is over-charged]",
  64: "[Low battery]",
  67: "[Overload]",
  70: "[Output power derating]",
  72: "[Solar charger stops due to low battery]",
  73: "[Solar charger stops due to high PV voltage]",
  74: "[Solar charger stops due to over load]",
  75: "[Solar charger over temperature]",
  76: "[PV charger communication error]",
  77: "[Parameter error]",
};

/** Work states (register 30002). */
const STATE = { INIT: 1, BACKUP: 3, LINE: 4, STOP: 5, POWER_OFF: 6, SOFT: 8 };

/** ups.conf variables. */
export const MUST_VARS: readonly DriverVar[] = [
  { name: "lowbatt", kind: "value", desc: "Low battery level (default 15)" },
];

const tenth = (v: number) => (v * 0.1).toFixed(1);

/** A must_ep2000pro instance. */
export class MustEp2000ProDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #open: ModbusOpener;
  #mb: ModbusClient | null = null;
  #low = 15;

  constructor(ctx: DriverContext, open: ModbusOpener = openModbusRtuClient) {
    this.ctx = ctx;
    this.#open = open;
  }

  async #read(addr: number, n: number): Promise<number[] | null> {
    try {
      return await this.#mb!.readHolding(addr, n);
    } catch (e) {
      this.ctx.log.error(
        `Read error: modbus_read_registers(addr:${addr}, count:${n}): ${
          (e as Error).message
        }`,
      );
      return null;
    }
  }

  async #write(addr: number, value: number): Promise<boolean> {
    try {
      await this.#mb!.writeRegisters(addr, [value & 0xffff]);
      return true;
    } catch (e) {
      this.ctx.log.error(
        `Write error: modbus_write_registers(addr:${addr}, nb: 1, val:${value}): ${
          (e as Error).message
        }`,
      );
      return false;
    }
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    if (this.#mb) return;
    const low = this.ctx.config.values.get("lowbatt");
    if (low !== undefined) {
      const n = parseInt(low, 10) || 0;
      if (n < 1 || n > 99) {
        throw new DriverFatalError(
          `Given value '${n}' of lowbatt is out of range (1-99)`,
        );
      }
      this.#low = n;
    }
    this.#mb = await this.#open(this.ctx.config.port, {
      serial: { speed: 9600, parity: "none", dataBits: 8, stopBits: 1 },
      timeouts: LIBMODBUS_TIMEOUTS,
      slave: 10,
    });
    const st = this.ctx.state;
    st.set("battery.charge.low", this.#low);
    st.set("ups.mfr", "MUST");
    st.set("ups.model", "EP2000Pro");
    const base = await this.#read(30000, 5);
    if (!base) {
      throw new DriverFatalError("failed to read base registers from UPS");
    }
    const conf = await this.#read(31000, 4);
    if (!conf) {
      throw new DriverFatalError("failed to read config registers from UPS");
    }
    st.set("ups.firmware", base[1]!);
    st.set("battery.voltage.nominal", base[3]!);
    st.set("ups.power.nominal", base[4]!);
    st.set("output.frequency.nominal", conf[0] ? 60 : 50);
    st.set("output.voltage.nominal", conf[1]!);
    st.set("battery.voltage.low", tenth(conf[2]!));
    st.set("battery.voltage.high", tenth(conf[3]!));
    for (const c of ["shutdown.return", "beeper.disable", "beeper.enable"]) {
      st.addCmd(c);
    }
    for (
      const v of [
        "output.frequency.nominal",
        "output.voltage.nominal",
        "battery.voltage.low",
        "battery.voltage.high",
      ]
    ) st.setFlags(v, ["RW"]);
    st.addEnum("output.frequency.nominal", "50");
    st.addEnum("output.frequency.nominal", "60");
    st.addEnum("output.voltage.nominal", "220");
    st.addEnum("output.voltage.nominal", "230");
  }

  /** upsdrv_updateinfo. */
  async update(): Promise<void> {
    const st = this.ctx.state;
    const b = await this.#read(30000, 25);
    const c = b && await this.#read(31000, 7);
    if (!b || !c) {
      st.dataStale();
      return;
    }
    const state = b[2]!;
    if (state < STATE.INIT || state > STATE.SOFT) {
      this.ctx.log.warn(`Unexpected UPS state: ${state}`);
      st.dataStale();
      return;
    }
    st.set("input.voltage", tenth(b[5]!));
    st.set("input.frequency", tenth(b[6]!));
    st.set("output.voltage", tenth(b[7]!));
    st.set("output.frequency", tenth(b[8]!));
    st.set("output.current", tenth(b[9]!));
    st.set("ups.power", b[10]!);
    st.set("ups.load", b[12]!);
    st.set("battery.voltage", tenth(b[14]!));
    st.set("battery.current", tenth(b[15]!));
    st.set("battery.charge", b[17]!);
    st.set("ups.temperature", b[18]!);
    st.set("battery.voltage.low", tenth(c[2]!));
    st.set("battery.voltage.high", tenth(c[3]!));
    st.set("ups.beeper.status", c[6] ? "disabled" : "enabled");
    const status: string[] = [], alarms: string[] = [];
    if (b[19]) status.push(b[19] === 1 ? "TRIM" : "BOOST");
    if (b[13]) {
      status.push("OVER");
      if (b[13] > 1) alarms.push("[OVERLOAD]");
    }
    if (state === STATE.BACKUP) status.push("OB");
    else if (state === STATE.LINE) status.push("OL");
    else if (state === STATE.STOP || state === STATE.POWER_OFF) {
      status.push("OFF");
    }
    if (b[17]! <= this.#low) status.push("LB");
    st.set(
      "battery.charger.status",
      state === STATE.BACKUP
        ? "discharging"
        : !b[24]
        ? "resting"
        : b[23]! < 2
        ? "charging"
        : "floating",
    );
    if (b[21]) alarms.push(MUST_FAULTS[b[21]] ?? "[Generic fault]");
    const al = b[22]!;
    if (al & 0x02) status.push("LB");
    if (al & 0x04) status.push("OVER");
    if (al & 0x08) status.push("HB");
    if (al & 0x10) alarms.push("[Parameter error]");
    st.setAlarms(alarms);
    st.setStatus(status);
    st.dataOk();
  }

  /** upsdrv_instcmd. */
  async instcmd(cmd: string): Promise<CommandResult> {
    const write = async (addr: number, v: number) =>
      await this.#write(addr, v) ? "handled" as const : "failed" as const;
    switch (cmd.toLowerCase()) {
      case "beeper.enable":
        return await write(31006, 0); // 1 silences it
      case "beeper.disable":
        return await write(31006, 1);
      case "shutdown.return":
        return await write(32002, 1);
      default:
        return "unknown";
    }
  }

  /** upsdrv_setvar. */
  async setvar(name: string, value: string): Promise<CommandResult> {
    const st = this.ctx.state;
    const dvar = async (n: string, addr: number, low: number, high: number) => {
      const val = parseFloat(value) || 0;
      const rate = st.tree.get("battery.voltage.nominal");
      if (rate !== undefined && rate !== "12") {
        low *= 2;
        high *= 2;
      }
      if (val < low || val > high) {
        this.ctx.log.warn(
          `${n} ${value} out of range: ${low.toFixed(1)}-${high.toFixed(1)}`,
        );
        return "failed" as const;
      }
      if (!await this.#write(addr, Math.trunc(val * 10))) return "failed";
      st.set(n, val.toFixed(1));
      return "handled" as const;
    };
    const ivar = async (
      n: string,
      reg: number,
      set: number,
      a: number,
      b: number,
    ) => {
      const i = parseInt(value, 10) || 0;
      if (i !== a && i !== b) {
        this.ctx.log.warn(`${n} ${i} out list of valid values: ${a}, ${b}`);
        return "failed" as const;
      }
      if (!await this.#write(reg, set)) return "failed";
      st.set(n, i);
      return "handled" as const;
    };
    const i = parseInt(value, 10) || 0;
    switch (name.toLowerCase()) {
      case "battery.voltage.low":
        return await dvar("battery.voltage.low", 31002, 10, 12);
      case "battery.voltage.high":
        return await dvar("battery.voltage.high", 31003, 13.8, 14.5);
      case "output.frequency.nominal":
        return await ivar(
          "output.frequency.nominal",
          31000,
          i === 50 ? 0 : 1,
          50,
          60,
        );
      case "output.voltage.nominal": // NUT master: 31000, a typo
        return await ivar("output.voltage.nominal", 31001, i, 220, 230);
      default:
        return "unknown";
    }
  }

  /** upsdrv_shutdown: shutdown.return. */
  async shutdown(): Promise<CommandResult> {
    await this.init();
    return await this.instcmd("shutdown.return");
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.#mb?.close();
    this.#mb = null;
    return Promise.resolve();
  }
}
