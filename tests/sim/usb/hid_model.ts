/**
 * A HID Power Device on the USB simulator, served from a recording
 * (src/hid/replay.ts format: the corpus's report descriptor, report
 * contents and strings): GET_DESCRIPTOR(Report), GET_REPORT / SET_REPORT
 * (Feature, Input, Output), SET_IDLE, and interrupt IN reports queued by the
 * test. SET_REPORT writes are kept for -k and instant-command comparisons.
 *
 * @module
 */
import type { Recording } from "../../../src/hid/replay.ts";
import {
  type ControlSetup,
  type DeviceSpec,
  HID_REQ,
  hidDescriptor,
  type InterfaceSpec,
  stall,
  StandardModel,
} from "./model.ts";

/** A recorded HID UPS as a simulated USB device. */
export class HidRecordingModel extends StandardModel {
  readonly device: DeviceSpec;
  readonly interfaces: readonly InterfaceSpec[];
  /** Current report contents by ID (report ID first). */
  readonly reports: Map<number, Uint8Array>;
  /** Interrupt reports still to be delivered, in order. */
  readonly pending: Uint8Array[];
  /** SET_REPORT payloads received, in order (report ID first). */
  readonly writes: Uint8Array[] = [];
  /** Report IDs whose GET_REPORT stalls. */
  readonly stalls: Set<number>;

  constructor(rec: Recording, opts: { serial?: string } = {}) {
    super();
    const i = rec.info;
    const serial = opts.serial ?? i.serial;
    this.device = {
      vendorId: i.vendorId,
      productId: i.productId,
      ...(i.vendor !== undefined ? { manufacturer: i.vendor } : {}),
      ...(i.product !== undefined ? { product: i.product } : {}),
      ...(serial !== undefined ? { serial } : {}),
    };
    this.interfaces = [{
      class: 3,
      extra: hidDescriptor(rec.descriptor.length),
      endpoints: [{ address: 0x81, type: "interrupt", maxPacketSize: 8 }],
    }];
    this.reportDescriptors = { 0: rec.descriptor };
    for (const [k, v] of rec.strings) this.strings[k] = v;
    this.reports = new Map(rec.reports);
    this.pending = [...rec.interrupts];
    this.stalls = new Set(rec.stall);
  }

  override classRequest(
    setup: ControlSetup,
    data: number | Uint8Array,
  ): Uint8Array {
    const id = setup.value & 0xff;
    switch (setup.request) {
      case HID_REQ.GET_REPORT: {
        const r = this.reports.get(id);
        if (!r || this.stalls.has(id)) throw stall(`no report ${id}`);
        return r.slice();
      }
      case HID_REQ.SET_REPORT: {
        if (typeof data === "number") throw stall("SET_REPORT without data");
        const copy = data.slice();
        if (id) copy[0] = id;
        this.writes.push(copy);
        this.reports.set(id, copy);
        return new Uint8Array();
      }
      case HID_REQ.SET_IDLE:
        return new Uint8Array();
      default:
        throw stall(`HID request ${setup.request}`);
    }
  }

  interruptIn(): Uint8Array | undefined {
    return this.pending.shift();
  }
}
