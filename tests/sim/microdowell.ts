/**
 * A Microdowell Enterprise unit on a pty, from the protocol facts of NUT's
 * `microdowell`: frames are '[' L payload XOR(L, payload); the unit answers
 * 0x50 addr 8 (EEPROM block) with the command, address, size and 8 bytes;
 * 0x00 (status) with 9 bytes (0 flags: 1 battery, 2 low, 8 on line,
 * 0xE0 off; 1 0xC0 overload; 4 AVR 4 boost, 8 buck; 6-8 clock); 0x01
 * (measures) with 14 bytes (2-3 input, 4-5 battery, 6-7 output, 8-9
 * current, 10-11 temperature, raw); 0x03 (battery/load) with 9 bytes (0
 * charge, 4-5 VA, 6 load); 0x20 and 0x40 are echoed. Every request frame
 * is recorded. Faults: "silent", "garbled" (bad XOR), "short" (cut),
 * "nack".
 *
 * @module
 */
import { openPty, type Pty } from "../../src/transport/pty.ts";

/** Faults. */
export type MdFault = "none" | "silent" | "garbled" | "short" | "nack";

/** A frame for `payload`. */
export function mdSimFrame(payload: number[]): number[] {
  let x = payload.length;
  for (const b of payload) x ^= b;
  return [0x5b, payload.length, ...payload, x];
}

/** The unit's state; tests change fields. */
export class MdModel {
  eeprom = new Uint8Array(256);
  status = [0x08, 0, 0, 0, 0, 0, 14, 5, 9];
  measures = [
    0,
    0,
    0x20,
    0x20,
    0x34,
    0x70,
    0x1f,
    0x40,
    0x0b,
    0xb8,
    0x02,
    0x30,
    0,
    0,
  ];
  battLoad = [97, 0, 0, 0, 0x01, 0xf4, 33, 0, 0];

  constructor(model = "ENT20\0\0\0") {
    const put = (at: number, bytes: number[] | string) => {
      const b = typeof bytes === "string"
        ? [...bytes].map((c) => c.charCodeAt(0))
        : bytes;
      this.eeprom.set(b, at);
    };
    put(0x80, model);
    put(0x98, "00123456");
    put(0xa0, [19, 6, 21, 0x12, 0x34, 0x21, 3, 2]);
    put(0x00, [0xaa, 0, 0, 0x01]);
    put(0x20, [2]);
  }

  /** The answer payload for a request payload, or null. */
  answer(req: number[]): number[] | null {
    switch (req[0]) {
      case 0x50: {
        const [_, addr = 0, size = 8] = req;
        return [0x50, addr, size, ...this.eeprom.slice(addr, addr + size)];
      }
      case 0x00:
        return [0x00, ...this.status];
      case 0x01:
        return [0x01, ...this.measures];
      case 0x03:
        return [0x03, ...this.battLoad];
      case 0x20:
      case 0x40:
        return [...req];
      default:
        return [0x15, 0x11];
    }
  }
}

/** The simulator. */
export class MdSim {
  readonly pty: Pty;
  fault: MdFault = "none";
  /** Every request payload received. */
  readonly requests: number[][] = [];
  #running = true;
  #loop: Promise<void>;

  constructor(readonly model = new MdModel()) {
    this.pty = openPty();
    this.#loop = this.#run();
  }

  /** The port path a driver opens. */
  get path(): string {
    return this.pty.path;
  }

  async #run(): Promise<void> {
    let buf: number[] = [];
    while (this.#running) {
      let got: Uint8Array;
      try {
        got = await this.pty.master.read(100);
      } catch {
        if (!this.#running) return;
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      buf.push(...got);
      while (true) {
        const i = buf.indexOf(0x5b);
        if (i < 0) {
          buf = [];
          break;
        }
        buf = buf.slice(i);
        if (buf.length < 2 || buf.length < buf[1]! + 3) break;
        const req = buf.slice(2, 2 + buf[1]!);
        buf = buf.slice(buf[1]! + 3);
        this.requests.push(req);
        await this.#reply(req);
      }
    }
  }

  async #reply(req: number[]): Promise<void> {
    if (this.fault === "silent") return;
    let out = mdSimFrame(
      this.fault === "nack" ? [0x15, 0x01] : this.model.answer(req) ?? [],
    );
    if (this.fault === "garbled") out[out.length - 1] = out.at(-1)! ^ 0x55;
    if (this.fault === "short") out = out.slice(0, 3);
    await this.pty.master.write(new Uint8Array(out)).catch(() => {});
  }

  /** Stops and closes the pty. */
  async close(): Promise<void> {
    this.#running = false;
    this.pty.close();
    await this.#loop;
  }
}
