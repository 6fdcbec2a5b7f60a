/**
 * What NUT's small USB contact drivers (nutdrv_atcl_usb, richcomm_usb)
 * share: open the first matching unit or fail with NUT's advice, reopen a
 * dropped one with the session's back-off, and usb_comm_fail's logging
 * (the first ten failures, then every tenth).
 *
 * @module
 */
import type { DriverContext } from "../driver/types.ts";
import type { UsbLink } from "../transport/usb_link.ts";
import type { UsbSession } from "./session.ts";

const ERR_LIMIT = 10;

/** The device's IDs as upsd shows them (4 hex digits). */
export const hex4 = (n: number): string => n.toString(16).padStart(4, "0");

/** One unit over a {@link UsbSession}, with NUT's failure accounting. */
export class ContactUnit {
  #session: UsbSession;
  #ctx: Pick<DriverContext, "log" | "state">;
  #failures = 0;
  link: UsbLink | undefined;

  constructor(session: UsbSession, ctx: Pick<DriverContext, "log" | "state">) {
    this.#session = session;
    this.#ctx = ctx;
  }

  /** Opens the unit; throws NUT's "Unable to find NAME" advice otherwise. */
  async open(name: string): Promise<UsbLink> {
    this.link ??= await this.#session.open();
    if (!this.link) {
      throw new Error(
        `Unable to find ${name}\n\n` +
          "Things to try:\n" +
          " - Connect UPS device to USB bus\n" +
          " - Run this driver as another user (upsdrvctl -u or 'user=...' in ups.conf).\n" +
          "   See upsdrvctl(8) and ups.conf(5).\n\n" +
          "Fatal error: unusable configuration",
      );
    }
    return this.link;
  }

  /** The link, reopened with the back-off if dropped; undefined while missing. */
  async ensure(): Promise<UsbLink | undefined> {
    this.link ??= await this.#session.ensure();
    return this.link;
  }

  /** A failed exchange: logged as usb_comm_fail, data stale, device closed. */
  async failed(why: string): Promise<void> {
    const n = ++this.#failures;
    const log = this.#ctx.log;
    if (n === ERR_LIMIT || n % ERR_LIMIT === 0) {
      log.warn("Warning: excessive comm failures, limiting error reporting");
    }
    if (n <= ERR_LIMIT || n % ERR_LIMIT === 0) {
      log.warn(`Communications with UPS lost: ${why}`);
    }
    this.#ctx.state.dataStale();
    await this.#session.drop();
    this.link = undefined;
  }

  /** A good exchange: logs the recovery once and marks the data fresh. */
  succeeded(): void {
    if (this.#failures) {
      this.#ctx.log.notice("Communications with UPS re-established");
      this.#failures = 0;
    }
    this.#ctx.state.dataOk();
  }

  async close(): Promise<void> {
    await this.#session.close();
    this.link = undefined;
  }
}
