/**
 * belkinunv: NUT 2.8.0's `belkinunv` 0.08 (Belkin "Universal UPS" units,
 * 2400 bps, registers over unv_link.ts). Start-up reads the ratings,
 * limits and settings (the writable ones with their enumerations); a poll
 * reads status, battery status and output volts (any failure: stale),
 * then the rest. NUT keeps input volts min/max itself. `-x wait[=level]`
 * is NUT's standalone mode (unv_wait.ts); `-k` sets a 10-minute restart
 * and a 1-second shutdown timer.
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
  DriverVar,
} from "../../src/driver/types.ts";
import { InstanceStartError } from "../../src/driver/instance.ts";
import type { LineTransport } from "../../src/transport/mod.ts";
import { fixedC } from "../qx/item.ts";
import { wakeSmartMode } from "./link.ts";
import { REG, UnvLink } from "./unv_link.ts";
import { belkinWait } from "./unv_wait.ts";

/** ups.conf variables of belkinunv (upsdrv_makevartable). */
export const UNV_VARS: readonly DriverVar[] = [
  { name: "wait", kind: "flag", desc: "Wait for AC power                  " },
  { name: "wait", kind: "value", desc: "Wait for AC power and battery level" },
  { name: "nohang", kind: "flag", desc: "In wait mode: quit if UPS dead     " },
  { name: "flash", kind: "flag", desc: "In wait mode: do brief shutdown    " },
  { name: "silent", kind: "flag", desc: "In wait mode: suppress status line " },
  {
    name: "dumbterm",
    kind: "flag",
    desc: "In wait mode: simpler status line  ",
  },
];

/** Opens the port (tests pass their own). */
export type UnvPortOpener = (path: string) => Promise<LineTransport>;

async function openSerialPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed: 2400 });
}

const UPSTYPE = ["ONLINE", "OFFLINE", "LINEINT"];
const VOLTSENS = ["normal", "medium", "low"];
const TESTSTATUS = [
  "no test performed",
  "test passed",
  "test failed",
  "test failed",
  "test aborted",
  "test in progress",
];
const US = { acFail: 0x1, overload: 0x10, overheat: 0x40, fault: 0x80 };
const BS = {
  low: 0x4,
  charging: 0x10,
  onBattery: 0x20,
  depleted: 0x40,
  replace: 0x80,
};

const beeper = (v: number) =>
  v === 1 ? "disabled" : v & 1 ? "muted" : "enabled";
const pick = (t: string[], v: number) => (v >= 0 && v < t.length ? t[v]! : "?");
const tenth = (v: number) => fixedC(0.1 * v, 1);

function atoi(s: string): number {
  const m = /^\s*[+-]?\d+/.exec(s);
  return m ? parseInt(m[0], 10) : 0;
}

/** What each instant command writes: [register, value] pairs. */
const CMDS: Readonly<Record<string, ReadonlyArray<readonly [number, number]>>> =
  Object.freeze({
    "test.failure.start": [[REG.testStatus, 2]],
    "test.failure.stop": [[REG.testStatus, 3]],
    "test.battery.start": [[REG.testStatus, 1]],
    "test.battery.stop": [[REG.testStatus, 3]],
    "beeper.disable": [[REG.alarmStatus, 1]],
    "beeper.enable": [[REG.alarmStatus, 2]],
    "beeper.mute": [[REG.alarmStatus, 3]],
    "shutdown.stayoff": [[REG.restartTimer, 0], [REG.shutdownTimer, 1]],
    "shutdown.reboot": [[REG.restartTimer, 2], [REG.shutdownTimer, 1]],
    "shutdown.reboot.graceful": [[REG.restartTimer, 2], [
      REG.shutdownTimer,
      40,
    ]],
  });

/** Prints wait-mode lines (stdout in the binary). */
export type Printer = (text: string) => void;

const stdout: Printer = (t) => {
  Deno.stdout.writeSync(new TextEncoder().encode(t));
};

/** A belkinunv instance. */
export class UnvDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #open: UnvPortOpener;
  #pace: number;
  #print: Printer;
  #line: LineTransport | null = null;
  #link: UnvLink | null = null;
  #minutil = -1;
  #maxutil = -1;
  #busy: Promise<unknown> = Promise.resolve();

  /** `pace` scales pauses and timeouts (tests pass small ones). */
  constructor(
    ctx: DriverContext,
    open = openSerialPort,
    pace = 1,
    print = stdout,
  ) {
    this.ctx = ctx;
    this.#open = open;
    this.#pace = pace;
    this.#print = print;
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#busy.then(fn, fn);
    this.#busy = run.catch(() => {});
    return run;
  }

  /** upsdrv_initups: `-x wait` runs the standalone mode and exits. */
  async initups(): Promise<void> {
    if (this.#line) return;
    const c = this.ctx.config;
    if (c.values.has("wait") || c.flags.has("wait")) {
      const code = await belkinWait(
        this.ctx,
        this.#open,
        this.#print,
        this.#pace,
      );
      // NUT exits here with belkin_wait's code
      throw new InstanceStartError("", code);
    }
    this.#line = await this.#open(c.port);
    this.#link = new UnvLink(this.#line, this.#pace);
    await wakeSmartMode(this.#line, this.#pace);
  }

  async #int(reg: number): Promise<number> {
    const v = await this.#link!.readInt(reg);
    if (v === -1 && this.#link!.error) this.ctx.log.error(this.#link!.error);
    return v;
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    await this.initups();
    const st = this.ctx.state;
    const setInt = async (reg: number, name: string) => {
      const v = await this.#int(reg);
      if (v !== -1) st.set(name, String(v));
    };
    await setInt(REG.voltRating, "input.voltage.nominal");
    await setInt(REG.freqRating, "input.frequency.nominal");
    await setInt(REG.powerRating, "ups.power.nominal");
    await setInt(REG.batVoltRating, "battery.voltage.nominal");
    const loMax = await this.#int(REG.xferLoMax);
    const loMin = await this.#int(REG.xferLoMin);
    const hiMax = await this.#int(REG.xferHiMax);
    const hiMin = await this.#int(REG.xferHiMin);
    const model = await this.#link!.readStr(REG.upsModel);
    if (model !== null) st.set("ups.model", model);
    let v = await this.#int(REG.firmware);
    if (v !== -1) {
      st.set("ups.firmware", String((v >> 4) & 0xf));
      st.set("ups.type", UPSTYPE[(v & 0x0f) % 3]!);
    }
    v = await this.#int(REG.voltSens);
    if (v !== -1) {
      st.set("input.sensitivity", pick(VOLTSENS, v));
      st.setFlags("input.sensitivity", ["RW"]);
      for (const e of VOLTSENS) st.addEnum("input.sensitivity", e);
    }
    v = await this.#int(REG.alarmStatus);
    if (v !== -1) {
      st.set("ups.beeper.status", beeper(v));
      st.setFlags("ups.beeper.status", ["RW"]);
      for (const e of ["enabled", "disabled", "muted"]) {
        st.addEnum("ups.beeper.status", e);
      }
    }
    for (
      const [reg, name, min, max] of [
        [REG.xferLo, "input.transfer.low", loMin, loMax],
        [REG.xferHi, "input.transfer.high", hiMin, hiMax],
      ] as const
    ) {
      v = await this.#int(reg);
      if (v === -1) continue;
      st.set(name, String(v));
      st.setFlags(name, ["RW"]);
      if (min !== -1 && max !== -1) {
        for (let i = min; i <= max; i++) st.addEnum(name, String(i));
      }
    }
    for (
      const c of [...Object.keys(CMDS).slice(0, 7), "beeper.on", "beeper.off"]
    ) {
      st.addCmd(c);
    }
    for (
      const c of [
        "shutdown.stayoff",
        "shutdown.reboot",
        "shutdown.reboot.graceful",
        "reset.input.minmax",
      ]
    ) st.addCmd(c);
  }

  /** upsdrv_updateinfo. */
  update(): Promise<void> {
    return this.#exclusive(() => this.#update());
  }

  async #update(): Promise<void> {
    const st = this.ctx.state;
    const us = await this.#int(REG.upsStatus);
    const bs = await this.#int(REG.batStatus);
    const ov = await this.#int(REG.outputVolt);
    if (us === -1 || bs === -1 || ov === -1) {
      this.ctx.log.error("Cannot read from UPS");
      st.dataStale();
      return;
    }
    st.set("output.voltage", tenth(ov));
    const s: string[] = [bs & BS.onBattery ? "OB" : ov > 0 ? "OL" : "OFF"];
    if (us & US.acFail) s.push("ACFAIL");
    if (us & US.overload) s.push("OVER");
    if (us & US.overheat) s.push("OVERHEAT");
    if (us & US.fault) s.push("COMMFAULT");
    if (bs & BS.low) s.push("LB");
    if (bs & BS.charging) s.push("CHRG");
    if (bs & BS.depleted) s.push("DEPLETED");
    if (bs & BS.replace) s.push("RB");
    st.setStatus(s);
    const each = async (reg: number, fn: (v: number) => void) => {
      const v = await this.#int(reg);
      if (v !== -1) fn(v);
    };
    await each(REG.xferLo, (v) => st.set("input.transfer.low", String(v)));
    await each(REG.xferHi, (v) => st.set("input.transfer.high", String(v)));
    await each(
      REG.voltSens,
      (v) => st.set("input.sensitivity", pick(VOLTSENS, v)),
    );
    await each(
      REG.testStatus,
      (v) => st.set("ups.test.result", pick(TESTSTATUS, v)),
    );
    await each(REG.alarmStatus, (v) => st.set("ups.beeper.status", beeper(v)));
    await each(
      REG.shutdownTimer,
      (v) => st.set("ups.delay.shutdown", String(v)),
    );
    await each(
      REG.restartTimer,
      (v) => st.set("ups.delay.restart", String(60 * v)),
    );
    await each(REG.inputVolt, (v) => {
      st.set("input.voltage", tenth(v));
      // the unit keeps no min/max: the driver does
      if (v > 0 && (this.#maxutil === -1 || v > this.#maxutil)) {
        this.#maxutil = v;
      }
      if (v > 0 && (this.#minutil === -1 || v < this.#minutil)) {
        this.#minutil = v;
      }
      st.set("input.voltage.maximum", tenth(this.#maxutil));
      st.set("input.voltage.minimum", tenth(this.#minutil));
    });
    await each(REG.inputFreq, (v) => st.set("input.frequency", tenth(v)));
    await each(REG.temperature, (v) => st.set("ups.temperature", String(v)));
    await each(REG.outputFreq, (v) => st.set("output.frequency", tenth(v)));
    await each(REG.load, (v) => st.set("ups.load", String(v)));
    await each(REG.batVolt, (v) => st.set("battery.voltage", tenth(v)));
    await each(REG.batLevel, (v) => st.set("battery.charge", String(v)));
    await each(REG.timeLeft, (v) => st.set("battery.runtime", String(60 * v)));
    st.dataOk();
  }

  /** upsdrv_instcmd: writes are "handled" even when the unit refuses them, as NUT. */
  instcmd(cmd: string, _param?: string): Promise<CommandResult> {
    return this.#exclusive(() => this.#instcmd(cmd));
  }

  async #instcmd(cmd: string): Promise<CommandResult> {
    const name = cmd.toLowerCase();
    if (name === "beeper.off" || name === "beeper.on") {
      const to = name === "beeper.off" ? "beeper.disable" : "beeper.enable";
      this.ctx.log.warn(`The '${name}' command has been renamed to '${to}'`);
      return this.#instcmd(to);
    }
    if (name === "reset.input.minmax") {
      this.#minutil = this.#maxutil = -1;
      this.ctx.state.set("input.voltage.maximum", "none");
      this.ctx.state.set("input.voltage.minimum", "none");
      return "handled";
    }
    const writes = CMDS[name];
    if (!writes) {
      this.ctx.log.notice(`instcmd: unknown command [${cmd}] [(null)]`);
      return "unknown";
    }
    let r = 0;
    for (const [reg, val] of writes) r |= await this.#link!.writeInt(reg, val);
    if (r === -1) this.ctx.log.warn(`Command '${cmd}' failed`);
    return "handled";
  }

  /** setvar. */
  setvar(name: string, value: string): Promise<CommandResult> {
    return this.#exclusive(async () => {
      const link = this.#link!, v = value.toLowerCase();
      switch (name.toLowerCase()) {
        case "input.sensitivity": {
          const i = VOLTSENS.indexOf(v);
          if (i >= 0) await link.writeInt(REG.voltSens, i);
          return "handled";
        }
        case "ups.beeper.status": {
          const i = v === "disabled"
            ? 1
            : v === "on" || v === "enabled"
            ? 2
            : v === "off" || v === "muted"
            ? 3
            : atoi(value);
          await link.writeInt(REG.alarmStatus, i);
          return "handled";
        }
        case "input.transfer.low":
          await link.writeInt(REG.xferLo, atoi(value));
          return "handled";
        case "input.transfer.high":
          await link.writeInt(REG.xferHi, atoi(value));
          return "handled";
        default:
          this.ctx.log.notice(`setvar: unknown var [${name}]`);
          return "unknown";
      }
    });
  }

  /** upsdrv_shutdown: restart in 10 minutes, shut down in 1 s (NUT: "broken" here). */
  shutdown(): Promise<CommandResult> {
    return this.#exclusive(async () => {
      await this.initups();
      this.ctx.log.warn(
        "You are using the -k option, which is broken for this driver.\nShutting down for 10 minutes and hoping for the best",
      );
      await this.#link!.writeInt(REG.restartTimer, 10);
      await this.#link!.writeInt(REG.shutdownTimer, 1);
      return "handled" as const;
    });
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.#line?.close();
    this.#line = null;
    return Promise.resolve();
  }
}
