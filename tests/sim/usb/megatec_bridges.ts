/**
 * Megatec (Q1) UPSes behind the USB-to-serial bridges NUT's nutdrv_qx and
 * blazer_usb know. Each bridge wraps the same CR-ended Megatec lines in its
 * own USB framing (facts from NUT's nutdrv_qx.c USB subdrivers):
 *
 * - cypress / phoenix: HID SET_REPORT (0x21, 9, 0x0200) carrying the command
 *   in 8-byte chunks; the reply comes back in 8-byte interrupt IN packets
 *   (0x81), zero padded after the CR.
 * - ippon: as cypress with wValue 0x0002; the reply is one 64-byte packet.
 * - sgs: SET_REPORT chunks of [count, up to 7 bytes]; reply packets are
 *   [count, up to 7 bytes] until the reads time out.
 * - armac: SET_REPORT chunks of [0xa0 + count, up to 3 bytes] (4 bytes);
 *   reply packets of 6 bytes [0xa0 + count, up to 5 bytes], count 0 ends.
 * - phoenixtec: vendor request 0x0d (type 0x42) carrying the whole command;
 *   interrupt IN packets until the CR.
 * - fuji: interrupt OUT (0x02) [0x80, 0x06, len+1, 0x03, cmd (≤3), 0…,
 *   answer length]; reply as cypress.
 * - krauler / fabula / hunnox / snr: no serial line at all: each query is a
 *   GET_DESCRIPTOR(STRING) whose index names the command; the answer is
 *   the string. Fabula/hunnox encode shutdown delays in the index.
 * - ablerex: SET_REPORT(Output 5, wValue 0x0305) of 47 bytes [5, 0, length,
 *   command with CR]; GET_REPORT(0x0305) returns the reply from byte 0,
 *   zero padded to 47.
 *
 * @module
 */
import {
  type ControlSetup,
  type DeviceSpec,
  HID_REQ,
  type InterfaceSpec,
  latin1,
  StandardModel,
  text,
  UsbError,
} from "./model.ts";

/** The bridges this file models. */
export type Bridge =
  | "cypress"
  | "phoenix"
  | "ippon"
  | "sgs"
  | "armac"
  | "phoenixtec"
  | "fuji"
  | "krauler"
  | "fabula"
  | "hunnox"
  | "snr"
  | "ablerex";

/** A Megatec line model: the answer (CR included) or null for none. */
export type LineModel = (command: string) => string | null;

/** USB identity each bridge is seen with (NUT's nutdrv_qx table). */
export const BRIDGE_IDS: Record<Bridge, DeviceSpec> = {
  cypress: { vendorId: 0x0665, productId: 0x5161 },
  phoenix: { vendorId: 0x06da, productId: 0x0601 },
  ippon: { vendorId: 0x06da, productId: 0x0003 },
  sgs: { vendorId: 0x0483, productId: 0x0035 },
  armac: { vendorId: 0x0925, productId: 0x1234 },
  phoenixtec: {
    vendorId: 0x06da,
    productId: 0x0002,
    manufacturer: "Phoenixtec Power",
    product: "USB Cable (V2.00)",
  },
  fuji: {
    vendorId: 0x0001,
    productId: 0x0000,
    manufacturer: "ATCL FOR UPS",
    product: "ATCL FOR UPS",
  },
  krauler: { vendorId: 0x0001, productId: 0x0000 },
  fabula: {
    vendorId: 0x0001,
    productId: 0x0000,
    manufacturer: "MEC",
    product: "MEC0003",
  },
  hunnox: { vendorId: 0x0001, productId: 0x0000, product: "MEC0003" },
  snr: { vendorId: 0x0001, productId: 0x0000, product: "MEC0003" },
  ablerex: { vendorId: 0xffff, productId: 0x0000 },
};

/** String index → Megatec command, per string-descriptor bridge. */
const STRING_COMMANDS: Record<string, Record<number, string>> = {
  krauler: {
    0x03: "Q1",
    0x0d: "F",
    0x0c: "I",
    0x04: "T",
    0x05: "TL",
    0x07: "Q",
    0x0b: "C",
  },
  fabula: { 0x03: "Q1", 0x0d: "F", 0x0c: "I", 0x07: "Q", 0x0a: "C" },
  snr: { 0x03: "Q1", 0x0d: "F", 0x0c: "I" },
};

/** The Megatec shutdown a fabula/hunnox string index stands for. */
export function fabulaShutdown(index: number): string | undefined {
  const delayCode = index >> 4;
  if (delayCode < 1 || (index & 7) !== 0) return undefined;
  const delay = delayCode <= 5 ? (delayCode - 1) / 10 + 0.5 : delayCode - 5;
  const n = delay < 1
    ? `.${Math.round(delay * 10)}`
    : String(delay).padStart(2, "0");
  return (index & 8) ? `S${n}R0001` : `S${n}R0000`;
}

/** Options of a bridge model. */
export interface BridgeOptions {
  /** Serial number string (index 3 is taken by some bridges' Q1, so 0x20). */
  serial?: string;
  /** Overrides of the identity (e.g. another VID:PID of the same bridge). */
  device?: Partial<DeviceSpec>;
}

/** A Megatec UPS behind one USB bridge. */
export class MegatecBridgeModel extends StandardModel {
  readonly bridge: Bridge;
  readonly device: DeviceSpec;
  readonly interfaces: readonly InterfaceSpec[];
  /** Every Megatec command received (without its CR), in order. */
  readonly received: string[] = [];
  /** When set, answers are replaced: "silent" (no answer), "garbage", "short". */
  fault: "none" | "silent" | "garbage" | "short" = "none";
  #line: LineModel;
  #pendingOut = "";
  #reply: Uint8Array = new Uint8Array();

  constructor(bridge: Bridge, line: LineModel, opts: BridgeOptions = {}) {
    super();
    this.bridge = bridge;
    this.#line = line;
    const serial = opts.serial;
    this.device = {
      ...BRIDGE_IDS[bridge],
      ...(serial !== undefined && !isStringBridge(bridge) ? { serial } : {}),
      ...opts.device,
    };
    const eps = bridge === "fuji"
      ? [
        { address: 0x81, type: "interrupt" as const },
        { address: 0x02, type: "interrupt" as const },
      ]
      : [{ address: 0x81, type: "interrupt" as const }];
    this.interfaces = [{ class: 3, endpoints: eps }];
  }

  #answer(cmd: string): string | null {
    this.received.push(cmd);
    const a = this.#line(cmd);
    if (a === null || this.fault === "silent") return null;
    if (this.fault === "garbage") {
      return "\x7f#@!" + a.slice(4).split("").reverse().join("");
    }
    if (this.fault === "short") return a.slice(0, Math.floor(a.length / 2));
    return a;
  }

  /** Collects command bytes; a CR completes a command. */
  #take(bytes: string): void {
    this.#pendingOut += bytes;
    let i: number;
    while ((i = this.#pendingOut.indexOf("\r")) >= 0) {
      const cmd = this.#pendingOut.slice(0, i);
      this.#pendingOut = this.#pendingOut.slice(i + 1);
      const a = this.#answer(cmd);
      this.#reply = a === null ? new Uint8Array() : latin1(a);
    }
  }

  override classRequest(
    setup: ControlSetup,
    data: number | Uint8Array,
  ): Uint8Array {
    if (typeof data === "number") {
      if (this.bridge === "ablerex" && setup.request === HID_REQ.GET_REPORT) {
        const out = new Uint8Array(47);
        out.set(this.#reply.subarray(0, 47));
        this.#reply = new Uint8Array();
        return out;
      }
      throw new UsbError("stall", "no IN request");
    }
    const b = this.bridge;
    if (b === "phoenixtec") {
      if (setup.requestType !== 0x42 || setup.request !== 0x0d) {
        throw new UsbError("stall", "?");
      }
      this.#take(text(data));
      return new Uint8Array();
    }
    if (b === "ablerex" && setup.request === HID_REQ.SET_REPORT) {
      this.#take(text(data.subarray(3, 3 + data[2]!)));
      return new Uint8Array();
    }
    if (setup.requestType !== 0x21 || setup.request !== HID_REQ.SET_REPORT) {
      throw new UsbError("stall", "not SET_REPORT");
    }
    if (b === "sgs") {
      this.#take(text(data.subarray(1, 1 + Math.min(7, data[0]!))));
    } else if (b === "armac") {
      this.#take(text(data.subarray(1, 1 + ((data[0]! - 0xa0) & 0x0f))));
    } else {
      // the UPS ignores what follows the CR in a packet (NUT 2.8.0's ippon
      // sends uninitialised bytes there) and the zero padding
      const t = text(data);
      const cr = t.indexOf("\r");
      this.#take(cr >= 0 ? t.slice(0, cr + 1) : t.replace(/\0+$/, ""));
    }
    return new Uint8Array();
  }

  interruptOut(_endpoint: number, data: Uint8Array): number {
    if (this.bridge !== "fuji" || data[0] !== 0x80 || data[1] !== 0x06) {
      throw new UsbError("stall", "unexpected interrupt OUT");
    }
    const len = Math.max(0, Math.min(3, data[2]! - 1));
    this.#take(text(data.subarray(4, 4 + len)) + "\r");
    return data.length;
  }

  interruptIn(
    _endpoint: number,
    length: number,
  ): Uint8Array | undefined {
    const b = this.bridge;
    if (isStringBridge(b)) return new Uint8Array(length > 8 ? 8 : length); // snr's flush read
    if (!this.#reply.length) {
      if (b === "armac" && this.#armacDone) {
        this.#armacDone = false;
        return Uint8Array.of(0xa0, 0, 0, 0, 0, 0);
      }
      return undefined; // timeout
    }
    if (b === "ippon") {
      const out = new Uint8Array(64);
      out.set(this.#reply.subarray(0, 64));
      this.#reply = new Uint8Array();
      return out.subarray(0, Math.min(64, length));
    }
    if (b === "sgs") {
      const n = Math.min(7, this.#reply.length);
      const out = new Uint8Array(8);
      out[0] = n;
      out.set(this.#reply.subarray(0, n), 1);
      this.#reply = this.#reply.subarray(n);
      return out;
    }
    if (b === "armac") {
      const n = Math.min(5, this.#reply.length);
      const out = new Uint8Array(6);
      out[0] = 0xa0 | n;
      out.set(this.#reply.subarray(0, n), 1);
      this.#reply = this.#reply.subarray(n);
      if (!this.#reply.length) this.#armacDone = true;
      return out;
    }
    const size = b === "phoenixtec" ? Math.min(length, 8) : 8;
    const out = new Uint8Array(size);
    out.set(this.#reply.subarray(0, size));
    this.#reply = this.#reply.subarray(size);
    return out;
  }
  #armacDone = false;

  override stringRequest(
    index: number,
    langId: number,
    length: number,
  ): Uint8Array {
    const b = this.bridge;
    if (!isStringBridge(b) || index === 0) {
      return super.stringRequest(index, langId, length);
    }
    const table = STRING_COMMANDS[b === "hunnox" ? "fabula" : b]!;
    let cmd = table[index];
    if (cmd === undefined && (b === "fabula" || b === "hunnox")) {
      cmd = fabulaShutdown(index);
    }
    if (cmd === undefined) {
      if (index === 1 && b === "hunnox") {
        return super.stringRequest(2, langId, length);
      }
      const t = this.stringText(index);
      if (t !== undefined) return super.stringRequest(index, langId, length);
      throw new UsbError("stall", `no string ${index}`);
    }
    const a = this.#answer(cmd);
    // Commands get "UPS No Ack" from fabula-type bridges, a bare CR from krauler.
    const reply = a ?? (b === "krauler" ? "\r" : "UPS No Ack\r");
    const out = [2 + 2 * reply.length, 3];
    for (const ch of reply) out.push(ch.charCodeAt(0) & 0xff, 0);
    return Uint8Array.from(out);
  }
}

function isStringBridge(b: Bridge): boolean {
  return b === "krauler" || b === "fabula" || b === "hunnox" || b === "snr";
}
