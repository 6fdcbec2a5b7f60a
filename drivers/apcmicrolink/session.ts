/**
 * One Microlink session as NUT's apcmicrolink runs it: 0xFD and page 0,
 * then one 0xFE per record; after the last page the descriptor is parsed
 * (or the blob refreshed) and, when page 0 asks for it, the slave password
 * is written once. Each receive gives up after 100 ms of silence.
 *
 * Deliberate difference: NUT forgets page 0's header on a reconnect but
 * keeps its cached record, so it then expects 3-byte records and never
 * resynchronises; here the reconnect forgets both and reads the width from
 * the next page 0 again.
 *
 * @module
 */
import type { Logger } from "../../src/log.ts";
import type { ByteTransport } from "../../src/transport/mod.ts";
import { parseDescriptor, type Usage } from "./descriptor.ts";
import {
  buildWrite,
  FLAG_AUTH_REQUIRED,
  FLAG_DESCRIPTOR_PRESENT,
  FrameReceiver,
  INIT_BYTE,
  NEXT_BYTE,
  type Page0,
  parsePage0,
  pointerOffset,
  slavePassword,
} from "./link.ts";

const READ_MS = 100;
/** Handshake attempts, and timeouts in a row before a reconnect. */
export const RETRIES = 3;
const MAX_BLOB = 256 * 32;
const MAX_PAYLOAD = 253;
const DESC_START = 12;
/** Descriptor paths of the authentication values. */
const SLAVE_PASSWORD = "2:4.8.5",
  MASTER_PASSWORD = "2:4.8.6",
  AUTH_STATUS = "2:4.8.9",
  SERIAL = "2:4.9.40";

const NO_PAGE0: Page0 = {
  version: 0,
  width: 0,
  count: 0,
  seriesId: 0,
  seriesDataVersion: 0,
  flags: 0,
  descriptorVersion: 0,
  descriptorPtr: 0,
};

/** The link state of one unit. */
export class MicrolinkSession {
  #t: ByteTransport;
  #log: Logger;
  #rx = new FrameReceiver();
  #pending: number[] = [];
  /** Cached records by id (NUT's objects[]). */
  readonly objects = new Map<number, Uint8Array>();
  page0: Page0 = NO_PAGE0;
  sessionReady = false;
  parsedFrames = 0;
  timeouts = 0;
  primed = false;
  authSent = false;
  /** The parsed descriptor; null until ready. */
  usages: Usage[] | null = null;
  blob = new Uint8Array(0);

  #commFailures = 0;

  constructor(t: ByteTransport, log: Logger) {
    this.#t = t;
    this.#log = log;
  }

  /** ser_comm_fail: the first ten failures logged, then every tenth, with a warning every hundred. */
  commFail(why: string): void {
    const n = ++this.#commFailures;
    if (n === 10 || n % 100 === 0) {
      this.#log.warn(
        "Warning: excessive comm failures, limiting error reporting",
      );
    }
    if (n > 10 && n % 10 !== 0) return;
    this.#log.warn(`Communications with UPS lost: ${why}`);
  }

  /** ser_comm_good. */
  commGood(): void {
    if (!this.#commFailures) return;
    this.#log.notice("Communications with UPS re-established");
    this.#commFailures = 0;
  }

  /** Bytes waiting in the receive buffer. */
  get rxLength(): number {
    return this.#rx.length;
  }

  async #send(bytes: Uint8Array | number[]): Promise<boolean> {
    try {
      await this.#t.write(Uint8Array.from(bytes));
      return true;
    } catch {
      return false;
    }
  }

  async #nextByte(): Promise<number | null> {
    if (!this.#pending.length) {
      let got: Uint8Array;
      try {
        got = await this.#t.read(READ_MS, 512);
      } catch {
        return null;
      }
      this.#pending.push(...got);
    }
    return this.#pending.shift() ?? null;
  }

  /** microlink_receive_once: one record in, processed; false on 100 ms of silence. */
  async receiveOnce(): Promise<boolean> {
    const start = Date.now();
    for (;;) {
      const frame = this.#rx.extract();
      if (frame) return await this.#process(frame);
      const b = await this.#nextByte();
      if (b === null) {
        if (Date.now() - start >= READ_MS) return false;
        continue;
      }
      this.#rx.push(b);
    }
  }

  async #process(frame: Uint8Array): Promise<boolean> {
    this.parsedFrames++;
    const id = frame[0]!;
    const data = frame.slice(1, frame.length - 2);
    this.objects.set(id, data);
    if (id === 0) {
      if (data.length >= 3) this.page0 = parsePage0(data);
      this.#rx.frameLen = this.page0.width + 3;
    }
    const p = this.page0;
    if (p.count > 0 && id === p.count - 1) {
      if (p.flags & FLAG_DESCRIPTOR_PRESENT) {
        if (this.usages) this.#updateBlob();
        else this.#parseDescriptor();
      }
      if (p.flags & FLAG_AUTH_REQUIRED && this.usages && !this.authSent) {
        if (!await this.#authenticate()) {
          this.commFail("microlink: failed to authenticate");
          return false;
        }
        this.authSent = true;
      }
    }
    return true;
  }

  /** The pages laid end to end (microlink_update_blob). */
  #updateBlob(): boolean {
    const p = this.page0;
    if (!(p.flags & FLAG_DESCRIPTOR_PRESENT) || p.descriptorVersion !== 1) {
      return false;
    }
    if (!p.width || !p.count) return false;
    const blob = new Uint8Array(Math.min(p.width * p.count, MAX_BLOB));
    for (let row = 0; row < p.count; row++) {
      const dst = row * p.width;
      if (dst >= blob.length) break;
      const obj = this.objects.get(row);
      if (!obj?.length) continue;
      blob.set(
        obj.subarray(0, Math.min(obj.length, p.width, blob.length - dst)),
        dst,
      );
    }
    this.blob = blob;
    return true;
  }

  #parseDescriptor(): boolean {
    this.usages = null;
    this.blob = new Uint8Array(0);
    const header = this.objects.get(0);
    if (!header || header.length < 12 || !this.#updateBlob()) return false;
    const dataAt = pointerOffset(this.page0.descriptorPtr, this.page0.width);
    if (dataAt >= this.blob.length || DESC_START >= this.blob.length) {
      return false;
    }
    this.usages = parseDescriptor(this.blob, DESC_START, dataAt);
    return this.usages !== null;
  }

  /** The first usage named `path`. */
  usage(path: string): Usage | undefined {
    return this.usages?.find((u) => u.path === path);
  }

  /** The bytes of a ready, unskipped usage of exactly `size` (any size when omitted). */
  data(path: string, size?: number): Uint8Array | undefined {
    const u = this.usage(path);
    if (!u || u.skipped || (size !== undefined && u.size !== size)) return;
    if (u.offset + u.size > this.blob.length) return;
    return this.blob.subarray(u.offset, u.offset + u.size);
  }

  /** A bit value of at most four bytes (microlink_get_descriptor_map_bits). */
  bits(path: string): number | undefined {
    const d = this.data(path);
    if (!d || !d.length || d.length > 4) return;
    return d.reduce((v, b) => v * 256 + b, 0);
  }

  async #authenticate(): Promise<boolean> {
    const header = this.objects.get(0);
    const serial = this.data(SERIAL);
    const master = this.data(MASTER_PASSWORD, 4);
    if (!header || header.length < 8 || !serial || !master) return false;
    return await this.write(
      SLAVE_PASSWORD,
      slavePassword(header, serial, master),
    );
  }

  /** microlink_startup_ready. */
  startupReady(): boolean {
    if (!this.sessionReady || !this.objects.has(0)) return false;
    const f = this.page0.flags;
    if (f & (FLAG_DESCRIPTOR_PRESENT | FLAG_AUTH_REQUIRED) && !this.usages) {
      return false;
    }
    if (!(f & FLAG_AUTH_REQUIRED)) return true;
    if (((this.bits(AUTH_STATUS) ?? 0) & 1) !== 0) return true;
    return this.authSent;
  }

  /** Writes `payload` over a usage's bytes (microlink_send_descriptor_write). */
  async write(path: string, payload: Uint8Array): Promise<boolean> {
    const u = this.usage(path);
    const w = this.page0.width;
    if (!u || u.skipped || !u.size || payload.length !== u.size) return false;
    if (payload.length > MAX_PAYLOAD) return false;
    if (u.offset + u.size > this.blob.length || !w) return false;
    const page = Math.floor(u.offset / w), offset = u.offset % w;
    if (page > 0xff || offset > 0xff) return false;
    this.#log.debug(
      2,
      `microlink: write ${path} page=${page} offset=${offset} size=${u.size}`,
    );
    if (!await this.#send(buildWrite(page, offset, payload))) return false;
    this.blob.set(payload, u.offset);
    const obj = this.objects.get(page);
    if (obj && obj.length >= offset + u.size) obj.set(payload, offset);
    return true;
  }

  /** A command write: the in-flight poll's record is read first, as NUT does. */
  async commandWrite(path: string, mask: bigint): Promise<boolean> {
    if (this.primed) {
      if (!await this.receiveOnce()) return false;
      this.primed = false;
      this.timeouts = 0;
    }
    const u = this.usage(path);
    if (!u || u.skipped || !u.size || u.size > 8) return false;
    const out = new Uint8Array(u.size);
    let v = BigInt.asUintN(u.size * 8, mask);
    for (let i = u.size - 1; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
    return await this.write(path, out);
  }

  async #prime(): Promise<boolean> {
    this.primed = await this.#send([NEXT_BYTE]);
    if (!this.primed) this.commFail("microlink: failed to send poll byte");
    return this.primed;
  }

  /** microlink_poll_once: ask (unless asked already) and read one record. */
  async pollOnce(): Promise<boolean> {
    if (!this.primed && !await this.#prime()) return false;
    const ok = await this.receiveOnce();
    this.primed = false;
    this.timeouts = ok ? 0 : this.timeouts + 1;
    return ok;
  }

  /** microlink_start_session: 0xFD up to three times until a record comes. */
  async start(): Promise<boolean> {
    this.#rx.clear();
    this.#pending = [];
    this.primed = false;
    this.authSent = false;
    this.page0 = NO_PAGE0;
    this.usages = null;
    this.blob = new Uint8Array(0);
    this.objects.delete(0); // see the module comment
    this.#rx.frameLen = 0;
    await this.#t.flush().catch(() => {});
    for (let i = 0; i < RETRIES; i++) {
      if (!await this.#send([INIT_BYTE])) return false;
      if (await this.receiveOnce()) {
        this.timeouts = 0;
        this.sessionReady = true;
        return await this.#prime();
      }
    }
    return false;
  }
}
