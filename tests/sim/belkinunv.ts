/**
 * A Belkin "Universal UPS" (F6C800-UNV) on a pty, from the protocol facts
 * of NUT's `belkinunv`: messages are 0x7e, instruction, size, register,
 * size-1 data bytes and a checksum (sum of the bytes before it). A read
 * (3) is answered with 5 and the value (1 or 2 bytes little-endian, or
 * the model string); a write (4) with 2; an unknown register with 1.
 * Registers hold the state; tests change them. Every request is recorded
 * as `R:<reg>` or `W:<reg>=<value>` (registers in hex).
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";

function message(bytes: number[]): string {
  const sum = bytes.reduce((a, b) => a + b, 0) & 0xff;
  return String.fromCharCode(...bytes, sum);
}

/** The unit: registers by number (a string for the model). */
export class UnvModel {
  regs = new Map<number, number | string>([
    [0x01, 120], // volts rating
    [0x02, 60], // Hz rating
    [0x03, 800], // VA rating
    [0x04, 24], // battery volts rating
    [0x06, 97], // transfer low, its max and min
    [0x07, 103],
    [0x08, 88],
    [0x09, 138], // transfer high, its max and min
    [0x0a, 142],
    [0x0b, 130],
    [0x0c, 0], // sensitivity
    [0x0d, "F6C800-UNV"],
    [0x0f, 0x12], // firmware 1, line-interactive
    [0x10, 1], // test passed
    [0x11, 2], // beeper enabled
    [0x15, 0],
    [0x16, 0],
    [0x18, 1187], // input volts/10
    [0x19, 600],
    [0x1a, 31],
    [0x1b, 1201], // output volts/10
    [0x1c, 600],
    [0x1e, 23],
    [0x20, 276],
    [0x21, 100],
    [0x22, 0x0000], // UPS status bits
    [0x23, 0x10], // battery status bits: charging
    [0x3f, 41], // minutes left
  ]);
  /** Answers nothing while set. */
  silent = false;

  /** Power states. */
  setState(state: "online" | "battery" | "low" | "off" | "alarms"): void {
    const r = this.regs;
    if (state === "battery" || state === "low") {
      r.set(0x22, 0x0001);
      r.set(0x23, state === "low" ? 0x24 : 0x20);
      r.set(0x18, 0);
      r.set(0x21, state === "low" ? 12 : 74);
    } else if (state === "off") {
      r.set(0x1b, 0);
      r.set(0x22, 0x0020);
    } else if (state === "alarms") {
      r.set(0x22, 0x00d0);
      r.set(0x23, 0xd0);
      r.set(0x0c, 7);
      r.set(0x10, 9);
      r.set(0x11, 3);
    }
  }

  /** The answer to one request. */
  answer(type: number, reg: number, value: number): string {
    if (type === 4) {
      this.regs.set(reg, value);
      return message([0x7e, 0x02, 0x01, reg]);
    }
    const v = this.regs.get(reg);
    if (v === undefined) return message([0x7e, 0x01, 0x01, reg]);
    if (typeof v === "string") {
      const b = [...v].map((ch) => ch.charCodeAt(0));
      return message([0x7e, 0x05, b.length + 1, reg, ...b]);
    }
    return v > 255
      ? message([0x7e, 0x05, 0x03, reg, v & 0xff, v >> 8])
      : message([0x7e, 0x05, 0x02, reg, v]);
  }
}

/** The simulator. */
export class UnvSim extends SerialSim {
  readonly model: UnvModel;
  readonly requests: string[] = [];

  constructor(model = new UnvModel()) {
    let buf: number[] = [];
    const box: { sim?: UnvSim } = {};
    super((ch) => {
      buf.push(ch.charCodeAt(0));
      while (buf.length && buf[0] !== 0x7e) buf.shift();
      if (buf.length < 4 || buf.length < 4 + buf[2]!) return null;
      const msg = buf.slice(0, 4 + buf[2]!);
      buf = buf.slice(4 + buf[2]!);
      const [, type, , reg] = msg as [number, number, number, number];
      const hex = reg.toString(16).padStart(2, "0");
      const value = (msg[4] ?? 0) + 256 * (type === 4 ? msg[5]! : 0);
      box.sim!.requests.push(type === 4 ? `W:${hex}=${value}` : `R:${hex}`);
      return model.silent ? null : model.answer(type, reg, value);
    }, "char");
    box.sim = this;
    this.model = model;
  }

  /** Requests other than reads (the polls). */
  get writes(): string[] {
    return this.requests.filter((r) => r.startsWith("W:"));
  }
}
