/**
 * A Richcomm dry-contact-to-USB unit (0925:1234) for the USB simulator:
 * requests arrive as HID SET_REPORT(output) control transfers, each is
 * answered by a 6-byte interrupt IN report whose byte 3 holds the contacts
 * (bit 2 mains present, bit 1 battery normal). Shutdown requests (0x02 ...)
 * are recorded.
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

/** Contact states. */
export type RichcommState = "online" | "battery" | "low";

/** The simulated unit. */
export class RichcommModel extends StandardModel {
  readonly device: DeviceSpec;
  readonly interfaces: readonly InterfaceSpec[] = [{
    class: 3,
    extra: hidDescriptor(0),
    endpoints: [{ address: 0x81, type: "interrupt" }],
  }];
  state: RichcommState = "online";
  /** Answer no report (the interrupt read times out). */
  silent = false;
  /** Every request received, as hex. */
  readonly requests: string[] = [];
  #pending: Uint8Array[] = [];

  constructor(serial = "RC0001") {
    super();
    this.device = {
      vendorId: 0x0925,
      productId: 0x1234,
      manufacturer: "Richcomm",
      product: "UPS USB MON V1.4",
      serial,
    };
  }

  override classRequest(
    setup: ControlSetup,
    data: number | Uint8Array,
  ): Uint8Array {
    if (setup.requestType !== 0x21 || setup.request !== HID_REQ.SET_REPORT) {
      throw stall();
    }
    const req = data as Uint8Array;
    this.requests.push(Array.from(req, (b) => b.toString(16)).join(" "));
    const contacts = (this.state === "online" ? 4 : 0) |
      (this.state === "low" ? 0 : 2);
    this.#pending.push(Uint8Array.of(req[0]!, 0, 0, contacts, 0, 0));
    return new Uint8Array();
  }

  interruptIn(): Uint8Array | undefined {
    if (this.silent) return undefined;
    return this.#pending.shift();
  }

  opened(): void {
    this.#pending = [];
  }
}
