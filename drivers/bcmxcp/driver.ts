/**
 * bcmxcp as NUT 2.8.0 runs it, over any XCP port (serial or USB): start-up
 * reads the ID block (firmware, rating, phases, model, meter and alarm
 * maps, block sizes), the outlet, configuration and limits blocks, the
 * command list, topology, system test capabilities and the configurable
 * variables; each poll reads meters, alarms, status, battery, limits and
 * configuration. `-k` tries shutdown.return, then shutdown.stayoff.
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
  DriverVar,
} from "../../src/driver/types.ts";
import { ALARM, alarmName } from "./alarms.ts";
import { parseIdBlock } from "./idblock.ts";
import { CONF_SETTINGS } from "./settings.ts";
import {
  AUTHOR,
  BATTDATA,
  cFixed,
  CONFIG,
  decodeMeter,
  LIMITS,
  PW,
  RETURN,
  STATUS,
  word,
} from "./protocol.ts";
import {
  ABM_STATUS,
  BATT_TEST,
  COMMANDS,
  EXT_VARS,
  HORN,
  METER,
  meterVariable,
  OUTLET_STATUS,
  SYSTEM_TESTS,
  TOPOLOGY,
} from "./tables.ts";

/** ups.conf variables of bcmxcp (and bcmxcp_usb, which adds none of its own here). */
export const BCMXCP_VARS: readonly DriverVar[] = [
  {
    name: "shutdown_delay",
    kind: "value",
    desc: "Specify shutdown delay (seconds)",
  },
  {
    name: "baud_rate",
    kind: "value",
    desc: "Specify communication speed (ex: 9600)",
  },
];

/** The byte level under the driver. */
export interface XcpPort {
  /** command_sequence: send and read the answer (retries inside); undefined on failure. */
  command(bytes: readonly number[]): Promise<Uint8Array | undefined>;
  /** send_write_command without reading an answer (the authorisation code). */
  write(bytes: readonly number[]): Promise<void>;
  close(): Promise<void> | void;
}

/** Opens the port (pw_comm_setup / the USB open). */
export type XcpOpener = (ctx: DriverContext) => Promise<XcpPort>;

/** One XCP unit. */
export class BcmxcpDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #open: XcpOpener;
  #port: XcpPort | undefined;
  #sleep: (ms: number) => Promise<void>;
  #phases = 0;
  /** Meter number -> [format, offset in the meter block]. */
  #meters = new Map<number, [number, number]>();
  /** Alarm number -> index in the alarm block. */
  #alarms = new Map<number, number>();
  #commands = new Set<number>();
  #outletBlockLen = 0;
  #topologyMask = 0;
  shutdownDelay = 0;

  constructor(
    ctx: DriverContext,
    open: XcpOpener,
    sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
  ) {
    this.ctx = ctx;
    this.#open = open;
    this.#sleep = sleep;
  }

  async #cmd(bytes: readonly number[]): Promise<Uint8Array | undefined> {
    const r = await this.#port?.command(bytes);
    if (!r || !r.length) {
      this.ctx.log.warn(
        "Communications with UPS lost: Error executing command",
      );
      return undefined;
    }
    return r;
  }

  /** The authorisation code, then the pause the protocol asks for. */
  async #authorise(): Promise<void> {
    await this.#port?.write(AUTHOR);
    await this.#sleep(2000);
  }

  async initups(): Promise<void> {
    this.#port ??= await this.#open(this.ctx);
  }

  async init(): Promise<void> {
    await this.initups();
    const st = this.ctx.state;
    const sd = this.ctx.config.values.get("shutdown_delay");
    if (sd !== undefined) {
      const n = parseInt(sd, 10) || 0;
      if (n < 0) throw new Error(`Invalid setting for shutdown_delay: ${sd}`);
      this.shutdownDelay = n;
    } else this.shutdownDelay = 120;
    const a = await this.#cmd([PW.idBlock]);
    if (!a) throw new Error("Could not communicate with the ups");
    const id = parseIdBlock(a);
    if (id.firmware !== undefined) st.set("ups.firmware", id.firmware);
    st.set("ups.power.nominal", id.rating);
    this.#phases = id.phases;
    st.set("output.phases", id.phases);
    st.set("ups.mfr", "Eaton");
    st.set("ups.model", id.model);
    this.#meters = id.meters;
    this.#alarms = id.alarms;
    const topologyLen = id.topologyLen;
    const cmdListLen = id.commandListLen;
    this.#outletBlockLen = id.outletBlockLen;
    if (this.#outletBlockLen > 8) {
      if (this.#outletBlockLen > 255) {
        throw new Error(`outlet_block_len overflow: ${this.#outletBlockLen}`);
      }
      const n = await this.#outlets();
      for (let o = 1; o <= n; o++) {
        st.addCmd(`outlet.${o}.shutdown.return`);
        st.addCmd(`outlet.${o}.load.on`);
        st.addCmd(`outlet.${o}.load.off`);
      }
    }
    await this.#config(true);
    await this.#limits(true);
    const gotCommands = cmdListLen
      ? await this.#commandList(cmdListLen)
      : false;
    if (!gotCommands) {
      st.addCmd("shutdown.return");
      st.addCmd("shutdown.stayoff");
      st.addCmd("test.battery.start");
    }
    if (topologyLen) {
      const t = await this.#cmd([PW.topology]);
      if (!t) throw new Error("Could not communicate with the ups");
      const d = TOPOLOGY[word(t, 0)];
      if (d) st.set("ups.description", d);
    }
    if (this.#commands.has(PW.initSysTest)) await this.#systemTests();
    await this.#extVars();
  }

  async #outlets(): Promise<number> {
    const st = this.ctx.state;
    const a = await this.#cmd([PW.outletBlock]);
    if (!a) throw new Error("Could not communicate with the ups");
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

  /** The configuration block (start-up also learns the status mask and names). */
  async #config(startup: boolean): Promise<void> {
    const st = this.ctx.state;
    const a = await this.#cmd([PW.configBlock]);
    if (!a) {
      if (startup) throw new Error("Could not communicate with the ups");
      return;
    }
    if (startup) this.#topologyMask = a[CONFIG.hwModulesByte3] ?? 0;
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
  async #limits(startup: boolean): Promise<void> {
    const st = this.ctx.state;
    const a = await this.#cmd([PW.limitBlock]);
    if (!a) {
      if (startup) throw new Error("Could not communicate with the ups");
      return;
    }
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
      if (this.shutdownDelay > lowbatt) {
        this.ctx.log.warn(
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

  async #commandList(size: number): Promise<boolean> {
    const a = await this.#cmd([PW.commandList]);
    if (!a) return false;
    const n = a[0]!;
    if (n + 2 !== size) return false;
    for (let k = 0; k < n; k++) this.#commands.add(a[2 + k]!);
    for (const [byte, name] of [...COMMANDS].sort((x, y) => x[0] - y[0])) {
      if (this.#commands.has(byte)) this.ctx.state.addCmd(name);
    }
    return true;
  }

  async #systemTests(): Promise<void> {
    await this.#authorise();
    const a = await this.#cmd([PW.initSysTest, 0xff]);
    if (!a) {
      this.ctx.log.error("Short read from UPS");
      return;
    }
    if (a[0] !== RETURN.accepted) return;
    for (let k = 3; k < a.length; k++) {
      const name = SYSTEM_TESTS[a[k]!];
      if (name) this.ctx.state.addCmd(name);
    }
  }

  async #extVars(): Promise<void> {
    const st = this.ctx.state;
    await this.#authorise();
    const a = await this.#cmd([PW.setConf, 0xff, 0, 0]);
    if (!a) throw new Error("Could not communicate with the ups");
    if (a.length < 4) return;
    for (let k = 3; k < a.length; k++) {
      const v = EXT_VARS[a[k]!];
      if (v === "beeper") {
        for (const c of ["beeper.disable", "beeper.enable", "beeper.mute"]) {
          st.addCmd(c);
        }
      } else if (v) {
        st.set(v[0], 0);
        st.setFlags(v[0], ["RW", "STRING"]);
        st.setAux(v[0], v[1]);
      }
    }
  }

  /** One exchange at a time: upsd's commands wait for the poll (NUT is single-threaded). */
  #lock: Promise<unknown> = Promise.resolve();

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(fn);
    this.#lock = run.catch(() => {});
    return run;
  }

  update(): Promise<void> {
    return this.#exclusive(() => this.#poll());
  }

  instcmd(name: string): Promise<CommandResult> {
    return this.#exclusive(() => this.#command(name));
  }

  async #poll(): Promise<void> {
    const st = this.ctx.state;
    const log = this.ctx.log;
    const m = await this.#cmd([PW.meterBlock]);
    if (!m) {
      log.error("Short read from UPS");
      st.dataStale();
      return;
    }
    let hasLoad = false;
    for (
      const [n, [format, at]] of [...this.#meters].sort((x, y) => x[0] - y[0])
    ) {
      const name = meterVariable(n, this.#phases);
      if (!name) continue;
      st.set(name, decodeMeter(m, at, format));
      if (name === "ups.load") hasLoad = true;
    }
    if (!hasLoad) {
      const load = this.#calculatedLoad(m);
      if (load >= 0) st.set("ups.load", cFixed(load, 5, 1));
    }
    if (this.#outletBlockLen > 8) await this.#outlets();
    const al = await this.#cmd([PW.curAlarm]);
    if (!al) {
      log.error("Short read from UPS");
      st.dataStale();
      return;
    }
    let onBattery = false, lowBattery = false, replace = false;
    const active: string[] = [];
    for (const [n, at] of [...this.#alarms].sort((x, y) => x[0] - y[0])) {
      const name = alarmName(n);
      if (!name || !(al[at]! > 0)) continue;
      active.push(name);
      if (n === ALARM.upsOnBattery) onBattery = true;
      else if (n === ALARM.batteryLow) lowBattery = true;
      else if (n === ALARM.batteryTestFailed) replace = true;
      else if (n === ALARM.batteryNeedsService) replace = true;
    }
    st.setAlarms(active);
    const s = await this.#cmd([PW.status]);
    if (!s) {
      log.error("Short read from UPS");
      st.dataStale();
      return;
    }
    const tokens: string[] = [];
    const put = (t: string) => {
      if (!tokens.includes(t)) tokens.push(t);
    };
    switch (s[0]) {
      case STATUS.online:
        put("OL");
        break;
      case STATUS.onBattery:
        if (!onBattery) put("OB");
        break;
      case STATUS.overload:
        put("OL");
        put("OVER");
        break;
      case STATUS.trim:
        put("OL");
        put("TRIM");
        break;
      case STATUS.boost1:
      case STATUS.boost2:
        put("OL");
        put("BOOST");
        break;
      case STATUS.bypass:
        put("OL");
        put("BYPASS");
        break;
      case STATUS.off:
        put("OFF");
        break;
      default:
        put("OL");
    }
    const topology = (s[1] ?? 0) & this.#topologyMask;
    if ((topology & 0x20) && !lowBattery) put("LB");
    if (onBattery) put("OB");
    if (lowBattery) put("LB");
    // 2.8.0 latched RB for good once seen (fixed upstream in 9e48aa07)
    if (replace) put("RB");
    st.setStatus(tokens);
    const b = await this.#port!.command([PW.battery]);
    if (b && b.length) {
      const result = BATT_TEST[b[BATTDATA.testStatus]!];
      if (result) st.set("ups.test.result", result);
      const strings = b[BATTDATA.numberOfStrings] ?? 0;
      const abm = b[BATTDATA.numberOfStrings + strings + 2] ?? 0;
      if (abm >= 1 && abm < 5) {
        st.set("battery.charger.status", ABM_STATUS[abm - 1]!);
      }
    }
    await this.#limits(false);
    await this.#config(false);
    st.dataOk();
  }

  #calculatedLoad(m: Uint8Array): number {
    const pair = (a: number, b: number) => {
      const x = this.#meters.get(a), y = this.#meters.get(b);
      if (!x || !y) return undefined;
      return [
        parseFloat(decodeMeter(m, x[1], x[0])) || 0,
        parseFloat(decodeMeter(m, y[1], y[0])) || 0,
      ];
    };
    const p = pair(METER.outputVa, METER.outputVaBarChart) ??
      pair(METER.loadCurrentA, METER.loadCurrentABarChart);
    if (!p || !(p[1]! > 0)) return -Infinity;
    return Math.fround(100 * Math.fround(p[0]! / p[1]!));
  }

  /** decode_instcmd_exec. */
  #result(a: Uint8Array | undefined, cmd: string, ok: string): CommandResult {
    const log = this.ctx.log;
    if (!a) {
      log.error(`[${cmd}] Short read from UPS`);
      this.ctx.state.dataStale();
      return "failed";
    }
    switch (a[0]) {
      case RETURN.accepted:
        log.notice(`[${cmd}] ${ok}`);
        return "handled";
      case RETURN.acceptedAdjusted:
        log.notice(`[${cmd}] Parameter adjusted`);
        log.notice(`[${cmd}] ${ok}`);
        return "handled";
      case RETURN.busy:
        log.notice(`[${cmd}] Busy or disbled by front panel`);
        return "failed";
      case RETURN.unrecognised:
        log.notice(`[${cmd}] Unrecognised command byte or corrupt checksum`);
        return "failed";
      case RETURN.invalid:
        log.notice(`[${cmd}] Invalid parameter`);
        return "invalid";
      case RETURN.outOfRange:
        log.notice(`[${cmd}] Parameter out of range`);
        return "invalid";
      default:
        log.notice(`[${cmd}] Not supported`);
        return "invalid";
    }
  }

  async #command(name: string): Promise<CommandResult> {
    const c = name.toLowerCase();
    const simple: Record<string, [number[], string]> = {
      "shutdown.return": [
        [
          PW.loadOffRestart,
          this.shutdownDelay & 0xff,
          (this.shutdownDelay >> 8) & 0xff,
        ],
        "",
      ],
      "shutdown.stayoff": [[PW.upsOff], "Going down NOW"],
      "load.on": [[PW.upsOn], "Enabling"],
      "bypass.start": [[PW.goToBypass], "Bypass enabled"],
      "test.battery.start": [
        [PW.initBatTest, 0x0a, 0x1e],
        "Testing battery now",
      ],
      "test.system.start": [[PW.initSysTest, 0x01], "Testing system now"],
      "test.panel.start": [[PW.initSysTest, 0x04, 0x0a], "Testing panel now"],
      "beeper.disable": [[PW.setConf, 0x06, 0, 0], "Beeper status changed"],
      "beeper.enable": [[PW.setConf, 0x06, 1, 0], "Beeper status changed"],
      "beeper.mute": [[PW.setConf, 0x06, 2, 0], "Beeper status changed"],
    };
    const hit = simple[c];
    if (hit) {
      await this.#authorise();
      const a = await this.#cmd(hit[0]);
      const msg = c === "shutdown.return"
        ? `Going down in ${((a?.[3] ?? 0) << 8) + (a?.[2] ?? 0)} sec`
        : hit[1];
      return this.#result(a, name, msg);
    }
    const m = /^outlet\.([1-9])\.(shutdown\.return|load\.on|load\.off)$/.exec(
      c,
    );
    if (m) {
      const n = parseInt(m[1]!, 10);
      await this.#authorise();
      if (m[2] === "shutdown.return") {
        let delay = parseInt(
          this.ctx.state.tree.get(`outlet.${n}.delay.shutdown`) ?? "3",
          10,
        ) || 0;
        if (delay === -1) delay = this.shutdownDelay;
        const a = await this.#cmd([
          PW.loadOffRestart,
          delay & 0xff,
          (delay >> 8) & 0xff,
          n,
        ]);
        return this.#result(
          a,
          name,
          `Going down in ${((a?.[3] ?? 0) << 8) + (a?.[2] ?? 0)} sec`,
        );
      }
      const on = m[2] === "load.on";
      const a = await this.#cmd([on ? PW.upsOn : PW.upsOff, n]);
      return this.#result(a, name, `Outlet ${n} is  ${on ? "On" : "Off"}`);
    }
    this.ctx.log.notice(`instcmd: unknown command [${name}]`);
    return "unknown";
  }

  setvar(name: string, value: string): Promise<CommandResult> {
    return this.#exclusive(() => this.#set(name, value));
  }

  async #set(name: string, value: string): Promise<CommandResult> {
    const n = name.toLowerCase();
    const num = parseInt(value, 10) || 0;
    const conf = CONF_SETTINGS[n];
    if (conf) {
      const [code, min, max, wide, msg] = conf;
      await this.#authorise();
      if (num < min || num > max) return "invalid";
      const a = await this.#cmd([
        PW.setConf,
        code,
        num & 0xff,
        wide ? (num >> 8) & 0xff : 0,
      ]);
      return this.#result(a, name, msg(num));
    }
    const m = /^outlet\.(.)\.delay\.(start|shutdown)$/.exec(n);
    if (m) {
      if (this.#outletBlockLen <= 8) return "invalid";
      await this.#authorise();
      const outlet = m[1]!.charCodeAt(0) - 0x30;
      if (outlet < 1 || outlet > 9) return "invalid";
      if (num < -1 || num > 0x7fff) return "invalid";
      const start = m[2] === "start";
      const a = await this.#cmd([
        PW.setOutlet,
        start ? 2 : 1,
        outlet,
        num & 0xff,
        (num >> 8) & 0xff,
      ]);
      return this.#result(
        a,
        name,
        `Outlet ${outlet} ${m[2]} delay set to ${num} sec`,
      );
    }
    return "invalid";
  }

  /** `-k`: shutdown.return, else shutdown.stayoff (the delay is 0 here, as in 2.8.0). */
  async shutdown(): Promise<CommandResult> {
    if ((await this.instcmd("shutdown.return")) === "handled") return "handled";
    if ((await this.instcmd("shutdown.stayoff")) === "handled") {
      return "handled";
    }
    this.ctx.log.error("Shutdown failed!");
    return "failed";
  }

  async close(): Promise<void> {
    await this.#port?.close();
    this.#port = undefined;
  }
}
