/**
 * nutdrv_atcl_usb as NUT 2.8.0 runs it: each update reads one 8-byte
 * status report (a short or missing one makes the data stale, closes the
 * device and reopens it on the next update); -k writes the shutdown report
 * twice.
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
  atclMatches,
  decodeStatus,
  SHUTDOWN_ENDPOINT,
  SHUTDOWN_PACKET,
  STATUS,
  TIMEOUT_MS,
} from "./protocol.ts";

const ERR_LIMIT = 10;
const hex4 = (n: number) => n.toString(16).padStart(4, "0");

/** Options tests change. */
export interface AtclOptions {
  bus?: () => Promise<UsbBus>;
  sleep?: (ms: number) => Promise<void>;
}

/** One ATCL unit. */
export class AtclDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #session: UsbSession;
  #sleep: (ms: number) => Promise<void>;
  #link: UsbLink | undefined;
  #failures = 0;

  constructor(ctx: DriverContext, opts: AtclOptions = {}) {
    this.ctx = ctx;
    this.#sleep = opts.sleep ??
      ((ms) => new Promise((r) => setTimeout(r, ms)));
    // `vendor` is an exact string here (or NULL), not a regex: the matcher is ours
    const vendor = ctx.config.values.get("vendor");
    this.#session = new UsbSession({
      values: new Map(),
      accept: (d) => atclMatches(d, vendor),
      log: ctx.log,
      ...(opts.bus ? { bus: opts.bus } : {}),
    });
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
    this.ctx.log.debug(1, "Searching for USB device...");
    this.#link = await this.#session.open();
    if (!this.#link) {
      throw new Error(
        "Unable to find ATCL FOR UPS\n\n" +
          "Things to try:\n" +
          " - Connect UPS device to USB bus\n" +
          " - Run this driver as another user (upsdrvctl -u or 'user=...' in ups.conf).\n" +
          "   See upsdrvctl(8) and ups.conf(5).\n\n" +
          "Fatal error: unusable configuration",
      );
    }
  }

  async init(): Promise<void> {
    await this.initups();
    const info = this.#link!.info;
    const st = this.ctx.state;
    st.set("ups.mfr", info.vendor ?? "unknown");
    st.set("ups.model", info.product ?? "unknown");
    if (info.serial && info.product && info.serial !== info.product) {
      st.set("ups.serial", info.serial);
    }
    st.set("ups.vendorid", hex4(info.vendorId));
    st.set("ups.productid", hex4(info.productId));
  }

  async #read(): Promise<Uint8Array | undefined> {
    try {
      return await this.#link!.interruptRead(
        STATUS.endpoint,
        STATUS.length,
        TIMEOUT_MS,
      );
    } catch (e) {
      if (e instanceof UsbError) return undefined;
      throw e;
    }
  }

  async update(): Promise<void> {
    const st = this.ctx.state;
    if (!this.#link) {
      // reopened with the shared back-off; nothing new while it is missing
      this.#link = await this.#session.ensure();
      if (!this.#link) return;
    }
    const report = await this.#read();
    if (!report || report.length !== STATUS.length) {
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
    const s = decodeStatus(report);
    if (s.unknown !== undefined) {
      this.ctx.log.error(
        `Unknown status: 0x${s.unknown.toString(16).padStart(2, "0")}`,
      );
    }
    if (s.extraBytes) this.ctx.log.notice("Status bytes 1-7 are not all zero");
    st.setStatus(s.tokens);
  }

  /** -k: the shutdown report, twice, 170 ms apart (failures only logged). */
  async shutdown(): Promise<CommandResult> {
    for (const [i, level] of [[0, "notice"], [1, "error"]] as const) {
      if (i) await this.#sleep(170);
      try {
        await this.#link?.interruptWrite(
          SHUTDOWN_ENDPOINT,
          SHUTDOWN_PACKET,
          TIMEOUT_MS,
        );
      } catch (e) {
        if (!(e instanceof UsbError)) throw e;
        this.ctx.log[level](
          `upsdrv_shutdown: ${
            i ? "second" : "first"
          } usb_interrupt_write() failed: ${e.message}`,
        );
      }
    }
    return "handled";
  }

  async close(): Promise<void> {
    await this.#session.close();
    this.#link = undefined;
  }
}
