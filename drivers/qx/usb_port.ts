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
import type { UsbBus, UsbLink } from "../../src/transport/usb_link.ts";
import { UsbError } from "../../src/transport/usb_link.ts";
import {
  BadRegexError,
  exactMatcher,
  permissionMessage,
  regexMatcher,
  type UsbMatcher,
} from "../../src/usb/match.ts";
import { Backoff } from "../../src/usb/backoff.ts";
import type { BridgeCommand, BridgeState } from "./usb_bridges.ts";
import { defaultUsbBus, openFirst } from "./usb_driver.ts";

/** One bridge command per write; reads hand out its reply. */
class BridgeLine implements LineTransport {
  #link: UsbLink;
  #bridge: BridgeCommand;
  #state: BridgeState;
  #reply = new Uint8Array();

  constructor(link: UsbLink, bridge: BridgeCommand, state: BridgeState) {
    this.#link = link;
    this.#bridge = bridge;
    this.#state = state;
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
    this.#link.close().catch(() => {});
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
  lookup: (info: UsbLink["info"]) => string | undefined;
  /** Driver name for the "no device" message (man page). */
  driver: string;
  bus?: () => Promise<UsbBus>;
  /** Pacing of reopen attempts (default 1 s doubling to 30 s). */
  backoff?: Backoff;
}

/**
 * A PortOpener over USB: the first call matches and opens, later calls
 * reopen the same unit (exact matcher, then the regexes).
 */
export function usbPortOpener(
  ctx: DriverContext,
  opts: UsbPortOptions,
): () => Promise<LineTransport> {
  let bus: UsbBus | undefined;
  let bridge: BridgeCommand | undefined;
  let regex: UsbMatcher | undefined;
  let reopen: UsbMatcher | undefined;
  const state: BridgeState = { hunnoxStep: 0 };
  const backoff = opts.backoff ?? new Backoff();
  const denied = new Set<string>();
  const onDenied = (info: UsbLink["info"]) => {
    if (denied.has(`${info.bus}:${info.device}`)) return;
    denied.add(`${info.bus}:${info.device}`);
    ctx.log.error(permissionMessage(info));
  };
  const v = ctx.config.values;
  const accepts = (info: UsbLink["info"]) =>
    regex!(info) &&
    (v.has("subdriver") || opts.lookup(info) !== undefined);

  return async () => {
    if (!bus) {
      const fix = v.get("langid_fix");
      if (fix !== undefined) {
        const n = parseInt(fix.slice(2), 16);
        if (Number.isNaN(n)) {
          ctx.log.notice("Error enabling language ID workaround");
        } else state.langidFix = n;
      }
      const sub = v.get("subdriver");
      if (sub !== undefined) {
        if (!v.has("vendorid") || !v.has("productid")) {
          throw new Error(
            "When specifying a subdriver, 'vendorid' and 'productid' are mandatory.",
          );
        }
        const name = Object.keys(opts.bridges).find((k) =>
          k.toLowerCase() === sub.toLowerCase()
        );
        if (!name) throw new Error(`Subdriver "${sub}" not found!`);
        bridge = opts.bridges[name];
      }
      try {
        regex = regexMatcher(v);
      } catch (e) {
        if (e instanceof BadRegexError) {
          throw new Error(`invalid regular expression: ${e.message}`);
        }
        throw e;
      }
      bus = await (opts.bus ?? defaultUsbBus)();
      const link = await openFirst(bus, accepts, onDenied);
      if (!link) {
        bus = undefined;
        throw new Error(
          "No supported devices found. Please check your device availability with 'lsusb'\n" +
            "and make sure you have an up-to-date version of NUT. If this does not help,\n" +
            "try running the driver with at least 'subdriver', 'vendorid' and 'productid'\n" +
            "options specified. Please refer to the man page for details about these options\n" +
            `(man 8 ${opts.driver}).`,
        );
      }
      bridge ??= opts.bridges[opts.lookup(link.info)!];
      if (!bridge) throw new Error("No subdriver selected");
      reopen = exactMatcher(link.info);
      const hex = (n: number) => n.toString(16).padStart(4, "0");
      ctx.state.set("ups.vendorid", hex(link.info.vendorId));
      ctx.state.set("ups.productid", hex(link.info.productId));
      return new BridgeLine(link, bridge, state);
    }
    if (!backoff.ready()) throw new PortLostError("USB device not found");
    const link = await openFirst(bus, reopen!, onDenied) ??
      await openFirst(bus, accepts, onDenied);
    if (!link) {
      backoff.failed();
      throw new PortLostError("USB device not found");
    }
    backoff.succeeded();
    state.hunnoxStep = 0;
    return new BridgeLine(link, bridge!, state);
  };
}
