/**
 * The generic USB device contract every USB driver is written against
 * (nutdrv_qx's USB subdrivers, blazer_usb, tripplite_usb, bcmxcp_usb,
 * riello_usb, richcomm_usb, nutdrv_atcl_usb and usbhid-ups through its HID
 * adapter). Backends: real libusb (`npm:usb@2`) and the simulator socket that
 * NUT's own drivers also reach through the libusb stand-in.
 *
 * @module
 */
import type { UsbDeviceInfo } from "../hid/device.ts";

export type { UsbDeviceInfo };

/** Why a transfer failed: "gone" and "io" call for a reconnect. */
export type UsbErrorKind =
  | "gone"
  | "io"
  | "timeout"
  | "stall"
  | "busy"
  | "access";

/** A failed USB operation (kind decides retry, reconnect or report). */
export class UsbError extends Error {
  override name = "UsbError";
  readonly kind: UsbErrorKind;
  constructor(kind: UsbErrorKind, message: string) {
    super(message);
    this.kind = kind;
  }
}

/** The 8-byte setup packet of a control transfer (minus wLength). */
export interface ControlSetup {
  /** bmRequestType: direction (0x80 = IN), type and recipient. */
  readonly requestType: number;
  readonly request: number;
  readonly value: number;
  readonly index: number;
}

/** An opened USB device with its interface claimed. */
export interface UsbLink {
  readonly info: UsbDeviceInfo;
  /**
   * Control transfer. IN (requestType & 0x80): `data` is the length to read
   * and the bytes read are returned. OUT: `data` is sent; returns empty.
   */
  control(
    setup: ControlSetup,
    data: number | Uint8Array,
    timeoutMs: number,
  ): Promise<Uint8Array>;
  /** Interrupt IN; empty on timeout. */
  interruptRead(
    endpoint: number,
    length: number,
    timeoutMs: number,
  ): Promise<Uint8Array>;
  /** Interrupt OUT; returns the count written. */
  interruptWrite(
    endpoint: number,
    data: Uint8Array,
    timeoutMs: number,
  ): Promise<number>;
  /** Bulk IN; empty on timeout. */
  bulkRead(
    endpoint: number,
    length: number,
    timeoutMs: number,
  ): Promise<Uint8Array>;
  /** Bulk OUT; returns the count written. */
  bulkWrite(
    endpoint: number,
    data: Uint8Array,
    timeoutMs: number,
  ): Promise<number>;
  /** String descriptor (ASCII), undefined when absent or unreadable. */
  getString(index: number, langId?: number): Promise<string | undefined>;
  /** libusb_reset_device. */
  reset(): Promise<void>;
  /** Releases the interface and closes the device. */
  close(): Promise<void>;
}

/** Device discovery and opening (real bus or simulator). */
export interface UsbBus {
  /** Every device present now. */
  list(): Promise<UsbDeviceInfo[]>;
  /** Opens `info`, detaching a kernel driver and claiming `iface` (default 0). */
  open(
    info: UsbDeviceInfo,
    options?: { iface?: number; altSetting?: number },
  ): Promise<UsbLink>;
}
