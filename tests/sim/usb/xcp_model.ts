/**
 * An XCP unit on USB (Powerware 0592:0002 by default, or a Phoenixtec
 * 06da:0002) for the USB simulator: requests arrive as control transfers
 * (SET_DESCRIPTOR string 4, or vendor request 0x0d), answers go back in
 * 8-byte interrupt IN packets on 0x81. The XCP bytes come from
 * tests/sim/xcp.ts.
 *
 * @module
 */
import { XcpModel } from "../xcp.ts";
import {
  type ControlSetup,
  type DeviceSpec,
  type InterfaceSpec,
  StandardModel,
} from "./model.ts";

/** The simulated unit. */
export class XcpUsbModel extends StandardModel {
  readonly device: DeviceSpec;
  readonly interfaces: readonly InterfaceSpec[] = [{
    class: 0xff,
    endpoints: [{ address: 0x81, type: "interrupt", maxPacketSize: 8 }],
  }];
  readonly xcp = new XcpModel();
  silent = false;
  #pending: Uint8Array[] = [];
  #kind: "powerware" | "phoenixtec";

  constructor(kind: "powerware" | "phoenixtec" = "powerware") {
    super();
    this.#kind = kind;
    // one block carries the whole ID block: 2.8.0's USB reader loses the
    // second block of a multi-block answer (its byte count ignores the tail)
    this.xcp.blockSize = 140;
    this.device = kind === "powerware"
      ? {
        vendorId: 0x0592,
        productId: 0x0002,
        manufacturer: "POWERWARE",
        product: "UPS",
      }
      : { vendorId: 0x06da, productId: 0x0002, product: "UPS" };
  }

  override control(
    setup: ControlSetup,
    data: number | Uint8Array,
  ): Uint8Array | Promise<Uint8Array> {
    const isRequest = this.#kind === "powerware"
      ? setup.requestType === 0x00 && setup.request === 0x07
      : setup.requestType === 0x42 && setup.request === 0x0d;
    if (!isRequest) return super.control(setup, data);
    const answer = this.xcp.feed(data as Uint8Array);
    if (this.silent) return new Uint8Array(); // a unit that does not answer
    // the interrupt endpoint carries 8 bytes per packet
    for (let i = 0; i < answer.length; i += 8) {
      this.#pending.push(Uint8Array.from(answer.slice(i, i + 8)));
    }
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
