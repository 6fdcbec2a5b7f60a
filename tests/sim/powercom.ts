/**
 * A PowerCom unit on a pty, from the protocol facts of NUT's `powercom`:
 * the byte 0x01 asks for the raw frame (11 bytes for Trust units, 16 for
 * the others: load, battery, input volts, output volts, input frequency,
 * version, output frequency, -, -, status A, status B, model name, model
 * number, ..., byte 15); 0x03 starts a battery test; 0xB9 0xBC [min] sec
 * and 0xBA [min] sec shut down. Every byte received is recorded.
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";

/** Unit families the simulator can be. */
export type PcKind = "Trust" | "Egys" | "KIN" | "KIN-1200" | "BNT" | "IMP";
/** Power states. */
export type PcState =
  | "online"
  | "battery"
  | "low"
  | "avr"
  | "overload"
  | "badbatt";

const STATUS_A: Record<PcState, number> = {
  online: 0,
  battery: 1,
  low: 3,
  avr: 8,
  overload: 32,
  badbatt: 0,
};

/** The raw frame of `kind` in `state`. */
export function pcFrame(kind: PcKind, state: PcState): number[] {
  const a = STATUS_A[state], b = state === "badbatt" ? 2 | 4 : 0;
  const onBatt = (a & 1) === 1;
  switch (kind) {
    case "Trust":
      // volts 120 -> ~230 V, frequency 94 -> ~50 Hz, version byte 0
      return [
        10,
        onBatt ? 180 : 200,
        onBatt ? 0 : 120,
        121,
        94,
        0,
        94,
        0,
        0,
        a,
        b,
      ];
    case "Egys":
      return [
        12,
        onBatt ? 175 : 190,
        118,
        121,
        94,
        0x80,
        94,
        0,
        0,
        a,
        b,
        0,
        0,
        0,
        0,
        0,
      ];
    case "KIN":
    case "KIN-1200": {
      const num = kind === "KIN" ? 0x49 : 0x79; // 625 VA or 1200 VA, 230 V
      return [20, 178, 130, 128, 96, 0x10, 96, 0, 0, a, b, 0x4b, num, 0, 0, 60];
    }
    case "BNT":
      return [
        24,
        170,
        115,
        116,
        96,
        0x10,
        200,
        0,
        0,
        a,
        b,
        0x42,
        0x79,
        0,
        0,
        60,
      ];
    case "IMP":
      return [35, 88, 115, 114, 50, 0xff, 50, 0, 0, a, b, 0x49, 0x39, 0, 0, 0];
  }
}

/** The simulator. */
export class PowercomSim extends SerialSim {
  readonly #box: { frame: number[] };

  constructor(kind: PcKind = "Trust", state: PcState = "online") {
    const box = { frame: pcFrame(kind, state) };
    super(
      (cmd) => cmd === "\x01" ? String.fromCharCode(...box.frame) : null,
      "char",
    );
    this.#box = box;
  }

  /** The frame the unit answers 0x01 with (tests may change it). */
  get frame(): number[] {
    return this.#box.frame;
  }
  set frame(f: number[]) {
    this.#box.frame = f;
  }

  /** Every byte received, as numbers. */
  bytes(): number[] {
    return this.received.map((c) => c.charCodeAt(0));
  }
}
