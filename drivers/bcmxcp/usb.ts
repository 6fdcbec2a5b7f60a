/**
 * bcmxcp_usb's side (NUT 2.8.0's USB communication subdriver): requests go
 * out as control transfers (Powerware 0592:0002: SET_DESCRIPTOR(string 4);
 * Phoenixtec 06da:0002 and HP 03f0:1f01/1f02: vendor request 0x0d), answers
 * come back on interrupt IN 0x81 within five seconds. A read is tried five
 * times; a command waits two seconds before its answer is read. The shared
 * UsbSession reopens a lost unit, paced by its back-off.
 *
 * @module
 */
import type { DriverContext } from "../../src/driver/types.ts";
import type { ControlSetup, UsbBus } from "../../src/transport/usb_link.ts";
import { defaultUsbBus, UsbSession } from "../../src/usb/session.ts";
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

/** An XcpPort on the shared USB session. */
export class UsbXcpPort implements XcpPort {
  #session: UsbSession;
  #kind: "powerware" | "phoenixtec";
  #sleep: (ms: number) => Promise<void>;

  constructor(
    session: UsbSession,
    kind: "powerware" | "phoenixtec",
    sleep: (ms: number) => Promise<void>,
  ) {
    this.#session = session;
    this.#kind = kind;
    this.#sleep = sleep;
  }

  async write(bytes: readonly number[]): Promise<void> {
    // 2.8.0 ignores the result; a lost unit is dropped and reopened later
    await this.#session.run((link) =>
      link.control(SETUP[this.#kind], requestFrame(bytes), 1000)
    );
  }

  async #answer(command: number): Promise<Uint8Array | undefined> {
    return await this.#session.run(async (link) => {
      const rx = new AnswerReader(command, true);
      const end = Date.now() + ANSWER_MS;
      while (Date.now() < end) {
        const got = await link.interruptRead(0x81, 128, end - Date.now());
        if (!got.length) continue;
        for (const b of got) if (rx.push(b)) return rx.done;
      }
      return undefined;
    });
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
    await this.#session.close();
  }
}

/** nutusb_open: the first supported device. */
export function usbOpener(
  bus: () => Promise<UsbBus> = defaultUsbBus,
  sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
): XcpOpener {
  return async (ctx: DriverContext) => {
    const kindOf = (d: { vendorId: number; productId: number }) =>
      XCP_USB_IDS.find(([v, p]) => v === d.vendorId && p === d.productId)?.[2];
    // bcmxcp_usb takes no matching options: its ID table decides
    const session = new UsbSession({
      values: new Map(),
      accept: (d) => kindOf(d) !== undefined,
      log: ctx.log,
      bus,
    });
    const link = await session.open();
    if (!link) {
      throw new Error(
        "Unable to find POWERWARE UPS device on USB bus (USB)\n\n" +
          "Things to try:\n\n - Connect UPS device to USB bus\n\n" +
          " - Run this driver as another user (upsdrvctl -u or 'user=...' in ups.conf).\n" +
          "   See upsdrvctl(8) and ups.conf(5).\n\n" +
          "Fatal error: unusable configuration",
      );
    }
    return new UsbXcpPort(session, kindOf(link.info)!, sleep);
  };
}
