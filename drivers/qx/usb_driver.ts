/**
 * The USB side of nutdrv_qx: the device comes from the shared USB layer
 * (src/usb/session.ts: ups.conf regexes, then NUT's VID:PID table or
 * `subdriver=`; reopen of the same unit with back-off after an unplug,
 * permission report with the udev rule), commands go through the chosen
 * bridge (usb_bridges.ts), the protocol engine is the serial driver's.
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
import { Backoff } from "../../src/usb/backoff.ts";
import { defaultUsbBus, UsbSession } from "../../src/usb/session.ts";
import { QxEngine } from "./engine.ts";
import type { QxSubdriver } from "./item.ts";
import {
  type BridgeCommand,
  type BridgeState,
  tableLookup,
  USB_BRIDGES,
} from "./usb_bridges.ts";

export { defaultUsbBus };

/** The ups.conf keys that make nutdrv_qx use USB (NUT's is_usb test). */
export function isUsbConfig(config: DriverConfig): boolean {
  return config.port.toLowerCase() === "auto" ||
    [
      "subdriver",
      "vendorid",
      "productid",
      "vendor",
      "product",
      "serial",
      "bus",
      "busport",
      "langid_fix",
    ].some((k) => config.values.has(k));
}

/** The "no device" message of NUT's USB Megatec drivers. */
export function noDeviceMessage(driver: string): string {
  return "No supported devices found. Please check your device availability with 'lsusb'\n" +
    "and make sure you have an up-to-date version of NUT. If this does not help,\n" +
    "try running the driver with at least 'subdriver', 'vendorid' and 'productid'\n" +
    "options specified. Please refer to the man page for details about these options\n" +
    `(man 8 ${driver}).`;
}

/** Parsed `subdriver=` / `langid_fix` settings shared with blazer_usb. */
export interface BridgeChoice {
  bridge: BridgeCommand | undefined;
  state: BridgeState;
}

/** Reads langid_fix and subdriver (with NUT's checks and messages). */
export function chooseBridge(
  ctx: DriverContext,
  bridges: Record<string, BridgeCommand>,
  quote = "'",
): BridgeChoice {
  const v = ctx.config.values;
  const state: BridgeState = { hunnoxStep: 0 };
  const fix = v.get("langid_fix");
  if (fix !== undefined) {
    const n = parseInt(fix.slice(2), 16);
    if (Number.isNaN(n)) {
      ctx.log.notice("Error enabling language ID workaround");
    } else state.langidFix = n;
  }
  const sub = v.get("subdriver");
  if (sub === undefined) return { bridge: undefined, state };
  if (!v.has("vendorid") || !v.has("productid")) {
    throw new Error(
      "When specifying a subdriver, 'vendorid' and 'productid' are mandatory.",
    );
  }
  const name = Object.keys(bridges).find((k) =>
    k.toLowerCase() === sub.toLowerCase()
  );
  if (!name) throw new Error(`Subdriver ${quote}${sub}${quote} not found!`);
  return { bridge: bridges[name], state };
}

/**
 * Language ID workaround, step 2: with langid_fix set, string descriptor 0
 * is read once (langid 0) and its first LANGID logged, as NUT does.
 */
export async function scanLangid(
  ctx: DriverContext,
  link: UsbLink,
  state: BridgeState,
): Promise<void> {
  if (state.langidFix === undefined) return;
  try {
    const t = await link.control(
      { requestType: 0x80, request: 6, value: 0x0300, index: 0 },
      255,
      1000,
    );
    if (t.length >= 4) {
      const langid = t[2]! | (t[3]! << 8);
      ctx.log.debug(
        1,
        `First supported language ID: 0x${
          langid.toString(16)
        } (please report to the NUT maintainer!)`,
      );
    }
  } catch { /* informational only */ }
}

/** A nutdrv_qx instance on USB. */
export class QxUsbDriver implements DriverInstance {
  readonly ctx: DriverContext;
  readonly engine: QxEngine;
  #subdrivers: readonly QxSubdriver[];
  #busFactory: () => Promise<UsbBus>;
  #backoff: Backoff;
  #session: UsbSession | undefined;
  #bridge: BridgeCommand | undefined;
  #state: BridgeState = { hunnoxStep: 0 };
  #ready = false;

  constructor(
    ctx: DriverContext,
    subdrivers: readonly QxSubdriver[],
    bus: () => Promise<UsbBus> = defaultUsbBus,
    backoff = new Backoff(),
  ) {
    this.ctx = ctx;
    this.#subdrivers = subdrivers;
    this.#busFactory = bus;
    this.#backoff = backoff;
    this.engine = new QxEngine(
      ctx,
      async (cmd) =>
        (await this.#session?.run((link) =>
          this.#bridge!(link, cmd, this.#state)
        )) ?? null,
    );
  }

  /** The regexes' companion: `subdriver=` takes any device, else the table. */
  #accepts = (info: UsbDeviceInfo): boolean => {
    if (this.ctx.config.values.has("subdriver")) return true;
    const sub = tableLookup(info);
    return sub !== undefined && sub in USB_BRIDGES;
  };

  /** upsdrv_initups on USB. */
  async initups(): Promise<void> {
    if (this.#ready) return;
    const choice = chooseBridge(this.ctx, USB_BRIDGES);
    this.#bridge = choice.bridge;
    this.#state = choice.state;
    this.#session = new UsbSession({
      values: this.ctx.config.values,
      accept: this.#accepts,
      log: this.ctx.log,
      bus: this.#busFactory,
      backoff: this.#backoff,
      onReopen: () => this.#state.hunnoxStep = 0,
    });
    const link = await this.#session.open();
    if (!link) throw new Error(noDeviceMessage("nutdrv_qx"));
    this.#bridge ??= USB_BRIDGES[tableLookup(link.info)!];
    if (!this.#bridge) throw new Error("No subdriver selected");
    const hex = (n: number) => n.toString(16).padStart(4, "0");
    this.ctx.state.set("ups.vendorid", hex(link.info.vendorId));
    this.ctx.state.set("ups.productid", hex(link.info.productId));
    if (!this.ctx.config.flags.has("noscanlangid")) {
      await scanLangid(this.ctx, link, this.#state);
    }
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
    await this.#session?.close();
  }
}
