/**
 * isbmex: NUT 2.8.0's `isbmex` 0.07 (Sola/Basic Mexico SR-Inet units, 9600
 * bps). The unit streams packets unasked: 10 bytes (`&&&`, volts word,
 * battery, period word, boost/trim, line state) or 9 bytes (`***`, one
 * volts byte). The first read of a poll learns the packet size from the
 * byte count; each poll reads up to five times (5 s each) for a packet.
 * NUT reads into one 256-byte C buffer; this driver keeps that buffer, so
 * a packet found in what a short read left behind reads the same. `-k`
 * sends `#` six times.
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
} from "../../src/driver/types.ts";
import type { LineTransport } from "../../src/transport/mod.ts";
import { fixedC } from "../qx/item.ts";
import { interpol, lagrange } from "./volts.ts";

/** Opens the port (tests pass their own). */
export type IsbmexPortOpener = (path: string) => Promise<LineTransport>;

async function openSerialPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed: 9600 });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const f = Math.fround;

/** strstr over a NUL-terminated buffer: the offset, or -1. */
function strstr(buf: Uint8Array, needle: string): number {
  const end = buf.indexOf(0);
  const n = end < 0 ? buf.length : end;
  outer: for (let i = 0; i + needle.length <= n; i++) {
    for (let k = 0; k < needle.length; k++) {
      if (buf[i + k] !== needle.charCodeAt(k)) continue outer;
    }
    return i;
  }
  return -1;
}

function strlen(buf: Uint8Array, at: number): number {
  const end = buf.indexOf(0, at);
  return (end < 0 ? buf.length : end) - at;
}

/** `%5.1f` etc. */
const pad = (v: number, d: number) => fixedC(v, d).padStart(5, " ");

/** An isbmex instance. */
export class IsbmexDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #open: IsbmexPortOpener;
  #pace: number;
  #line: LineTransport | null = null;
  /** NUT's static 256-byte buffer. */
  #buf = new Uint8Array(256);
  #bpp = 0;
  #high = f(-1);
  #low = f(999);

  /** `pace` scales waits (tests pass a small one). */
  constructor(ctx: DriverContext, open = openSerialPort, pace = 1) {
    this.ctx = ctx;
    this.#open = open;
    this.#pace = pace;
  }

  /** upsdrv_initups. */
  async initups(): Promise<void> {
    if (this.#line) return;
    this.#line = await this.#open(this.ctx.config.port);
  }

  /** upsdrv_initups + upsdrv_initinfo: fixed data only. */
  async init(): Promise<void> {
    await this.initups();
    const st = this.ctx.state;
    st.set("ups.mfr", "Sola/Basic Mexico");
    st.set("ups.model", "SR-Inet 280/300/400/480/500/800/1000");
    st.set("input.transfer.low", "102.0");
    st.set("input.transfer.high", "140.0");
    st.set("output.voltage", "120.0");
  }

  /** getpacket: the packet's offset in the buffer, or null. */
  async #getPacket(): Promise<number | null> {
    const line = this.#line!, buf = this.#buf;
    let got = await line.read(5000 * this.#pace, 255);
    if (!got.length) {
      this.ctx.log.error("Nothing received from UPS. Check cable conexion");
      return null;
    }
    buf.set(got, 0);
    let r = got.length;
    buf[r] = 0;
    if (this.#bpp && r < this.#bpp) {
      await sleep(500 * this.#pace);
      got = await line.read(2000 * this.#pace, 255 - r);
      if (!got.length) return null;
      // NUT does not terminate the buffer again here
      buf.set(got, r);
      r += got.length;
      if (r < this.#bpp) return null;
    }
    if (!this.#bpp) {
      // the first read tells the packet size
      if (r % 10 === 0) this.#bpp = 10;
      else if (r % 9 === 0) this.#bpp = 9;
      return null;
    }
    const s = strstr(buf, this.#bpp === 10 ? "&&&" : "***");
    if (s < 0) {
      this.ctx.log.error("isbmex: no valid packet signature!");
      this.#bpp = 0;
      return null;
    }
    if (strlen(buf, s) < this.#bpp) return null;
    return s;
  }

  /** upsdrv_updateinfo. */
  async update(): Promise<void> {
    const st = this.ctx.state;
    let s: number | null = null;
    for (let i = 0; i < 5 && s === null; i++) s = await this.#getPacket();
    if (!this.#bpp || s === null) {
      st.dataStale();
      return;
    }
    const p = this.#buf.subarray(s), ten = this.#bpp === 10;
    const vin = ten
      ? interpol(f(Math.sqrt(p[3]! * 256 + p[4]!)))
      : lagrange(p[3]!);
    st.set("input.voltage", pad(vin, 1));
    if (vin >= this.#high) this.#high = vin;
    st.set("input.voltage.maximum", pad(this.#high, 1));
    if (vin <= this.#low) this.#low = vin;
    st.set("input.voltage.minimum", pad(this.#low, 1));
    const batt = f((p[ten ? 5 : 4]! - 168) * (100 / (215 - 168)));
    st.set("battery.charge", pad(batt, 1));
    const d = p[ten ? 6 : 5]! * 256 + p[ten ? 7 : 6]!;
    st.set("input.frequency", pad(f(1000000 / d), 2));
    const status: string[] = [];
    const mode = p[ten ? 8 : 7];
    if (mode === 0x31) status.push("BOOST");
    else if (mode === 0x32) status.push("TRIM");
    const state = p[ten ? 9 : 8];
    if (state === 0x30) status.push("OL");
    else if (state === 0x32) status.push("LB", "OB");
    else if (state === 0x31) status.push("OB");
    st.setStatus(status);
    st.dataOk();
  }

  /** upsdrv_shutdown: `#` six times, 50 ms apart (contact-closure models ignore it). */
  async shutdown(): Promise<CommandResult> {
    await this.initups();
    for (let i = 0; i <= 5; i++) {
      await this.#line!.write("#");
      await sleep(50 * this.#pace);
    }
    return "handled";
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.#line?.close();
    this.#line = null;
    return Promise.resolve();
  }
}
