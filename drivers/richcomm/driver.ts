/**
 * richcomm_usb as NUT 2.8.0 runs it: start-up opens the unit and sends five
 * polls a second apart (the unit's wake-up; -k does the same), each update
 * polls once; a failed poll makes the data stale, closes the device and
 * reopens it on the next update. Failures are logged as NUT's
 * usb_comm_fail (first ten, then every tenth).
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
} from "../../src/driver/types.ts";
import {
  type UsbBus,
  UsbError,
  type UsbLink,
} from "../../src/transport/usb_link.ts";
import { UsbSession } from "../../src/usb/session.ts";
import {
  QUERY,
  QUERY_SETUP,
  REPLY,
  RICHCOMM_ID,
  SHUTDOWN_PREPARE,
  SHUTDOWN_RESTART,
  statusTokens,
} from "./protocol.ts";

const ERR_LIMIT = 10;
const hex4 = (n: number) => n.toString(16).padStart(4, "0");

/** Options tests change (time is real in NUT: 1 s between wake-up polls). */
export interface RichcommOptions {
  bus?: () => Promise<UsbBus>;
  sleep?: (ms: number) => Promise<void>;
}

/** One Richcomm unit. */
export class RichcommDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #session: UsbSession;
  #sleep: (ms: number) => Promise<void>;
  #link: UsbLink | undefined;
  #failures = 0;

  constructor(ctx: DriverContext, opts: RichcommOptions = {}) {
    this.ctx = ctx;
    this.#sleep = opts.sleep ??
      ((ms) => new Promise((r) => setTimeout(r, ms)));
    // NUT's richcomm_usb takes no matching options: its ID table decides
    this.#session = new UsbSession({
      values: new Map(),
      accept: (d) =>
        d.vendorId === RICHCOMM_ID.vendorId &&
        d.productId === RICHCOMM_ID.productId,
      log: ctx.log,
      ...(opts.bus ? { bus: opts.bus } : {}),
    });
  }

  /** One request and its reply; undefined when either failed. */
  async #query(request: Uint8Array): Promise<Uint8Array | undefined> {
    const link = this.#link;
    if (!link) return undefined;
    try {
      await link.control(QUERY_SETUP, request, 1000);
      const r = await link.interruptRead(REPLY.endpoint, REPLY.length, 1000);
      return r.length ? r : undefined;
    } catch (e) {
      if (e instanceof UsbError) return undefined;
      throw e;
    }
  }

  #commFail(why: string): void {
    this.#failures++;
    const n = this.#failures;
    if (n === ERR_LIMIT || n % ERR_LIMIT === 0) {
      this.ctx.log.warn(
        "Warning: excessive comm failures, limiting error reporting",
      );
    }
    if (n > ERR_LIMIT && n % ERR_LIMIT !== 0) return;
    this.ctx.log.warn(`Communications with UPS lost: ${why}`);
  }

  async initups(): Promise<void> {
    if (this.#link) return;
    this.#link = await this.#session.open();
    if (!this.#link) {
      throw new Error(
        "Unable to find Richcomm dry-contact to USB solution\n\n" +
          "Things to try:\n" +
          " - Connect UPS device to USB bus\n" +
          " - Run this driver as another user (upsdrvctl -u or 'user=...' in ups.conf).\n" +
          "   See upsdrvctl(8) and ups.conf(5).\n\n" +
          "Fatal error: unusable configuration",
      );
    }
    for (let i = 0; i < 5; i++) {
      await this.#query(QUERY);
      await this.#sleep(1000);
    }
  }

  async init(): Promise<void> {
    await this.initups();
    const info = this.#link!.info;
    const st = this.ctx.state;
    st.set("ups.mfr", "Richcomm dry-contact to USB solution");
    st.set("ups.model", info.product ?? "unknown");
    st.set("ups.serial", info.serial ?? "unknown");
    st.set("ups.vendorid", hex4(info.vendorId));
    st.set("ups.productid", hex4(info.productId));
  }

  async update(): Promise<void> {
    const st = this.ctx.state;
    if (!this.#link) {
      // reopened with the shared back-off; nothing new while it is missing
      this.#link = await this.#session.ensure();
      if (!this.#link) return;
    }
    const reply = await this.#query(QUERY);
    if (!reply || reply.length < 4) {
      this.#commFail("Query to UPS failed");
      st.dataStale();
      await this.#session.drop();
      this.#link = undefined;
      return;
    }
    if (this.#failures) {
      this.ctx.log.notice("Communications with UPS re-established");
      this.#failures = 0;
    }
    st.dataOk();
    st.setStatus(statusTokens(reply));
  }

  /** -k: prepare, a second, restart (NUT checks no answer). */
  async shutdown(): Promise<CommandResult> {
    await this.#query(SHUTDOWN_PREPARE);
    await this.#sleep(1000);
    await this.#query(SHUTDOWN_RESTART);
    return "handled";
  }

  async close(): Promise<void> {
    await this.#session.close();
    this.#link = undefined;
  }
}
