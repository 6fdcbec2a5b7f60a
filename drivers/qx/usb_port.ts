/**
 * A Megatec bridge seen as a serial line, for drivers written against a
 * LineTransport (blazer_usb reuses blazer_ser's engine this way): a write
 * runs one bridge command, the reply waits for the next reads. Opening
 * follows NUT's libusb drivers: ups.conf regexes plus a VID:PID table (or
 * `subdriver=`) the first time, the exact unit first afterwards; a device
 * that is present but not permitted is reported with its udev rule.
 *
 * @module
 */
import type { DriverContext } from "../../src/driver/types.ts";
import {
  type LineTransport,
  type ModemLines,
  PortLostError,
} from "../../src/transport/mod.ts";
import type {
  UsbBus,
  UsbDeviceInfo,
  UsbLink,
} from "../../src/transport/usb_link.ts";
import { UsbError } from "../../src/transport/usb_link.ts";
import type { Backoff } from "../../src/usb/backoff.ts";
import { UsbSession } from "../../src/usb/session.ts";
import type { BridgeCommand, BridgeState } from "./usb_bridges.ts";
import {
  type BridgeChoice,
  chooseBridge,
  noDeviceMessage,
  scanLangid,
} from "./usb_driver.ts";

/** One bridge command per write; reads hand out its reply. */
class BridgeLine implements LineTransport {
  #link: UsbLink;
  #bridge: BridgeCommand;
  #state: BridgeState;
  #session: UsbSession;
  #reply = new Uint8Array();

  constructor(
    link: UsbLink,
    bridge: BridgeCommand,
    state: BridgeState,
    session: UsbSession,
  ) {
    this.#link = link;
    this.#bridge = bridge;
    this.#state = state;
    this.#session = session;
  }

  async write(data: Uint8Array | string): Promise<void> {
    const cmd = typeof data === "string" ? data : String.fromCharCode(...data);
    try {
      const r = await this.#bridge(this.#link, cmd, this.#state);
      this.#reply = Uint8Array.from(r ?? "", (c) => c.charCodeAt(0) & 0xff);
    } catch (e) {
      if (!(e instanceof UsbError)) throw e;
      this.#reply = new Uint8Array();
      if (e.kind === "busy") {
        throw new Error("Got disconnected by another driver");
      }
      if (e.kind === "gone" || e.kind === "io" || e.kind === "access") {
        throw new PortLostError(`USB: ${e.message}`);
      }
    }
  }

  read(_timeoutMs: number, max = 512): Promise<Uint8Array> {
    const out = this.#reply.subarray(0, max);
    this.#reply = this.#reply.subarray(out.length);
    return Promise.resolve(out);
  }

  flush(): Promise<void> {
    this.#reply = new Uint8Array();
    return Promise.resolve();
  }

  close(): void {
    this.#session.drop().catch(() => {});
  }

  setLines(): Promise<void> {
    return Promise.resolve(); // no modem lines behind a USB bridge
  }

  getLines(): Promise<ModemLines> {
    return Promise.resolve({
      dtr: false,
      rts: false,
      cts: false,
      dcd: false,
      rng: false,
      dsr: false,
    });
  }
}

/** Options of a USB port opener. */
export interface UsbPortOptions {
  /** Bridges by `subdriver=` name. */
  bridges: Record<string, BridgeCommand>;
  /** VID:PID → bridge name (undefined: not ours). */
  lookup: (info: UsbDeviceInfo) => string | undefined;
  /** Driver name for the "no device" message (man page). */
  driver: string;
  bus?: () => Promise<UsbBus>;
  /** Pacing of reopen attempts (default 1 s doubling to 30 s). */
  backoff?: Backoff;
}

/**
 * A PortOpener over USB: the first call matches and opens, later calls
 * reopen the same unit through the shared USB layer.
 */
export function usbPortOpener(
  ctx: DriverContext,
  opts: UsbPortOptions,
): () => Promise<LineTransport> {
  let session: UsbSession | undefined;
  let choice: BridgeChoice;
  return async () => {
    if (!session) {
      choice = chooseBridge(ctx, opts.bridges, '"');
      const s = new UsbSession({
        values: ctx.config.values,
        accept: (info) =>
          ctx.config.values.has("subdriver") ||
          opts.lookup(info) !== undefined,
        log: ctx.log,
        ...(opts.bus ? { bus: opts.bus } : {}),
        ...(opts.backoff ? { backoff: opts.backoff } : {}),
        onReopen: () => choice.state.hunnoxStep = 0,
      });
      const link = await s.open();
      if (!link) throw new Error(noDeviceMessage(opts.driver));
      choice.bridge ??= opts.bridges[opts.lookup(link.info)!];
      if (!choice.bridge) throw new Error("No subdriver selected");
      const hex = (n: number) => n.toString(16).padStart(4, "0");
      ctx.state.set("ups.vendorid", hex(link.info.vendorId));
      ctx.state.set("ups.productid", hex(link.info.productId));
      await scanLangid(ctx, link, choice.state);
      session = s;
      return new BridgeLine(link, choice.bridge, choice.state, s);
    }
    const link = await session.ensure();
    if (!link) throw new PortLostError("USB device not found");
    return new BridgeLine(link, choice.bridge!, choice.state, session);
  };
}
