/**
 * A Powervar UPM (4234:0002) for the USB simulator, from the facts of NUT
 * master's powervar_cx_usb.c: each request arrives as a HID SET_REPORT
 * (feature, report 0) control transfer ending with CR; the CUSPP unit
 * (tests/sim/powervar.ts) answers, and the answer plus CR LF is served in
 * 8-byte interrupt IN reports on 0x81. Faults: garbage, a short answer
 * without CR, silence.
 *
 * @module
 */
import {
  type ControlSetup,
  type DeviceSpec,
  HID_REQ,
  hidDescriptor,
  type InterfaceSpec,
  stall,
  StandardModel,
} from "./model.ts";
import { CusppModel } from "../powervar.ts";

/** Faults the unit can show. */
export type PvarUsbFault = "none" | "garbled" | "short" | "silent";

/** The simulated unit. */
export class PowervarUsbModel extends StandardModel {
  readonly device: DeviceSpec = {
    vendorId: 0x4234,
    productId: 0x0002,
    manufacturer: "Powervar",
    product: "UPM",
    serial: "A123-456",
  };
  readonly interfaces: readonly InterfaceSpec[] = [{
    class: 3,
    extra: hidDescriptor(0),
    endpoints: [{ address: 0x81, type: "interrupt" }],
  }];
  readonly unit = new CusppModel();
  fault: PvarUsbFault = "none";
  /** Every SET_REPORT payload, as text. */
  readonly reports: string[] = [];
  /** Every request (CR-ended, non-empty). */
  readonly requests: string[] = [];
  #pending: Uint8Array[] = [];

  override classRequest(
    setup: ControlSetup,
    data: number | Uint8Array,
  ): Uint8Array {
    if (
      setup.requestType !== 0x21 || setup.request !== HID_REQ.SET_REPORT ||
      setup.value !== 0x0300
    ) throw stall();
    const text = String.fromCharCode(...(data as Uint8Array));
    this.reports.push(text);
    for (const req of text.split("\r").slice(0, -1)) {
      const r = req.replace(/\n/g, "");
      if (!r) continue;
      this.requests.push(r);
      const a = this.unit.answer(r);
      if (a !== null) this.#queue(a);
    }
    return new Uint8Array();
  }

  #queue(answer: string): void {
    let out = `${answer}\r\n`;
    if (this.fault === "silent") return;
    if (this.fault === "garbled") out = `\x7f#@!${answer.slice(4)}\r\n`;
    if (this.fault === "short") out = answer.slice(0, answer.length >> 1);
    for (let i = 0; i < out.length; i += 8) {
      this.#pending.push(
        Uint8Array.from(out.slice(i, i + 8), (c) => c.charCodeAt(0)),
      );
    }
  }

  interruptIn(): Uint8Array | undefined {
    return this.#pending.shift();
  }

  opened(): void {
    this.#pending = [];
  }
}
