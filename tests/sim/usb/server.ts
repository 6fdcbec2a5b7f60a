/**
 * The USB simulator: serves device models (model.ts) on a Unix socket to
 * NUT's drivers (through the libusb stand-in, libusb_standin.c) and to ours
 * (src/transport/usb_sim.ts). Devices carry a bus, an address and a port
 * path; they can be unplugged and plugged again (a new address, as a real
 * bus gives), refused to an opener (permissions) and every transfer is
 * logged per device.
 *
 * Wire format (little-endian), one request at a time per connection:
 * request = u32 length, u8 op, u32 device id, arguments; response = u32
 * length, i32 status (libusb error code or byte count), data. See
 * {@link Op} for the arguments of each op.
 *
 * @module
 */
import { configDescriptor, deviceDescriptor, type UsbModel } from "./model.ts";
import {
  UsbError,
  type UsbErrorKind,
} from "../../../src/transport/usb_link.ts";

/** Request codes shared with libusb_standin.c and usb_sim.ts. */
export const Op = {
  /** → per device: u32 id, u8 bus, u8 address, u8 nports, ports, 18-byte device descriptor, u16 len, config descriptor. */
  LIST: 1,
  OPEN: 2,
  CLOSE: 3,
  /** u8 type, u8 request, u16 value, u16 index, u16 length, u32 timeout, OUT data. */
  CONTROL: 4,
  /** u8 endpoint, u32 length, u32 timeout, OUT data. */
  INTERRUPT: 5,
  BULK: 6,
  RESET: 7,
  /** u8 interface. */
  CLAIM: 8,
  RELEASE: 9,
  /** u8 interface, u8 alternate setting. */
  SETALT: 10,
  /** u8 endpoint. */
  CLEAR_HALT: 11,
  SET_CONFIG: 12,
} as const;

/** libusb error codes. */
export const LIBUSB = {
  IO: -1,
  INVALID_PARAM: -2,
  ACCESS: -3,
  NO_DEVICE: -4,
  NOT_FOUND: -5,
  BUSY: -6,
  TIMEOUT: -7,
  OVERFLOW: -8,
  PIPE: -9,
  OTHER: -99,
} as const;

const ERROR_CODE: Record<UsbErrorKind, number> = {
  gone: LIBUSB.NO_DEVICE,
  io: LIBUSB.IO,
  timeout: LIBUSB.TIMEOUT,
  stall: LIBUSB.PIPE,
  busy: LIBUSB.BUSY,
  access: LIBUSB.ACCESS,
};

/** Where a device sits on the simulated bus. */
export interface Placement {
  /** Bus number (default 1). */
  bus?: number;
  /** Port path, e.g. [1, 2] (default [next free port]). */
  ports?: number[];
}

/** One logged transfer. */
export interface Transfer {
  readonly op: "control" | "interrupt" | "bulk" | "reset" | "claim" | "open";
  /** control: [type, request, value, index]; interrupt/bulk: [endpoint]. */
  readonly args: readonly number[];
  /** Bytes sent to the device (OUT). */
  readonly out: Uint8Array;
  /** Bytes answered (IN). */
  readonly in: Uint8Array;
  /** libusb status: byte count or error code. */
  readonly status: number;
}

/** A device slot: a model at a place on the bus. */
export class SimDevice {
  readonly model: UsbModel;
  readonly bus: number;
  readonly ports: number[];
  /** Device address; changes on every plug. */
  address = 0;
  /** Changes on every plug: handles from before an unplug see NO_DEVICE. */
  id = 0;
  plugged = false;
  /** When true, OPEN answers LIBUSB_ERROR_ACCESS (a udev rule missing). */
  denyOpen = false;
  /** Every transfer since the last clearLog(). */
  readonly log: Transfer[] = [];

  constructor(model: UsbModel, bus: number, ports: number[]) {
    this.model = model;
    this.bus = bus;
    this.ports = ports;
  }

  /** Forgets the log. */
  clearLog(): void {
    this.log.length = 0;
  }

  /** OUT payloads of the logged transfers matching `op`. */
  outs(op: Transfer["op"]): Uint8Array[] {
    return this.log.filter((t) => t.op === op).map((t) => t.out);
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    });
  });

/** Longest wait the server does for a "timeout" answer (keeps tests fast). */
const TIMEOUT_CAP_MS = 1000;

/** The simulator server. */
export class UsbSimServer {
  readonly path: string;
  readonly #dir: string;
  readonly #listener: Deno.Listener;
  readonly #devices: SimDevice[] = [];
  readonly #conns = new Set<Deno.Conn>();
  #nextId = 1;
  #nextAddress = 2;
  #nextPort = 1;
  #accepting: Promise<void>;

  constructor() {
    this.#dir = Deno.makeTempDirSync({ prefix: "usbsim" });
    this.path = `${this.#dir}/usb.sock`;
    this.#listener = Deno.listen({ transport: "unix", path: this.path });
    this.#accepting = this.#accept();
  }

  /** Environment for a NUT driver: the stand-in library and this socket. */
  env(libDir: string): Record<string, string> {
    return { LD_LIBRARY_PATH: libDir, USBSIM_SOCKET: this.path };
  }

  /** Adds and plugs a device. */
  add(model: UsbModel, place: Placement = {}): SimDevice {
    const d = new SimDevice(
      model,
      place.bus ?? 1,
      place.ports ?? [this.#nextPort++],
    );
    this.#devices.push(d);
    this.plug(d);
    return d;
  }

  /** Plugs a device in (again): new id and address. */
  plug(d: SimDevice): void {
    d.id = this.#nextId++;
    d.address = this.#nextAddress++;
    d.plugged = true;
  }

  /** Pulls a device: it leaves the list and its handles fail with NO_DEVICE. */
  unplug(d: SimDevice): void {
    d.plugged = false;
  }

  /** Devices plugged in now. */
  get devices(): SimDevice[] {
    return this.#devices.filter((d) => d.plugged);
  }

  async #accept(): Promise<void> {
    for await (const conn of this.#listener) {
      this.#conns.add(conn);
      this.#serve(conn).catch(() => {}).finally(() => {
        this.#conns.delete(conn);
        try {
          conn.close();
        } catch { /* already closed */ }
      });
    }
  }

  async #serve(conn: Deno.Conn): Promise<void> {
    let buf: Uint8Array = new Uint8Array();
    const chunk = new Uint8Array(65536);
    while (true) {
      while (buf.length < 4 || buf.length < 4 + u32(buf, 0)) {
        const n = await conn.read(chunk);
        if (n === null) return;
        buf = concat(buf, chunk.subarray(0, n));
      }
      const len = u32(buf, 0);
      const req = buf.slice(4, 4 + len);
      buf = buf.slice(4 + len);
      const [status, data] = await this.#handle(req);
      const out = new Uint8Array(8 + data.length);
      const v = new DataView(out.buffer);
      v.setUint32(0, 4 + data.length, true);
      v.setInt32(4, status, true);
      out.set(data, 8);
      let at = 0;
      while (at < out.length) at += await conn.write(out.subarray(at));
    }
  }

  #listing(): Uint8Array {
    const parts: Uint8Array[] = [];
    for (const d of this.devices) {
      const cfg = configDescriptor(d.model.interfaces);
      const head = new Uint8Array(7 + d.ports.length);
      new DataView(head.buffer).setUint32(0, d.id, true);
      head[4] = d.bus;
      head[5] = d.address;
      head[6] = d.ports.length;
      head.set(d.ports, 7);
      const len = Uint8Array.of(cfg.length & 0xff, cfg.length >> 8);
      parts.push(head, deviceDescriptor(d.model.device), len, cfg);
    }
    return concat(...parts);
  }

  async #handle(req: Uint8Array): Promise<[number, Uint8Array]> {
    const v = new DataView(req.buffer, req.byteOffset, req.byteLength);
    const op = req[0];
    const id = v.getUint32(1, true);
    const a = req.subarray(5);
    const av = new DataView(a.buffer, a.byteOffset, a.byteLength);
    if (op === Op.LIST) return [this.devices.length, this.#listing()];
    const d = this.#devices.find((x) => x.id === id && x.plugged);
    if (!d) return [LIBUSB.NO_DEVICE, new Uint8Array()];
    const none = new Uint8Array();
    const log = (t: Omit<Transfer, "in" | "out"> & Partial<Transfer>) =>
      d.log.push({ out: none, in: none, ...t });
    try {
      switch (op) {
        case Op.OPEN:
          if (d.denyOpen) return [LIBUSB.ACCESS, none];
          d.model.opened?.();
          log({ op: "open", args: [], status: 0 });
          return [0, none];
        case Op.CLOSE:
          d.model.closed?.();
          return [0, none];
        case Op.RESET:
          d.model.reset?.();
          log({ op: "reset", args: [], status: 0 });
          return [0, none];
        case Op.CLAIM:
          log({ op: "claim", args: [a[0]!], status: 0 });
          return [0, none];
        case Op.RELEASE:
        case Op.SETALT:
        case Op.CLEAR_HALT:
        case Op.SET_CONFIG:
          return [0, none];
        case Op.CONTROL:
          return await this.#control(d, a, av);
        case Op.INTERRUPT:
        case Op.BULK:
          return await this.#data(d, op === Op.BULK, a, av);
        default:
          return [LIBUSB.NOT_FOUND, none];
      }
    } catch (e) {
      return [this.#errorCode(e), none];
    }
  }

  #errorCode(e: unknown): number {
    if (e instanceof UsbError) return ERROR_CODE[e.kind];
    console.error("usb sim: model failed:", e);
    return LIBUSB.IO;
  }

  async #control(
    d: SimDevice,
    a: Uint8Array,
    av: DataView,
  ): Promise<[number, Uint8Array]> {
    const setup = {
      requestType: a[0]!,
      request: a[1]!,
      value: av.getUint16(2, true),
      index: av.getUint16(4, true),
    };
    const length = av.getUint16(6, true);
    const timeout = av.getUint32(8, true);
    const isIn = (setup.requestType & 0x80) !== 0;
    const out = isIn ? new Uint8Array() : a.slice(12, 12 + length);
    const args = [setup.requestType, setup.request, setup.value, setup.index];
    try {
      const got = await d.model.control(setup, isIn ? length : out);
      const data = isIn ? got.slice(0, length) : new Uint8Array();
      const status = isIn ? data.length : out.length;
      d.log.push({ op: "control", args, out, in: data, status });
      return [status, data];
    } catch (e) {
      const status = this.#errorCode(e);
      d.log.push({ op: "control", args, out, in: new Uint8Array(), status });
      if (status === LIBUSB.TIMEOUT) {
        await sleep(Math.min(timeout || TIMEOUT_CAP_MS, TIMEOUT_CAP_MS));
      }
      return [status, new Uint8Array()];
    }
  }

  async #data(
    d: SimDevice,
    bulk: boolean,
    a: Uint8Array,
    av: DataView,
  ): Promise<[number, Uint8Array]> {
    const endpoint = a[0]!;
    const length = av.getUint32(1, true);
    const timeout = Math.min(
      av.getUint32(5, true) || TIMEOUT_CAP_MS,
      TIMEOUT_CAP_MS,
    );
    const op = bulk ? "bulk" : "interrupt";
    const m = d.model;
    if (endpoint & 0x80) {
      const read = bulk ? m.bulkIn : m.interruptIn;
      const abort = new AbortController();
      let status: number = LIBUSB.TIMEOUT;
      let data = new Uint8Array();
      try {
        const got = read
          ? await Promise.race([
            Promise.resolve(read.call(m, endpoint, length, abort.signal)),
            sleep(timeout, abort.signal).then(() => undefined),
          ])
          : await sleep(timeout).then(() => undefined);
        if (got !== undefined) {
          data = got.slice(0, length);
          status = data.length;
        }
      } catch (e) {
        status = this.#errorCode(e);
        if (status === LIBUSB.TIMEOUT) await sleep(timeout);
      } finally {
        abort.abort();
      }
      d.log.push({
        op,
        args: [endpoint],
        out: new Uint8Array(),
        in: data,
        status,
      });
      return [status, data];
    }
    const out = a.slice(9, 9 + length);
    const write = bulk ? m.bulkOut : m.interruptOut;
    if (!write) {
      d.log.push({
        op,
        args: [endpoint],
        out,
        in: new Uint8Array(),
        status: LIBUSB.PIPE,
      });
      return [LIBUSB.PIPE, new Uint8Array()];
    }
    const n = await write.call(m, endpoint, out);
    d.log.push({ op, args: [endpoint], out, in: new Uint8Array(), status: n });
    return [n, new Uint8Array()];
  }

  /** Stops serving and removes the socket. */
  async close(): Promise<void> {
    this.#listener.close();
    for (const c of this.#conns) {
      try {
        c.close();
      } catch { /* gone */ }
    }
    await this.#accepting.catch(() => {});
    await Deno.remove(this.#dir, { recursive: true }).catch(() => {});
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function u32(b: Uint8Array, at: number): number {
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(at, true);
}
