/**
 * The transport contract between usbhid-ups and a HID device (real USB in
 * src/transport/usb.ts, recorded in src/hid/replay.ts), plus the report
 * buffer NUT keeps per report ID (libhid.c reportbuf_t).
 *
 * @module
 */
import { fieldValue, setLogical, toLogical } from "./decode.ts";
import type { HidDescriptor, HidField } from "./parser.ts";

/** What identifies a USB device for matching (NUT's HIDDevice_t). */
export interface UsbDeviceInfo {
  readonly vendorId: number;
  readonly productId: number;
  readonly vendor?: string;
  readonly product?: string;
  readonly serial?: string;
  /** Bus number as NUT prints it (`003`). */
  readonly bus: string;
  /** Device address as NUT prints it (`002`). */
  readonly device: string;
  /** Port path on the bus, e.g. `1.2` (empty when unknown). */
  readonly busport: string;
}

/** Why a transfer failed: "gone" and "io" call for a reconnect. */
export type HidErrorKind = "gone" | "io" | "timeout" | "stall" | "busy";

/** A failed transfer. */
export class HidIoError extends Error {
  override name = "HidIoError";
  readonly kind: HidErrorKind;
  constructor(kind: HidErrorKind, message: string) {
    super(message);
    this.kind = kind;
  }
}

/** An opened HID device. */
export interface HidTransport {
  readonly info: UsbDeviceInfo;
  /** The raw report descriptor. */
  readonly descriptor: Uint8Array;
  /** GET_REPORT(Feature): the report, report ID first (may be shorter). */
  getReport(id: number, length: number): Promise<Uint8Array>;
  /** SET_REPORT(Feature) with `data` (report ID first). */
  setReport(id: number, data: Uint8Array): Promise<void>;
  /** A string descriptor, or undefined. */
  getString(index: number): Promise<string | undefined>;
  /** One interrupt IN report, or undefined when none came within the timeout. */
  interrupt(size: number, timeoutMs: number): Promise<Uint8Array | undefined>;
  close(): Promise<void>;
}

/** Finds and opens the first device `accept` agrees to. */
export interface HidOpener {
  open(
    accept: (info: UsbDeviceInfo) => boolean,
  ): Promise<HidTransport | undefined>;
}

/**
 * Buffered access to field values: each report is read at most once per
 * `maxAge` ms (NUT's refresh_report_buffer), interrupt reports are filed
 * into the same buffer.
 */
export class ReportBuffer {
  #t: HidTransport;
  #desc: HidDescriptor;
  #data = new Map<number, Uint8Array>();
  #stamp = new Map<number, number>();
  #now: () => number;

  constructor(t: HidTransport, desc: HidDescriptor, now = Date.now) {
    this.#t = t;
    this.#desc = desc;
    this.#now = now;
  }

  /** Full buffer length of a report, ID byte included. */
  length(id: number): number {
    return (this.#desc.reportLengths.get(id) ?? 0) + 1;
  }

  async #refresh(id: number, maxAge: number): Promise<Uint8Array> {
    const stamp = this.#stamp.get(id);
    const cached = this.#data.get(id);
    if (cached && stamp !== undefined && this.#now() - stamp < maxAge) {
      return cached;
    }
    const got = await this.#t.getReport(id, this.length(id));
    this.#data.set(id, got);
    this.#stamp.set(id, this.#now());
    return got;
  }

  /** The field's value (NUT's HIDGetDataValue), undefined if the report is short. */
  async value(field: HidField, maxAge: number): Promise<number | undefined> {
    const report = await this.#refresh(field.reportId, maxAge);
    return fieldValue(report, field);
  }

  /** Files an interrupt report; returns false when it is longer than declared. */
  file(report: Uint8Array): boolean {
    const id = report[0] ?? 0;
    if (report.length > this.length(id)) return false;
    this.#data.set(id, report);
    this.#stamp.set(id, this.#now());
    return true;
  }

  /** Writes a physical value into a field and sends the report (HIDSetDataValue). */
  async set(field: HidField, value: number): Promise<void> {
    const len = this.length(field.reportId);
    const buf = new Uint8Array(len);
    buf.set((this.#data.get(field.reportId) ?? new Uint8Array()).subarray(
      0,
      len,
    ));
    buf[0] = field.reportId;
    setLogical(buf, field, toLogical(field, value));
    await this.#t.setReport(field.reportId, buf);
    this.#stamp.clear(); // the device may have changed anything
  }

  /** The buffered report (ID byte first) as last read or filed, if any. */
  peek(id: number): Uint8Array | undefined {
    return this.#data.get(id);
  }

  /** Forgets every buffered report. */
  expire(): void {
    this.#stamp.clear();
  }
}
