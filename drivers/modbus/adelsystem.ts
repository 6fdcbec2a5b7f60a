/**
 * adelsystem_cbi: NUT 2.8.0's `adelsystem_cbi` 0.01, ADELSYSTEM CB/CBI
 * DC-UPS over Modbus (RTU for a "/dev/tty…" path, else TCP; 9600 8N1,
 * unit 5, 200 ms / 50 ms deadlines). Each poll reads the 120 holding
 * registers 40001.. in one request (function 3 at 0) and decodes them;
 * load.off (and `-k`, retried as generic_modbus) writes 1 to 40041.
 *
 * Fixed over NUT (2.8.0 and master do the same): NUT looks ups.model up
 * before the first read, so it is always the table's fallback "CB4810A";
 * here it is the product code read (40068) at each poll. NUT reads the
 * battery status alarms twice where its comment says "battery temperature"
 * and never reads the temperature sensor register (40044) whose alarms it
 * defines; here the sensor alarms come from 40044 and the battery status
 * alarms (all six bits; NUT counts four) once. NUT's onboard temperature
 * list is counted as four entries for one, running on into the battery
 * status alarms; here it is one, and it clears when the register does.
 * "shutdown requested" and "input voltage low" are bits, as the others
 * (NUT needs the whole register to equal the bit, missing FSD when the
 * mains are also out). Out-of-range charger or power states keep the last
 * known one.
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
import {
  type LinkSettings,
  linkSettings,
  type ModbusOpener,
  openModbusClient,
  serialVars,
} from "./link.ts";

/** Register offsets from 40001 (NUT's devreg enumeration). */
export const ADEL_REG = {
  CHRG: 4,
  PMNG: 5,
  BATV: 7,
  LVDC: 10,
  BCEF: 18,
  LCUR: 19,
  BSOC: 22,
  BTMP: 25,
  OTMP: 28,
  VAC: 29,
  BSTA: 31,
  SCSH: 32,
  BVAL: 34,
  FSD: 40,
  DEVF: 42,
  BTSF: 43,
  VACA: 44,
  MAIN: 45,
  OBTA: 46,
  PRDN: 67,
  TBUF: 103,
} as const;

/** Product codes (NUT searches only the first ten, then takes the last). */
export const ADEL_MODELS: ReadonlyArray<[number, string]> = [
  [1, "CBI1235A"],
  [2, "CBI2420A"],
  [3, "CBI4810A"],
  [4, "CBI2801224"],
  [7, "CBI480W"],
  [8, "CB122410A"],
  [9, "CB480W"],
  [11, "CB12245AJ"],
  [12, "CB1235A"],
  [13, "CB2420A"],
  [14, "CB4810A"],
];

const CHARGER = ["none", "resting", "charging", "charging", "floating"];
/** Bit-mask alarms: register, [mask, text] in NUT's order. */
const MASKS: Record<string, ReadonlyArray<[number, string]>> = {
  BTSF: [
    [0x01, "battery temp sensor connection fault"],
    [0x02, "battery temp sensor not connected"],
  ],
  BSTA: [ // all six (NUT counts four)
    [0x01, "battery reversed polarity"],
    [0x02, "battery not connected"],
    [0x04, "battery cell short circuit"],
    [0x08, "battery sulphated"],
    [0x10, "battery chemistry not supported"],
    [0x20, "battery connection fault"],
  ],
  DEVF: [
    [0x01, "UPS rectifier failure"],
    [0x06, "UPS internal failure"],
    [0x08, "UPS lifetest not available"],
  ],
  SCSH: [
    [0x01, "battery high internal resistance"],
    [0x02, "battery low charge efficiency"],
    [0x04, "battery low effective capacity"],
    [0x40, "battery low state of charge"],
  ],
};

/** ups.conf variables (upsdrv_makevartable). */
export const ADEL_VARS = serialVars("dev_slave_id", "device modbus slave ID");

const FSD_REPEAT_CNT = 3, FSD_REPEAT_INTRV = 1500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const volts = (mv: number) => mv ? (mv / 1000).toFixed(2) : "0.00";

/** The product name of a code ("unknown" outside the table). */
export function adelModel(code: number): string {
  return ADEL_MODELS.find(([v]) => v === code)?.[1] ?? "unknown";
}

/** An adelsystem_cbi instance. */
export class AdelsystemDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #open: ModbusOpener;
  #mb: ModbusClient | null = null;
  #settings: LinkSettings;
  #charger = { state: 0, info: "none" };
  #power = 0;

  constructor(ctx: DriverContext, open: ModbusOpener = openModbusClient) {
    this.ctx = ctx;
    this.#open = open;
    this.#settings = linkSettings(ctx.config, "dev_slave_id", {
      serial: { speed: 9600, parity: "none", dataBits: 8, stopBits: 1 },
      timeouts: { responseMs: 200, byteMs: 50 },
      slave: 5,
    });
  }

  /** upsdrv_initups. */
  async initups(): Promise<void> {
    if (this.#mb) return;
    this.#mb = await this.#open(this.ctx.config.port, this.#settings);
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    await this.initups();
    const st = this.ctx.state;
    st.set("device.mfr", "ADELSYSTEM");
    st.set("device.model", "CBI2801224A");
    st.set("device.type", "DC-UPS");
    st.addCmd("load.off");
  }

  /** upsdrv_updateinfo. */
  async update(): Promise<void> {
    const st = this.ctx.state;
    let regs: number[];
    try {
      regs = await this.#mb!.readHolding(0, 120);
    } catch (e) {
      this.ctx.log.error(
        `ERROR:(${
          (e as Error).message
        }) modbus_read: addr:0x40000, length:     120, path:${this.ctx.config.port}`,
      );
      st.dataStale();
      return;
    }
    const r = (k: keyof typeof ADEL_REG) => regs[ADEL_REG[k]]!;
    const status: string[] = [], alarms: string[] = [];
    const masks = (k: string, v: number) => {
      for (const [m, text] of MASKS[k]!) if (v & m) alarms.push(text);
    };
    const main = r("MAIN");
    if (main & 1) {
      status.push("OB");
      alarms.push("input voltage not available");
    } else status.push("OL");
    if (main & 2) {
      status.push("FSD");
      alarms.push("ups shutdown requested");
    }
    const bval = r("BVAL");
    if (bval & 2) {
      status.push("LB");
      alarms.push("battery low voltage");
    }
    if (bval & 1) {
      status.push("HB");
      alarms.push("battery high voltage");
    }
    if (bval & 4) alarms.push("battery start with battery flat");
    st.set("battery.voltage", volts(r("BATV")));
    const chrg = r("CHRG");
    if (chrg <= 4) this.#charger = { state: chrg, info: CHARGER[chrg]! };
    if (this.#charger.state === 2 || this.#charger.state === 3) {
      status.push("CHRG");
    }
    st.set("battery.charger.status", this.#charger.info);
    if (r("PMNG") <= 3) this.#power = r("PMNG");
    if (this.#power === 0) {
      status.push("DISCHRG");
      st.set("battery.charger.status", "discharging");
    }
    if (this.#power === 2) status.push("BOOST");
    const soc = r("BSOC");
    st.set(
      "battery.charge",
      soc ? (soc * Math.fround(0.1)).toFixed(2) : "0.00",
    );
    const vaca = r("VACA");
    if (vaca & 1) alarms.push("input voltage high alarm");
    if (vaca & 2) alarms.push("input voltage low alarm");
    st.set("input.voltage", r("VAC"));
    if (r("OBTA") === 1) alarms.push("onboard temperature high");
    st.set("ups.temperature", (r("OTMP") - 273.15).toFixed(2));
    masks("BTSF", r("BTSF"));
    st.set("battery.temperature", (r("BTMP") - 273.15).toFixed(2));
    st.set("battery.runtime", r("TBUF"));
    masks("DEVF", r("DEVF"));
    masks("SCSH", r("SCSH"));
    masks("BSTA", r("BSTA"));
    st.set("ups.model", adelModel(r("PRDN")));
    st.set("output.voltage", volts(r("LVDC")));
    st.set("output.current", volts(r("LCUR")));
    st.setAlarms(alarms);
    st.setStatus(status);
    st.dataOk();
  }

  /** upscmd: load.off writes 1 to the force-shutdown register. */
  async instcmd(cmd: string, arg?: string): Promise<CommandResult> {
    if (cmd.toLowerCase() !== "load.off") {
      this.ctx.log.notice(`instcmd: unknown command [${cmd}] [${arg}]`);
      return "unknown";
    }
    try {
      await this.#mb!.writeRegister(ADEL_REG.FSD, 1);
      return "handled";
    } catch (e) {
      this.ctx.log.notice(
        `load.off: failed (communication error) [${cmd}] [${arg}] (${
          (e as Error).message
        })`,
      );
      return "failed";
    }
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
