/**
 * A Riello unit behind its Cypress USB bridge (04b4:5500) for the USB
 * simulator: 8-byte OUT packets (interrupt transfers, as NUT 2.8.0 sends its
 * "bulk" writes; bulk is accepted too) on 0x02 (0x37 = seven bytes follow,
 * 0x30 + n = the last n bytes) are reassembled and handed to the GPSER
 * model of tests/sim/riello.ts; its replies go back in 8-byte bulk IN
 * packets on 0x81 whose first byte counts the bytes after it (0 when
 * nothing is pending). HID SET_REPORT (the bridge set-up) is accepted.
 *
 * @module
 */
import { GpserModel } from "../riello.ts";
import {
  type ControlSetup,
  type DeviceSpec,
  HID_REQ,
  hidDescriptor,
  type InterfaceSpec,
  stall,
  StandardModel,
  vendorReport8,
} from "./model.ts";

const REPORT = vendorReport8("output");

/** The Cypress-bridged GPSER unit. */
export class RielloUsbModel extends StandardModel {
  readonly device: DeviceSpec;
  readonly interfaces: readonly InterfaceSpec[] = [{
    // the bridge is a HID device (NUT's libusb layer insists on a HID
    // descriptor and a report descriptor before the driver sees it)
    class: 3,
    extra: hidDescriptor(REPORT.length),
    endpoints: [
      { address: 0x81, type: "interrupt" },
      { address: 0x02, type: "interrupt" },
    ],
  }];
  readonly gpser = new GpserModel();
  /** SET_REPORT payloads received. */
  readonly features: number[][] = [];
  /** Answer nothing at all (bulk IN times out). */
  silent = false;
  #pending: number[] = [];

  constructor(serial = "RU0001") {
    super();
    this.reportDescriptors[0] = REPORT;
    this.device = {
      vendorId: 0x04b4,
      productId: 0x5500,
      manufacturer: "Riello",
      product: "USB Serial",
      serial,
    };
  }

  override classRequest(
    setup: ControlSetup,
    data: number | Uint8Array,
  ): Uint8Array {
    if (setup.requestType === 0x21 && setup.request === HID_REQ.SET_REPORT) {
      this.features.push(Array.from(data as Uint8Array));
      return new Uint8Array();
    }
    throw stall();
  }

  /** NUT 2.8.0's usb_bulk_* calls are libusb interrupt transfers. */
  interruptOut(endpoint: number, data: Uint8Array): number {
    return this.bulkOut(endpoint, data);
  }

  interruptIn(endpoint: number, length: number): Uint8Array | undefined {
    return this.bulkIn(endpoint, length);
  }

  bulkOut(_endpoint: number, data: Uint8Array): number {
    const n = data[0] === 0x37 ? 7 : Math.max(0, Math.min(7, data[0]! - 0x30));
    for (const reply of this.gpser.feed(data.subarray(1, 1 + n))) {
      this.#pending.push(...reply);
    }
    return data.length;
  }

  bulkIn(_endpoint: number, _length: number): Uint8Array | undefined {
    if (this.silent) return undefined;
    const chunk = this.#pending.splice(0, 7);
    const p = new Uint8Array(8);
    p[0] = chunk.length;
    p.set(chunk, 1);
    return p;
  }

  opened(): void {
    this.#pending = [];
  }
}
