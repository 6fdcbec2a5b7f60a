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
import { publishConfig, publishLimits, publishOutlets } from "./blocks.ts";
import {
  decodeAnswer,
  instcmdPlan,
  setvarPlan,
  statusTokens,
} from "./commands.ts";
import {
  AUTHOR,
  BATTDATA,
  cFixed,
  CONFIG,
  decodeMeter,
  PW,
  RETURN,
  word,
} from "./protocol.ts";
import {
  ABM_STATUS,
  BATT_TEST,
  COMMANDS,
  EXT_VARS,
  METER,
  meterVariable,
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
    const a = await this.#cmd([PW.outletBlock]);
    if (!a) throw new Error("Could not communicate with the ups");
    return publishOutlets(a, this.ctx.state);
  }

  /** The configuration block (start-up also learns the status mask). */
  async #config(startup: boolean): Promise<void> {
    const a = await this.#cmd([PW.configBlock]);
    if (!a) {
      if (startup) throw new Error("Could not communicate with the ups");
      return;
    }
    if (startup) this.#topologyMask = a[CONFIG.hwModulesByte3] ?? 0;
    publishConfig(a, this.ctx.state, startup);
  }

  /** The extended limits block. */
  async #limits(startup: boolean): Promise<void> {
    const a = await this.#cmd([PW.limitBlock]);
    if (!a) {
      if (startup) throw new Error("Could not communicate with the ups");
      return;
    }
    publishLimits(a, this.ctx.state, this.ctx.log, startup, this.shutdownDelay);
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
    st.setStatus(
      statusTokens(s, this.#topologyMask, { onBattery, lowBattery, replace }),
    );
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

  /** decode_instcmd_exec; no answer marks the data stale. */
  #result(a: Uint8Array | undefined, cmd: string, ok: string): CommandResult {
    if (!a) {
      this.ctx.log.error(`[${cmd}] Short read from UPS`);
      this.ctx.state.dataStale();
      return "failed";
    }
    return decodeAnswer(a[0], cmd, ok, this.ctx.log);
  }

  async #command(name: string): Promise<CommandResult> {
    const plan = instcmdPlan(
      name,
      this.shutdownDelay,
      (n) =>
        parseInt(
          this.ctx.state.tree.get(`outlet.${n}.delay.shutdown`) ?? "3",
          10,
        ) || 0,
    );
    if (!plan) {
      this.ctx.log.notice(`instcmd: unknown command [${name}]`);
      return "unknown";
    }
    await this.#authorise();
    const a = await this.#cmd(plan.bytes);
    return this.#result(a, name, plan.message(a));
  }

  setvar(name: string, value: string): Promise<CommandResult> {
    return this.#exclusive(() => this.#set(name, value));
  }

  async #set(name: string, value: string): Promise<CommandResult> {
    const { authorise, plan } = setvarPlan(name, value, this.#outletBlockLen);
    if (authorise) await this.#authorise();
    if (!plan) return "invalid";
    const a = await this.#cmd(plan.bytes);
    return this.#result(a, name, plan.message(a));
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
