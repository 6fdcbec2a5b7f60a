/**
 * nutdrv_hashx: NUT master's `nutdrv_hashx` 0.03 ("#" protocol serial
 * UPSes; NUT 2.8.0 has no such driver). 2400 bps, CR-ended commands, each
 * answer read up to CR with 250 ms per read. Start-up: up to four bare CRs
 * until the unit answers `#-1`, K19 with a fixed session id (`#0`), X19
 * must give the known hash, then X41 (model, firmware; required), X27 and
 * X72 (ratings; a bad answer is logged and parsed as it is, as NUT does).
 * Each poll sends `B`; no or unparsable answer makes the data stale. The
 * driver knows no shutdown command: `-k` fails after the start-up bytes.
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
} from "../../src/driver/types.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import type { LineTransport } from "../../src/transport/mod.ts";
import { serGetLine } from "../../src/transport/ser_line.ts";
import {
  HASHX_CMDS,
  parseDeviceInfo,
  parsePowerInfo,
  parseStatus,
  parseVoltageSettings,
  SESSION_HASH,
  SESSION_ID,
  statusValue,
} from "./protocol.ts";

/** Opens the port (tests may pass their own). */
export type PortOpener = (path: string) => Promise<LineTransport>;

async function openSerialPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed: 2400 });
}

/** A nutdrv_hashx instance. */
export class HashxDriver implements DriverInstance {
  #ctx: DriverContext;
  #open: PortOpener;
  #line: LineTransport | null = null;

  constructor(ctx: DriverContext, open: PortOpener = openSerialPort) {
    this.#ctx = ctx;
    this.#open = open;
  }

  /** hashx_recv: a line ("" when nothing came in time), logged if not '#'. */
  async #recv(): Promise<string> {
    const l = await serGetLine(this.#line!, {
      end: "\r",
      timeoutMs: 250,
      size: 255,
    }) ?? "";
    if (l && l[0] !== "#") {
      this.#ctx.log.error(`Unexpected reply for #-protocol: ${l}`);
    }
    return l;
  }

  async #send(cmd: string): Promise<void> {
    await this.#line!.write(`${cmd}\r`);
  }

  /** hashx_send_command: the command, then its status value. */
  async #command(cmd: string): Promise<number> {
    await this.#send(cmd);
    const l = await this.#recv();
    const status = statusValue(l);
    if (status === -255) {
      this.#ctx.log.error(
        l.length < 2 || l.length > 3
          ? `Not an UPS status value: ${l}`
          : `Failed to convert ${l.slice(1)} to number`,
      );
    }
    if (status !== 0) {
      this.#ctx.log.error(
        `hashx_send_command: unexpected hash protocol response: ${l} (status ${status})`,
      );
    }
    return status;
  }

  async #query(cmd: string, what: string, fatal: boolean): Promise<string> {
    await this.#send(cmd);
    const l = await this.#recv();
    if (l.length < 3) {
      const msg = `upsdrv_initinfo: unexpected UPS ${what} response: ${l}`;
      if (fatal) throw new DriverFatalError(msg);
      this.#ctx.log.error(msg);
    }
    return l;
  }

  /** upsdrv_initups + upsdrv_initinfo: the handshake and the ratings. */
  async init(): Promise<void> {
    this.#line = await this.#open(this.#ctx.config.port);
    const st = this.#ctx.state;
    for (let i = 0;; i++) {
      await this.#line.write("\r");
      const l = await this.#recv();
      const status = statusValue(l);
      if (status === -1) break;
      if (i >= 3) {
        throw new DriverFatalError(
          `upsdrv_initinfo: unexpected hash protocol response: ${l} (status ${status})`,
        );
      }
    }
    if (await this.#command(`K19:${SESSION_ID}`) !== 0) {
      throw new DriverFatalError(
        `upsdrv_initinfo: Failed to set session ID: ${SESSION_ID}`,
      );
    }
    await this.#send("X19");
    const hash = await this.#recv();
    if (hash !== `#${SESSION_HASH}`) {
      throw new DriverFatalError(
        `upsdrv_initinfo: unexpected hash protocol response: ${hash}`,
      );
    }
    st.set("device.type", "ups");
    st.set("ups.type", "online");
    st.set("ups.mode", "line-interactive");
    const info = await this.#query("X41", "info", true);
    for (const [n, v] of parseDeviceInfo(info)) st.set(n, v);
    const volts = await this.#query("X27", "voltage settings", false);
    for (const [n, v] of parseVoltageSettings(volts)) st.set(n, v);
    const power = await this.#query("X72", "power info", false);
    const p = parsePowerInfo(power);
    for (const [n, v] of p.vars) st.set(n, v);
    if (p.extra) {
      this.#ctx.log.warn(
        `This UPS returns unexpected power info fields (${power.slice(1)}), ` +
          "previously decoded values may have not been correctly assigned!",
      );
    }
    for (const [name] of HASHX_CMDS) st.addCmd(name);
  }

  /** upsdrv_updateinfo: one `B`. */
  async update(): Promise<void> {
    const st = this.#ctx.state;
    await this.#send("B");
    const l = await this.#recv();
    if (!l) {
      this.#ctx.log.error("upsdrv_updateinfo: unexpected status response: ");
      st.dataStale();
      return;
    }
    const r = parseStatus(l);
    if (!r) {
      this.#ctx.log.error(
        `upsdrv_updateinfo: Impossible to parse: ${l.slice(1)}`,
      );
      st.dataStale();
      return;
    }
    for (const [n, v] of r.vars) st.set(n, v);
    if (r.status === null) {
      this.#ctx.log.error("Status bytes are not enough");
      st.dataOk();
      return;
    }
    st.setStatus(r.status);
    // ups.alarm with the ALARM status word (NUT commits the status before
    // the alarm, after alarm_init cleared alarm_active, so it had no ALARM)
    st.setAlarms(r.alarm ? [r.alarm] : []);
    st.dataOk();
  }

  /** upsdrv_instcmd: the command's bytes, handled on `#0`. */
  async instcmd(cmd: string, param?: string): Promise<CommandResult> {
    const row = HASHX_CMDS.find(([n]) => n === cmd.toLowerCase());
    if (!row) return "unknown";
    const status = await this.#command(row[1]);
    if (status === 0) return "handled";
    this.#ctx.log.warn(
      `Failed to execute command [${cmd}] [${param ?? "(null)"}]: ${status}`,
    );
    return "failed";
  }

  /** upsdrv_shutdown: no known command. */
  shutdown(): Promise<CommandResult> {
    this.#ctx.log.error("shutdown not supported");
    return Promise.resolve("failed");
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.#line?.close();
    this.#line = null;
    return Promise.resolve();
  }
}
