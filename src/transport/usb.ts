/**
 * Real USB HID access on npm:usb@2 (libusb): enumerate, match, open, detach
 * the kernel driver, claim interface 0, read the report descriptor, GET/SET
 * Feature reports and read the interrupt IN endpoint. Loaded only by the
 * real USB path of usbhid-ups (needs --allow-ffi --allow-env --allow-read).
 *
 * @module
 */
import * as usbLib from "npm:usb@2.18.0";
import {
  type HidErrorKind,
  HidIoError,
  type HidOpener,
  type HidTransport,
  type UsbDeviceInfo,
} from "../hid/device.ts";

type Device = usbLib.usb.Device;

const TIMEOUT_MS = 5000;
const HID_REPORT_DESCRIPTOR = 0x2200;
const FEATURE = 3;

function kindOf(e: unknown): HidErrorKind {
  const errno = (e as { errno?: number }).errno;
  switch (errno) {
    case usbLib.usb.LIBUSB_ERROR_NO_DEVICE:
    case usbLib.usb.LIBUSB_ERROR_NOT_FOUND:
    case usbLib.usb.LIBUSB_ERROR_ACCESS:
    case usbLib.usb.LIBUSB_ERROR_NO_MEM:
      return "gone";
    case usbLib.usb.LIBUSB_ERROR_TIMEOUT:
      return "timeout";
    case usbLib.usb.LIBUSB_ERROR_PIPE:
    case usbLib.usb.LIBUSB_ERROR_OVERFLOW:
      return "stall";
    case usbLib.usb.LIBUSB_ERROR_BUSY:
      return "busy";
    default:
      return "io";
  }
}

function wrap(e: unknown): HidIoError {
  if (e instanceof HidIoError) return e;
  return new HidIoError(kindOf(e), e instanceof Error ? e.message : String(e));
}

function control(
  dev: Device,
  type: number,
  req: number,
  value: number,
  index: number,
  dataOrLength: number | Uint8Array,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const arg = typeof dataOrLength === "number"
      ? dataOrLength
      : Buffer.from(dataOrLength);
    dev.controlTransfer(type, req, value, index, arg, (err, buf) => {
      if (err) reject(wrap(err));
      else {resolve(
          buf instanceof Uint8Array ? new Uint8Array(buf) : new Uint8Array(),
        );}
    });
  });
}

function stringOf(dev: Device, index: number): Promise<string | undefined> {
  if (!index) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    dev.getStringDescriptor(index, (err, value) => {
      resolve(err ? undefined : value?.trim());
    });
  });
}

async function describe(dev: Device): Promise<UsbDeviceInfo> {
  const d = dev.deviceDescriptor;
  const vendor = await stringOf(dev, d.iManufacturer);
  const product = await stringOf(dev, d.iProduct);
  const serial = await stringOf(dev, d.iSerialNumber);
  return {
    vendorId: d.idVendor,
    productId: d.idProduct,
    ...(vendor !== undefined ? { vendor } : {}),
    ...(product !== undefined ? { product } : {}),
    ...(serial !== undefined ? { serial } : {}),
    bus: String(dev.busNumber).padStart(3, "0"),
    device: String(dev.deviceAddress).padStart(3, "0"),
    busport: (dev.portNumbers ?? []).join("."),
  };
}

async function openDevice(
  dev: Device,
  info: UsbDeviceInfo,
): Promise<HidTransport> {
  const iface = dev.interface(0);
  try {
    if (iface.isKernelDriverActive()) iface.detachKernelDriver();
  } catch {
    // not supported on this platform: claim() will tell
  }
  iface.claim();
  // HID descriptor (in the interface's extra bytes) gives the report length
  let length = 4096;
  const extra = iface.descriptor.extra;
  for (let i = 0; i + 8 < extra.length; i += extra[i]! || 1) {
    if (extra[i + 1] === 0x21 && extra[i + 6] === 0x22) {
      length = extra[i + 7]! | (extra[i + 8]! << 8);
      break;
    }
  }
  const descriptor = await control(
    dev,
    0x81,
    0x06,
    HID_REPORT_DESCRIPTOR,
    0,
    length,
  );
  const inEp = iface.endpoints.find((e) => e.direction === "in") as
    | usbLib.InEndpoint
    | undefined;
  return {
    info,
    descriptor,
    async getReport(id, len) {
      const got = await control(dev, 0xa1, 0x01, (FEATURE << 8) | id, 0, len);
      if (got.length > 0 && got[0] !== id && id !== 0) {
        // some firmwares omit the ID byte: put it back
        const fixed = new Uint8Array(got.length + 1);
        fixed[0] = id;
        fixed.set(got, 1);
        return fixed;
      }
      return got;
    },
    async setReport(id, data) {
      await control(dev, 0x21, 0x09, (FEATURE << 8) | id, 0, data);
    },
    getString: (index) => stringOf(dev, index),
    interrupt(size, timeoutMs) {
      if (!inEp) return Promise.resolve(undefined);
      inEp.timeout = timeoutMs;
      return new Promise((resolve, reject) => {
        inEp.transfer(size, (err, data) => {
          if (err) {
            const k = kindOf(err);
            if (k === "timeout") resolve(undefined);
            else reject(wrap(err));
          } else resolve(data ? new Uint8Array(data) : undefined);
        });
      });
    },
    close() {
      try {
        iface.release(() => {
          try {
            dev.close();
          } catch {
            // already gone
          }
        });
      } catch {
        try {
          dev.close();
        } catch {
          // already gone
        }
      }
      return Promise.resolve();
    },
  };
}

/** Opener over the machine's USB buses. */
export function usbOpener(): HidOpener {
  return {
    async open(accept) {
      for (const dev of usbLib.getDeviceList()) {
        try {
          dev.timeout = TIMEOUT_MS;
          dev.open();
        } catch {
          continue; // no access or gone: try the next one
        }
        let keep = false;
        try {
          const info = await describe(dev);
          if (!accept(info)) continue;
          const t = await openDevice(dev, info);
          keep = true;
          return t;
        } catch {
          continue;
        } finally {
          if (!keep) {
            try {
              dev.close();
            } catch {
              // ignore
            }
          }
        }
      }
      return undefined;
    },
  };
}
