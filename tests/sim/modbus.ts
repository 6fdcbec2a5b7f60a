/**
 * A Modbus device simulator: one `RegisterMap` served as Modbus/TCP on
 * loopback and as RTU on a pty (NUT's generic_modbus takes a port for RTU
 * only when its path contains "/dev/tty", so `ttyPath` is a symlink to the
 * pty under a temp `dev/` folder). Every frame received is kept; faults
 * replace the replies with garbage, half replies or silence.
 *
 * @module
 */
import { RegisterMap } from "../../src/modbus/device.ts";
import {
  crc16,
  parseRtuFrame,
  parseTcpFrame,
  rtuFrame,
  rtuRequestLength,
  tcpFrame,
} from "../../src/modbus/codec.ts";
import { openPty, type Pty } from "../../src/transport/pty.ts";
import { freePort } from "../net.ts";
import { assert } from "../assert.ts";

/**
 * A line where we ship a fix over NUT 2.8.0: NUT's (buggy) line and ours;
 * null when one side has no such line.
 */
export type Fix = readonly [theirs: string | null, ours: string | null];

/**
 * NUT's lines (dump or frames) with each fix applied in place, after
 * asserting that NUT still shows the bug, so the rest is compared as is.
 */
export function withFixes(theirs: string[], fixes: readonly Fix[]): string[] {
  const out = [...theirs];
  for (const [t, o] of fixes) {
    if (t === null) {
      out.push(o!);
      continue;
    }
    const i = out.indexOf(t);
    assert(i >= 0, `NUT no longer shows ${t}:\n${theirs.join("\n")}`);
    if (o === null) out.splice(i, 1);
    else out[i] = o;
  }
  return out;
}

/** A dump with fixes applied, sorted as `parseDump` sorts. */
export function dumpWithFixes(theirs: string[], fixes: readonly Fix[]) {
  return withFixes(theirs, fixes).sort();
}

/** Faults. */
export type ModbusFault = "none" | "garbled" | "short" | "silent";

/** A simulator; start `tcp()` and/or `rtu()`. */
export class ModbusSim {
  readonly map: RegisterMap;
  /** The unit id answered (0 and others are ignored on RTU). */
  unit: number;
  fault: ModbusFault = "none";
  /** Request PDUs received, whatever the fault. */
  readonly frames: Uint8Array[] = [];
  #listener: Deno.TcpListener | null = null;
  #conns = new Set<Deno.TcpConn>();
  #pty: Pty | null = null;
  #dir = "";
  #running = true;
  #loops: Promise<void>[] = [];
  #onIdle: Array<() => void> = [];
  port = 0;

  constructor(map = new RegisterMap(), unit = 1) {
    this.map = map;
    this.unit = unit;
  }

  /** The reply frame body for a request PDU, after faults (null: silence). */
  #reply(pdu: Uint8Array): Uint8Array | null {
    this.frames.push(pdu.slice());
    if (this.fault === "silent") return null;
    return this.map.handle(pdu);
  }

  #mangle(frame: Uint8Array): Uint8Array {
    if (this.fault === "garbled") {
      return frame.map((b, i) => i === 0 ? b : b ^ 0x5a);
    }
    if (this.fault === "short") return frame.slice(0, frame.length >> 1);
    return frame;
  }

  /** Serves Modbus/TCP on 127.0.0.1 (`port`, or a free one); returns "127.0.0.1:port". */
  tcp(port = 0): string {
    this.port = port || freePort();
    this.#listener = Deno.listen({ hostname: "127.0.0.1", port: this.port });
    this.#loops.push(this.#accept(this.#listener));
    return `127.0.0.1:${this.port}`;
  }

  async #accept(l: Deno.TcpListener): Promise<void> {
    try {
      for await (const c of l) {
        this.#conns.add(c);
        this.#serveConn(c).finally(() => {
          this.#conns.delete(c);
          this.#wakeIdle();
        });
      }
    } catch { /* closed */ }
  }

  async #serveConn(c: Deno.TcpConn): Promise<void> {
    let buf = new Uint8Array(0);
    const chunk = new Uint8Array(1024);
    try {
      while (true) {
        const n = await c.read(chunk);
        if (n === null) break;
        const next = new Uint8Array(buf.length + n);
        next.set(buf);
        next.set(chunk.subarray(0, n), buf.length);
        buf = next;
        let f;
        while ((f = parseTcpFrame(buf))) {
          buf = buf.slice(f.size);
          const pdu = this.#reply(f.pdu);
          if (pdu) await c.write(this.#mangle(tcpFrame(f.tid, f.unit, pdu)));
        }
      }
    } catch { /* reset, bad header */ }
    try {
      c.close();
    } catch { /* closed */ }
  }

  /** Serves RTU on a pty; returns a path containing "/dev/tty" that links to it. */
  async rtu(): Promise<string> {
    this.#pty = openPty();
    this.#dir = await Deno.makeTempDir({ prefix: "mbsim-" });
    await Deno.mkdir(`${this.#dir}/dev`);
    await Deno.symlink(this.#pty.path, `${this.#dir}/dev/ttyMB0`);
    this.#loops.push(this.#rtuLoop(this.#pty));
    return `${this.#dir}/dev/ttyMB0`;
  }

  /** The pty itself. */
  get ptyPath(): string {
    return this.#pty!.path;
  }

  async #rtuLoop(pty: Pty): Promise<void> {
    let buf: number[] = [];
    while (this.#running) {
      let got: Uint8Array;
      try {
        got = await pty.master.read(buf.length ? 15 : 100);
      } catch {
        if (!this.#running) return;
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      if (got.length) buf.push(...got);
      while (buf.length) {
        const want = rtuRequestLength(new Uint8Array(buf));
        let take = 0;
        if (want > 0 && buf.length >= want) take = want;
        else if (!got.length) take = buf.length; // silence ends a frame
        if (!take) break;
        const frame = new Uint8Array(buf.slice(0, take));
        buf = buf.slice(take);
        await this.#rtuFrame(pty, frame);
      }
      if (!got.length && !buf.length) this.#wakeIdle();
    }
  }

  async #rtuFrame(pty: Pty, frame: Uint8Array): Promise<void> {
    let req;
    try {
      req = parseRtuFrame(frame);
    } catch {
      return; // a bad CRC: a device stays quiet
    }
    if (req.unit !== this.unit) {
      if (req.unit === 0) this.#reply(req.pdu); // broadcast: act, no reply
      return;
    }
    const pdu = this.#reply(req.pdu);
    if (pdu) {
      await pty.master.write(this.#mangle(rtuFrame(this.unit, pdu)))
        .catch(() => {});
    }
  }

  #wakeIdle(): void {
    if (this.#conns.size) return;
    for (const w of this.#onIdle.splice(0)) w();
  }

  /**
   * Resolves once no TCP client is connected and the pty input is empty:
   * everything an exited driver sent has been answered.
   */
  idle(timeoutMs = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error("modbus simulator not idle")),
        timeoutMs,
      );
      this.#onIdle.push(() => {
        clearTimeout(timer);
        resolve();
      });
      if (!this.#pty) this.#wakeIdle();
    });
  }

  /** Frames as hex strings (for comparing two runs). */
  hex(from = 0): string[] {
    return this.frames.slice(from).map((f) =>
      [...f].map((b) => b.toString(16).padStart(2, "0")).join("")
    );
  }

  async close(): Promise<void> {
    this.#running = false;
    this.#listener?.close();
    for (const c of this.#conns) {
      try {
        c.close();
      } catch { /* closed */ }
    }
    await Promise.allSettled(this.#loops);
    this.#pty?.close();
    if (this.#dir) await Deno.remove(this.#dir, { recursive: true });
  }
}

export { crc16, RegisterMap };
