/**
 * A Riello GPSER unit written from the protocol's facts (PSGPSER-0104 as
 * NUT's riello driver reads it): GI identification, GN nominal values, RS
 * status, RE extended values, and the commands CS/CR/CD/TP/TB, each
 * acknowledged. Replies use the check kind the request used (the sum before
 * identification, the CRC afterwards when the identif bytes ask for it).
 * The model is byte level only, so the pty simulator here and the USB
 * (Cypress bridge) model share it.
 *
 * @module
 */
import { nibbles, readNibbles } from "../../drivers/riello/protocol.ts";
import { BytePtySim } from "./byte_sim.ts";

/** Power situations the model can be put in. */
export type RielloState = "online" | "battery" | "low" | "bypass" | "boost";

/** Phases: 1/1 ("1"), 3 in / 1 out ("3"), 3/3 ("4"). */
export type RielloPhases = "1" | "3" | "4";

const STX = 0x02, ETX = 0x03;

/**
 * The GPSER check written independently of the driver's codec: the byte
 * sum, or CRC-16 with the reflected CCITT polynomial (0x8408) bit by bit,
 * seeded 0x554D (the driver computes it byte-wise).
 */
export function simCheck(bytes: Uint8Array, crc: boolean): number {
  if (!crc) return bytes.reduce((a, b) => (a + b) & 0xffff, 0);
  let c = 0x554d;
  for (const b of bytes) {
    c ^= b;
    for (let i = 0; i < 8; i++) c = c & 1 ? (c >>> 1) ^ 0x8408 : c >>> 1;
  }
  return c;
}

function ascii(text: string, len: number): number[] {
  return Array.from(text.padEnd(len).slice(0, len), (c) => c.charCodeAt(0));
}

/** A GPSER device model. */
export class GpserModel {
  state: RielloState = "online";
  phases: RielloPhases = "1";
  /** Use the CRC after identification (identif byte 4 = "1"). */
  crc = false;
  /** Answer RE with a NAK (the unit has no extended block). */
  noExtended = false;
  /** Every command received, as its two letters plus payload text. */
  readonly commands: string[] = [];
  #rx: number[] = [];

  /** The reply frame for `cmd` with `payload`, checked as `crc` says. */
  frame(cmd: string, payload: number[], crc: boolean): Uint8Array {
    const head = [
      STX,
      0x21,
      0x20,
      cmd.charCodeAt(0),
      cmd.charCodeAt(1),
      ...nibbles(payload.length & 0xff, 2),
      ...payload,
    ];
    const check = simCheck(new Uint8Array(head.slice(1)), crc);
    return new Uint8Array([...head, ...nibbles(check, 4), ETX]);
  }

  #nak(crc: boolean): Uint8Array {
    const head = [STX, 0x21, 0x20, 0x15];
    const check = simCheck(new Uint8Array(head.slice(1)), crc);
    return new Uint8Array([...head, ...nibbles(check, 4), ETX]);
  }

  /** GI payload: serial, model, version, identif bytes. */
  gi(): number[] {
    const identif = [this.phases, "0", "0", "0", this.crc ? "1" : "0"]
      .join("") + "0020000";
    return [
      ...ascii("RS0012345678ABCD", 16),
      ...ascii("iDialog 1500 VA", 16),
      ...ascii("SWM012-01-00", 12),
      ...ascii(identif, 12),
    ];
  }

  gn(): number[] {
    // three-phase units send kVA/kW in hundredths
    const scale = this.phases === "1" ? 1 : 100;
    return [
      ...nibbles(1500 * scale, 5),
      ...nibbles(1200 * scale, 5),
      ...nibbles(24, 3),
      ...nibbles(7, 3),
      ...nibbles(230, 3),
      ...nibbles(500, 3),
    ];
  }

  #statusBytes(): number[] {
    const s = [0x30 | 0x08, 0x30, 0x30 | 0x04, 0x30, 0x30];
    if (this.state === "battery" || this.state === "low") {
      s[0]! |= 0x02;
      s[2]! &= ~0x04;
    }
    if (this.state === "low") s[0]! |= 0x01;
    if (this.state === "bypass") s[1]! |= 0x08;
    if (this.state === "boost") s[1]! |= 0x02;
    return s;
  }

  rs(): number[] {
    const ob = this.state === "battery" || this.state === "low";
    const out = [
      ...this.#statusBytes(),
      ...nibbles(499, 3),
      ...nibbles(ob ? 0 : 229, 3),
      ...nibbles(500, 3),
      ...nibbles(230, 3),
      ...nibbles(37, 2),
      ...nibbles(501, 3),
      ...nibbles(228, 3),
      ...nibbles(this.state === "low" ? 218 : 272, 4),
      ...nibbles(this.state === "low" ? 12 : 97, 2),
      ...nibbles(this.state === "low" ? 3 : 45, 3),
      ...nibbles(31, 2),
    ];
    if (this.phases !== "1") out.push(...nibbles(231, 3), ...nibbles(232, 3));
    if (this.phases === "4") {
      out.push(
        ...nibbles(229, 3),
        ...nibbles(41, 2),
        ...nibbles(227, 3),
        ...nibbles(228, 3),
        ...nibbles(39, 2),
        ...nibbles(226, 3),
      );
    }
    return out;
  }

  re(): number[] {
    return [
      ...nibbles(0, 16),
      ...nibbles(31, 4),
      ...nibbles(28, 4),
      ...nibbles(26, 4),
      ...nibbles(610, 5),
      ...nibbles(590, 5),
      ...nibbles(570, 5),
      ...nibbles(680, 5),
      ...nibbles(650, 5),
      ...nibbles(640, 5),
    ];
  }

  /** Feeds request bytes; returns the replies to the frames completed. */
  feed(bytes: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const b of bytes) {
      if (b === STX) this.#rx = [];
      this.#rx.push(b);
      if (b === ETX && this.#rx[0] === STX) {
        const reply = this.#answer(new Uint8Array(this.#rx));
        this.#rx = [];
        if (reply) out.push(reply);
      }
    }
    return out;
  }

  #answer(req: Uint8Array): Uint8Array | undefined {
    const n = req.length;
    if (n < 12) return undefined;
    const sent = readNibbles(req, n - 5, 4);
    const body = req.subarray(1, n - 5);
    const crc = simCheck(body, true) === sent;
    if (!crc && simCheck(body, false) !== sent) return undefined;
    const cmd = String.fromCharCode(req[3]!, req[4]!);
    const payload = String.fromCharCode(...req.subarray(7, n - 5));
    this.commands.push(cmd + payload);
    switch (cmd) {
      case "GI":
        return this.frame(cmd, this.gi(), crc);
      case "GN":
        return this.frame(cmd, this.gn(), crc);
      case "RS":
        return this.frame(cmd, this.rs(), crc);
      case "RE":
        return this.noExtended
          ? this.#nak(crc)
          : this.frame(cmd, this.re(), crc);
      case "CS":
      case "CR":
      case "CD":
      case "TP":
      case "TB":
        return this.frame(cmd, [], crc);
      default:
        return this.#nak(crc);
    }
  }
}

/** Faults of the serial simulator. */
export type RielloFault = "none" | "silent" | "garbage" | "badcheck";

/** A GPSER unit on a pty; `bytes()` is everything the driver wrote. */
export class RielloSerialSim extends BytePtySim {
  readonly model: GpserModel;
  fault: RielloFault = "none";

  constructor() {
    const model = new GpserModel();
    super((got) => model.feed(got));
    this.model = model;
  }

  protected override mangle(reply: Uint8Array): Uint8Array | undefined {
    if (this.fault === "silent") return undefined;
    if (this.fault === "garbage") {
      return new Uint8Array(reply.length).map((_, i) => (i * 37 + 5) & 0xff);
    }
    if (this.fault === "badcheck") {
      const out = reply.slice();
      out[out.length - 2] = out[out.length - 2]! ^ 1;
      return out;
    }
    return reply;
  }
}

/**
 * A Sentry (SENTR) unit: every poll byte (192, 240) or the 5-byte ext176
 * poll is answered by a 103-byte block whose first byte echoes the poll and
 * whose last two bytes are the sum of the first hundred (PSSENTR-0100 as
 * NUT's riello driver reads it). Model 1014 (1 kVA class, subtype 4, so the
 * unit asks to be polled with 240 after the first block).
 */
export class SentrModel {
  onBattery = false;
  readonly polls: number[] = [];

  block(first: number): Uint8Array {
    const b = new Uint8Array(103);
    const w = (i: number, v: number) => {
      b[i] = v & 0xff;
      b[i + 1] = (v >> 8) & 0xff;
    };
    b[0] = first;
    b[1] = 103;
    w(2, 1014);
    w(4, 1234);
    w(6, this.onBattery ? 12 : 48);
    b[8] = this.onBattery ? 71 : 100;
    b[31] = this.onBattery ? 8 : 0;
    b[35] = b[36] = b[37] = this.onBattery ? 0 : 100;
    b[38] = b[39] = b[40] = 20;
    w(41, 500);
    b[43] = 136;
    b[44] = 137;
    w(45, 3);
    b[48] = 29;
    b[51] = b[53] = b[55] = 115;
    w(57, 499);
    b[59] = b[60] = b[61] = 230;
    b[62] = b[63] = b[64] = 40;
    b[65] = 10;
    w(68, 500);
    b[73] = 115;
    w(74, 9);
    b[76] = 0x08;
    const sum = b.subarray(0, 100).reduce((a, x) => a + x, 0);
    w(101, sum);
    return b;
  }

  /** Answers poll bytes; other bytes are ignored. */
  feed(bytes: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const x of bytes) {
      if (x === 192 || x === 240) {
        this.polls.push(x);
        out.push(this.block(x));
      }
    }
    return out;
  }
}

/** A SENTR unit on a pty. */
export class SentrSerialSim extends BytePtySim {
  readonly model: SentrModel;

  constructor() {
    const model = new SentrModel();
    super((got) => model.feed(got));
    this.model = model;
  }
}
