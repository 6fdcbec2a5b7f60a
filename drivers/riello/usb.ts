/**
 * riello_usb's byte level: the Cypress USB bridge of Riello units
 * (04b4:5500). Requests go out as 8-byte packets on endpoint 0x02
 * (first byte 0x37 for a full 7-byte chunk, 0x30 + n for the last n bytes,
 * padded with '0'); replies come in 8-byte packets on 0x81 whose first
 * byte's low 3 bits count the data bytes after it. Before identification a
 * HID SET_REPORT(feature) sets the bridge up. The shared UsbSession opens
 * the unit and reopens a lost one (same unit first, as NUT's reopen
 * matcher), paced by its back-off. NUT
 * 2.8.0's "bulk" reads and writes are libusb interrupt transfers; ours are
 * too, so the bus sees the same traffic.
 *
 * @module
 */
import type { DriverContext } from "../../src/driver/types.ts";
import type { UsbBus } from "../../src/transport/usb_link.ts";
import type { UsbMatcher } from "../../src/usb/match.ts";
import { defaultUsbBus, UsbSession } from "../../src/usb/session.ts";
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

/** A RielloPort over the Cypress bridge, on the shared USB session. */
export class UsbRielloPort implements RielloPort {
  #session: UsbSession;
  #sleep: (ms: number) => Promise<void>;

  constructor(
    session: UsbSession,
    sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
  ) {
    this.#session = session;
    this.#sleep = sleep;
  }

  /** cypress_setfeatures: HID SET_REPORT, feature report 0. */
  async setFeatures(): Promise<void> {
    await this.#session.run((link) =>
      link.control(
        { requestType: 0x21, request: 0x09, value: 0x0300, index: 0 },
        new Uint8Array([0xb0, 0x04, 0x00, 0x00, 0x03]),
        1000,
      )
    );
  }

  async exchange(
    request: Uint8Array,
    kind: RielloKind,
    crc: boolean,
  ): Promise<Exchange> {
    const { rx, result } = receiverFor(kind, crc);
    // a lost unit is dropped by the session and reopened (with back-off)
    // on a later exchange; a stall or timeout is just no answer
    const ok = await this.#session.run(async (link) => {
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
      return true;
    });
    return ok ? result() : { outcome: "none" };
  }

  async close(): Promise<void> {
    await this.#session.close();
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
    let session: UsbSession;
    try {
      session = new UsbSession({
        values: ctx.config.values,
        accept: supported,
        log: ctx.log,
        bus,
      });
    } catch (e) {
      throw new Error(`invalid regular expression: ${(e as Error).message}`);
    }
    const link = await session.open();
    if (!link) {
      throw new Error(
        "No supported devices found. Please check your device availability with 'lsusb'\n" +
          "and make sure you have an up-to-date version of NUT. If this does not help,\n" +
          "try running the driver with at least 'subdriver', 'vendorid' and 'productid'\n" +
          "options specified. Please refer to the man page for details about these options\n" +
          "(man 8 riello_usb).\n",
      );
    }
    const hex = (n: number) => n.toString(16).padStart(4, "0");
    ctx.state.set("ups.vendorid", hex(link.info.vendorId));
    ctx.state.set("ups.productid", hex(link.info.productId));
    const port = new UsbRielloPort(session);
    return {
      port,
      kind: "gpser" as const,
      beforeIdentify: () => port.setFeatures(),
    };
  };
}
