/**
 * An Ever NET-DPC / AP-PRO unit on a pty, from the facts of NUT's
 * `everups`: single bytes. 208 (the code) is echoed; after it 173 answers
 * the type, 175 the line status (bit 0 standby, bit 2 on battery), 189
 * the battery byte (x 150 / 255 = tenths of a volt), 245 two bytes of line
 * voltage (low, high: hundredths of volts x 3.52 or 3.72). 28 and 13 take
 * one argument byte each (shutdown) and are recorded.
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";
import type { CharDevice } from "./best_line.ts";

/** Power states. */
export type EverState = "online" | "standby" | "battery" | "low";

/** The unit; tests change fields. */
export class EverModel {
  state: EverState = "online";
  /** Answers the code byte with something else when false. */
  codeOk = true;
  /** The line voltage bytes [low, high]. */
  line: [number, number] = [88, 3];
  readonly acted: number[][] = [];
  constructor(readonly type = 69) {}

  /** The battery byte. */
  battery(): number {
    return this.state === "low" ? 160 : this.state === "battery" ? 190 : 210;
  }

  /** The status byte. */
  status(): number {
    return this.state === "standby" ? 1 : this.state === "online" ? 0 : 4;
  }
}

/** The unit at byte level. */
export function everDevice(model: EverModel): CharDevice {
  let pending: number[] | null = null;
  return (ch) => {
    const b = ch.charCodeAt(0);
    if (pending) {
      pending.push(b);
      model.acted.push(pending);
      pending = null;
      return null;
    }
    const out = (...bytes: number[]) => String.fromCharCode(...bytes);
    switch (b) {
      case 208:
        return out(model.codeOk ? 208 : 0);
      case 173:
        return out(model.type);
      case 175:
        return out(model.status());
      case 189:
        return out(model.battery());
      case 245:
        return out(...model.line);
      case 28:
      case 13:
        pending = [b];
        return null;
    }
    return null;
  };
}

/** The simulator: every byte in `raw`. */
export class EverSim extends SerialSim {
  readonly model: EverModel;
  raw = "";

  constructor(model = new EverModel()) {
    const box: { sim?: EverSim } = {};
    const dev = everDevice(model);
    super((ch) => {
      box.sim!.raw += ch;
      return dev(ch);
    }, "char");
    box.sim = this;
    this.model = model;
  }
}
