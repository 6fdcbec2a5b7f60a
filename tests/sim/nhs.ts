/**
 * An NHS nobreak on a pty, from the protocol facts of NUT master's
 * nhs_ser.c: the unit sends 21-byte data packets (0xFF … 0xFE; input,
 * battery, min/max input, output and temperature as integer.decimal byte
 * pairs, load %, charger current, a status byte whose least significant
 * bit is "on battery", then 0x02 low battery, 0x04 network failure, 0x08
 * fast network failure, 0x10 220 V in, 0x20 220 V out, 0x40 bypass, 0x80
 * charger on; checksum = sum of bytes 1..18) and answers the init strings
 * (`FF 09 53 83 …` long, `… 03 …` short) with a 50- or 18-byte hardware
 * packet. Packets go out when the test says (`emitData`, `send`), or
 * every `streamMs`.
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";

/** Power states and their status bytes. */
export const NHS_STATES = {
  charging: 0x80,
  online: 0x00,
  battery: 0x05,
  low: 0x07,
} as const;
/** A state name. */
export type NhsState = keyof typeof NHS_STATES;

const sum = (b: number[], from: number, to: number) =>
  b.slice(from, to + 1).reduce((a, x) => a + x, 0) & 0xff;

/** The unit; tests change fields. */
export class NhsModel {
  state: NhsState = "charging";
  model = 33;
  /** Every init string received (true: long). */
  readonly inits: boolean[] = [];

  /** A data packet for the current state. */
  data(): number[] {
    const batt = this.state === "battery" || this.state === "low";
    const p = [
      0xff,
      0x21,
      0x44,
      batt ? 0 : 127,
      batt ? 0 : 5, // input V
      batt ? 10 : 11,
      batt ? 9 : 50, // battery V
      35, // load %
      118,
      0,
      131,
      2, // min, max input V
      120,
      1, // output V
      31,
      5, // temperature
      5, // charger current
      NHS_STATES[this.state],
      0, // spare (adjusted so no byte is 0xFE/0xFF)
    ];
    while (sum(p, 1, 18) >= 0xfe) p[18]!++;
    return [...p, sum(p, 1, 18), 0xfe];
  }

  /** The hardware packet (long: 50 bytes, else 18). */
  hw(long: boolean): number[] {
    const p = [
      0xff,
      long ? 50 : 18,
      0x53,
      this.model,
      2,
      17, // model, hardware and software versions
      0x00, // configuration: buzzer enabled
      1, // batteries
      96,
      145,
      176,
      250, // transfer points 120 V / 220 V
      115,
      220, // nominal output 120 V / 220 V
      0x00, // status: 120 V in and out
      5, // charger current
    ];
    if (long) {
      p.push(..."NHS0123456789ABC".split("").map((c) => c.charCodeAt(0)));
      p.push(24, 5, 3, 12, 30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
      while (sum(p, 1, 47) >= 0xfe) p[47]!++;
      return [...p, sum(p, 1, 47), 0xfe];
    }
    return [...p, sum(p, 1, 15), 0xfe];
  }
}

/** The simulator. */
export class NhsSim extends SerialSim {
  readonly model: NhsModel;
  /** Every byte the driver sent. */
  raw: number[] = [];
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(model = new NhsModel()) {
    const box: { sim?: NhsSim } = {};
    let frame: number[] = [];
    super((ch) => {
      const b = ch.charCodeAt(0);
      box.sim!.raw.push(b);
      if (b === 0xff) frame = [];
      frame.push(b);
      if (b !== 0xfe || frame.length !== 9 || frame[2] !== 0x53) return null;
      const long = frame[3] === 0x83;
      model.inits.push(long);
      return String.fromCharCode(...model.hw(long));
    }, "char");
    box.sim = this;
    this.model = model;
  }

  /** Sends one data packet now. */
  emitData(): Promise<void> {
    return this.send(String.fromCharCode(...this.model.data()));
  }

  /** Sends a data packet every `ms` (0 stops). */
  stream(ms: number): void {
    clearInterval(this.#timer);
    if (ms) {
      this.#timer = setInterval(() => this.emitData().catch(() => {}), ms);
    }
  }

  override async close(): Promise<void> {
    this.stream(0);
    await super.close();
  }
}
