/**
 * An APC Smart-UPS with its USB port (051d:0003) speaking Modbus over HID,
 * from the facts of NUT master's apc_modbus.c and the libmodbus RTU-over-USB
 * backend it uses: the report descriptor names the host-to-unit item (usage
 * 0xFF8600FC, report 0x90 unless told otherwise) and the unit-to-host item
 * (0xFF8600FD, report 0x89); requests arrive as 64-byte interrupt OUT reports
 * on 0x01 carrying an RTU ADU without CRC; the answer goes back in 64-byte
 * interrupt IN reports on 0x81, each answer preceded by an unrelated
 * power-summary input report (0x0c) the host must skip. The registers are
 * the ones the TCP/RTU simulator serves (a RegisterMap, e.g. `apcMap()`).
 * Faults: garbled bytes, a short last transfer, silence.
 *
 * @module
 */
import {
  type DeviceSpec,
  hidDescriptor,
  type InterfaceSpec,
  StandardModel,
} from "./model.ts";
import { type ModbusFault, RegisterMap } from "../modbus.ts";
import { rtuRequestLength } from "../../../src/modbus/codec.ts";

/** The report descriptor: a power summary report, then the Modbus pair. */
export function apcModbusDescriptor(rx: number, tx: number): Uint8Array {
  return Uint8Array.from([
    ...[0x05, 0x84, 0x09, 0x04, 0xa1, 0x01], // power device, UPS
    ...[0x85, 0x0c, 0x05, 0x85, 0x09, 0x66], // report 0x0c: RemainingCapacity
    ...[0x15, 0x00, 0x26, 0x64, 0x00, 0x75, 0x08, 0x95, 0x01, 0x81, 0x02],
    0xc0,
    ...[0x06, 0x86, 0xff, 0x09, 0x01, 0xa1, 0x01], // vendor page 0xff86
    ...[0x85, rx, 0x09, 0xfc, 0x15, 0x00, 0x26, 0xff, 0x00], // host → unit
    ...[0x75, 0x08, 0x95, 0x3f, 0x91, 0x02],
    ...[0x85, tx, 0x09, 0xfd, 0x95, 0x3f, 0x81, 0x02], // unit → host
    0xc0,
  ]);
}

/** The simulated unit. */
export class ApcModbusUsbModel extends StandardModel {
  readonly device: DeviceSpec = {
    vendorId: 0x051d,
    productId: 0x0003,
    manufacturer: "American Power Conversion",
    product: "Smart-UPS 2200 FW:UPS 09.8 / ID=20",
    serial: "AS1234567890",
  };
  readonly interfaces: readonly InterfaceSpec[];
  readonly map: RegisterMap;
  /** The unit id answered. */
  unit = 1;
  fault: ModbusFault = "none";
  /** Request PDUs received, whatever the fault. */
  readonly frames: Uint8Array[] = [];
  readonly ids: { rx: number; tx: number };
  #pending: Uint8Array[] = [];

  constructor(map: RegisterMap, ids = { rx: 0x90, tx: 0x89 }) {
    super();
    this.map = map;
    this.ids = ids;
    const desc = apcModbusDescriptor(ids.rx, ids.tx);
    this.reportDescriptors[0] = desc;
    this.interfaces = [{
      class: 3,
      extra: hidDescriptor(desc.length),
      endpoints: [
        { address: 0x81, type: "interrupt", maxPacketSize: 64 },
        { address: 0x01, type: "interrupt", maxPacketSize: 64 },
      ],
    }];
  }

  interruptOut(_endpoint: number, data: Uint8Array): number {
    if (data[0] !== this.ids.rx) return data.length;
    const adu = data.subarray(1);
    const len = rtuRequestLength(adu) - 2; // the RTU length less the CRC
    if (len < 2) return data.length;
    const pdu = adu.slice(1, len);
    this.frames.push(pdu);
    if (adu[0] !== this.unit || this.fault === "silent") return data.length;
    let answer = Uint8Array.from([this.unit, ...this.map.handle(pdu)]);
    if (this.fault === "garbled") {
      answer = answer.map((b, i) => i === 0 ? b : b ^ 0x5a);
    }
    this.#pending.push(Uint8Array.from([0x0c, 100]));
    const reports: Uint8Array[] = [];
    for (let i = 0; i < answer.length; i += 63) {
      const r = new Uint8Array(64);
      r[0] = this.ids.tx;
      r.set(answer.subarray(i, i + 63), 1);
      reports.push(r);
    }
    if (this.fault === "short") {
      const last = reports.pop()!;
      reports.push(last.slice(0, (answer.length % 63 || 63) >> 1));
    }
    this.#pending.push(...reports);
    return data.length;
  }

  interruptIn(): Uint8Array | undefined {
    return this.#pending.shift();
  }

  opened(): void {
    this.#pending = [];
  }

  /** Request PDUs as hex strings (as ModbusSim.hex()). */
  hex(from = 0): string[] {
    return this.frames.slice(from).map((f) =>
      [...f].map((b) => b.toString(16).padStart(2, "0")).join("")
    );
  }
}
