/**
 * apc_modbus: NUT master's `apc_modbus` 0.21 (not in 2.8.0), APC Smart-UPS
 * units speaking Modbus, as NUT's build with USB: over USB HID
 * (`porttype = usb`, the default; the unit found as NUT's USB drivers find
 * theirs, `src/transport/modbus_usb_hid.ts`), RTU (`porttype = serial`;
 * 9600 8N1) or Modbus/TCP (`porttype = tcp`, `host[:port]`, `[v6]:port`).
 * Start-up reads the inventory (516 x120: strings, nominal powers,
 * dates, outlet groups from register 590); each poll reads the status
 * (0 x27), dynamic (128 x44) and static (1026 x22) blocks, 35 ms apart,
 * each read tried `modbus_retries` times on timeouts. A failed read closes
 * the link; the next poll reopens it after a second and reads the
 * inventory again. Commands write with function 16: outlet commands to
 * 1538 (two registers, targets from the present groups), the others to
 * their command registers; `-k` is shutdown.return on every group.
 * Tables and conversions: `apc_tables.ts`.
 *
 * Deliberate difference: NUT master refuses SET of every variable the unit
 * has (its availability test is inverted); here SET writes the register,
 * waits 100 ms and reads it back, as the code after that test intends.
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
  ModbusClient,
  ModbusTimeoutError,
  openModbusTcp,
} from "../../src/transport/modbus.ts";
import { openModbusRtuClient } from "./link.ts";
import { openModbusUsbHid } from "../../src/transport/modbus_usb_hid.ts";
import {
  APC_COMMANDS,
  APC_DYNAMIC,
  APC_GROUPS,
  APC_INVENTORY,
  APC_OUTLET_COMMAND_REG,
  APC_OUTLET_OPS,
  APC_SOG_CONFIG_REG,
  APC_STATIC,
  APC_STATUS,
  apcEncode,
  apcFormat,
  apcNumber,
  type ApcRegister,
} from "./apc_tables.ts";
import { apcUpdate } from "./apc_update.ts";

export { APC_VARS } from "./apc_vars.ts";

/** Opens the client (tests may pass their own). */
export type ApcOpener = (
  ctx: DriverContext,
  pace: number,
) => Promise<ModbusClient>;

/** host, port of "host", "host:port", "[v6]" or "[v6]:port". */
export function apcHostPort(text: string): [string, number] | null {
  let host: string, rest: string;
  if (text.startsWith("[")) {
    const end = text.indexOf("]");
    if (end < 0) return null;
    host = text.slice(1, end);
    rest = text.slice(end + 1).replace(/^:/, "");
  } else {
    const i = text.indexOf(":");
    host = i < 0 ? text : text.slice(0, i);
    rest = i < 0 ? "" : text.slice(i + 1);
  }
  const port = rest === "" ? 502 : parseInt(rest, 10) || 0;
  return port < 0 || port > 65535 ? null : [host, port];
}

async function openApc(ctx: DriverContext): Promise<ModbusClient> {
  const v = ctx.config.values;
  const type = (v.get("porttype") ?? "usb").toLowerCase();
  const slave = parseInt(v.get("slaveid") ?? "1", 10) || 0;
  let ms = type === "tcp" ? 2000 : 500;
  if (v.has("response_timeout_ms")) {
    ms = Number.parseInt(v.get("response_timeout_ms")!) || 0;
  }
  const timeouts = { responseMs: ms, byteMs: 500 };
  if (type === "usb") {
    const hex = (n: number) => n.toString(16).padStart(4, "0");
    const link = await openModbusUsbHid({
      values: v,
      log: ctx.log,
      timeouts,
      onConnect: (info) => {
        ctx.state.set("ups.vendorid", hex(info.vendorId));
        ctx.state.set("ups.productid", hex(info.productId));
      },
    }).catch((e) => {
      throw new DriverFatalError(
        `modbus_connect: unable to connect: ${(e as Error).message}`,
      );
    });
    if (!link) {
      throw new DriverFatalError(
        "modbus_connect: unable to connect: No such device",
      );
    }
    return new ModbusClient(link, slave);
  }
  if (type === "tcp") {
    const hp = apcHostPort(ctx.config.port);
    if (!hp) throw new DriverFatalError("failed to parse host/port");
    try {
      return new ModbusClient(
        await openModbusTcp(hp[0], hp[1], timeouts),
        slave,
      );
    } catch (e) {
      throw new DriverFatalError(
        `modbus_connect: unable to connect: ${(e as Error).message}`,
      );
    }
  }
  if (type !== "serial") {
    throw new DriverFatalError(
      "Unable to create the libmodbus context: Invalid argument",
    );
  }
  const p = (v.get("parity") ?? "N")[0]!.toUpperCase();
  return await openModbusRtuClient(ctx.config.port, {
    serial: {
      speed: parseInt(v.get("baudrate") ?? "9600", 10) || 9600,
      parity: p === "E" ? "even" : p === "O" ? "odd" : "none",
      dataBits: v.get("databits") === "7" ? 7 : 8,
      stopBits: v.get("stopbits") === "2" ? 2 : 1,
    },
    timeouts,
    slave,
  });
}

/** An apc_modbus instance. */
export class ApcModbusDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #open: ApcOpener;
  mb: ModbusClient | null = null;
  #pace: number;
  #retries = 3;
  #lastSend = 0;
  /** false after a failed read: the next poll reopens */
  isOpen = false;
  /** which outlet groups exist (register 590) */
  readonly present = [false, false, false, false];
  readonly nominal = { power: 0, realpower: 0 };

  /** `pace` scales the pauses (tests pass a fraction). */
  constructor(ctx: DriverContext, open?: ApcOpener, pace = 1) {
    this.ctx = ctx;
    this.#open = open ?? ((c) => openApc(c));
    this.#pace = pace;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, ms * this.#pace));
  }

  /** upsdrv_initups. */
  async initups(): Promise<void> {
    if (this.mb) return;
    const r = this.ctx.config.values.get("modbus_retries");
    if (r !== undefined) {
      this.#retries = parseInt(r, 10) || 0;
      if (this.#retries < 1) {
        throw new DriverFatalError("modbus_retries needs to be at least 1");
      }
    }
    this.mb = await this.#open(this.ctx, this.#pace);
    this.isOpen = true;
  }

  /** Holding registers, 35 ms after the last read, retried on timeouts. */
  async read(addr: number, n: number): Promise<number[] | null> {
    for (let left = this.#retries; left > 0; left--) {
      const wait = this.#lastSend + 35 * this.#pace - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      try {
        const regs = await this.mb!.readHolding(addr, n);
        this.#lastSend = Date.now();
        return regs;
      } catch (e) {
        this.#lastSend = Date.now();
        this.ctx.log.error(
          `_apc_modbus_read_registers: Read of ${addr}:${addr + n} failed: ${
            (e as Error).message
          } (${this.ctx.config.port})`,
        );
        if (!(e instanceof ModbusTimeoutError)) break;
      }
    }
    this.isOpen = false;
    return null;
  }

  /** Writes registers (function 16); a failure closes the link. */
  async write(addr: number, values: number[]): Promise<boolean> {
    try {
      await this.mb!.writeRegisters(addr, values);
      return true;
    } catch (e) {
      this.ctx.log.error(
        `Write of ${addr}:${addr + values.length} failed: ${
          (e as Error).message
        } (${this.ctx.config.port})`,
      );
      this.isOpen = false;
      return false;
    }
  }

  /** Whether a register row is for an outlet group the unit lacks. */
  unavailable(reg: ApcRegister): boolean {
    const m = /^outlet\.group\.(\d)\./.exec(reg.name);
    return m !== null && !this.present[Number(m[1])];
  }

  /** _apc_modbus_process_registers: publishes the rows a block covers. */
  process(map: readonly ApcRegister[], regs: number[], offset: number): void {
    const st = this.ctx.state;
    for (const reg of map) {
      if (this.unavailable(reg)) continue;
      if (reg.addr < offset || reg.addr + reg.len > offset + regs.length) {
        continue;
      }
      const words = regs.slice(reg.addr - offset, reg.addr - offset + reg.len);
      if (reg.nominal && reg.conv === "double") {
        this.nominal[reg.nominal] = Number(apcNumber(words, false));
      }
      st.set(reg.name, apcFormat(reg, words, this.nominal));
      const flags: Array<"RW" | "STRING"> = [];
      if (reg.type === "string") flags.push("STRING");
      if (reg.rw) flags.push("RW");
      st.setFlags(reg.name, flags);
      if (reg.type === "string") st.setAux(reg.name, reg.len * 2);
    }
  }

  /** _apc_modbus_read_inventory; false when the read fails. */
  async readInventory(): Promise<boolean> {
    const regs = await this.read(516, 120);
    if (!regs) return false;
    const st = this.ctx.state;
    const sog = regs[APC_SOG_CONFIG_REG - 516]!;
    let count = 0;
    APC_GROUPS.forEach(([id, designator, bit], i) => {
      this.present[i] = (sog & bit) !== 0;
      if (!this.present[i]) return;
      count++;
      st.set(`outlet.group.${i}.id`, id);
      st.set(`outlet.group.${i}.designator`, designator);
      for (const [suffix] of APC_OUTLET_OPS) {
        st.addCmd(`outlet.group.${i}.${suffix}`);
      }
    });
    if (count) {
      for (
        const c of [
          "load.off",
          "load.on",
          "load.cycle",
          "load.off.delay",
          "load.on.delay",
          "shutdown.default",
          "shutdown.return",
          "shutdown.stayoff",
          "shutdown.reboot",
          "shutdown.reboot.graceful",
        ]
      ) st.addCmd(c);
    }
    if (sog & (1 << 4)) {
      this.ctx.log.warn(
        "_apc_modbus_read_inventory: SOG3 present, but we don't know how to use it",
      );
    }
    st.set("outlet.group.count", count);
    this.process(APC_INVENTORY, regs, 516);
    return true;
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    await this.initups();
    if (!await this.readInventory()) {
      throw new DriverFatalError(
        "Can't read inventory information from the UPS",
      );
    }
    const st = this.ctx.state;
    st.set("ups.mfr", "American Power Conversion");
    st.set("device.type", "ups");
    for (const [c] of APC_COMMANDS) st.addCmd(c);
  }

  /** upsdrv_updateinfo. */
  update(): Promise<void> {
    return apcUpdate(this);
  }

  /** Outlet, load.* and shutdown.* commands; null when `cmd` is none of them. */
  async #outletCommand(cmd: string): Promise<CommandResult | null> {
    let group = 0, suffix: string;
    if (cmd.startsWith("load.") || cmd.startsWith("shutdown.")) {
      suffix = cmd === "shutdown.default" ? "shutdown.return" : cmd;
    } else {
      const m = /^outlet\.group\.(\d+)\.(.*)$/.exec(cmd);
      if (!m) return null;
      group = Number(m[1]);
      suffix = m[2]!;
      if (group >= APC_GROUPS.length) return "invalid";
      if (group && !this.present[group]) return "invalid";
    }
    const op = APC_OUTLET_OPS.find(([s]) => s === suffix);
    if (!op) return null;
    let targets = 0;
    APC_GROUPS.forEach(([, , , target], i) => {
      if (group ? i === group : this.present[i]) targets |= target;
    });
    const value = op[1] | targets;
    const ok = await this.write(APC_OUTLET_COMMAND_REG, [
      value >>> 16,
      value & 0xffff,
    ]);
    return ok ? "handled" : "failed";
  }

  /** upsdrv_instcmd. */
  async instcmd(cmd: string): Promise<CommandResult> {
    const outlet = await this.#outletCommand(cmd);
    if (outlet) return outlet;
    const c = APC_COMMANDS.find(([n]) => n === cmd.toLowerCase());
    if (!c) return "unknown";
    const [, addr, len, value] = c;
    const words = len === 2 ? [value >>> 16, value & 0xffff] : [value];
    return await this.write(addr, words) ? "handled" : "failed";
  }

  /** upsdrv_setvar: write, wait 100 ms, read back. */
  async setvar(name: string, value: string): Promise<CommandResult> {
    const maps = [APC_INVENTORY, APC_STATUS, APC_DYNAMIC, APC_STATIC];
    for (const map of maps) {
      const reg = map.find((r) => r.name === name.toLowerCase());
      if (!reg) continue;
      if (this.unavailable(reg) || !reg.rw) return "invalid";
      const words = apcEncode(reg, value);
      if (!words) return "conversion-failed";
      if (!await this.write(reg.addr, words)) return "failed";
      await this.sleep(100);
      this.ctx.log.info(`SET ${name}='${value}'`);
      const back = await this.read(reg.addr, reg.len);
      if (back) this.process(map, back, reg.addr);
      return "handled";
    }
    return "unknown";
  }

  /** upsdrv_shutdown: shutdown.default (shutdown.return on every group). */
  async shutdown(): Promise<CommandResult> {
    await this.init();
    const r = await this.#outletCommand("shutdown.default");
    return r ?? "failed";
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.mb?.close();
    this.mb = null;
    return Promise.resolve();
  }
}
