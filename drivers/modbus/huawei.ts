/**
 * huawei-ups2000: NUT 2.8.0's `huawei-ups2000` 0.02, Huawei UPS2000 (1-3
 * kVA) over RS-232 Modbus RTU (9600 8N1, unit 1, DTR and RTS low, replies
 * within a second). Start-up identifies the unit with a raw 0x2B/0x0E
 * request (`huawei_ident.ts`). Every read and write is tried three times a second apart, until one
 * gives up; then single tries until a success (register 12002, the
 * charger state, is also retried while it holds a value outside 2..5).
 * All writes use function 16. Tables: `huawei_tables.ts`.
 *
 * Deliberate differences: NUT (2.8.0, master) hands SET ups.delay.* to the
 * wrong setters (and crashes on ups.delay.start); here they set the delay.
 * NUT refuses bypass.start and the shutdown.return/reboot commands (and so
 * `-k`); here they run (see `huawei_commands.ts`).
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
import { ModbusClient, RtuLink } from "../../src/transport/modbus.ts";
import type { LineTransport } from "../../src/transport/mod.ts";
import { identifyUps2000 } from "./huawei_ident.ts";
import {
  UPS2000_ALARMS,
  UPS2000_CMDS,
  UPS2000_DELAYS,
  UPS2000_MODELS,
  UPS2000_STATUS,
  UPS2000_VARS,
} from "./huawei_tables.ts";
import { ups2000Command, ups2000Set } from "./huawei_commands.ts";

/** ups.conf variables. */
export const UPS2000_CONF_VARS: readonly DriverVar[] = [
  {
    name: "offdelay",
    kind: "value",
    desc: "Set shutdown delay, in seconds, 6-second step (default=60)",
  },
  {
    name: "rebootdelay",
    kind: "value",
    desc: "Set reboot delay, in seconds, 6-second step (default=60).",
  },
  {
    name: "ondelay",
    kind: "value",
    desc: "Set start delay, in seconds, 60-second step (default=60).",
  },
];

/** Opens the port (tests may pass their own). */
export type Ups2000PortOpener = (path: string) => Promise<LineTransport>;

async function openPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed: 9600 });
}

const INVALID = 0xffff;
const DELAY_DEFAULT = 60;
const ALARM_BASE = 40156;

/** printf("%.Nf", (float) raw / (float) scaling). */
export function ups2000Value(raw: number, scaling: number, decimals: number) {
  return Math.fround(raw / Math.fround(scaling)).toFixed(decimals);
}

/** A huawei-ups2000 instance. */
export class Ups2000Driver implements DriverInstance {
  readonly ctx: DriverContext;
  #openPort: Ups2000PortOpener;
  #port: LineTransport | null = null;
  #mb: ModbusClient | null = null;
  #pace: number;
  #retry = true;
  /** offdelay, rebootdelay, ondelay (0xFFFF until the first poll) */
  readonly delays = [INVALID, INVALID, INVALID];
  /** When shutdown/reboot/start are due (epoch seconds; 0: none). */
  readonly timers = { reboot: 0, shutdown: 0, start: 0 };
  /** No alarm in register 40161 (bypass input sane): bypass.start allowed. */
  bypassAvailable = true;
  #active = new Set<number>();

  /** `pace` scales the pauses and deadlines (tests pass a fraction). */
  constructor(
    ctx: DriverContext,
    open: Ups2000PortOpener = openPort,
    pace = 1,
  ) {
    this.ctx = ctx;
    this.#openPort = open;
    this.#pace = pace;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, ms * this.#pace));
  }

  /** upsdrv_initups: the port with DTR and RTS low, a Modbus client on it. */
  async initups(): Promise<void> {
    if (this.#mb) return;
    this.#port = await this.#openPort(this.ctx.config.port);
    await this.#port.setLines({ dtr: false, rts: false }).catch(() => {});
    this.#mb = new ModbusClient(
      new RtuLink(this.#port, {
        responseMs: 1000 * this.#pace,
        byteMs: 500 * this.#pace,
      }),
      1,
    );
  }

  /** ups2000_device_identification. */
  #identify(): Promise<string[]> {
    return identifyUps2000(
      this.#port!,
      this.ctx.config.port,
      this.#pace,
      this.ctx.log,
    );
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    await this.initups();
    const d = await this.#identify();
    const [model, fw, proto, esn] = [d[1]!, d[2]!, d[3]!, d[4]!];
    if (!UPS2000_MODELS.includes(model)) {
      throw new DriverFatalError(`Unknown UPS model ${model}`);
    }
    const st = this.ctx.state;
    st.set("device.mfr", "Huawei");
    st.set("device.type", "ups");
    st.set("device.model", model);
    st.set("device.serial", esn);
    st.set("ups.mfr", "Huawei");
    st.set("ups.model", model);
    st.set("ups.firmware", fw);
    st.set("ups.firmware.aux", proto);
    st.set("ups.serial", esn);
    st.set("ups.type", "online");
    for (const c of UPS2000_CMDS) st.addCmd(c);
  }

  /** ups2000_read_registers: holding registers with NUT's retries. */
  async read(addr: number, n: number): Promise<number[] | null> {
    let r: number[] | null = null;
    for (let i = 0; i < 3; i++) {
      try {
        r = await this.#mb!.readHolding(addr, n);
      } catch {
        r = null;
      }
      if (this.#retry && !r) {
        this.ctx.log.warn(
          `Register ${addr} has a read failure. Retrying...`,
        );
        await this.#sleep(1000);
        continue;
      } else if (r) this.#retry = true;
      const badCharger = addr === 12002 && r && (r[0]! < 2 || r[0]! > 5);
      if (this.#retry && badCharger) {
        this.ctx.log.info(
          "Battery status has a non-fatal read failure, it's usually harmless. Retrying... ",
        );
        await this.#sleep(1000);
        continue;
      }
      return r;
    }
    this.ctx.log.warn(`Register ${addr} has a fatal read failure.`);
    this.#retry = false;
    return r;
  }

  /** ups2000_write_registers (function 16), with the same retries. */
  async write(addr: number, values: number[]): Promise<boolean> {
    for (let i = 0; i < 3; i++) {
      let ok = true;
      try {
        await this.#mb!.writeRegisters(addr, values.map((v) => v & 0xffff));
      } catch {
        ok = false;
      }
      if (this.#retry && !ok) {
        this.ctx.log.warn(
          `Register ${addr} has a write failure. Retrying...`,
        );
        await this.#sleep(1000);
        continue;
      }
      if (ok) this.#retry = true;
      return ok;
    }
    this.ctx.log.warn(`Register ${addr} has a fatal write failure.`);
    this.#retry = false;
    return false;
  }

  /** ups.timer.*: seconds until the action a command scheduled, or -1. */
  #updateTimers(): void {
    for (const [t, at] of Object.entries(this.timers)) {
      const eta = Math.max(0, at - Math.floor(Date.now() / 1000));
      this.ctx.state.set(`ups.timer.${t}`, at ? eta : -1);
    }
  }

  /** ups2000_update_alarm: alarm texts and status words, or null on an error. */
  async updateAlarms(status: string[]): Promise<string[] | null> {
    const v = await this.read(ALARM_BASE + 1024, 27);
    if (!v) return null;
    const alarms: string[] = [];
    let total = 0;
    this.bypassAvailable = true;
    UPS2000_ALARMS.forEach((al, i) => {
      const on = (v[al.reg - ALARM_BASE]! & (1 << al.bit)) !== 0;
      if (on && al.reg === 40161) this.bypassAvailable = false;
      if (!on) {
        if (this.#active.delete(i)) {
          this.ctx.log.warn(
            `Cleared alarm ${pad(al.id)}, Cause ${pad(al.cause)}: ${al.name}`,
          );
        }
        return;
      }
      const text = `(ID ${pad(al.id)}/${pad(al.cause)}): ${al.name}!`;
      total += text.length;
      alarms.push(text);
      if (al.status) status.push(al.status);
      if (!this.#active.has(i)) {
        this.#active.add(i);
        this.ctx.log.warn(
          `${al.error ? "ERROR" : "WARNING"}: alarm ${pad(al.id)}, Cause ${
            pad(al.cause)
          }: ${al.name}!`,
        );
      }
    });
    if (!alarms.length) return alarms;
    const tail = "Check log for details!";
    if (total + tail.length + 1 > 256) {
      return [
        `UPS has ${alarms.length} alarms in effect, check log for details!`,
      ];
    }
    return [...alarms, tail];
  }

  /** ups2000_update_info; false on an error. */
  async #updateInfo(): Promise<boolean> {
    const pages = [
      await this.read(11000, 28),
      null as number[] | null,
      null as number[] | null,
    ];
    if (!pages[0]) return false;
    pages[1] = await this.read(12000, 34);
    if (!pages[1]) return false;
    const lone = await this.read(19009, 1);
    if (!lone) return false;
    pages[2] = [];
    pages[2][9] = lone[0]!;
    for (const v of UPS2000_VARS) {
      const page = v.reg === 9009 ? 2 : Math.floor(v.reg / 1000) - 1;
      const regs = pages[page]!, idx = v.reg % 1000;
      let raw = regs[idx]!;
      let invalid = raw === (v.type === "float" ? 0x7fff : 0xffff);
      if (v.type === "u32") {
        raw = (regs[idx]! * 65536) + regs[idx + 1]!;
        invalid = raw === 0xffffffff;
      }
      if (invalid) {
        this.ctx.log.error(
          `register ${v.reg} has invalid value ${raw.toString(16)},`,
        );
        return false;
      }
      this.ctx.state.set(v.name, ups2000Value(raw, v.scaling, v.decimals));
    }
    return true;
  }

  /** ups2000_update_status; false on an error. */
  async updateStatus(status: string[]): Promise<boolean> {
    for (const s of UPS2000_STATUS) {
      const r = await this.read(s.reg + 10000, 1);
      if (!r) return false;
      const val = r[0]!;
      if (val === INVALID) return false;
      let matched = 0;
      for (const f of s.flags) {
        if (
          (f.val !== undefined && f.val === val) ||
          (f.bit !== undefined && val & (1 << f.bit))
        ) {
          if (f.status) status.push(f.status);
          if (f.charger) {
            this.ctx.state.set("battery.charger.status", f.charger);
          }
          matched++;
        }
      }
      if (s.mustMatch && !matched) {
        this.ctx.log.error(
          `register ${s.reg} has invalid value ${val.toString(16)},`,
        );
        return false;
      }
    }
    return true;
  }

  /** ups2000_beeper_get: publishes ups.beeper.status; false on an error. */
  async beeperGet(): Promise<boolean> {
    const r = await this.read(11046, 1);
    if (!r || (r[0] !== 0 && r[0] !== 1)) return false;
    const st = this.ctx.state;
    // the register is "beeper disabled"
    st.set("ups.beeper.status", r[0] === 0 ? "enabled" : "disabled");
    st.setFlags("ups.beeper.status", ["RW"]);
    st.addEnum("ups.beeper.status", "enabled");
    st.addEnum("ups.beeper.status", "disabled");
    return true;
  }

  /** ups2000_delay_set: rounds up to the step; null when invalid. */
  delaySet(index: number, text: string): number | null {
    const d = UPS2000_DELAYS[index]!;
    if (!/^\d+$/.test(text) || Number(text) > 65535) return null;
    let delay = Number(text);
    if (delay > d.max) return null;
    if (delay < d.min) delay = d.min;
    if (delay % d.step) delay += d.step - delay % d.step;
    this.delays[index] = delay;
    return delay;
  }

  #delayGet(): void {
    const st = this.ctx.state;
    UPS2000_DELAYS.forEach((d, i) => {
      if (this.delays[i] === INVALID) {
        const conf = this.ctx.config.values.get(d.conf);
        if (conf === undefined || this.delaySet(i, conf) === null) {
          this.delays[i] = DELAY_DEFAULT;
        }
      }
      st.set(d.name, this.delays[i]!);
      st.setFlags(d.name, ["RW"]);
      st.addRange(d.name, d.min, d.max);
    });
  }

  /** upsdrv_updateinfo. */
  async update(): Promise<void> {
    const status: string[] = [];
    this.#updateTimers();
    let err = 0;
    const alarms = await this.updateAlarms(status);
    if (!alarms) err++;
    if (!await this.#updateInfo()) err++;
    if (!await this.updateStatus(status)) err++;
    if (await this.beeperGet()) this.#delayGet();
    else err++;
    const st = this.ctx.state;
    if (err) {
      st.dataStale();
      return;
    }
    st.setAlarms(alarms!);
    st.setStatus(status);
    st.dataOk();
  }

  /** upsdrv_instcmd. */
  instcmd(cmd: string): Promise<CommandResult> {
    return ups2000Command(this, cmd.toLowerCase());
  }

  /** upsdrv_setvar. */
  setvar(name: string, value: string): Promise<CommandResult> {
    return ups2000Set(this, name.toLowerCase(), value);
  }

  /** upsdrv_shutdown: shutdown.reboot (delays from ups.conf or defaults). */
  async shutdown(): Promise<CommandResult> {
    await this.initups();
    this.#delayGet(); // NUT would send its 0xFFFF "not read yet" ondelay
    if (await this.instcmd("shutdown.reboot") !== "handled") {
      throw new DriverFatalError("upsdrv_shutdown failed!");
    }
    return "handled";
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.#mb?.close();
    this.#mb = null;
    this.#port = null;
    return Promise.resolve();
  }
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
