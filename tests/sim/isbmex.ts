/**
 * A Sola/Basic Mexico SR-Inet unit on a pty, from the protocol facts of
 * NUT's `isbmex`: it streams packets unasked, every `everyMs`. A 10-byte
 * packet is `&&&`, the volts word (its square root is the curve's input),
 * the battery byte (168 = 0 %, 215 = 100 %), the mains period word (µs),
 * the regulation byte ('0' normal, '1' boost, '2' trim) and the line
 * byte ('0' on line, '1' on battery, '2' low battery); a 9-byte packet is
 * `***` with a single volts byte. Bytes received are recorded.
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";

/** The unit's readings; tests change them. */
export class IsbmexModel {
  nine = false;
  volts = 12100; // word: sqrt 110
  voltByte = 190;
  battery = 200;
  period = 16667;
  regulation = "0";
  state = "0";
  /** When set, streamed instead of packets. */
  garbage: string | null = null;

  /** One packet. */
  packet(): string {
    if (this.garbage !== null) return this.garbage;
    const c = String.fromCharCode;
    const tail = c(this.battery) + c(this.period >> 8) +
      c(this.period & 0xff) + this.regulation + this.state;
    return this.nine
      ? `***${c(this.voltByte)}${tail}`
      : `&&&${c(this.volts >> 8)}${c(this.volts & 0xff)}${tail}`;
  }
}

/** The simulator: streams while open. */
export class IsbmexSim extends SerialSim {
  readonly model: IsbmexModel;
  /** Every byte received. */
  raw = "";
  #timer: ReturnType<typeof setInterval>;
  streaming = true;

  constructor(model = new IsbmexModel(), everyMs = 100) {
    const box: { sim?: IsbmexSim } = {};
    super((ch) => {
      box.sim!.raw += ch;
      return null;
    }, "char");
    box.sim = this;
    this.model = model;
    this.#timer = setInterval(() => {
      if (!this.streaming) return;
      this.pty.master.write(model.packet()).catch(() => {});
    }, everyMs);
  }

  override close(): Promise<void> {
    clearInterval(this.#timer);
    return super.close();
  }
}
