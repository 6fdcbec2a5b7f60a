/**
 * An Eltek AL175 on a pty, from the COMLI facts of NUT's `al175`: frames
 * are STX, id (2 hex), stamp, type, address (4 hex), count (2 hex), data
 * with each byte's bits mirrored, ETX, BCC (XOR from id to ETX). A type 2
 * request (no data) reads `count` register bytes: the answer is id 00,
 * stamp 1, type 0 with the data. A type 0 request carries 8 data bytes
 * (an activate command) and is answered by id 00, stamp 1, type 1, ACK.
 * Registers: 0x4000 digital inputs (fuses: 0x80 load, 0x40 battery, 0x20
 * symmetry), battery information (0x80/0x40/0x20 contactors, 0x01 test
 * running), 2 unused, mains (0 on, 1 off), system off, battery test failed,
 * battery voltage (1 low, 2 high), current sign (0 +, 1 -); 0x4048 boost,
 * system voltage code; 0x4100 battery and boost voltage references (big
 * endian, 1/100 V); 0x4180 float voltage, battery current, -, load
 * current; 0x4300 battery temperature. Every request is recorded.
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";
import { bcc, comliFrame, reverseBits } from "../../drivers/al175/comli.ts";

/** States. */
export type AlState =
  | "online"
  | "battery"
  | "low"
  | "high"
  | "boost"
  | "off"
  | "testing"
  | "fuse"
  | "failed";

const w = (v: number) => [(v >> 8) & 0xff, v & 0xff];

/** The unit; tests change fields. */
export class AlModel {
  state: AlState = "online";
  /** system voltage code (0 48 V, 1 24, 2 12, 3 26, 4 60, else none) */
  system = 0;
  /** battery current magnitude in 1/100 A */
  current = 1234;

  registers(addr: number, len: number): number[] | null {
    const s = this.state;
    const onBatt = s === "battery" || s === "low";
    let bytes: number[];
    switch (addr) {
      case 0x4000:
        bytes = [
          0x80 | (s === "fuse" ? 0x40 : 0) | 0x20,
          0x80 | (s === "testing" ? 0x01 : 0),
          0,
          0,
          onBatt ? 1 : s === "off" ? 2 : 0,
          s === "off" ? 1 : 0,
          s === "failed" ? 1 : s === "testing" ? 2 : 0,
          s === "low" ? 1 : s === "high" ? 2 : 0,
          onBatt ? 1 : s === "boost" ? 0 : s === "off" ? 7 : 0,
        ];
        break;
      case 0x4048:
        bytes = [s === "boost" ? 1 : 0, this.system];
        break;
      case 0x4100:
        bytes = [...w(5450), ...w(5640), ...w(5760), ...w(4700)];
        break;
      case 0x4180:
        bytes = [
          ...w(5450),
          ...w(onBatt || s === "boost" ? this.current : 0),
          0,
          0,
          ...w(2208),
        ];
        break;
      case 0x4300:
        bytes = w(2375);
        break;
      default:
        return null;
    }
    return bytes.length === len ? bytes : null;
  }
}

/** The simulator. */
export class AlSim extends SerialSim {
  readonly model: AlModel;
  /** Every request with a good BCC: header text and raw data bytes. */
  readonly requests: Array<{ head: string; data: number[] }> = [];

  constructor(model = new AlModel()) {
    let buf: number[] = [];
    const box: { sim?: AlSim } = {};
    super((ch) => {
      buf.push(ch.charCodeAt(0));
      if (buf[0] !== 0x02) {
        buf = [];
        return null;
      }
      if (buf.length < 11) return null;
      const head = String.fromCharCode(...buf.slice(1, 11));
      const type = head[3];
      const len = parseInt(head.slice(8, 10), 16);
      const dataLen = type === "0" ? len : 0;
      if (buf.length < 11 + dataLen + 2) return null;
      const f = buf;
      buf = [];
      if (bcc(f.slice(1, -1)) !== f.at(-1) || f.at(-2) !== 0x03) return null;
      const data = [...reverseBits(new Uint8Array(f.slice(11, 11 + dataLen)))];
      box.sim!.requests.push({ head, data });
      if (type === "0") {
        const body = [..."0011"].map((c) => c.charCodeAt(0));
        body.push(0x06, 0x03);
        return String.fromCharCode(0x02, ...body, bcc(body));
      }
      const addr = parseInt(head.slice(4, 8), 16);
      const regs = model.registers(addr, len);
      if (!regs) return null;
      return String.fromCharCode(
        ...comliFrame(0, 1, 0, addr, len, new Uint8Array(regs)),
      );
    }, "char");
    box.sim = this;
    this.model = model;
  }
}
