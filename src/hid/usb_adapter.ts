/**
 * usbhid-ups on the generic USB contract: a HidOpener over any UsbBus (real
 * libusb or the simulator). Reads the report descriptor length from the HID
 * class descriptor in the configuration descriptor, then the report
 * descriptor; GET/SET_REPORT go as class requests on interface 0, interrupt
 * reports come from endpoint 0x81. Reopen attempts are paced by a back-off.
 *
 * @module
 */
import {
  HidIoError,
  type HidOpener,
  type HidTransport,
  type UsbDeviceInfo,
} from "./device.ts";
import { type UsbBus, UsbError, type UsbLink } from "../transport/usb_link.ts";
import { permissionMessage } from "../usb/match.ts";
import { Backoff } from "../usb/backoff.ts";

const TIMEOUT_MS = 5000;
const FEATURE = 3;

function hidError(e: unknown): HidIoError {
  if (e instanceof HidIoError) return e;
  if (e instanceof UsbError) {
    const kind = e.kind === "access" ? "gone" : e.kind;
    return new HidIoError(kind, e.message);
  }
  return new HidIoError("io", e instanceof Error ? e.message : String(e));
}

/** The report descriptor length the HID descriptor names (4096 if none). */
export function reportLength(config: Uint8Array): number {
  for (let i = 0; i + 8 < config.length; i += config[i]! || 1) {
    if (config[i + 1] === 0x21 && config[i + 6] === 0x22) {
      return config[i + 7]! | (config[i + 8]! << 8);
    }
  }
  return 4096;
}

async function transport(link: UsbLink): Promise<HidTransport> {
  const std = (value: number, index: number, len: number) =>
    link.control(
      {
        requestType: 0x80 | (index >= 0 ? 1 : 0),
        request: 6,
        value,
        index: Math.max(index, 0),
      },
      len,
      TIMEOUT_MS,
    );
  const head = await std(0x0200, -1, 9);
  const total = head.length >= 4 ? head[2]! | (head[3]! << 8) : 9;
  const config = await std(0x0200, -1, total);
  const descriptor = await std(0x2200, 0, reportLength(config));
  return {
    info: link.info,
    descriptor,
    async getReport(id, length) {
      try {
        return await link.control(
          {
            requestType: 0xa1,
            request: 1,
            value: (FEATURE << 8) | id,
            index: 0,
          },
          length,
          TIMEOUT_MS,
        );
      } catch (e) {
        throw hidError(e);
      }
    },
    async setReport(id, data) {
      try {
        await link.control(
          {
            requestType: 0x21,
            request: 9,
            value: (FEATURE << 8) | id,
            index: 0,
          },
          data,
          TIMEOUT_MS,
        );
      } catch (e) {
        throw hidError(e);
      }
    },
    async getString(index) {
      try {
        return (await link.getString(index))?.trim();
      } catch (e) {
        throw hidError(e);
      }
    },
    async interrupt(size, timeoutMs) {
      try {
        const got = await link.interruptRead(0x81, size, timeoutMs);
        return got.length ? got : undefined;
      } catch (e) {
        throw hidError(e);
      }
    },
    close: () => link.close(),
  };
}

/**
 * A HidOpener over `bus()`: the first device `accept` takes and that opens;
 * a device refused for permissions is reported once through `onDenied`
 * (the driver's error log).
 */
export function hidOpener(
  bus: () => UsbBus | Promise<UsbBus>,
  onDenied: (message: string) => void,
  backoff = new Backoff(),
): HidOpener {
  let b: UsbBus | undefined;
  const told = new Set<string>();
  return {
    async open(accept: (info: UsbDeviceInfo) => boolean) {
      // after a miss the bus is scanned again only when the back-off allows
      if (!backoff.ready()) return undefined;
      const t = await find(accept);
      if (t) backoff.succeeded();
      else backoff.failed();
      return t;
    },
  };

  async function find(
    accept: (info: UsbDeviceInfo) => boolean,
  ): Promise<HidTransport | undefined> {
    b ??= await bus();
    for (const info of await b.list()) {
      if (!accept(info)) continue;
      let link: UsbLink;
      try {
        link = await b.open(info);
      } catch (e) {
        if (e instanceof UsbError && e.kind === "access") {
          const key = `${info.bus}:${info.device}`;
          if (!told.has(key)) onDenied(permissionMessage(info));
          told.add(key);
        }
        continue;
      }
      try {
        return await transport(link);
      } catch {
        await link.close().catch(() => {});
      }
    }
    return undefined;
  }
}
