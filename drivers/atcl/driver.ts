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
import { type UsbBus, UsbError } from "../../src/transport/usb_link.ts";
import { UsbSession } from "../../src/usb/session.ts";
import { ContactUnit, hex4 } from "../../src/usb/contact_unit.ts";
import {
  atclMatches,
  decodeStatus,
  SHUTDOWN_ENDPOINT,
  SHUTDOWN_PACKET,
  STATUS,
  TIMEOUT_MS,
} from "./protocol.ts";

/** Options tests change. */
export interface AtclOptions {
  bus?: () => Promise<UsbBus>;
  sleep?: (ms: number) => Promise<void>;
}

/** One ATCL unit. */
export class AtclDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #unit: ContactUnit;
  #sleep: (ms: number) => Promise<void>;

  constructor(ctx: DriverContext, opts: AtclOptions = {}) {
    this.ctx = ctx;
    this.#sleep = opts.sleep ??
      ((ms) => new Promise((r) => setTimeout(r, ms)));
    // `vendor` is an exact string here (or NULL), not a regex: the matcher is ours
    const vendor = ctx.config.values.get("vendor");
    const session = new UsbSession({
      values: new Map(),
      accept: (d) => atclMatches(d, vendor),
      log: ctx.log,
      ...(opts.bus ? { bus: opts.bus } : {}),
    });
    this.#unit = new ContactUnit(session, ctx);
  }

  async initups(): Promise<void> {
    if (this.#unit.link) return;
    this.ctx.log.debug(1, "Searching for USB device...");
    await this.#unit.open("ATCL FOR UPS");
  }

  async init(): Promise<void> {
    await this.initups();
    const info = this.#unit.link!.info;
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
      return await this.#unit.link!.interruptRead(
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
    if (!(await this.#unit.ensure())) return;
    const report = await this.#read();
    if (!report || report.length !== STATUS.length) {
      await this.#unit.failed("Query to UPS failed");
      return;
    }
    this.#unit.succeeded();
    const s = decodeStatus(report);
    if (s.unknown !== undefined) {
      this.ctx.log.error(
        `Unknown status: 0x${s.unknown.toString(16).padStart(2, "0")}`,
      );
    }
    if (s.extraBytes) this.ctx.log.notice("Status bytes 1-7 are not all zero");
    this.ctx.state.setStatus(s.tokens);
  }

  /** -k: the shutdown report, twice, 170 ms apart (failures only logged). */
  async shutdown(): Promise<CommandResult> {
    for (const [i, level] of [[0, "notice"], [1, "error"]] as const) {
      if (i) await this.#sleep(170);
      try {
        await this.#unit.link?.interruptWrite(
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

  close(): Promise<void> {
    return this.#unit.close();
  }
}
