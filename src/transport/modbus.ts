/**
 * Modbus client transports as libmodbus gives them to NUT's drivers: RTU
 * over a serial port (or a pty) and Modbus/TCP. A link sends one request
 * PDU and waits for its reply under libmodbus's two deadlines (response
 * timeout for the first byte, byte timeout between bytes); `ModbusClient`
 * adds the typed calls (modbus_read_registers & co). The in-memory twin is
 * `modbus_memory.ts`.
 *
 * @module
 */
import {
  checkWriteReply,
  FC,
  ModbusProtocolError,
  parseReadReply,
  parseRtuFrame,
  parseTcpFrame,
  readRequest,
  rtuFrame,
  rtuReplyLength,
  tcpFrame,
  writeCoilRequest,
  writeRegisterRequest,
  writeRegistersRequest,
} from "../modbus/codec.ts";
import type { ByteTransport, SerialSettings } from "./mod.ts";

export { ModbusException, ModbusProtocolError } from "../modbus/codec.ts";

/** libmodbus's deadlines. */
export interface ModbusTimeouts {
  /** Until the first byte of a reply (modbus_set_response_timeout). */
  responseMs: number;
  /** Between two bytes of a reply (modbus_set_byte_timeout). */
  byteMs: number;
}

/** libmodbus's defaults: 500 ms response, 500 ms byte. */
export const LIBMODBUS_TIMEOUTS: ModbusTimeouts = {
  responseMs: 500,
  byteMs: 500,
};

/** No (complete) reply in time (libmodbus: ETIMEDOUT). */
export class ModbusTimeoutError extends Error {
  constructor() {
    super("Connection timed out");
    this.name = "ModbusTimeoutError";
  }
}

/** One request/reply exchange with a unit. */
export interface ModbusLink {
  /** Sends `pdu` to `unit` and returns the reply PDU. */
  exchange(unit: number, pdu: Uint8Array): Promise<Uint8Array>;
  timeouts: ModbusTimeouts;
  close(): void;
}

/**
 * The typed calls of libmodbus on a link and a unit (slave) id. Exchanges
 * run one at a time (a command from upsd may come during a poll).
 */
export class ModbusClient {
  #busy: Promise<unknown> = Promise.resolve();
  constructor(readonly link: ModbusLink, public unit: number) {}

  #exchange(pdu: Uint8Array): Promise<Uint8Array> {
    const run = () => this.link.exchange(this.unit, pdu);
    const next = this.#busy.then(run, run);
    this.#busy = next.catch(() => {});
    return next;
  }

  async #read(fc: number, addr: number, count: number): Promise<number[]> {
    const req = readRequest(fc, addr, count);
    return parseReadReply(req, await this.#exchange(req));
  }

  /** modbus_read_bits (function 1). */
  readCoils(addr: number, count: number): Promise<number[]> {
    return this.#read(FC.readCoils, addr, count);
  }
  /** modbus_read_input_bits (function 2). */
  readDiscreteInputs(addr: number, count: number): Promise<number[]> {
    return this.#read(FC.readDiscreteInputs, addr, count);
  }
  /** modbus_read_registers (function 3). */
  readHolding(addr: number, count: number): Promise<number[]> {
    return this.#read(FC.readHoldingRegisters, addr, count);
  }
  /** modbus_read_input_registers (function 4). */
  readInput(addr: number, count: number): Promise<number[]> {
    return this.#read(FC.readInputRegisters, addr, count);
  }
  /** modbus_write_bit (function 5). */
  async writeCoil(addr: number, on: boolean): Promise<void> {
    const req = writeCoilRequest(addr, on);
    checkWriteReply(req, await this.#exchange(req));
  }
  /** modbus_write_register (function 6). */
  async writeRegister(addr: number, value: number): Promise<void> {
    const req = writeRegisterRequest(addr, value & 0xffff);
    checkWriteReply(req, await this.#exchange(req));
  }
  /** modbus_write_registers (function 16). */
  async writeRegisters(addr: number, values: readonly number[]): Promise<void> {
    const req = writeRegistersRequest(addr, values.map((v) => v & 0xffff));
    checkWriteReply(req, await this.#exchange(req));
  }
  /** modbus_send_raw_request + modbus_receive_confirmation: the reply PDU. */
  raw(pdu: Uint8Array): Promise<Uint8Array> {
    return this.#exchange(pdu);
  }
  close(): void {
    this.link.close();
  }
}

/** RTU over a byte transport (a serial port or a pty). */
export class RtuLink implements ModbusLink {
  constructor(readonly port: ByteTransport, public timeouts: ModbusTimeouts) {}

  async exchange(unit: number, pdu: Uint8Array): Promise<Uint8Array> {
    await this.port.flush();
    await this.port.write(rtuFrame(unit, pdu));
    const got: number[] = [];
    let want = 0;
    while (want === 0 || got.length < want) {
      const chunk = await this.port.read(
        got.length ? this.timeouts.byteMs : this.timeouts.responseMs,
        want ? want - got.length : 256,
      );
      if (!chunk.length) throw new ModbusTimeoutError();
      got.push(...chunk);
      want = rtuReplyLength(new Uint8Array(got));
      if (want && got.length > want) got.length = want;
    }
    const frame = parseRtuFrame(new Uint8Array(got));
    if (frame.unit !== unit) {
      throw new ModbusProtocolError(`reply from unit ${frame.unit}`);
    }
    return frame.pdu;
  }

  close(): void {
    this.port.close();
  }
}

/** Opens an RTU link on a serial port (libmodbus's modbus_new_rtu + connect). */
export async function openModbusRtu(
  path: string,
  settings: SerialSettings,
  timeouts: ModbusTimeouts = LIBMODBUS_TIMEOUTS,
): Promise<RtuLink> {
  const { openSerial } = await import("./serial.ts");
  return new RtuLink(openSerial(path, settings), timeouts);
}

/**
 * Modbus/TCP: one connection; a reply is matched by transaction id, and
 * bytes left from a late reply are dropped before the next request.
 */
export class TcpLink implements ModbusLink {
  #conn: Deno.TcpConn | null = null;
  #tid = 0;
  #buf = new Uint8Array(0);
  #waiter: (() => void) | null = null;
  #dead = false;

  constructor(
    readonly host: string,
    readonly port: number,
    public timeouts: ModbusTimeouts,
  ) {}

  /** modbus_connect: opens the connection (throws when refused). */
  async connect(): Promise<void> {
    this.#conn = await Deno.connect({ hostname: this.host, port: this.port });
    this.#conn.setNoDelay(true);
    this.#dead = false;
    this.#buf = new Uint8Array(0);
    this.#pump(this.#conn);
  }

  async #pump(conn: Deno.TcpConn): Promise<void> {
    const chunk = new Uint8Array(1024);
    try {
      while (true) {
        const n = await conn.read(chunk);
        if (n === null) break;
        const next = new Uint8Array(this.#buf.length + n);
        next.set(this.#buf);
        next.set(chunk.subarray(0, n), this.#buf.length);
        this.#buf = next;
        this.#waiter?.();
      }
    } catch { /* reset or closed */ }
    if (conn === this.#conn) this.#dead = true;
    this.#waiter?.();
  }

  #wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiter = null;
        resolve();
      }, ms);
      this.#waiter = () => {
        clearTimeout(timer);
        this.#waiter = null;
        resolve();
      };
    });
  }

  async exchange(unit: number, pdu: Uint8Array): Promise<Uint8Array> {
    if (!this.#conn || this.#dead) {
      this.close();
      await this.connect();
    }
    this.#buf = new Uint8Array(0);
    this.#tid = (this.#tid + 1) & 0xffff;
    const tid = this.#tid;
    try {
      await this.#conn!.write(tcpFrame(tid, unit, pdu));
    } catch {
      this.#dead = true;
      throw new Error("Broken pipe");
    }
    let end = Date.now() + this.timeouts.responseMs;
    let seen = 0;
    while (true) {
      const frame = parseTcpFrame(this.#buf);
      if (frame) {
        this.#buf = this.#buf.slice(frame.size);
        if (frame.tid === tid) return frame.pdu;
        continue; // a late reply to an earlier request
      }
      if (this.#dead) throw new Error("Connection reset by peer");
      if (this.#buf.length > seen) {
        seen = this.#buf.length;
        end = Date.now() + this.timeouts.byteMs;
      }
      const left = end - Date.now();
      if (left <= 0) throw new ModbusTimeoutError();
      await this.#wait(left);
    }
  }

  close(): void {
    const c = this.#conn;
    this.#conn = null;
    try {
      c?.close();
    } catch { /* closed */ }
  }
}

/** Opens a Modbus/TCP link (modbus_new_tcp + modbus_connect). */
export async function openModbusTcp(
  host: string,
  port: number,
  timeouts: ModbusTimeouts = LIBMODBUS_TIMEOUTS,
): Promise<TcpLink> {
  const link = new TcpLink(host, port, timeouts);
  await link.connect();
  return link;
}
