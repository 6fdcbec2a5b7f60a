/**
 * The USB side of nutdrv_qx: finding the device (ups.conf regexes, then
 * NUT's VID:PID table or `subdriver=`), talking through the chosen bridge,
 * and reopening the same unit after an unplug (exact matcher first, as NUT's
 * reopen_matcher) while the data goes stale, with a back-off between
 * attempts. A present device that cannot
 * be opened is reported in plain words with the udev rule that fixes it.
 *
 * @module
 */
import type {
  CommandResult,
  DriverConfig,
  DriverContext,
  DriverInstance,
} from "../../src/driver/types.ts";
import type {
  UsbBus,
  UsbDeviceInfo,
  UsbLink,
} from "../../src/transport/usb_link.ts";
import { UsbError } from "../../src/transport/usb_link.ts";
import {
  BadRegexError,
  exactMatcher,
  permissionMessage,
  regexMatcher,
  type UsbMatcher,
} from "../../src/usb/match.ts";
import { Backoff } from "../../src/usb/backoff.ts";
import { QxEngine } from "./engine.ts";
import type { QxSubdriver } from "./item.ts";
import {
  type BridgeCommand,
  type BridgeState,
  tableLookup,
  USB_BRIDGES,
} from "./usb_bridges.ts";

/** The ups.conf keys that make nutdrv_qx use USB (NUT's is_usb test). */
export function isUsbConfig(config: DriverConfig): boolean {
  return config.port.toLowerCase() === "auto" ||
    ["subdriver", "vendorid", "productid", "vendor", "product", "serial"]
      .some((k) => config.values.has(k)) ||
    config.values.has("bus") || config.values.has("busport") ||
    config.values.has("langid_fix");
}

/** The UsbBus drivers use: the simulator when USBSIM_SOCKET is set, else libusb. */
export async function defaultUsbBus(): Promise<UsbBus> {
  const sim = Deno.env.get("USBSIM_SOCKET");
  if (sim) {
    const { SimUsbBus } = await import("../../src/transport/usb_sim.ts");
    return new SimUsbBus(sim);
  }
  const { LibUsbBus } = await import("../../src/transport/usb_bus.ts");
  return new LibUsbBus();
}

/** Why no device was opened. */
export class NoUsbDeviceError extends Error {
  override name = "NoUsbDeviceError";
}

/**
 * Lists the bus and opens the first device `accept` takes; devices that
 * refuse (permissions) are reported through `onDenied` and skipped.
 */
export async function openFirst(
  bus: UsbBus,
  accept: UsbMatcher,
  onDenied: (info: UsbDeviceInfo) => void,
  iface = 0,
): Promise<UsbLink | undefined> {
  for (const info of await bus.list()) {
    if (!accept(info)) continue;
    try {
      return await bus.open(info, { iface });
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

/** A nutdrv_qx instance on USB. */
export class QxUsbDriver implements DriverInstance {
  readonly ctx: DriverContext;
  readonly engine: QxEngine;
  #subdrivers: readonly QxSubdriver[];
  #busFactory: () => Promise<UsbBus>;
  #bus: UsbBus | undefined;
  #link: UsbLink | undefined;
  #bridge: BridgeCommand | undefined;
  #state: BridgeState = { hunnoxStep: 0 };
  #regex: UsbMatcher = () => true;
  #reopen: UsbMatcher | undefined;
  #ready = false;
  #lostLogged = false;
  #denied = new Set<string>();
  #backoff: Backoff;

  constructor(
    ctx: DriverContext,
    subdrivers: readonly QxSubdriver[],
    bus: () => Promise<UsbBus> = defaultUsbBus,
    backoff = new Backoff(),
  ) {
    this.ctx = ctx;
    this.#backoff = backoff;
    this.#subdrivers = subdrivers;
    this.#busFactory = bus;
    this.engine = new QxEngine(ctx, (cmd) => this.#command(cmd));
  }

  #denyReport = (info: UsbDeviceInfo) => {
    const key = `${info.bus}:${info.device}`;
    if (this.#denied.has(key)) return;
    this.#denied.add(key);
    this.ctx.log.error(permissionMessage(info));
  };

  async #command(cmd: string): Promise<string | null> {
    if (!this.#link) {
      if (!(await this.#reconnect())) return null;
    }
    try {
      return await this.#bridge!(this.#link!, cmd, this.#state);
    } catch (e) {
      if (!(e instanceof UsbError)) throw e;
      if (e.kind === "busy") {
        throw new Error("Got disconnected by another driver");
      }
      if (e.kind === "gone" || e.kind === "io" || e.kind === "access") {
        this.ctx.log.debug(1, `USB: ${e.message}; reconnecting`);
        const l = this.#link;
        this.#link = undefined;
        await l?.close().catch(() => {});
      }
      return null;
    }
  }

  /** Reopens the same unit (exact match first, then the ups.conf regexes). */
  async #reconnect(): Promise<boolean> {
    const bus = this.#bus!;
    // an absent device is not looked for on every poll: the wait doubles
    if (!this.#backoff.ready()) return false;
    try {
      const link = await openFirst(
        bus,
        this.#reopen ?? this.#regex,
        this.#denyReport,
      ) ?? await openFirst(bus, (i) => this.#accepts(i), this.#denyReport);
      if (!link) throw new NoUsbDeviceError("device not found");
      this.#link = link;
      this.#backoff.succeeded();
      this.#state.hunnoxStep = 0;
      if (this.#lostLogged) {
        this.ctx.log.notice("Reconnected to the UPS on USB");
      }
      this.#lostLogged = false;
      return true;
    } catch (e) {
      this.#backoff.failed();
      if (!this.#lostLogged) {
        this.ctx.log.warn(
          `Unable to reopen the USB UPS: ${e instanceof Error ? e.message : e}`,
        );
        this.#lostLogged = true;
      }
      return false;
    }
  }

  /** The regexes and, without `subdriver=`, a known VID:PID. */
  #accepts(info: UsbDeviceInfo): boolean {
    if (!this.#regex(info)) return false;
    if (this.ctx.config.values.has("subdriver")) return true;
    const sub = tableLookup(info);
    return sub !== undefined && sub !== "possibly" && sub in USB_BRIDGES;
  }

  /** upsdrv_initups on USB. */
  async initups(): Promise<void> {
    if (this.#ready) return;
    const v = this.ctx.config.values;
    const fix = v.get("langid_fix");
    if (fix !== undefined) {
      const n = parseInt(fix.slice(2), 16);
      if (Number.isNaN(n)) {
        this.ctx.log.notice("Error enabling language ID workaround");
      } else this.#state.langidFix = n;
    }
    const subName = v.get("subdriver");
    if (subName !== undefined) {
      if (!v.has("vendorid") || !v.has("productid")) {
        throw new Error(
          "When specifying a subdriver, 'vendorid' and 'productid' are mandatory.",
        );
      }
      const found = Object.keys(USB_BRIDGES).find((k) =>
        k.toLowerCase() === subName.toLowerCase()
      );
      if (!found) throw new Error(`Subdriver '${subName}' not found!`);
      this.#bridge = USB_BRIDGES[found];
    }
    try {
      this.#regex = regexMatcher(v);
    } catch (e) {
      if (e instanceof BadRegexError) throw new Error(e.message);
      throw e;
    }
    this.#bus = await this.#busFactory();
    const link = await openFirst(
      this.#bus,
      (i) => this.#accepts(i),
      this.#denyReport,
    );
    if (!link) {
      throw new Error(
        "No supported devices found. Please check your device availability with 'lsusb'\n" +
          "and make sure you have an up-to-date version of NUT. If this does not help,\n" +
          "try running the driver with at least 'subdriver', 'vendorid' and 'productid'\n" +
          "options specified. Please refer to the man page for details about these options\n" +
          "(man 8 nutdrv_qx).",
      );
    }
    this.#link = link;
    if (!this.#bridge) {
      const sub = tableLookup(link.info)!;
      this.#bridge = USB_BRIDGES[sub];
      if (!this.#bridge) throw new Error("No subdriver selected");
    }
    this.#reopen = exactMatcher(link.info);
    const hex = (n: number) => n.toString(16).padStart(4, "0");
    this.ctx.state.set("ups.vendorid", hex(link.info.vendorId));
    this.ctx.state.set("ups.productid", hex(link.info.productId));
    if (!(await this.engine.match(this.#subdrivers))) {
      throw new Error("No supported UPS detected");
    }
    this.engine.subdriver!.initups?.(this.engine);
    this.#ready = true;
  }

  async init(): Promise<void> {
    await this.initups();
    await this.engine.initinfo();
  }

  async update(): Promise<void> {
    await this.engine.updateinfo();
  }

  async shutdown(): Promise<CommandResult> {
    await this.initups();
    try {
      this.ctx.log.info(await this.engine.shutdown());
      return "handled";
    } catch (e) {
      this.ctx.log.error(e instanceof Error ? e.message : String(e));
      return "failed";
    }
  }

  instcmd(cmd: string, param?: string): Promise<CommandResult> {
    return this.engine.instcmd(cmd, param);
  }

  setvar(name: string, value: string): Promise<CommandResult> {
    return this.engine.setvar(name, value);
  }

  async close(): Promise<void> {
    await this.#link?.close().catch(() => {});
    this.#link = undefined;
  }
}
