/**
 * A Microsol Rhino on a pty, from the protocol facts of NUT's `rhino`: at
 * 19200 bps it streams 37-byte packets (0 model 0xC0-0xC3, 2 input V, 3
 * input A, 4-5/6-7 input W/VA, 9-10 input Hz×10, 11 output V, 12 output
 * A, 13-14/15-16 output W/VA, 18-19 output Hz×10, 20 battery V, 23
 * temperature, 26-32 clock, 33 flags (2 output on, 4 input on, 8 bypass),
 * 34 (0x10 110 V out, 0x40 low battery), 35 (1 overload, 2 on battery), 36
 * the sum of bytes 0-35 mod 256). Commands are 19-byte frames, recorded.
 *
 * @module
 */
import { StreamSim } from "./microsol.ts";

/** Raw fields of a Rhino packet. */
export interface RhinoRaw {
  model: number;
  inV: number;
  inHz10: number;
  outV: number;
  outI: number;
  outW: number;
  battV: number;
  temp: number;
  flags33: number;
  flags34: number;
  flags35: number;
}

/** The 37-byte packet for `r`. */
export function rhinoPacket(r: RhinoRaw): Uint8Array {
  const p = new Uint8Array(37);
  p[0] = r.model;
  p[2] = r.inV;
  p[3] = 12;
  p.set([0x10, 0x0e, 0x20, 0x0f, 95], 4);
  p[9] = r.inHz10 & 0xff;
  p[10] = r.inHz10 >> 8;
  p[11] = r.outV;
  p[12] = r.outI;
  p[13] = r.outW & 0xff;
  p[14] = r.outW >> 8;
  p.set([0x40, 0x0f, 92, 0x58, 0x02], 15);
  p[20] = r.battV;
  p[23] = r.temp;
  p[24] = 93;
  p.set([10, 15, 30, 7, 12, 26, 20], 26);
  p[33] = r.flags33;
  p[34] = r.flags34;
  p[35] = r.flags35;
  let sum = 0;
  for (let i = 0; i < 36; i++) sum += p[i]!;
  p[36] = sum % 256;
  return p;
}

/** The Rhino simulator (defaults: a 10 kVA unit on line). */
export class RhinoSim extends StreamSim<RhinoRaw> {
  constructor(raw: Partial<RhinoRaw> = {}, periodMs = 150) {
    super(
      {
        model: 0xc1,
        inV: 221,
        inHz10: 600,
        outV: 219,
        outI: 20,
        outW: 3200,
        battV: 150,
        temp: 38,
        flags33: 0x06,
        flags34: 0,
        flags35: 0,
        ...raw,
      },
      rhinoPacket,
      periodMs,
    );
  }
}
