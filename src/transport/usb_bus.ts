/**
 * The real USB backend: UsbBus/UsbLink on npm:usb@2 (libusb). Lists every
 * device (strings when it can be opened), opens with kernel-driver detach
 * and interface claim, and maps libusb errors to UsbError kinds ("access"
 * for a device present but not permitted). Needs --allow-ffi --allow-env
 * --allow-read.
 *
 * @module
 */
import * as usbLib from "npm:usb@2.18.0";
import type { UsbDeviceInfo } from "../hid/device.ts";
import {
  type ControlSetup,
  type UsbBus,
  UsbError,
  type UsbErrorKind,
  type UsbLink,
} from "./usb_link.ts";

type Device = usbLib.usb.Device;
const L = usbLib.usb;

/** libusb error → UsbError kind. */
function kindOf(e: unknown): UsbErrorKind {
  switch ((e as { errno?: number }).errno) {
    case L.LIBUSB_ERROR_NO_DEVICE:
    case L.LIBUSB_ERROR_NOT_FOUND:
      return "gone";
    case L.LIBUSB_ERROR_ACCESS:
      return "access";
    case L.LIBUSB_ERROR_TIMEOUT:
      return "timeout";
    case L.LIBUSB_ERROR_PIPE:
    case L.LIBUSB_ERROR_OVERFLOW:
      return "stall";
    case L.LIBUSB_ERROR_BUSY:
      return "busy";
    default:
      return "io";
  }
}

function wrap(e: unknown): UsbError {
  if (e instanceof UsbError) return e;
  return new UsbError(kindOf(e), e instanceof Error ? e.message : String(e));
}

function stringOf(dev: Device, index: number): Promise<string | undefined> {
  if (!index) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    dev.getStringDescriptor(index, (err, value) => {
      resolve(err ? undefined : value);
    });
  });
}

/** The machine's USB buses. */
export class LibUsbBus implements UsbBus {
  #devices = new Map<UsbDeviceInfo, Device>();

  async list(): Promise<UsbDeviceInfo[]> {
    this.#devices.clear();
    const out: UsbDeviceInfo[] = [];
    for (const dev of usbLib.getDeviceList()) {
      const d = dev.deviceDescriptor;
      let strings: { vendor?: string; product?: string; serial?: string } = {};
      try {
        dev.open();
        const vendor = await stringOf(dev, d.iManufacturer);
        const product = await stringOf(dev, d.iProduct);
        const serial = await stringOf(dev, d.iSerialNumber);
        strings = {
          ...(vendor !== undefined ? { vendor } : {}),
          ...(product !== undefined ? { product } : {}),
          ...(serial !== undefined ? { serial } : {}),
        };
        dev.close();
      } catch {
        // not permitted: listed without strings, open() will say why
      }
      const info: UsbDeviceInfo = {
        vendorId: d.idVendor,
        productId: d.idProduct,
        ...strings,
        bus: String(dev.busNumber).padStart(3, "0"),
        device: String(dev.deviceAddress).padStart(3, "0"),
        busport: (dev.portNumbers ?? []).join("."),
      };
      this.#devices.set(info, dev);
      out.push(info);
    }
    return out;
  }

  open(
    info: UsbDeviceInfo,
    options: { iface?: number; altSetting?: number } = {},
  ): Promise<UsbLink> {
    const dev = this.#devices.get(info);
    if (!dev) return Promise.reject(new UsbError("gone", "not listed"));
    try {
      dev.open();
      const iface = dev.interface(options.iface ?? 0);
      try {
        if (iface.isKernelDriverActive()) iface.detachKernelDriver();
      } catch { /* not supported here: claim() tells */ }
      iface.claim();
      if (options.altSetting !== undefined) {
        iface.setAltSetting(options.altSetting, () => {});
      }
      return Promise.resolve(new LibUsbLink(dev, iface, info));
    } catch (e) {
      try {
        dev.close();
      } catch { /* not open */ }
      return Promise.reject(wrap(e));
    }
  }
}

class LibUsbLink implements UsbLink {
  readonly info: UsbDeviceInfo;
  #dev: Device;
  #iface: usbLib.Interface;

  constructor(dev: Device, iface: usbLib.Interface, info: UsbDeviceInfo) {
    this.#dev = dev;
    this.#iface = iface;
    this.info = info;
  }

  control(
    s: ControlSetup,
    data: number | Uint8Array,
    timeoutMs: number,
  ): Promise<Uint8Array> {
    this.#dev.timeout = timeoutMs;
    const arg = typeof data === "number" ? data : Buffer.from(data);
    return new Promise((resolve, reject) => {
      this.#dev.controlTransfer(
        s.requestType,
        s.request,
        s.value,
        s.index,
        arg,
        (err, buf) => {
          if (err) reject(wrap(err));
          else {resolve(
              buf instanceof Uint8Array
                ? new Uint8Array(buf)
                : new Uint8Array(),
            );}
        },
      );
    });
  }

  #endpoint(address: number): usbLib.Endpoint {
    const ep = this.#iface.endpoint(address);
    if (!ep) {
      throw new UsbError("stall", `no endpoint 0x${address.toString(16)}`);
    }
    return ep;
  }

  #read(address: number, length: number, timeoutMs: number) {
    const ep = this.#endpoint(address | 0x80) as usbLib.InEndpoint;
    ep.timeout = timeoutMs;
    return new Promise<Uint8Array>((resolve, reject) => {
      ep.transfer(length, (err, data) => {
        if (err) {
          const e = wrap(err);
          if (e.kind === "timeout") resolve(new Uint8Array());
          else reject(e);
        } else resolve(data ? new Uint8Array(data) : new Uint8Array());
      });
    });
  }

  #write(address: number, data: Uint8Array, timeoutMs: number) {
    const ep = this.#endpoint(address & 0x7f) as usbLib.OutEndpoint;
    ep.timeout = timeoutMs;
    return new Promise<number>((resolve, reject) => {
      ep.transfer(Buffer.from(data), (err) => {
        if (err) reject(wrap(err));
        else resolve(data.length);
      });
    });
  }

  interruptRead(endpoint: number, length: number, timeoutMs: number) {
    return this.#read(endpoint, length, timeoutMs);
  }
  interruptWrite(endpoint: number, data: Uint8Array, timeoutMs: number) {
    return this.#write(endpoint, data, timeoutMs);
  }
  bulkRead(endpoint: number, length: number, timeoutMs: number) {
    return this.#read(endpoint, length, timeoutMs);
  }
  bulkWrite(endpoint: number, data: Uint8Array, timeoutMs: number) {
    return this.#write(endpoint, data, timeoutMs);
  }

  async getString(index: number, langId?: number): Promise<string | undefined> {
    if (langId === undefined) return await stringOf(this.#dev, index);
    try {
      const s = await this.control(
        { requestType: 0x80, request: 6, value: 0x0300 | index, index: langId },
        255,
        1000,
      );
      let t = "";
      for (let i = 2; i + 1 < Math.min(s[0] ?? 0, s.length); i += 2) {
        t += s[i + 1] ? "?" : String.fromCharCode(s[i]!);
      }
      return t;
    } catch {
      return undefined;
    }
  }

  reset(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#dev.reset((err) => err ? reject(wrap(err)) : resolve());
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        try {
          this.#dev.close();
        } catch { /* gone */ }
        resolve();
      };
      try {
        this.#iface.release(done);
      } catch {
        done();
      }
    });
  }
}
