/**
 * Modbus over USB HID, as APC Smart-UPS units with a USB port speak it (the
 * libmodbus "RTU over USB" backend NUT master's apc_modbus uses; APC
 * application note MPAO-98KJ7F). The frame is an RTU ADU without its CRC
 * (unit id, PDU); it travels in 64-byte interrupt reports on endpoint 1:
 * the host writes reports whose first byte is the unit's "RX" report id,
 * the unit answers in reports carrying its "TX" id (other input reports,
 * such as the HID power summary, are skipped). The ids come from the HID
 * report descriptor: the items whose usage is 0xFF8600FC (RX) and
 * 0xFF8600FD (TX); without a readable descriptor they default to 0x90 and
 * 0x89. The device is found and reopened by the shared USB layer
 * (`src/usb/session.ts`): ups.conf regexes, then APC's table.
 *
 * @module
 */
import { parseReportDescriptor } from "../hid/parser.ts";
import type { UsbDeviceInfo } from "../hid/device.ts";
import { ModbusProtocolError, rtuReplyLength } from "../modbus/codec.ts";
import { type SessionLog, UsbSession } from "../usb/session.ts";
import type { UsbMatcher } from "../usb/match.ts";
import { type UsbBus, UsbError, type UsbLink } from "./usb_link.ts";
import {
  type ModbusLink,
  ModbusTimeoutError,
  type ModbusTimeouts,
} from "./modbus.ts";

/** APC's vendor id and the product id of its Modbus-capable HID units. */
export const APC_MODBUS_VID = 0x051d, APC_MODBUS_PIDS = [0x0003];
/** The report usages that carry Modbus to (RX) and from (TX) the unit. */
export const MODBUS_USAGE_RX = 0xff8600fc, MODBUS_USAGE_TX = 0xff8600fd;
/** Report ids used when the descriptor cannot be read. */
export const DEFAULT_REPORT_IDS = { rx: 0x90, tx: 0x89 } as const;
/** Every report is 64 bytes: the id and 63 bytes of frame. */
export const REPORT_SIZE = 64;
const EP_OUT = 0x01, EP_IN = 0x81;

/** Report ids of the Modbus items in a report descriptor; null when absent. */
export function modbusReportIds(
  descriptor: Uint8Array,
): { rx: number; tx: number } | null {
  let rx: number | undefined, tx: number | undefined;
  for (const f of parseReportDescriptor(descriptor).fields) {
    const usage = f.path[f.path.length - 1]! >>> 0;
    if (usage === MODBUS_USAGE_RX) rx = f.reportId;
    else if (usage === MODBUS_USAGE_TX) tx = f.reportId;
  }
  return rx === undefined || tx === undefined ? null : { rx, tx };
}

/** The reports carrying `adu` (unit id + PDU), each zero-padded to 64 bytes. */
export function aduReports(rxId: number, adu: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i === 0 || i < adu.length; i += REPORT_SIZE - 1) {
    const r = new Uint8Array(REPORT_SIZE);
    r[0] = rxId;
    r.set(adu.subarray(i, i + REPORT_SIZE - 1), 1);
    out.push(r);
  }
  return out;
}

/** Length of a reply ADU (no CRC) from its first bytes; 0 while unknown. */
export function hidReplyLength(head: Uint8Array): number {
  const n = rtuReplyLength(head);
  return n ? n - 2 : 0;
}

/** NUT's device test: APC's table; other APC products only with `productid`. */
export function apcModbusAccept(
  values: ReadonlyMap<string, string>,
): UsbMatcher {
  return (d) =>
    d.vendorId === APC_MODBUS_VID &&
    (APC_MODBUS_PIDS.includes(d.productId) || values.has("productid"));
}

/** Options of {@link openModbusUsbHid}. */
export interface UsbHidOptions {
  /** ups.conf values (the USB matching keys). */
  values: ReadonlyMap<string, string>;
  log: SessionLog;
  timeouts: ModbusTimeouts;
  bus?: () => Promise<UsbBus>;
  /** Called on every (re)connect with the unit found. */
  onConnect?: (info: UsbDeviceInfo) => void;
}

/** A Modbus link over one APC unit's HID interface; reopens after an unplug. */
export class UsbHidModbusLink implements ModbusLink {
  #session: UsbSession;
  #last: UsbLink | undefined;
  #ids: { rx: number; tx: number } = DEFAULT_REPORT_IDS;
  #onConnect: ((info: UsbDeviceInfo) => void) | undefined;

  constructor(
    session: UsbSession,
    public timeouts: ModbusTimeouts,
    onConnect?: (info: UsbDeviceInfo) => void,
  ) {
    this.#session = session;
    this.#onConnect = onConnect;
  }

  /** Reads the report ids of a newly opened unit (as NUT's callback does). */
  async #connected(link: UsbLink): Promise<void> {
    let desc: Uint8Array | undefined;
    try {
      desc = await link.control(
        { requestType: 0x81, request: 0x06, value: 0x2200, index: 0 },
        2048,
        5000,
      );
    } catch { /* no descriptor: the defaults */ }
    let ids: { rx: number; tx: number } | null = DEFAULT_REPORT_IDS;
    if (desc?.length) {
      try {
        ids = modbusReportIds(desc);
      } catch {
        ids = null;
      }
    }
    if (!ids) throw new Error("No Modbus USB report descriptor found");
    this.#ids = ids;
    this.#last = link;
    this.#onConnect?.(link.info);
  }

  /** The first open; false when no unit matched. */
  async connect(): Promise<boolean> {
    const link = await this.#session.open();
    if (!link) return false;
    await this.#connected(link);
    return true;
  }

  async exchange(unit: number, pdu: Uint8Array): Promise<Uint8Array> {
    const link = await this.#session.ensure();
    if (!link) throw new Error("No such device");
    try {
      if (link !== this.#last) await this.#connected(link);
      // modbus_flush: drop what a late or broken answer left behind
      while ((await link.interruptRead(EP_IN, REPORT_SIZE, 10)).length) {
        /* dropped */
      }
      const adu = new Uint8Array(pdu.length + 1);
      adu[0] = unit;
      adu.set(pdu, 1);
      for (const r of aduReports(this.#ids.rx, adu)) {
        await link.interruptWrite(EP_OUT, r, 5000);
      }
      return await this.#receive(link, unit);
    } catch (e) {
      if (!(e instanceof UsbError)) throw e;
      if (e.kind === "timeout") throw new ModbusTimeoutError();
      if (e.kind !== "stall") await this.#session.drop();
      throw new Error(e.message);
    }
  }

  async #receive(link: UsbLink, unit: number): Promise<Uint8Array> {
    const got: number[] = [];
    let end = Date.now() + this.timeouts.responseMs;
    let want = 0;
    while (want === 0 || got.length < want) {
      const left = end - Date.now();
      if (left <= 0) throw new ModbusTimeoutError();
      const r = await link.interruptRead(EP_IN, REPORT_SIZE, left);
      if (!r.length) throw new ModbusTimeoutError();
      if (r[0] !== this.#ids.tx) continue; // not a Modbus report
      got.push(...r.subarray(1));
      end = Date.now() + this.timeouts.byteMs;
      want = hidReplyLength(new Uint8Array(got));
    }
    if (got[0] !== unit) {
      throw new ModbusProtocolError(`reply from unit ${got[0]}`);
    }
    return new Uint8Array(got.slice(1, want));
  }

  close(): void {
    this.#last = undefined;
    this.#session.close().catch(() => {});
  }
}

/**
 * modbus_new_rtu_usb + modbus_connect: finds the unit (ups.conf regexes,
 * then APC's table) and reads its report ids; null when none matched.
 */
export async function openModbusUsbHid(
  opts: UsbHidOptions,
): Promise<UsbHidModbusLink | null> {
  const session = new UsbSession({
    values: opts.values,
    accept: apcModbusAccept(opts.values),
    log: opts.log,
    ...(opts.bus ? { bus: opts.bus } : {}),
  });
  const link = new UsbHidModbusLink(session, opts.timeouts, opts.onConnect);
  return await link.connect() ? link : null;
}
