/**
 * riello_usb's byte level: the Cypress USB bridge of Riello units
 * (04b4:5500). Requests go out as 8-byte packets on endpoint 0x02
 * (first byte 0x37 for a full 7-byte chunk, 0x30 + n for the last n bytes,
 * padded with '0'); replies come in 8-byte packets on 0x81 whose first
 * byte's low 3 bits count the data bytes after it. Before identification a
 * HID SET_REPORT(feature) sets the bridge up. A lost device is reopened
 * (same unit first, as NUT's reopen matcher) on the next exchange. NUT
 * 2.8.0's "bulk" reads and writes are libusb interrupt transfers; ours are
 * too, so the bus sees the same traffic.
 *
 * @module
 */
import type { DriverContext } from "../../src/driver/types.ts";
import {
  type UsbBus,
  UsbError,
  type UsbLink,
} from "../../src/transport/usb_link.ts";
import {
  BadRegexError,
  exactMatcher,
  permissionMessage,
  regexMatcher,
  type UsbMatcher,
} from "../../src/usb/match.ts";
import { defaultUsbBus, openFirst } from "../../src/usb/session.ts";
import {
  type Exchange,
  receiverFor,
  type RielloKind,
  type RielloOpener,
  type RielloPort,
} from "./driver.ts";

/** The one device riello_usb knows (riello_usb_id). */
export const RIELLO_USB_ID = { vendorId: 0x04b4, productId: 0x5500 } as const;
/** NUT's pause after each packet written (USB_WRITE_DELAY, ms). */
const WRITE_DELAY_MS = 200;
/** Reads per reply before giving up (the 300-loop of cypress_command). */
const MAX_READS = 300;

/** A request cut into the bridge's 8-byte OUT packets. */
export function cypressPackets(request: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < request.length; i += 7) {
    const chunk = request.subarray(i, i + 7);
    const p = new Uint8Array(8).fill(0x30);
    p[0] = chunk.length === 7 ? 0x37 : 0x30 + chunk.length;
    p.set(chunk, 1);
    out.push(p);
  }
  return out;
}

/** The data bytes of one IN packet. */
export function cypressPayload(packet: Uint8Array): Uint8Array {
  const n = (packet[0] ?? 0) & 0x07;
  return packet.subarray(1, 1 + n);
}

/** A RielloPort over the Cypress bridge. */
export class UsbRielloPort implements RielloPort {
  #link: UsbLink | undefined;
  #reopen: () => Promise<UsbLink | undefined>;
  #sleep: (ms: number) => Promise<void>;

  constructor(
    link: UsbLink,
    reopen: () => Promise<UsbLink | undefined>,
    sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
  ) {
    this.#link = link;
    this.#reopen = reopen;
    this.#sleep = sleep;
  }

  /** cypress_setfeatures: HID SET_REPORT, feature report 0. */
  async setFeatures(): Promise<void> {
    const link = await this.#ensure();
    if (!link) return;
    await link.control(
      { requestType: 0x21, request: 0x09, value: 0x0300, index: 0 },
      new Uint8Array([0xb0, 0x04, 0x00, 0x00, 0x03]),
      1000,
    ).catch(() => new Uint8Array());
  }

  async #ensure(): Promise<UsbLink | undefined> {
    if (!this.#link) this.#link = await this.#reopen();
    return this.#link;
  }

  async exchange(
    request: Uint8Array,
    kind: RielloKind,
    crc: boolean,
  ): Promise<Exchange> {
    const { rx, result } = receiverFor(kind, crc);
    const link = await this.#ensure();
    if (!link) return { outcome: "none" };
    try {
      for (const p of cypressPackets(request)) {
        await link.interruptWrite(0x02, p, 1000);
        await this.#sleep(WRITE_DELAY_MS);
      }
      for (let i = 0; i < MAX_READS; i++) {
        const packet = await link.interruptRead(0x81, 8, 1000);
        if (!packet.length) break; // timeout: 2.8.0 gives up the same way
        let done = false;
        for (const b of cypressPayload(packet)) done = rx.push(b) || done;
        if (done) break;
        await this.#sleep(10);
      }
    } catch (e) {
      if (!(e instanceof UsbError)) throw e;
      if (e.kind === "gone" || e.kind === "io" || e.kind === "access") {
        await link.close().catch(() => {});
        this.#link = undefined;
      } else if (e.kind === "stall") {
        await link.reset().catch(() => {});
      }
      return { outcome: "none" };
    }
    return result();
  }

  async close(): Promise<void> {
    await this.#link?.close().catch(() => {});
    this.#link = undefined;
  }
}

/** The VID:PID table match (device_match_func). */
const supported: UsbMatcher = (d) =>
  d.vendorId === RIELLO_USB_ID.vendorId &&
  d.productId === RIELLO_USB_ID.productId;

/** upsdrv_initups of riello_usb: find and open the unit. */
export function usbOpener(
  bus: () => Promise<UsbBus> = defaultUsbBus,
): RielloOpener {
  return async (ctx: DriverContext) => {
    let regex: UsbMatcher;
    try {
      regex = regexMatcher(ctx.config.values);
    } catch (e) {
      if (e instanceof BadRegexError) {
        throw new Error(`invalid regular expression: ${e.message}`);
      }
      throw e;
    }
    const theBus = await bus();
    const denied = new Set<string>();
    const onDenied = (info: Parameters<typeof permissionMessage>[0]) => {
      const key = `${info.bus}:${info.device}`;
      if (!denied.has(key)) ctx.log.error(permissionMessage(info));
      denied.add(key);
    };
    const link = await openFirst(
      theBus,
      (d) => regex(d) && supported(d),
      onDenied,
    );
    if (!link) {
      throw new Error(
        "No supported devices found. Please check your device availability with 'lsusb'\n" +
          "and make sure you have an up-to-date version of NUT. If this does not help,\n" +
          "try running the driver with at least 'subdriver', 'vendorid' and 'productid'\n" +
          "options specified. Please refer to the man page for details about these options\n" +
          "(man 8 riello_usb).\n",
      );
    }
    const same = exactMatcher(link.info);
    const reopen = async () =>
      await openFirst(theBus, same, onDenied) ??
        await openFirst(theBus, (d) => regex(d) && supported(d), onDenied);
    const hex = (n: number) => n.toString(16).padStart(4, "0");
    ctx.state.set("ups.vendorid", hex(link.info.vendorId));
    ctx.state.set("ups.productid", hex(link.info.productId));
    const port = new UsbRielloPort(link, reopen);
    return {
      port,
      kind: "gpser" as const,
      beforeIdentify: () => port.setFeatures(),
    };
  };
}
