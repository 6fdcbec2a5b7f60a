/**
 * A HidTransport over SHUT on a serial line (libshut of NUT 2.8.0): 2400
 * bauds, DTR off and RTS on, synchronised with SYNC_OFF (no
 * notifications, so there is no interrupt data: usbhid's engine polls);
 * then the device, HID and report descriptors and the strings are read
 * with GET_DESCRIPTOR, reports with GET_REPORT / SET_REPORT (feature).
 *
 * @module
 */
import {
  HidIoError,
  type HidOpener,
  type HidTransport,
  type UsbDeviceInfo,
} from "../../src/hid/device.ts";
import type { LineTransport } from "../../src/transport/mod.ts";
import {
  decodeStringDescriptor,
  setupBytes,
  SHUT,
  shutChecksum,
  shutPacket,
  validSize,
} from "./shut.ts";

/** Per-byte wait (SHUT_TIMEOUT). */
const BYTE_MS = 3000;
const MAX_TRY = 4;

/** Opens the serial port (tests pass a pty path opener). */
export type ShutLineOpener = (path: string) => Promise<LineTransport>;

async function openLine(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed: 2400 });
}

/** The SHUT link: one exchange at a time. */
export class ShutLink {
  #line: LineTransport;
  #pending: number[] = [];
  #queue: Promise<unknown> = Promise.resolve();

  constructor(line: LineTransport) {
    this.#line = line;
  }

  async #byte(timeoutMs: number): Promise<number | undefined> {
    if (!this.#pending.length) {
      const got = await this.#line.read(timeoutMs);
      if (!got.length) return undefined;
      this.#pending.push(...got);
    }
    return this.#pending.shift();
  }

  /** shut_synchronise: SYNC_OFF until the unit echoes it (4 tries). */
  async synchronise(): Promise<boolean> {
    for (let i = 0; i < MAX_TRY; i++) {
      await this.#line.write(Uint8Array.of(SHUT.syncOff));
      if ((await this.#byte(1000)) === SHUT.syncOff) return true;
    }
    return false;
  }

  /** One packet out, waiting for its ACK (a NAK resends, up to 4 times). */
  async #send(packet: Uint8Array): Promise<void> {
    for (let i = 0; i < MAX_TRY; i++) {
      await this.#line.write(packet);
      const c = await this.#byte(BYTE_MS);
      if (c === SHUT.ack) return;
      if (c !== SHUT.nak) break;
    }
    await this.synchronise();
    throw new HidIoError("io", "SHUT: no acknowledgement");
  }

  /** shut_packet_recv: RESPONSE packets up to the last one, each ACKed. */
  async #receive(max: number): Promise<Uint8Array> {
    const out: number[] = [];
    let retry = 0;
    while (out.length < max && retry < 3) {
      const start = await this.#byte(BYTE_MS);
      if (start === undefined) {
        retry++;
        continue;
      }
      if (start === SHUT.sync || start === SHUT.syncOff) {
        return Uint8Array.of(start);
      }
      const size = await this.#byte(BYTE_MS);
      if (size === undefined || !validSize(size)) {
        throw new HidIoError("io", "SHUT: bad packet header");
      }
      const data: number[] = [];
      for (let i = 0; i < (size & 0x0f); i++) {
        const b = await this.#byte(BYTE_MS);
        if (b === undefined) break;
        data.push(b);
      }
      const chk = await this.#byte(BYTE_MS);
      if (chk !== shutChecksum(data)) {
        await this.#line.write(Uint8Array.of(SHUT.nak));
        retry++;
        continue;
      }
      await this.#line.write(Uint8Array.of(SHUT.ack));
      retry = 0;
      if ((start & 0x0f) === SHUT.notify) {
        if (start & SHUT.last) out.length = 0; // notifications are dropped
        continue;
      }
      out.push(...data);
      if (start & SHUT.last) return Uint8Array.from(out);
    }
    if (!out.length) throw new HidIoError("timeout", "SHUT: no answer");
    return Uint8Array.from(out);
  }

  /** A control transfer: IN returns the answer, SET_REPORT sends `data`. */
  control(
    requestType: number,
    request: number,
    value: number,
    index: number,
    length: number,
    data?: Uint8Array,
  ): Promise<Uint8Array> {
    const run = this.#queue.then(async () => {
      const setup = setupBytes(requestType, request, value, index, length);
      if (requestType === 0x21) {
        await this.#send(shutPacket(SHUT.request, setup));
        await this.#send(
          shutPacket(SHUT.request | SHUT.last, data ?? new Uint8Array()),
        );
        return new Uint8Array();
      }
      await this.#send(shutPacket(SHUT.request | SHUT.last, setup));
      return await this.#receive(length);
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  /** GET_DESCRIPTOR (device/string on 0x80, HID/report on 0x81). */
  descriptor(type: number, index: number, length: number): Promise<Uint8Array> {
    return this.control(
      0x80 + (type >= 0x21 ? 1 : 0),
      6,
      (type << 8) + index,
      0,
      length,
    );
  }

  /** A string, undefined when unreadable. */
  async string(index: number, max = 128): Promise<string | undefined> {
    try {
      return decodeStringDescriptor(await this.descriptor(3, index, max));
    } catch {
      return undefined;
    }
  }

  close(): void {
    this.#line.close();
  }
}

/** libshut_open: the unit on `port`, as a HID device. */
export class ShutOpener implements HidOpener {
  #port: string;
  #open: ShutLineOpener;

  constructor(port: string, open: ShutLineOpener = openLine) {
    this.#port = port;
    this.#open = open;
  }

  async open(
    accept: (info: UsbDeviceInfo) => boolean,
  ): Promise<HidTransport | undefined> {
    const line = await this.#open(this.#port);
    await line.setLines({ dtr: false, rts: true }).catch(() => {});
    const link = new ShutLink(line);
    try {
      const t = await this.#session(link, accept);
      if (!t) link.close();
      return t;
    } catch (e) {
      link.close();
      if (e instanceof HidIoError) return undefined;
      throw e;
    }
  }

  async #session(
    link: ShutLink,
    accept: (info: UsbDeviceInfo) => boolean,
  ): Promise<HidTransport | undefined> {
    if (!(await link.synchronise())) return undefined;
    const dev = await link.descriptor(1, 0, 18);
    if (dev.length < 9) return undefined;
    const word = (i: number) => (dev[i] ?? 0) | ((dev[i + 1] ?? 0) << 8);
    const vendorId = word(8), productId = word(10), bcd = word(12);
    const vendor = dev[14] ? await link.string(dev[14]) ?? "Eaton" : "Eaton";
    const product = dev[15] ? await link.string(dev[15]) : undefined;
    const serial = dev[16] ? await link.string(dev[16], 0x25) : undefined;
    const info: UsbDeviceInfo = {
      vendorId,
      productId,
      vendor,
      product: product ?? "unknown",
      serial: serial ?? "unknown",
      bus: "serial",
      device: "",
      busport: "",
    };
    // newer Eaton units keep the full descriptor at index 1
    const idx = vendorId === 0x463 && bcd === 0x0202 ? 1 : 0;
    const hid = await link.descriptor(0x21, idx, 9);
    if (hid.length < 9) return undefined;
    const rdlen = hid[7]! | (hid[8]! << 8);
    const descriptor = await link.descriptor(0x22, idx, rdlen);
    if (descriptor.length !== rdlen || !accept(info)) return undefined;
    return {
      info,
      descriptor,
      getReport: (id, length) =>
        link.control(0xa1, 0x01, id + (0x03 << 8), 0, length),
      setReport: async (id, data) => {
        await link.control(0x21, 0x09, id + (0x03 << 8), 0, data.length, data);
      },
      getString: (index) => link.string(index),
      // SYNC_OFF: the unit sends no notifications
      interrupt: () => Promise.resolve(undefined),
      close: () => Promise.resolve(link.close()),
    };
  }
}
