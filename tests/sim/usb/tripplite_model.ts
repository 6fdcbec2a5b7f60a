/**
 * A Tripp Lite unit (09ae:0001) for the USB simulator, written from the
 * protocol as NUT's tripplite_usb reads it: commands arrive as 8-byte HID
 * SET_REPORT(feature) reports `: <cmd> <checksum> CR`, each answered by an
 * 8-byte interrupt IN report starting with the command letter. Three
 * protocol numbers: 3003 (SMARTPRO, hex digits), 1001 (OMNIVS) and 3005
 * (binary SMART).
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
  vendorReport8,
} from "./model.ts";

/** Protocols modelled. */
export type TlProtocol = 0x3003 | 0x1001 | 0x3005;
/** Power states. */
export type TlState = "online" | "battery" | "low";

const REPORT = vendorReport8("feature");

const a = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

/** The simulated unit. */
export class TrippLiteModel extends StandardModel {
  readonly device: DeviceSpec;
  readonly interfaces: readonly InterfaceSpec[] = [{
    class: 3,
    extra: hidDescriptor(REPORT.length),
    endpoints: [{ address: 0x81, type: "interrupt" }],
  }];
  state: TlState = "online";
  silent = false;
  /** Commands received: letter plus the other bytes in hex. */
  readonly commands: string[] = [];
  #pending: Uint8Array[] = [];

  constructor(readonly protocol: TlProtocol = 0x3003, serial = "TL0001") {
    super();
    this.reportDescriptors[0] = REPORT;
    this.device = {
      vendorId: 0x09ae,
      productId: 0x0001,
      manufacturer: "Tripp Lite",
      product: protocol === 0x1001
        ? "Tripp Lite OMNIVS1000 "
        : "Tripp Lite SMART1500RM2U",
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
    const r = data as Uint8Array;
    const end = r.indexOf(0x0d);
    const body = Array.from(r.subarray(1, end > 0 ? end - 1 : 7));
    this.commands.push(
      String.fromCharCode(body[0] ?? 0x3f) +
        body.slice(1).map((b) => " " + b.toString(16)).join(""),
    );
    const reply = this.#reply(body);
    const out = new Uint8Array(8);
    out.set(reply.slice(0, 8));
    this.#pending.push(out);
    return new Uint8Array();
  }

  #reply(body: number[]): number[] {
    const c = String.fromCharCode(body[0] ?? 0);
    const bin = this.protocol === 0x3005;
    const ob = this.state !== "online";
    const low = this.state === "low";
    switch (c) {
      case "\0":
        return [0, this.protocol >> 8, this.protocol & 0xff];
      case "S":
        if (this.protocol === 0x1001) {
          return [...a("S"), low ? 0x30 : 0x31, ob ? 0x31 : 0x30, 0x30, 0x30];
        }
        return bin
          ? [...a("S"), low ? 0 : 1, 0, 0, ob ? 1 : 0, 0x5a]
          : [...a("S"), low ? 0x30 : 0x31, 0x30, 0x30, ob ? 0x31 : 0x30, 0x5a];
      case "P":
        return a("P1500\r");
      case "F":
        return a("F1234AB");
      case "V":
        return bin ? [...a("V"), 2, 0, 12, 2] : a("V1022X");
      case "U":
        return [...a("U"), 0, 7];
      case "B":
        return a(ob ? "B0000C8" : "B0E2AD0");
      case "D":
        if (bin) return [...a("D"), 0, ob ? 0 : 120, 0, low ? 112 : 130];
        return a(ob ? (low ? "D0070" : "D007A") : "D7882");
      case "M":
        return bin ? [...a("M"), 0, 110, 0, 127, 0] : a("M6E7F\r");
      case "T":
        return a("T8C2581\r");
      case "L":
        if (bin) return [...a("L"), 45];
        return a(this.protocol === 0x1001 ? "L00F1" : "L2D");
      default:
        return [body[0] ?? 0];
    }
  }

  interruptIn(): Uint8Array | undefined {
    if (this.silent) return undefined;
    return this.#pending.shift();
  }

  opened(): void {
    this.#pending = [];
  }
}
