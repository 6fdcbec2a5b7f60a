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
import { type UsbBus, UsbError } from "../../src/transport/usb_link.ts";
import { UsbSession } from "../../src/usb/session.ts";
import { ContactUnit, hex4 } from "../../src/usb/contact_unit.ts";
import {
  QUERY,
  QUERY_SETUP,
  REPLY,
  RICHCOMM_ID,
  SHUTDOWN_PREPARE,
  SHUTDOWN_RESTART,
  statusTokens,
} from "./protocol.ts";

/** Options tests change (time is real in NUT: 1 s between wake-up polls). */
export interface RichcommOptions {
  bus?: () => Promise<UsbBus>;
  sleep?: (ms: number) => Promise<void>;
}

/** One Richcomm unit. */
export class RichcommDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #unit: ContactUnit;
  #sleep: (ms: number) => Promise<void>;

  constructor(ctx: DriverContext, opts: RichcommOptions = {}) {
    this.ctx = ctx;
    this.#sleep = opts.sleep ??
      ((ms) => new Promise((r) => setTimeout(r, ms)));
    // NUT's richcomm_usb takes no matching options: its ID table decides
    const session = new UsbSession({
      values: new Map(),
      accept: (d) =>
        d.vendorId === RICHCOMM_ID.vendorId &&
        d.productId === RICHCOMM_ID.productId,
      log: ctx.log,
      ...(opts.bus ? { bus: opts.bus } : {}),
    });
    this.#unit = new ContactUnit(session, ctx);
  }

  /** One request and its reply; undefined when either failed. */
  async #query(request: Uint8Array): Promise<Uint8Array | undefined> {
    const link = this.#unit.link;
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

  async initups(): Promise<void> {
    if (this.#unit.link) return;
    await this.#unit.open("Richcomm dry-contact to USB solution");
    for (let i = 0; i < 5; i++) {
      await this.#query(QUERY);
      await this.#sleep(1000);
    }
  }

  async init(): Promise<void> {
    await this.initups();
    const info = this.#unit.link!.info;
    const st = this.ctx.state;
    st.set("ups.mfr", "Richcomm dry-contact to USB solution");
    st.set("ups.model", info.product ?? "unknown");
    st.set("ups.serial", info.serial ?? "unknown");
    st.set("ups.vendorid", hex4(info.vendorId));
    st.set("ups.productid", hex4(info.productId));
  }

  async update(): Promise<void> {
    if (!(await this.#unit.ensure())) return;
    const reply = await this.#query(QUERY);
    if (!reply || reply.length < 4) {
      await this.#unit.failed("Query to UPS failed");
      return;
    }
    this.#unit.succeeded();
    this.ctx.state.setStatus(statusTokens(reply));
  }

  /** -k: prepare, a second, restart (NUT checks no answer). */
  async shutdown(): Promise<CommandResult> {
    await this.#query(SHUTDOWN_PREPARE);
    await this.#sleep(1000);
    await this.#query(SHUTDOWN_RESTART);
    return "handled";
  }

  close(): Promise<void> {
    return this.#unit.close();
  }
}
