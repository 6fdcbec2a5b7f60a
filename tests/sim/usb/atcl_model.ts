/**
 * An 'ATCL FOR UPS' unit (0001:0000, vendor string "ATCL FOR UPS") for the
 * USB simulator: every interrupt IN read on 0x81 gets the 8-byte status
 * report (byte 0: 3 on line, 1 on battery, 2 low battery); interrupt OUT
 * reports on 0x02 (the shutdown) are recorded.
 *
 * @module
 */
import {
  type DeviceSpec,
  hidDescriptor,
  type InterfaceSpec,
  StandardModel,
} from "./model.ts";

/** Power states. */
export type AtclState = "online" | "battery" | "low" | "weird";

/** The simulated unit. */
export class AtclModel extends StandardModel {
  readonly device: DeviceSpec;
  readonly interfaces: readonly InterfaceSpec[] = [{
    class: 3,
    extra: hidDescriptor(0),
    endpoints: [
      { address: 0x81, type: "interrupt" },
      { address: 0x02, type: "interrupt" },
    ],
  }];
  state: AtclState = "online";
  silent = false;
  /** Interrupt OUT reports received, as hex. */
  readonly writes: string[] = [];

  constructor(vendor: string | undefined = "ATCL FOR UPS", serial = "A0001") {
    super();
    this.device = {
      vendorId: 0x0001,
      productId: 0x0000,
      manufacturer: vendor,
      product: "USB UPS",
      serial,
    };
  }

  interruptIn(): Uint8Array | undefined {
    if (this.silent) return undefined;
    const code = { online: 3, battery: 1, low: 2, weird: 9 }[this.state];
    return Uint8Array.of(code, 0, 0, 0, 0, 0, 0, 0);
  }

  interruptOut(_endpoint: number, data: Uint8Array): number {
    this.writes.push(Array.from(data, (b) => b.toString(16)).join(" "));
    return data.length;
  }
}
