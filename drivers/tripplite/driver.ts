/**
 * tripplite_usb as NUT 2.8.0 runs it: start-up reads the protocol number,
 * resets the watchdog (W, not on SMARTPRO), then S, P, F, V (twice: the
 * second for ups.debug.V) and U; each poll reads S, the family's values
 * (B for OMNIVS; D, M, T for SMART) and L, then the debug copies. `-k`
 * sets the shutdown delay (N) and turns off (G).
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
} from "../../src/driver/types.ts";
import {
  type UsbBus,
  UsbError,
  type UsbLink,
} from "../../src/transport/usb_link.ts";
import { UsbSession } from "../../src/usb/session.ts";
import {
  cmd,
  commandReport,
  decodeProtocol,
  decodeV,
  hexascdump,
  isSmart,
  type TlModel,
  toprint,
} from "./protocol.ts";
import { publishLoadBanks, publishPoll } from "./poll.ts";

export { TRIPPLITE_VARS } from "./vars.ts";

export const TRIPPLITE_VENDORID = 0x09ae;
const DEFAULT_OFFDELAY = 64;
/** Tries per command (NUT: 10 sends x 10 reads of 1 s; fewer here). */
const SEND_TRIES = 3, RECV_TRIES = 3, RECV_WAIT_MS = 1000;

/** Options tests change. */
export interface TrippLiteOptions {
  bus?: () => Promise<UsbBus>;
  sleep?: (ms: number) => Promise<void>;
}

/** What the unit told us at start-up (per instance). */
export interface TlUnit {
  model: TlModel;
  batteryVoltageNominal: number;
  inputVoltageNominal: number;
  inputVoltageScaled: number;
  loadBanks: number;
  unitId: number;
  vInterval: [number, number];
}

/** One Tripp Lite unit. */
export class TrippLiteDriver implements DriverInstance {
  readonly ctx: DriverContext;
  readonly unit: TlUnit = {
    model: "unknown",
    batteryVoltageNominal: 12,
    inputVoltageNominal: 120,
    inputVoltageScaled: 120,
    loadBanks: 0,
    unitId: -1,
    vInterval: [11.0, 13.4],
  };
  offdelay = DEFAULT_OFFDELAY;
  #busFactory: (() => Promise<UsbBus>) | undefined;
  #session: UsbSession | undefined;
  #sleep: (ms: number) => Promise<void>;
  #link: UsbLink | undefined;
  #tries = 0;

  constructor(ctx: DriverContext, opts: TrippLiteOptions = {}) {
    this.ctx = ctx;
    this.#busFactory = opts.bus;
    this.#sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** send_cmd: the reply report, or undefined when none echoed the command. */
  async send(msg: number[]): Promise<Uint8Array | undefined> {
    const link = this.#link;
    if (!link) return undefined;
    const report = commandReport(msg);
    try {
      for (let s = 0; s < SEND_TRIES; s++) {
        await link.control(
          { requestType: 0x21, request: 0x09, value: 0x0300, index: 0 },
          report,
          5000,
        );
        await this.#sleep(100);
        for (let r = 0; r < RECV_TRIES; r++) {
          const reply = await link.interruptRead(0x81, 8, RECV_WAIT_MS);
          if (reply.length === 8 && reply[0] === report[1]) return reply;
        }
      }
    } catch (e) {
      if (!(e instanceof UsbError)) throw e;
      if (e.kind !== "timeout") await this.#drop();
    }
    return undefined;
  }

  async #drop(): Promise<void> {
    this.#link = undefined;
    await this.#session?.drop();
  }

  /** subdriver_match_func: 09ae:0001, or any 09ae with `productid` given. */
  #supported = (d: { vendorId: number; productId: number }) =>
    d.vendorId === TRIPPLITE_VENDORID &&
    (d.productId === 0x0001 || this.ctx.config.values.has("productid"));

  async initups(): Promise<void> {
    if (this.#link) return;
    const v = this.ctx.config.values;
    // vendorid is left to the IDs table, as in NUT
    const values = new Map([...v].filter(([k]) => k !== "vendorid"));
    try {
      this.#session ??= new UsbSession({
        values,
        accept: this.#supported,
        log: this.ctx.log,
        ...(this.#busFactory ? { bus: this.#busFactory } : {}),
      });
    } catch (e) {
      throw new Error(`invalid regular expression: ${(e as Error).message}`);
    }
    this.#link = await this.#session.open();
    if (!this.#link) throw new Error("No matching USB/HID UPS found");
    const info = this.#link.info;
    this.ctx.log.error(
      `Detected a UPS: ${info.vendor ?? "unknown"}/${
        info.product ?? "unknown"
      }`,
    );
    const hex4 = (n: number) => n.toString(16).padStart(4, "0");
    this.ctx.state.set("ups.vendorid", hex4(info.vendorId));
    this.ctx.state.set("ups.productid", hex4(info.productId));
    const off = v.get("offdelay");
    if (off !== undefined && (parseInt(off, 10) || 0) >= 0) {
      this.offdelay = parseInt(off, 10) || 0;
    }
    const min = v.get("battery_min"), max = v.get("battery_max");
    if (min !== undefined) this.unit.vInterval[0] = parseFloat(min) || 0;
    if (max !== undefined) this.unit.vInterval[1] = parseFloat(max) || 0;
  }

  async init(): Promise<void> {
    await this.initups();
    const st = this.ctx.state;
    const u = this.unit;
    const proto = await this.send([0, 0]);
    if (!proto) throw new Error("Error reading protocol");
    const number = (proto[1]! << 8) | proto[2]!;
    u.model = decodeProtocol(number);
    if (u.model === "unknown") st.set("ups.debug.0", hexascdump(proto, 1, 7));
    st.set(
      "ups.firmware.aux",
      `protocol ${number.toString(16).padStart(4, "0")}`,
    );
    if (u.model !== "smartpro" && !(await this.send(cmd("W\0")))) {
      this.ctx.log.error(
        "Could not reset watchdog. Please send model information to nut-upsdev mailing list",
      );
    }
    if (!(await this.send(cmd("S")))) {
      throw new Error("Could not retrieve status ... is this an OMNIVS model?");
    }
    st.set("ups.mfr", "Tripp Lite");
    const p = await this.send(cmd("P")) ?? new Uint8Array(9);
    let va = parseInt(String.fromCharCode(...p.subarray(1)), 10) || 0;
    if (u.model === "smart0004") {
      st.set("ups.debug.P", hexascdump(p, 1, 7));
      va *= 10;
    }
    const info = this.#link!.info;
    let model = info.product ?? "";
    if (info.vendor !== undefined && model.startsWith(info.vendor)) {
      model = model.slice(info.vendor.length);
    }
    // spaces trimmed on both sides
    st.set("ups.model", model.replace(/^ +/, "").replace(/ +$/, ""));
    st.set("ups.power.nominal", va);
    const f = await this.send(cmd("F")) ?? new Uint8Array(9);
    st.set(
      "ups.firmware",
      "F" + Array.from(f.subarray(1, 7), toprint).join(""),
    );
    const v = await this.send(cmd("V")) ?? new Uint8Array(9);
    const vi = decodeV(u.model, v);
    u.batteryVoltageNominal = vi.batteryVoltageNominal;
    if (vi.inputVoltageNominal !== undefined) {
      u.inputVoltageNominal = vi.inputVoltageNominal;
      u.inputVoltageScaled = vi.inputVoltageScaled!;
    }
    if (vi.loadBanks !== undefined) u.loadBanks = vi.loadBanks;
    if (!(await this.debugMessage("V"))) return;
    publishLoadBanks(st, u.loadBanks);
    if (u.model !== "omnivs" && u.model !== "smart0004") {
      const id = await this.send(cmd("U"));
      if (!id) {
        this.ctx.log.info(
          "Unit ID not retrieved (not available on all models)",
        );
      } else u.unitId = (id[1]! << 8) | id[2]!;
    }
    if (u.unitId >= 0) {
      st.set("ups.id", u.unitId);
      st.setFlags("ups.id", ["RW", "STRING"]);
      st.setAux("ups.id", 5);
    }
    st.set("input.voltage.nominal", u.inputVoltageNominal);
    st.set("battery.voltage.nominal", u.batteryVoltageNominal);
    st.set("ups.debug.load_banks", u.loadBanks);
    st.set("ups.delay.shutdown", this.offdelay);
    st.setFlags("ups.delay.shutdown", ["RW", "STRING"]);
    st.setAux("ups.delay.shutdown", 3);
    if (isSmart(u.model)) {
      st.addCmd("test.battery.start");
      st.addCmd("reset.input.minmax");
    }
    st.addCmd("shutdown.return");
  }

  /** debug_message: ups.debug.X from a repeated query; false when it failed. */
  async debugMessage(letter: string): Promise<boolean> {
    const r = await this.send(cmd(letter));
    if (!r) {
      await this.commFail(`Error reading '${letter}' value`);
      return false;
    }
    this.ctx.state.set(`ups.debug.${letter}`, hexascdump(r, 1, 7));
    return true;
  }

  /**
   * usb_comm_fail: log, then try the same unit again (and re-read its
   * start-up data). NUT exits after ten failed reconnects; we keep trying.
   */
  async commFail(msg: string): Promise<void> {
    this.ctx.log.warn(`${msg}: Device detached? (error 0: no reply)`);
    this.ctx.log.notice(`Reconnect attempt #${++this.#tries}`);
    await this.#drop();
    if (!this.#session) return;
    // the same unit first (NUT's reopen matcher), paced by the shared back-off
    this.#link = await this.#session.ensure();
    if (!this.#link) {
      this.ctx.log.info("Reconnecting to UPS failed; will retry later...");
      this.ctx.state.dataStale();
      return;
    }
    this.ctx.log.notice("Successfully reconnected");
    this.#tries = 0;
    await this.init().catch(() => this.ctx.state.dataStale());
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

  instcmd(name: string, extra?: string): Promise<CommandResult> {
    return this.#exclusive(() => this.#command(name, extra));
  }

  setvar(name: string, value: string): Promise<CommandResult> {
    return this.#exclusive(() => this.#set(name, value));
  }

  async #poll(): Promise<void> {
    if (!this.#link) {
      await this.commFail("Error reading S value");
      if (!this.#link) return;
    }
    await publishPoll(this);
  }

  /** control_outlet: N05 then K<outlet><state> (SMART families only). */
  async controlOutlet(outlet: number, state: number): Promise<boolean> {
    const m = this.unit.model;
    let n: number[], k: number[];
    if (m === "smartpro" || m === "smart0004") {
      n = cmd("N05");
      k = cmd(`K${outlet}${state & 1}`);
    } else if (m === "smart3005") {
      n = cmd("N\x05");
      k = [0x4b, outlet & 0xff, state & 1, 0];
    } else {
      this.ctx.log.error(`control_outlet unimplemented for protocol ${m}`);
      return false;
    }
    // C's strlen stops at a NUL: outlet 0 / state 0 shorten the binary form
    const cut = (b: number[]) => b.slice(0, b.indexOf(0) + 1);
    await this.send(cut(n));
    const r = await this.send(cut(k));
    if (!r) {
      this.ctx.log.error(
        `Could not set outlet ${outlet} to state ${state}, ret = 0`,
      );
      return false;
    }
    return true;
  }

  /** soft_shutdown: N <offdelay>, two seconds, G. */
  async softShutdown(): Promise<boolean> {
    const d = this.offdelay;
    if (!(await this.send([0x4e, (d >> 8) & 0xff, d & 0xff, 0]))) {
      this.ctx.log.error(`Could not set offdelay to ${d}`);
      return false;
    }
    await this.#sleep(2000);
    if (!(await this.send(cmd("G")))) {
      this.ctx.log.error("Could not turn off UPS (is it still on battery?)");
      return false;
    }
    return true;
  }

  async #command(name: string, extra?: string): Promise<CommandResult> {
    const c = name.toLowerCase();
    if (isSmart(this.unit.model)) {
      if (c === "test.battery.start") {
        await this.send(cmd("A"));
        return "handled";
      }
      // 2.8.0 compares send_cmd's 8 with 2: never handled
      if (c === "reset.input.minmax") {
        await this.send(cmd("Z"));
        return "unknown";
      }
    }
    if (c === "load.off" || c === "load.on") {
      return (await this.controlOutlet(0, c === "load.on" ? 1 : 0))
        ? "handled"
        : "unknown";
    }
    if (c === "shutdown.return") {
      await this.softShutdown();
      return "handled";
    }
    this.ctx.log.notice(
      `instcmd: unknown command [${name}] [${extra ?? "(null)"}]`,
    );
    return "unknown";
  }

  async #set(name: string, value: string): Promise<CommandResult> {
    const st = this.ctx.state;
    const n = name.toLowerCase();
    if (n === "ups.delay.shutdown") {
      const v = parseInt(value, 10) || 0;
      if (v < 0) return "unknown";
      this.offdelay = v;
      st.set("ups.delay.shutdown", v);
      return "handled";
    }
    if (this.unit.unitId >= 0 && n === "ups.id") {
      const id = parseInt(value, 10) || 0;
      if (!(await this.send([0x4a, (id >> 8) & 0xff, id & 0xff, 0]))) {
        this.ctx.log.notice("Could not set Unit ID (return code: 0).");
        return "unknown";
      }
      st.set("ups.id", value);
      return "handled";
    }
    const m = /^outlet\.([^.]{0,9})\.switch$/.exec(name);
    if (m) {
      const index = parseInt(m[1]!, 10) || 0;
      const state = value.toLowerCase() === "on" || value === "1" ? 1 : 0;
      if (!(await this.controlOutlet(index, state))) return "unknown";
      st.set(`outlet.${index}.switch`, state);
      return "handled";
    }
    return "unknown";
  }

  async shutdown(): Promise<CommandResult> {
    // NUT ignores the outcome (exit 0 either way)
    await this.softShutdown();
    return "handled";
  }

  async close(): Promise<void> {
    await this.#drop();
  }
}
