/**
 * An APC Microlink unit (SMT/SMX on the RJ45 serial port), written from
 * the protocol facts in NUT's apcmicrolink sources: page 0 is the header
 * (version, width, page count, series id, flags, descriptor version and
 * data pointer), the descriptor tokens follow at byte 12, the values sit
 * from the data pointer in walking order. 0xFD restarts at page 0, 0xFE
 * sends the next page (wrapping), a write frame `[page, offset, len,
 * data, cb0, cb1]` changes the unit's memory; the right slave password
 * sets the authentication status. Faults: silence, garbage, short and
 * corrupted records.
 *
 * @module
 */
import {
  buildRecord,
  checksumValid,
  INIT_BYTE,
  NEXT_BYTE,
  slavePassword,
} from "../../drivers/apcmicrolink/link.ts";
import { openPty, type Pty } from "../../src/transport/pty.ts";

/** A descriptor node: top block, child block, collection or usage. */
export type Node =
  | { t: "enter" | "child"; id: number; kids: Node[] }
  | { t: "coll"; id: number; count: number; kids: Node[] }
  | { t: "use"; id: number; size: number; skip?: boolean; extra?: number[] };

/** Node helpers. */
export const enter = (id: number, ...kids: Node[]): Node => ({
  t: "enter",
  id,
  kids,
});
/** A child block `path.id.`. */
export const child = (id: number, ...kids: Node[]): Node => ({
  t: "child",
  id,
  kids,
});
/** A collection read `count` times. */
export const coll = (id: number, count: number, ...kids: Node[]): Node => ({
  t: "coll",
  id,
  count,
  kids,
});
/** A usage of `size` bytes (0xFC size token unless 2; `extra` option tokens). */
export const use = (
  id: number,
  size = 2,
  o: { skip?: boolean; extra?: number[] } = {},
): Node => ({ t: "use", id, size, ...o });

const hex = (n: number) => n.toString(16).toUpperCase();

/** The unit's memory: header, descriptor and values, by descriptor path. */
export class MicrolinkUnit {
  readonly width: number;
  readonly count: number;
  readonly dataStart: number;
  readonly flags: number;
  readonly seriesId: number;
  blob: Uint8Array;
  /** path -> [offset, size] (the first usage of a path). */
  readonly layout = new Map<string, [number, number]>();

  constructor(
    tree: Node[],
    o: { width?: number; flags?: number; seriesId?: number } = {},
  ) {
    this.width = o.width ?? 32;
    this.flags = o.flags ?? 0x09; // descriptor present, authentication
    this.seriesId = o.seriesId ?? 0x0e02;
    const tokens: number[] = [];
    const uses: Array<[string, number]> = [];
    const walk = (nodes: Node[], path: string, tok: boolean) => {
      for (const n of nodes) {
        if (n.t === "use") {
          if (tok) {
            if (n.skip) tokens.push(0xf5);
            tokens.push(n.id);
            if (n.size !== 2) tokens.push(0xfc, n.size);
            tokens.push(...(n.extra ?? []));
          }
          const last = path.at(-1);
          const sep = path && last !== ":" && last !== "." ? "." : "";
          uses.push([path + sep + hex(n.id), n.size]);
        } else if (n.t === "coll") {
          if (tok) tokens.push(0xfd, n.id, n.count);
          for (let i = 0; i < n.count; i++) {
            walk(n.kids, `${path}${hex(n.id)}[${i}].`, tok && i === 0);
            if (tok && i === 0) tokens.push(0xff); // the body ends like a block
          }
        } else {
          if (tok) tokens.push(n.t === "enter" ? 0xf8 : 0xfe, n.id);
          walk(
            n.kids,
            n.t === "enter" ? `${hex(n.id)}:` : `${path}${hex(n.id)}.`,
            tok,
          );
          if (tok) tokens.push(0xff);
        }
      }
    };
    walk(tree, "", true);
    tokens.push(0xff);
    const w = this.width;
    const dataPage = Math.ceil((12 + tokens.length) / w);
    this.dataStart = dataPage * w;
    let at = this.dataStart;
    for (const [p, size] of uses) {
      if (!this.layout.has(p)) this.layout.set(p, [at, size]);
      at += size;
    }
    this.count = Math.ceil(at / w);
    this.blob = new Uint8Array(this.count * w);
    this.blob.set([
      1,
      w,
      this.count,
      this.seriesId >> 8,
      this.seriesId & 0xff,
      1,
      this.flags,
      0,
      1,
      0,
      dataPage,
      0,
    ]);
    this.blob.set(tokens, 12);
  }

  #at(path: string): [number, number] {
    const l = this.layout.get(path);
    if (!l) throw new Error(`no usage ${path}`);
    return l;
  }

  /** Sets a big-endian number (negative: two's complement). */
  setNum(path: string, v: number | bigint): void {
    const [off, size] = this.#at(path);
    let x = BigInt.asUintN(size * 8, BigInt(v));
    for (let i = size - 1; i >= 0; i--, x >>= 8n) {
      this.blob[off + i] = Number(x & 0xffn);
    }
  }

  /** Sets a NUL-padded string. */
  setText(path: string, s: string): void {
    const [off, size] = this.#at(path);
    this.blob.fill(0, off, off + size);
    for (let i = 0; i < size && i < s.length; i++) {
      this.blob[off + i] = s.charCodeAt(i);
    }
  }

  /** The bytes of a path. */
  get(path: string): Uint8Array {
    const [off, size] = this.#at(path);
    return this.blob.slice(off, off + size);
  }

  /** Big-endian value of a path. */
  num(path: string): bigint {
    return this.get(path).reduce((v, b) => (v << 8n) | BigInt(b), 0n);
  }

  /** The descriptor path whose bytes start at page/offset. */
  pathAt(page: number, offset: number): string | undefined {
    const at = page * this.width + offset;
    for (const [p, [o]] of this.layout) if (o === at) return p;
  }

  /** Page `n` as a record. */
  record(n: number): Uint8Array {
    const w = this.width;
    return buildRecord(n, this.blob.subarray(n * w, (n + 1) * w));
  }

  /** The slave password this unit accepts. */
  expectedPassword(): Uint8Array {
    return slavePassword(
      this.blob.subarray(0, 8),
      this.get("2:4.9.40"),
      this.get("2:4.8.6"),
    );
  }
}

/** A write the driver sent. */
export interface SimWrite {
  page: number;
  offset: number;
  data: number[];
  path: string | undefined;
}

/** What goes wrong on the line. */
export type Fault = "none" | "silent" | "garbage" | "short" | "badsum";

/** The unit on a pty. */
export class MicrolinkSim {
  readonly unit: MicrolinkUnit;
  readonly pty: Pty;
  /** Every byte the driver sent. */
  readonly raw: number[] = [];
  readonly writes: SimWrite[] = [];
  fault: Fault = "none";
  authenticated = false;
  #cursor = 0;
  #inbuf: number[] = [];
  #running = true;
  #loop: Promise<void>;
  #delay: number;

  /** `delayMs` paces each record (a real unit needs ~36 ms at 9600 baud). */
  constructor(unit: MicrolinkUnit, delayMs = 5) {
    this.unit = unit;
    this.#delay = delayMs;
    this.pty = openPty();
    this.#loop = this.#run();
  }

  /** The port a driver opens. */
  get path(): string {
    return this.pty.path;
  }

  /** Host control bytes (0xFD/0xFE) received so far. */
  controls(): number[] {
    return this.raw.filter((b) => b === INIT_BYTE || b === NEXT_BYTE);
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let got: Uint8Array;
      try {
        got = await this.pty.master.read(100);
      } catch {
        if (!this.#running) return;
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      this.raw.push(...got);
      this.#inbuf.push(...got);
      for (const rec of this.#consume()) await this.#reply(rec);
    }
  }

  /** Records owed for the bytes so far; applies complete writes. */
  *#consume(): Generator<Uint8Array> {
    const b = this.#inbuf;
    while (b.length) {
      const c = b[0]!;
      if (c === INIT_BYTE || c === NEXT_BYTE) {
        b.shift();
        this.#cursor = c === INIT_BYTE
          ? 0
          : (this.#cursor + 1) % this.unit.count;
        yield this.unit.record(this.#cursor);
        continue;
      }
      if (b.length < 3) return;
      const len = b[2]! + 5;
      if (b.length < len) return;
      const frame = b.splice(0, len);
      if (!checksumValid(frame, len) || c >= this.unit.count) continue;
      this.#apply(c, frame[1]!, frame.slice(3, len - 2));
    }
  }

  #apply(page: number, offset: number, data: number[]): void {
    const u = this.unit;
    const path = u.pathAt(page, offset);
    this.writes.push({ page, offset, data, path });
    const at = page * u.width + offset;
    if (at + data.length > u.blob.length) return;
    u.blob.set(data, at);
    if (path === "2:4.8.5") {
      const ok = u.expectedPassword().every((v, i) => v === data[i]);
      this.authenticated = ok;
      if (u.layout.has("2:4.8.9")) u.setNum("2:4.8.9", ok ? 1 : 0);
    }
  }

  async #reply(rec: Uint8Array): Promise<void> {
    if (this.#delay) await new Promise((r) => setTimeout(r, this.#delay));
    let out: Uint8Array | undefined = rec;
    switch (this.fault) {
      case "silent":
        out = undefined;
        break;
      case "garbage":
        out = Uint8Array.from({ length: 40 }, (_, i) => (i * 37 + 11) & 0xff);
        break;
      case "short":
        out = rec.subarray(0, 10);
        break;
      case "badsum":
        out = rec.slice();
        out[out.length - 1]! ^= 0x55;
        break;
    }
    if (out) await this.pty.master.write(out).catch(() => {});
  }

  /** Stops and closes the pty. */
  async close(): Promise<void> {
    this.#running = false;
    await this.#loop;
    this.pty.close();
  }
}
