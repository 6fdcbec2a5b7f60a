/**
 * generic_modbus: NUT 2.8.0's `generic_modbus` 0.03, a UPS whose contacts
 * (on line/on battery, low battery, high battery, replace battery,
 * charging, discharging) are wired to a Modbus remote I/O, and a coil or
 * holding register that forces shutdown (load.off, optionally a pulse).
 *
 * A state is "1" when the bit, or the whole 16-bit register, is exactly 1
 * (0 with *_noro = 1). Fixed over NUT (2.8.0 and master): NUT masks a
 * register to its low byte (0x0101 counts as 1) and takes LB's register
 * type from OB_regtype; we compare the full register and read LB_regtype.
 * A read error leaves ups.status as it was and makes the data stale.
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
import {
  type LinkSettings,
  linkSettings,
  type ModbusOpener,
  openModbusClient,
  serialVars,
  strtol,
} from "./link.ts";

const SIGNALS = ["OL", "OB", "LB", "HB", "RB", "CHRG", "DISCHRG"] as const;
type Signal = typeof SIGNALS[number] | "FSD";
const ALL: readonly Signal[] = [...SIGNALS, "FSD"];

/** Register types as NUT numbers them (the *_regtype values). */
export const enum RegType {
  coil = 0,
  inputBit = 1,
  inputRegister = 2,
  holding = 3,
}

/** ups.conf variables (upsdrv_makevartable order). */
export const GENERIC_MODBUS_VARS: readonly DriverVar[] = [
  { name: "device_mfr", kind: "value", desc: "device manufacturer" },
  { name: "device_model", kind: "value", desc: "device model" },
  ...serialVars("rio_slave_id", "RIO modbus slave ID"),
  ...ALL.map((s): DriverVar => ({
    name: `${s}_addr`,
    kind: "value",
    desc: `modbus address for ${s} ${s === "FSD" ? "command" : "state"}`,
  })),
  ...ALL.map((s): DriverVar => ({
    name: `${s}_regtype`,
    kind: "value",
    desc: `modbus register type for ${s} ${s === "FSD" ? "command" : "state"}`,
  })),
  ...ALL.map((s): DriverVar => ({
    name: `${s}_noro`,
    kind: "value",
    desc: `NO/NC configuration for ${s} state`,
  })),
  { name: "FSD_pulse_duration", kind: "value", desc: "FSD pulse duration" },
];

/** One contact: address (-1 unused), register type, normally-open flag. */
export interface SignalAttr {
  addr: number;
  type: RegType;
  noro: 0 | 1;
}

/** get_config_vars' reading of the contacts. */
export function signalTable(
  values: ReadonlyMap<string, string>,
): Record<Signal, SignalAttr> {
  const out = {} as Record<Signal, SignalAttr>;
  for (const s of ALL) {
    const addr = values.has(`${s}_addr`)
      ? strtol(values.get(`${s}_addr`), 0)
      : -1;
    // OB's noro is read even without OB_addr; the others only with it
    const noroOk = values.has(`${s}_noro`) &&
      (s === "OB" || values.has(`${s}_addr`));
    const noro = noroOk && strtol(values.get(`${s}_noro`)) === 1 ? 1 : 0;
    const dflt = s === "FSD" ? RegType.coil : RegType.inputBit;
    let type = dflt;
    if (values.has(`${s}_regtype`)) {
      // each contact its own type (NUT: LB takes OB_regtype's, a typo)
      const t = strtol(values.get(`${s}_regtype`));
      type = t < 0 || t > 3 ? dflt : t;
    }
    out[s] = { addr, type, noro };
  }
  return out;
}

const FSD_REPEAT_CNT = 3, FSD_REPEAT_INTRV = 1500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A generic_modbus instance. */
export class GenericModbusDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #open: ModbusOpener;
  #mb: ModbusClient | null = null;
  #sig: Record<Signal, SignalAttr>;
  #settings: LinkSettings;
  #pulse: number;

  constructor(ctx: DriverContext, open: ModbusOpener = openModbusClient) {
    this.ctx = ctx;
    this.#open = open;
    const v = ctx.config.values;
    this.#sig = signalTable(v);
    this.#settings = linkSettings(ctx.config, "rio_slave_id", {
      serial: { speed: 9600, parity: "none", dataBits: 8, stopBits: 1 },
      timeouts: { responseMs: 200, byteMs: 50 },
      slave: 5,
    });
    this.#pulse = v.has("FSD_pulse_duration")
      ? strtol(v.get("FSD_pulse_duration"))
      : -1;
  }

  /** upsdrv_initups: open and connect. */
  async initups(): Promise<void> {
    if (this.#mb) return;
    this.#mb = await this.#open(this.ctx.config.port, this.#settings);
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    await this.initups();
    const v = this.ctx.config.values, st = this.ctx.state;
    st.set("device.mfr", v.get("device_mfr") ?? "UNKNOWN");
    st.set("device.model", v.get("device_model") ?? "unknown");
    if (this.#sig.FSD.addr !== -1) st.addCmd("load.off");
  }

  /** get_signal_state: the bit or the full register, or -1 on an error. */
  async #state(s: Signal): Promise<number> {
    const { addr, type } = this.#sig[s];
    try {
      const mb = this.#mb!;
      switch (type) {
        case RegType.coil:
          return (await mb.readCoils(addr, 1))[0]! & 0x0f;
        case RegType.inputBit:
          return (await mb.readDiscreteInputs(addr, 1))[0]! & 0x0f;
        // registers: the whole value (NUT keeps the low byte: 0x0101 is 1)
        case RegType.inputRegister:
          return (await mb.readInput(addr, 1))[0]!;
        default:
          return (await mb.readHolding(addr, 1))[0]!;
      }
    } catch (e) {
      this.ctx.log.error(
        `ERROR:(${(e as Error).message}) modbus_read: addr:0x${
          addr.toString(16)
        }, type:${
          ["COIL", "INPUT_B", "INPUT_R", "HOLDING"][type]!.padStart(8)
        }, path:${this.ctx.config.port}`,
      );
      return -1;
    }
  }

  /** upsdrv_updateinfo. */
  async update(): Promise<void> {
    const sig = this.#sig, st = this.ctx.state;
    const status: string[] = [], alarms: string[] = [];
    let errors = 0, online = -1;
    const on = async (s: Signal): Promise<boolean | null> => {
      const r = await this.#state(s);
      if (r === -1) {
        errors++;
        return null;
      }
      return r === (1 ^ sig[s].noro);
    };
    const used = (s: Signal) => sig[s].addr !== -1;
    const discharging = () => {
      status.push("DISCHRG");
      st.set("battery.charger.status", "discharging");
    };
    const mains = used("OL") ? "OL" : used("OB") ? "OB" : null;
    if (mains) {
      const r = await on(mains);
      if (r !== null) {
        online = (r ? mains === "OL" : mains === "OB") ? 1 : 0;
        status.push(online ? "OL" : "OB");
        if (!online && !used("DISCHRG")) discharging();
      }
    }
    if (used("HB")) {
      const r = await on("HB");
      if (r) {
        status.push("HB");
        st.set("battery.charger.status", "resting");
      } else if (r === false && errors === 0) {
        if (online === 1 && !used("CHRG")) {
          status.push("CHRG");
          st.set("battery.charger.status", "charging");
        } else if (online === 0 && !used("DISCHRG")) discharging();
      }
    }
    if (used("LB") && await on("LB")) {
      status.push("LB");
      alarms.push("Low Battery (Charge)");
    }
    if (used("RB") && await on("RB")) {
      status.push("RB");
      alarms.push("Replace Battery");
    }
    if (used("CHRG")) {
      if (await on("CHRG")) {
        status.push("CHRG");
        st.set("battery.charger.status", "charging");
      }
    } else if (used("DISCHRG") && await on("DISCHRG")) discharging();
    if (errors === 0) {
      st.setAlarms(alarms);
      st.setStatus(status);
      st.dataOk();
    } else {
      this.ctx.log.debug(2, `Communication errors: ${errors}`);
      st.dataStale();
    }
  }

  async #write(value: number): Promise<boolean> {
    const { addr, type } = this.#sig.FSD;
    try {
      if (type === RegType.coil) {
        await this.#mb!.writeCoil(addr, (value & 0x0f) !== 0);
      } else await this.#mb!.writeRegister(addr, value & 0xff);
      return true;
    } catch (e) {
      this.ctx.log.error(
        `ERROR:(${(e as Error).message}) modbus_write_register: addr:0x${
          addr.toString(16).padStart(8, "0")
        }, regtype: ${type}, path:${this.ctx.config.port}`,
      );
      return false;
    }
  }

  /** upscmd: load.off raises FSD (and drops it after the pulse). */
  async instcmd(cmd: string, arg?: string): Promise<CommandResult> {
    if (cmd.toLowerCase() !== "load.off") {
      this.ctx.log.notice(`instcmd: unknown command [${cmd}] [${arg}]`);
      return "unknown";
    }
    const fsd = this.#sig.FSD;
    if (
      fsd.addr === -1 ||
      (fsd.type !== RegType.coil && fsd.type !== RegType.holding)
    ) {
      this.ctx.log.notice(
        `load.off: failed (FSD address undefined or invalid register type)  [${cmd}] [${arg}]`,
      );
      return "failed";
    }
    const fail = () => {
      this.ctx.log.notice(
        `load.off: failed (communication error) [${cmd}] [${arg}]`,
      );
      return "failed" as const;
    };
    if (!await this.#write(1 ^ fsd.noro)) return fail();
    if (this.#pulse !== -1) {
      await sleep(Math.max(0, this.#pulse));
      if (!await this.#write(0 ^ fsd.noro)) return fail();
    }
    return "handled";
  }

  /** upsdrv_shutdown: load.off, retried three times after 0.5, 0.75, 1.5 s. */
  async shutdown(): Promise<CommandResult> {
    await this.initups();
    let r = await this.instcmd("load.off");
    for (let cnt = FSD_REPEAT_CNT; r !== "handled" && cnt > 0; cnt--) {
      await sleep(FSD_REPEAT_INTRV / cnt);
      r = await this.instcmd("load.off");
    }
    if (r !== "handled") throw new DriverFatalError("shutdown failed");
    this.ctx.log.info("shutdown command executed");
    return r;
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.#mb?.close();
    this.#mb = null;
    return Promise.resolve();
  }
}
