/**
 * powervar_cx_usb's byte level (NUT master's powervar_cx_usb.c): Powervar
 * units 4234:0001 (GTS) and 4234:0002 (UPM). A request (at most 39
 * characters, CR added) goes out as a HID SET_REPORT (feature, report 0);
 * the answer comes in 8-byte interrupt reports on 0x81 up to CR, each read
 * waiting 0.5 s, and what follows is drained (0.1 s reads). A read that
 * times out marks the link for a reconnect: the next poll reopens the unit
 * and runs start-up again, and stays stale (instead of exiting, as NUT's
 * start-up would on a still-silent unit) until the unit answers.
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
} from "../../src/driver/types.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import type { UsbBus } from "../../src/transport/usb_link.ts";
import type { UsbMatcher } from "../../src/usb/match.ts";
import { defaultUsbBus, UsbSession } from "../../src/usb/session.ts";
import { PowervarCore, type PvarLink } from "./core.ts";

/** Powervar's vendor id and the two units NUT knows. */
export const POWERVAR_VID = 0x4234, POWERVAR_PIDS = [0x0001, 0x0002];

const supported: UsbMatcher = (d) =>
  d.vendorId === POWERVAR_VID && POWERVAR_PIDS.includes(d.productId);

/** A powervar_cx_usb instance. */
export class PowervarUsbDriver implements DriverInstance, PvarLink {
  #ctx: DriverContext;
  #bus: () => Promise<UsbBus>;
  #session: UsbSession | null = null;
  #core: PowervarCore;
  #reconnect = false;

  constructor(ctx: DriverContext, bus: () => Promise<UsbBus> = defaultUsbBus) {
    this.#ctx = ctx;
    this.#bus = bus;
    this.#core = new PowervarCore(ctx, this);
  }

  /** SendRequest: SET_REPORT(feature 0) with the request and CR. */
  async send(request: string): Promise<void> {
    const text = `${request.slice(0, 39)}\r`;
    const data = Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
    await this.#session!.run((link) =>
      link.control(
        { requestType: 0x21, request: 0x09, value: 0x0300, index: 0 },
        data,
        5000,
      )
    );
  }

  /** PowervarGetResponse: 8-byte reports up to CR, then a drain. */
  async response(size: number): Promise<string | null> {
    const got = await this.#session!.run(async (link) => {
      let s = "";
      while (s.length < size) {
        const r = await link.interruptRead(0x81, 8, 500);
        if (!r.length) return null;
        const cr = r.indexOf(0x0d);
        for (const b of cr < 0 ? r : r.subarray(0, cr)) {
          s += String.fromCharCode(b);
        }
        if (cr >= 0) break;
      }
      while ((await link.interruptRead(0x81, 8, 100)).length) { /* drain */ }
      // a C string: a NUL ends it
      const nul = s.indexOf("\0");
      return nul < 0 ? s : s.slice(0, nul);
    });
    if (got === undefined || got === null) {
      this.#reconnect = true;
      return null;
    }
    return got;
  }

  async #drain(): Promise<void> {
    await this.#session!.run(async (link) => {
      while ((await link.interruptRead(0x81, 8, 100)).length) { /* drain */ }
    });
  }

  /** upsdrv_initinfo: wake the unit, then the common start-up. */
  async #initinfo(): Promise<void> {
    await this.send("\r\n");
    await this.#drain();
    await this.#core.init();
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    try {
      this.#session = new UsbSession({
        values: this.#ctx.config.values,
        accept: supported,
        log: this.#ctx.log,
        bus: this.#bus,
      });
    } catch (e) {
      throw new DriverFatalError(
        `invalid regular expression: ${(e as Error).message}`,
      );
    }
    const link = await this.#session.open();
    if (!link) throw new DriverFatalError("No matching USB/HID UPS found");
    const hex = (n: number) => n.toString(16).padStart(4, "0");
    this.#ctx.state.set("ups.vendorid", hex(link.info.vendorId));
    this.#ctx.state.set("ups.productid", hex(link.info.productId));
    await this.#initinfo();
    this.#reconnect = false;
  }

  /** upsdrv_updateinfo: reconnect (and start-up again) if a read timed out. */
  async update(): Promise<void> {
    const st = this.#ctx.state;
    if (this.#reconnect) {
      await this.#session!.drop();
      if (!await this.#session!.ensure()) return st.dataStale();
      try {
        await this.#initinfo();
      } catch (e) {
        if (!(e instanceof DriverFatalError)) throw e;
        this.#ctx.log.warn(`${e.message} (will retry)`);
        return st.dataStale();
      }
      this.#reconnect = false;
      this.#ctx.log.notice("USB reconnect successful");
    }
    await this.#core.update();
  }

  /** upsdrv_instcmd. */
  instcmd(cmd: string): Promise<CommandResult> {
    return this.#core.instcmd(cmd);
  }

  /** upsdrv_setvar. */
  setvar(name: string, value: string): Promise<CommandResult> {
    return this.#core.setvar(name, value);
  }

  /** upsdrv_shutdown: SET.OFFDLY.W=<ups.delay.shutdown>. */
  async shutdown(): Promise<CommandResult> {
    await this.#core.offDelay();
    return "handled";
  }

  /** upsdrv_cleanup. */
  async close(): Promise<void> {
    await this.#session?.close();
    this.#session = null;
  }
}
