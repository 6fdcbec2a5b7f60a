/**
 * bcmxcp_usb's side (NUT 2.8.0's USB communication subdriver): requests go
 * out as control transfers (Powerware 0592:0002: SET_DESCRIPTOR(string 4);
 * Phoenixtec 06da:0002 and HP 03f0:1f01/1f02: vendor request 0x0d), answers
 * come back on interrupt IN 0x81 within five seconds. A read is tried five
 * times; a command waits two seconds before its answer is read.
 *
 * @module
 */
import type { DriverContext } from "../../src/driver/types.ts";
import {
  type ControlSetup,
  type UsbBus,
  UsbError,
  type UsbLink,
} from "../../src/transport/usb_link.ts";
import { permissionMessage } from "../../src/usb/match.ts";
import { defaultUsbBus, openFirst } from "../../src/usb/session.ts";
import type { XcpOpener, XcpPort } from "./driver.ts";
import { AnswerReader, requestFrame } from "./protocol.ts";

/** The device table: VID:PID -> how requests are sent. */
export const XCP_USB_IDS: ReadonlyArray<
  [number, number, "powerware" | "phoenixtec"]
> = [
  [0x0592, 0x0002, "powerware"],
  [0x06da, 0x0002, "phoenixtec"],
  [0x03f0, 0x1f01, "phoenixtec"],
  [0x03f0, 0x1f02, "phoenixtec"],
];

const SETUP: Record<"powerware" | "phoenixtec", ControlSetup> = {
  powerware: { requestType: 0x00, request: 0x07, value: 0x0304, index: 0 },
  phoenixtec: { requestType: 0x42, request: 0x0d, value: 0, index: 0 },
};
const ANSWER_MS = 5000;

/** An XcpPort on the USB link. */
export class UsbXcpPort implements XcpPort {
  #link: UsbLink | undefined;
  #kind: "powerware" | "phoenixtec";
  #reopen: () => Promise<UsbLink | undefined>;
  #sleep: (ms: number) => Promise<void>;

  constructor(
    link: UsbLink,
    kind: "powerware" | "phoenixtec",
    reopen: () => Promise<UsbLink | undefined>,
    sleep: (ms: number) => Promise<void>,
  ) {
    this.#link = link;
    this.#kind = kind;
    this.#reopen = reopen;
    this.#sleep = sleep;
  }

  async write(bytes: readonly number[]): Promise<void> {
    this.#link ??= await this.#reopen();
    await this.#link?.control(SETUP[this.#kind], requestFrame(bytes), 1000)
      .catch(() => {}); // 2.8.0 ignores the result too
  }

  async #answer(command: number): Promise<Uint8Array | undefined> {
    const link = this.#link;
    if (!link) return undefined;
    const rx = new AnswerReader(command, true);
    const end = Date.now() + ANSWER_MS;
    try {
      while (Date.now() < end) {
        const got = await link.interruptRead(0x81, 128, end - Date.now());
        if (!got.length) continue;
        for (const b of got) if (rx.push(b)) return rx.done;
      }
    } catch (e) {
      if (!(e instanceof UsbError)) throw e;
      if (e.kind === "gone" || e.kind === "io") {
        await link.close().catch(() => {});
        this.#link = undefined;
      }
    }
    return undefined;
  }

  async command(bytes: readonly number[]): Promise<Uint8Array | undefined> {
    for (let t = 0; t < 5; t++) {
      await this.write(bytes);
      if (bytes.length > 1) await this.#sleep(2000);
      const a = await this.#answer(bytes[0]!);
      if (a && a.length) return a;
    }
    return undefined;
  }

  async close(): Promise<void> {
    await this.#link?.close().catch(() => {});
    this.#link = undefined;
  }
}

/** nutusb_open: the first supported device (class per interface). */
export function usbOpener(
  bus: () => Promise<UsbBus> = defaultUsbBus,
  sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
): XcpOpener {
  return async (ctx: DriverContext) => {
    const theBus = await bus();
    const kindOf = (d: { vendorId: number; productId: number }) =>
      XCP_USB_IDS.find(([v, p]) => v === d.vendorId && p === d.productId)?.[2];
    const denied = (info: Parameters<typeof permissionMessage>[0]) =>
      ctx.log.error(permissionMessage(info));
    const accept = (d: { vendorId: number; productId: number }) =>
      kindOf(d) !== undefined;
    const link = await openFirst(theBus, accept, denied);
    if (!link) {
      throw new Error(
        "Unable to find POWERWARE UPS device on USB bus (USB)\n\n" +
          "Things to try:\n\n - Connect UPS device to USB bus\n\n" +
          " - Run this driver as another user (upsdrvctl -u or 'user=...' in ups.conf).\n" +
          "   See upsdrvctl(8) and ups.conf(5).\n\n" +
          "Fatal error: unusable configuration",
      );
    }
    return new UsbXcpPort(
      link,
      kindOf(link.info)!,
      () => openFirst(theBus, accept, denied),
      sleep,
    );
  };
}
