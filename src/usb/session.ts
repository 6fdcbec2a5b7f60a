/**
 * The USB layer every USB driver shares: finds the device (ups.conf regexes
 * plus the driver's own table), opens it, and after an unplug reopens the
 * same unit (NUT's exact "reopen" matcher first, then the regexes) with a
 * back-off, while the driver serves stale data. A device that is present
 * but refused (permissions) is reported once, in plain words, with the udev
 * rule that fixes it. The bus is the simulator when USBSIM_SOCKET is set,
 * else libusb (npm:usb).
 *
 * @module
 */
import type { UsbDeviceInfo } from "../hid/device.ts";
import { type UsbBus, UsbError, type UsbLink } from "../transport/usb_link.ts";
import { Backoff } from "./backoff.ts";
import {
  BadRegexError,
  exactMatcher,
  permissionMessage,
  regexMatcher,
  type UsbMatcher,
} from "./match.ts";

/** The UsbBus for this process: the simulator when USBSIM_SOCKET is set, else libusb. */
export async function defaultUsbBus(): Promise<UsbBus> {
  const sim = Deno.env.get("USBSIM_SOCKET");
  if (sim) {
    const { SimUsbBus } = await import("../transport/usb_sim.ts");
    return new SimUsbBus(sim);
  }
  const { LibUsbBus } = await import("../transport/usb_bus.ts");
  return new LibUsbBus();
}

/**
 * Lists the bus and opens the first device `accept` takes; devices that
 * refuse (permissions) go to `onDenied` and are skipped.
 */
export async function openFirst(
  bus: UsbBus,
  accept: UsbMatcher,
  onDenied: (info: UsbDeviceInfo) => void,
  iface = 0,
  altSetting?: number,
): Promise<UsbLink | undefined> {
  for (const info of await bus.list()) {
    if (!accept(info)) continue;
    try {
      return await bus.open(
        info,
        altSetting === undefined ? { iface } : { iface, altSetting },
      );
    } catch (e) {
      if (e instanceof UsbError && e.kind === "access") {
        onDenied(info);
        continue;
      }
      if (e instanceof UsbError) continue;
      throw e;
    }
  }
  return undefined;
}

/** Where a session reports. */
export interface SessionLog {
  error(message: string): void;
  warn(message: string): void;
  notice(message: string): void;
}

/** Options of a session. */
export interface SessionOptions {
  /** ups.conf values: vendorid, productid, vendor, product, serial, bus, device, busport. */
  values: ReadonlyMap<string, string>;
  /** The driver's own test (its VID:PID table), after the regexes. */
  accept?: UsbMatcher;
  log: SessionLog;
  bus?: () => Promise<UsbBus>;
  backoff?: Backoff;
  /** Interface to claim (default 0). */
  iface?: number;
  /** Called after a reconnect (protocol state that belongs to a session). */
  onReopen?: () => void;
}

/** Is `e` a lost device (reconnect), as opposed to a bad or missing answer? */
export function isLost(e: unknown): boolean {
  return e instanceof UsbError &&
    (e.kind === "gone" || e.kind === "io" || e.kind === "access");
}

/** One driver's device: open, lose, reopen. */
export class UsbSession {
  readonly #opts: SessionOptions;
  readonly #regex: UsbMatcher;
  readonly #backoff: Backoff;
  #bus: UsbBus | undefined;
  #link: UsbLink | undefined;
  #reopen: UsbMatcher | undefined;
  #denied = new Set<string>();
  #lostLogged = false;
  #alt: number | undefined;

  /** Throws Error("Invalid regular expression: …") for a bad ups.conf regex. */
  constructor(opts: SessionOptions) {
    this.#opts = opts;
    this.#backoff = opts.backoff ?? new Backoff();
    // usb_set_altinterface: the redundant SET_INTERFACE some units need
    const alt = opts.values.get("usb_set_altinterface");
    if (alt !== undefined) this.#alt = parseInt(alt, 10) || 0;
    try {
      this.#regex = regexMatcher(opts.values);
    } catch (e) {
      if (e instanceof BadRegexError) throw new Error(e.message);
      throw e;
    }
  }

  /** The open link, if any. */
  get link(): UsbLink | undefined {
    return this.#link;
  }

  /** The device first opened (kept across reconnects). */
  info: UsbDeviceInfo | undefined;

  #onDenied = (info: UsbDeviceInfo) => {
    const key = `${info.bus}:${info.device}`;
    if (this.#denied.has(key)) return;
    this.#denied.add(key);
    this.#opts.log.error(permissionMessage(info));
  };

  #accepts = (info: UsbDeviceInfo) =>
    this.#regex(info) && (this.#opts.accept?.(info) ?? true);

  async #getBus(): Promise<UsbBus> {
    this.#bus ??= await (this.#opts.bus ?? defaultUsbBus)();
    return this.#bus;
  }

  /** The first open; undefined when no device matched (the driver says so). */
  async open(): Promise<UsbLink | undefined> {
    const bus = await this.#getBus();
    const link = await openFirst(
      bus,
      this.#accepts,
      this.#onDenied,
      this.#opts.iface,
      this.#alt,
    );
    if (link) {
      this.#link = link;
      this.info = link.info;
      this.#reopen = exactMatcher(link.info);
    }
    return link;
  }

  /** The link, reopening the same unit if it was lost (paced by the back-off). */
  async ensure(): Promise<UsbLink | undefined> {
    if (this.#link) return this.#link;
    if (!this.#backoff.ready()) return undefined;
    const bus = await this.#getBus();
    let link: UsbLink | undefined;
    try {
      link = await openFirst(
        bus,
        this.#reopen ?? this.#accepts,
        this.#onDenied,
        this.#opts.iface,
        this.#alt,
      ) ??
        await openFirst(
          bus,
          this.#accepts,
          this.#onDenied,
          this.#opts.iface,
          this.#alt,
        );
    } catch (e) {
      if (!(e instanceof UsbError)) throw e;
    }
    if (!link) {
      this.#backoff.failed();
      if (!this.#lostLogged) {
        this.#opts.log.warn("Unable to reopen the USB UPS: device not found");
        this.#lostLogged = true;
      }
      return undefined;
    }
    this.#backoff.succeeded();
    if (this.#lostLogged) this.#opts.log.notice("Reconnected to the USB UPS");
    this.#lostLogged = false;
    this.#link = link;
    this.#opts.onReopen?.();
    return link;
  }

  /** Drops the link after a lost-device error; the next ensure() reopens. */
  async drop(): Promise<void> {
    const l = this.#link;
    this.#link = undefined;
    await l?.close().catch(() => {});
  }

  /**
   * Runs `fn` on the link (reopening first if needed). A lost device drops
   * the link and gives undefined; "busy" (another driver took it) throws;
   * other UsbErrors (timeout, stall) give undefined.
   */
  async run<T>(fn: (link: UsbLink) => Promise<T>): Promise<T | undefined> {
    const link = await this.ensure();
    if (!link) return undefined;
    try {
      return await fn(link);
    } catch (e) {
      if (!(e instanceof UsbError)) throw e;
      if (e.kind === "busy") {
        throw new Error("Got disconnected by another driver");
      }
      if (isLost(e)) await this.drop();
      return undefined;
    }
  }

  /** Closes the device. */
  close(): Promise<void> {
    return this.drop();
  }
}
