/**
 * The simulated USB backend: a UsbBus that talks to the USB simulator's Unix
 * socket (tests/sim/usb/server.ts), the same socket NUT's drivers reach
 * through the libusb stand-in. Chosen by drivers when USBSIM_SOCKET is set.
 *
 * @module
 */
import type { UsbDeviceInfo } from "../hid/device.ts";
import {
  type ControlSetup,
  type UsbBus,
  UsbError,
  type UsbErrorKind,
  type UsbLink,
} from "./usb_link.ts";

const OP = {
  LIST: 1,
  OPEN: 2,
  CLOSE: 3,
  CONTROL: 4,
  INTERRUPT: 5,
  BULK: 6,
  RESET: 7,
  CLAIM: 8,
  RELEASE: 9,
  SETALT: 10,
} as const;

/** libusb error code → UsbError kind. */
export function errorKind(code: number): UsbErrorKind {
  switch (code) {
    case -4: // NO_DEVICE
    case -5: // NOT_FOUND
      return "gone";
    case -3:
      return "access";
    case -7:
      return "timeout";
    case -9:
    case -8:
      return "stall";
    case -6:
      return "busy";
    default:
      return "io";
  }
}

/** A simulator device as listed: its info plus what opening needs. */
interface Listed {
  id: number;
  info: UsbDeviceInfo;
  iManufacturer: number;
  iProduct: number;
  iSerial: number;
}

/** One connection to the simulator; requests go one at a time. */
class SimConn {
  #conn: Deno.UnixConn | undefined;
  #path: string;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(path: string) {
    this.#path = path;
  }

  call(op: number, id: number, args: Uint8Array = new Uint8Array()) {
    const run = this.#queue.then(() => this.#call(op, id, args));
    this.#queue = run.catch(() => {});
    return run;
  }

  async #call(
    op: number,
    id: number,
    args: Uint8Array,
  ): Promise<{ status: number; data: Uint8Array }> {
    try {
      this.#conn ??= await Deno.connect({
        transport: "unix",
        path: this.#path,
      });
      const req = new Uint8Array(9 + args.length);
      const v = new DataView(req.buffer);
      v.setUint32(0, 5 + args.length, true);
      req[4] = op;
      v.setUint32(5, id, true);
      req.set(args, 9);
      let at = 0;
      while (at < req.length) at += await this.#conn.write(req.subarray(at));
      const head = await this.#read(8);
      const hv = new DataView(head.buffer);
      const data = await this.#read(hv.getUint32(0, true) - 4);
      return { status: hv.getInt32(4, true), data };
    } catch (e) {
      this.close();
      throw new UsbError("gone", `USB simulator unreachable: ${e}`);
    }
  }

  async #read(n: number): Promise<Uint8Array> {
    const out = new Uint8Array(n);
    let at = 0;
    while (at < n) {
      const got = await this.#conn!.read(out.subarray(at));
      if (got === null) throw new Error("simulator closed the connection");
      at += got;
    }
    return out;
  }

  close(): void {
    try {
      this.#conn?.close();
    } catch { /* closed */ }
    this.#conn = undefined;
  }
}

function pad3(n: number): string {
  return String(n).padStart(3, "0");
}

function fail(status: number, what: string): never {
  throw new UsbError(errorKind(status), `${what}: libusb error ${status}`);
}

/** The simulator as a UsbBus. */
export class SimUsbBus implements UsbBus {
  readonly #conn: SimConn;
  #listed = new Map<UsbDeviceInfo, Listed>();

  constructor(path: string) {
    this.#conn = new SimConn(path);
  }

  async list(): Promise<UsbDeviceInfo[]> {
    const { status, data } = await this.#conn.call(OP.LIST, 0);
    const out: UsbDeviceInfo[] = [];
    this.#listed.clear();
    let at = 0;
    const v = new DataView(data.buffer);
    for (let i = 0; i < status; i++) {
      const id = v.getUint32(at, true);
      const bus = data[at + 4]!;
      const address = data[at + 5]!;
      const nports = data[at + 6]!;
      const ports = Array.from(data.subarray(at + 7, at + 7 + nports));
      at += 7 + nports;
      const desc = data.subarray(at, at + 18);
      at += 18;
      at += 2 + v.getUint16(at, true);
      const dv = new DataView(desc.buffer, desc.byteOffset, 18);
      const listed: Listed = {
        id,
        iManufacturer: desc[14]!,
        iProduct: desc[15]!,
        iSerial: desc[16]!,
        info: {
          vendorId: dv.getUint16(8, true),
          productId: dv.getUint16(10, true),
          bus: pad3(bus),
          device: pad3(address),
          busport: ports.join("."),
        },
      };
      // strings need the device open; read them as libusb users do
      const strings = await this.#strings(listed);
      const info = { ...listed.info, ...strings };
      listed.info = info;
      this.#listed.set(info, listed);
      out.push(info);
    }
    return out;
  }

  async #strings(l: Listed): Promise<Partial<UsbDeviceInfo>> {
    const r = await this.#conn.call(OP.OPEN, l.id);
    if (r.status < 0) return {};
    const link = new SimLink(this.#conn, l.id, l.info);
    const out: { vendor?: string; product?: string; serial?: string } = {};
    const get = async (i: number) => i ? await link.getString(i) : undefined;
    const vendor = await get(l.iManufacturer);
    const product = await get(l.iProduct);
    const serial = await get(l.iSerial);
    if (vendor !== undefined) out.vendor = vendor;
    if (product !== undefined) out.product = product;
    if (serial !== undefined) out.serial = serial;
    await this.#conn.call(OP.CLOSE, l.id);
    return out;
  }

  async open(
    info: UsbDeviceInfo,
    options: { iface?: number; altSetting?: number } = {},
  ): Promise<UsbLink> {
    const l = this.#listed.get(info);
    if (!l) throw new UsbError("gone", "device not in the last listing");
    const r = await this.#conn.call(OP.OPEN, l.id);
    if (r.status < 0) fail(r.status, "open");
    const c = await this.#conn.call(
      OP.CLAIM,
      l.id,
      Uint8Array.of(options.iface ?? 0),
    );
    if (c.status < 0) fail(c.status, "claim");
    if (options.altSetting !== undefined) {
      await this.#conn.call(
        OP.SETALT,
        l.id,
        Uint8Array.of(options.iface ?? 0, options.altSetting),
      );
    }
    return new SimLink(this.#conn, l.id, info);
  }

  /** Drops the connection. */
  close(): void {
    this.#conn.close();
  }
}

class SimLink implements UsbLink {
  readonly info: UsbDeviceInfo;
  #conn: SimConn;
  #id: number;

  constructor(conn: SimConn, id: number, info: UsbDeviceInfo) {
    this.#conn = conn;
    this.#id = id;
    this.info = info;
  }

  async control(
    setup: ControlSetup,
    data: number | Uint8Array,
    timeoutMs: number,
  ): Promise<Uint8Array> {
    const isIn = (setup.requestType & 0x80) !== 0;
    const out = typeof data === "number" ? new Uint8Array() : data;
    const len = typeof data === "number" ? data : data.length;
    const a = new Uint8Array(12 + (isIn ? 0 : out.length));
    const v = new DataView(a.buffer);
    a[0] = setup.requestType;
    a[1] = setup.request;
    v.setUint16(2, setup.value, true);
    v.setUint16(4, setup.index, true);
    v.setUint16(6, len, true);
    v.setUint32(8, timeoutMs, true);
    if (!isIn) a.set(out, 12);
    const r = await this.#conn.call(OP.CONTROL, this.#id, a);
    if (r.status < 0) fail(r.status, "control transfer");
    return isIn ? r.data.subarray(0, r.status) : new Uint8Array();
  }

  async #data(
    op: number,
    endpoint: number,
    payload: Uint8Array | number,
    timeoutMs: number,
  ): Promise<{ status: number; data: Uint8Array }> {
    const out = typeof payload === "number" ? new Uint8Array() : payload;
    const len = typeof payload === "number" ? payload : payload.length;
    const a = new Uint8Array(9 + out.length);
    const v = new DataView(a.buffer);
    a[0] = endpoint;
    v.setUint32(1, len, true);
    v.setUint32(5, timeoutMs, true);
    a.set(out, 9);
    return await this.#conn.call(op, this.#id, a);
  }

  async #read(op: number, ep: number, len: number, t: number) {
    const r = await this.#data(op, ep | 0x80, len, t);
    if (r.status === -7) return new Uint8Array(); // timeout: empty
    if (r.status < 0) fail(r.status, "read");
    return r.data.subarray(0, r.status);
  }

  async #write(op: number, ep: number, data: Uint8Array, t: number) {
    const r = await this.#data(op, ep & 0x7f, data, t);
    if (r.status < 0) fail(r.status, "write");
    return r.status;
  }

  interruptRead(endpoint: number, length: number, timeoutMs: number) {
    return this.#read(OP.INTERRUPT, endpoint, length, timeoutMs);
  }
  interruptWrite(endpoint: number, data: Uint8Array, timeoutMs: number) {
    return this.#write(OP.INTERRUPT, endpoint, data, timeoutMs);
  }
  bulkRead(endpoint: number, length: number, timeoutMs: number) {
    return this.#read(OP.BULK, endpoint, length, timeoutMs);
  }
  bulkWrite(endpoint: number, data: Uint8Array, timeoutMs: number) {
    return this.#write(OP.BULK, endpoint, data, timeoutMs);
  }

  async getString(index: number, langId?: number): Promise<string | undefined> {
    if (!index) return undefined;
    try {
      let lang = langId;
      if (lang === undefined) {
        const l = await this.control(
          { requestType: 0x80, request: 6, value: 0x0300, index: 0 },
          255,
          1000,
        );
        if (l.length < 4) return undefined;
        lang = l[2]! | (l[3]! << 8);
      }
      const s = await this.control(
        { requestType: 0x80, request: 6, value: 0x0300 | index, index: lang },
        255,
        1000,
      );
      if (s[1] !== 3 || s[0]! > s.length) return undefined;
      let text = "";
      for (let i = 2; i + 1 < s[0]!; i += 2) {
        text += (s[i]! & 0x80) || s[i + 1] ? "?" : String.fromCharCode(s[i]!);
      }
      return text;
    } catch (e) {
      if (e instanceof UsbError && e.kind === "gone") throw e;
      return undefined;
    }
  }

  async reset(): Promise<void> {
    const r = await this.#conn.call(OP.RESET, this.#id);
    if (r.status < 0) fail(r.status, "reset");
  }

  async close(): Promise<void> {
    await this.#conn.call(OP.RELEASE, this.#id, Uint8Array.of(0)).catch(
      () => {},
    );
    await this.#conn.call(OP.CLOSE, this.#id).catch(() => {});
  }
}
