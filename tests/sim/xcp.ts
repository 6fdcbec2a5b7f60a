/**
 * A Powerware/Eaton XCP unit written from the protocol's facts (the BCM/XCP
 * layout NUT's bcmxcp reads): ID block with meter and alarm maps,
 * configuration, limits, command list, topology, system tests, configurable
 * variables, meters, alarms, status and battery blocks; control commands
 * are answered "accepted" and recorded. The byte model is shared by the pty
 * simulator here and the USB model.
 *
 * @module
 */
import { BytePtySim } from "./byte_sim.ts";

/** Power situations of the model. */
export type XcpState = "online" | "battery" | "low";

const le16 = (v: number) => [v & 0xff, (v >> 8) & 0xff];
const f32 = (v: number) =>
  Array.from(new Uint8Array(Float32Array.of(v).buffer));
const le32 = (
  v: number,
) => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24];
const text = (s: string, n: number) =>
  Array.from(s.padEnd(n, "\0").slice(0, n), (c) => c.charCodeAt(0));
const sum0 = (b: number[]) =>
  (0x100 - (b.reduce((a, x) => a + x, 0) & 0xff)) & 0xff;

/** Meters of the model: number, format byte, value (raw bytes). */
const METERS: Array<[number, number, (m: XcpModel) => number[]]> = [
  [23, 0x51, (m) => f32(m.state === "online" ? 612.5 : 640)],
  [27, 0x41, () => f32(50.02)],
  [28, 0x41, (m) => f32(m.state === "online" ? 49.98 : 0)],
  [33, 0x52, (m) => f32(m.state === "low" ? 10.75 : 13.62)],
  [
    34,
    0x30,
    (m) => f32(m.state === "low" ? 9 : m.state === "battery" ? 71 : 100),
  ],
  [35, 0xf0, (m) => le32(m.state === "low" ? 120 : 2700)],
  [56, 0x41, (m) => f32(m.state === "online" ? 229.4 : 0)],
  [63, 0x30, () => f32(31)],
  [65, 0xf4, () => le32(42)],
  [71, 0x51, () => f32(1500)],
  [72, 0xe0, () => [0x24, 0x12, 0x26, 0xa0]],
  [73, 0xe1, () => [0x07, 0x45, 0x30, 0x13]],
  [78, 0x41, () => f32(230.1)],
];

/** Alarms the model supports, in alarm-number order (their block index). */
const ALARMS = [56, 149, 168];

/** The XCP byte model. */
export class XcpModel {
  state: XcpState = "online";
  /** Control commands received (hex), authorisation left out. */
  readonly commands: string[] = [];
  /** Requests received (first byte, hex), in order. */
  readonly requests: string[] = [];
  #rx: number[] = [];

  #idBlock(): number[] {
    const meterMap: number[] = new Array(80).fill(0);
    for (const [n, f] of METERS) meterMap[n] = f;
    const alarmMap: number[] = new Array(22).fill(0);
    for (const a of ALARMS) alarmMap[a >> 3]! |= 1 << (a & 7);
    const model = text("PW9130", 6);
    return [
      1,
      0x10,
      0x02, // one CPU, firmware 02.10
      0,
      ...le16(30), // rating: 30 x 50 VA
      1,
      0, // phases, phase angle
      model.length,
      ...model,
      meterMap.length,
      ...meterMap,
      alarmMap.length,
      ...alarmMap,
      ...le16(80), // configuration block
      0, // statistics map
      ...le16(0),
      ...le16(0), // alarm history, custom events
      ...le16(2), // topology block
      8, // longest command
      ...le16(8), // command list: 6 commands + 2
      ...le16(0), // outlet block
      ...le16(ALARMS.length),
    ];
  }

  #config(): number[] {
    const b = new Array(80).fill(0);
    b.splice(8, 2, ...le16(230));
    b.splice(10, 2, ...le16(50));
    b[16] = 0x20;
    b[26] = 1;
    b.splice(48, 16, ...text("103006463-5591", 16));
    b.splice(64, 16, ...text("GD123A0001", 16));
    return b;
  }

  #limits(): number[] {
    const b = new Array(32).fill(0);
    b.splice(0, 2, ...le16(230));
    b.splice(2, 2, ...le16(50));
    b.splice(8, 2, ...le16(500));
    b.splice(10, 2, ...le16(198));
    b.splice(12, 2, ...le16(253));
    b[16] = 3;
    b[17] = 1;
    b.splice(18, 2, ...le16(160));
    b.splice(20, 2, ...le16(276));
    b.splice(22, 2, ...le16(10));
    b[24] = 15;
    b[25] = 5;
    b[26] = 40;
    b[29] = 10;
    b[30] = 5;
    return b;
  }

  /** The data of the answer to `req`, or undefined (no answer). */
  answer(req: number[]): [number, number[]] | undefined {
    const c = req[0]!;
    switch (c) {
      case 0xa0:
        return [1, [0x31]];
      case 0x31:
        return [1, this.#idBlock()];
      case 0x33:
        return [3, [
          this.state === "online" ? 0x50 : 0xf0,
          this.state === "low" ? 0x20 : 0,
        ]];
      case 0x34: {
        const out: number[] = [];
        for (const [, , v] of [...METERS].sort((a, b) => a[0] - b[0])) {
          out.push(...v(this));
        }
        return [4, out];
      }
      case 0x35:
        return [5, [0, 0, this.state === "online" ? 0 : 1]];
      case 0x36:
        return [6, this.#config()];
      case 0x3b:
        return [0x0b, [2, ...new Array(17).fill(0), 0, 1, 3]];
      case 0x3c:
        return [0x0c, this.#limits()];
      case 0x40:
        return [0x10, [6, 1, 0xb1, 0x8a, 0x8b, 0x89, 0x88, 0xb2]];
      case 0x43:
        return [0x13, le16(0x0040)];
      case 0xcf:
        return undefined; // authorisation: no answer
      case 0xb2:
        if (req[1] === 0xff) return [9, [0x31, 0, 0, 0x01, 0x04]];
        break;
      case 0x95:
        if (req[1] === 0xff) return [9, [0x31, 0, 0, 0x05, 0x06, 0x0b]];
        break;
    }
    if (c >= 0x88) {
      this.commands.push(
        req.map((x) => x.toString(16).padStart(2, "0")).join(" "),
      );
      return [9, c === 0x8a ? [0x31, 0, req[1] ?? 0, req[2] ?? 0] : [0x31]];
    }
    return undefined;
  }

  /**
   * Data bytes per answer block: 120 on serial (NUT reads at most 121);
   * USB units send up to 140 (what bcmxcp_usb accepts).
   */
  blockSize = 120;

  /** An answer as XCP blocks (at most `size` data bytes each). */
  static frame(block: number, data: number[], size = 120): number[] {
    const out: number[] = [];
    let seq = 1;
    for (let i = 0; i < data.length || i === 0; i += size) {
      const chunk = data.slice(i, i + size);
      const last = i + size >= data.length;
      const head = [
        0xab,
        block,
        chunk.length,
        seq | (last ? 0x80 : 0),
        ...chunk,
      ];
      out.push(...head, sum0(head));
      seq++;
    }
    return out;
  }

  /** Feeds request bytes; returns the answer bytes for complete requests. */
  feed(bytes: Uint8Array): number[] {
    const out: number[] = [];
    for (const b of bytes) {
      if (!this.#rx.length && b !== 0xab) continue; // ESC and noise
      this.#rx.push(b);
      if (this.#rx.length < 2) continue;
      const len = this.#rx[1]!;
      if (this.#rx.length < len + 3) continue;
      const frame = this.#rx;
      this.#rx = [];
      if (sum0(frame.slice(0, len + 2)) !== frame[len + 2]) continue;
      const req = frame.slice(2, 2 + len);
      this.requests.push(req[0]!.toString(16));
      const a = this.answer(req);
      if (a) out.push(...XcpModel.frame(a[0], a[1], this.blockSize));
    }
    return out;
  }
}

/** An XCP unit on a pty; `bytes()` is everything the driver wrote. */
export class XcpSerialSim extends BytePtySim {
  readonly model: XcpModel;
  silent = false;

  constructor() {
    const model = new XcpModel();
    super((got) => [model.feed(got)]);
    this.model = model;
  }

  protected override mangle(reply: Uint8Array): Uint8Array | undefined {
    return this.silent ? undefined : reply;
  }
}
