/**
 * powerpanel's byte level (NUT's serial helpers as powerpanel uses them):
 * paced writes (50 ms after each byte), a CR-ended line read where nothing
 * is ignored, and fixed-length reads; every read waits 250 ms at most and a
 * timeout counts as nothing received. Bytes travel as latin1 strings.
 *
 * @module
 */
import { fromLatin1, type LineTransport } from "../../src/transport/mod.ts";

/** Pauses in ms (tests shrink them). */
export interface PpTiming {
  /** After each byte written (UPSDELAY). */
  pace: number;
  /** One read (SER_WAIT_USEC). */
  read: number;
  /** Scales the pauses between a command and its read (0 in tests). */
  wait: number;
}

/** NUT's pauses. */
export const NUT_TIMING: PpTiming = { pace: 50, read: 250, wait: 1 };

/** What a read got: `ret` as NUT's helpers return it, and the bytes kept. */
export interface PpRead {
  ret: number;
  data: string;
}

/** The serial channel of one unit. */
export class PpLink {
  constructor(readonly line: LineTransport, readonly t: PpTiming) {}

  /** A pause of `ms` scaled by `wait`. */
  sleep(ms: number): Promise<void> {
    const d = ms * this.t.wait;
    return d > 0
      ? new Promise<void>((r) => setTimeout(r, d))
      : Promise.resolve();
  }

  /** ser_flush_io. */
  async flush(): Promise<void> {
    await this.line.flush();
  }

  /** ser_send_buf_pace: each byte, then the pace. */
  async send(bytes: string): Promise<void> {
    for (const ch of bytes) {
      await this.line.write(ch);
      if (this.t.pace > 0) {
        await new Promise((r) => setTimeout(r, this.t.pace));
      }
    }
  }

  /** ser_get_line up to CR (nothing ignored), at most `max` bytes. */
  async getLine(max = 511): Promise<PpRead> {
    let data = "";
    while (data.length < max) {
      const got = await this.line.read(this.t.read, 64);
      if (!got.length) return { ret: 0, data };
      for (const ch of fromLatin1(got)) {
        if (data.length === max || ch === "\r") {
          return { ret: data.length, data };
        }
        data += ch;
      }
    }
    return { ret: data.length, data };
  }

  /** ser_get_buf_len: exactly `len` bytes, or 0 when a read times out first. */
  async getBuf(len: number): Promise<PpRead> {
    let data = "";
    while (data.length < len) {
      const got = await this.line.read(this.t.read, len - data.length);
      if (!got.length) return { ret: 0, data };
      data += fromLatin1(got);
    }
    return { ret: data.length, data };
  }
}

/** One protocol (NUT's subdriver_t). */
export interface PpSubdriver {
  /** "text" or "binary" (the `protocol` option). */
  readonly version: string;
  /** Detection; > 0 when the unit answered. */
  initups(): Promise<number>;
  initinfo(): Promise<void>;
  /** -1: no status; 1: on battery; 0: otherwise. */
  updateinfo(): Promise<number>;
  instcmd(
    cmd: string,
  ): Promise<import("../../src/driver/types.ts").CommandResult>;
  setvar(
    name: string,
    value: string,
  ): Promise<import("../../src/driver/types.ts").CommandResult>;
}

/** C's %g for the values these units give (6 significant digits). */
export function gFormat(x: number): string {
  return String(Number(x.toPrecision(6)));
}

/** strtol base 10 on a prefix. */
export function strtol(s: string | undefined): number {
  const m = /^\s*[+-]?\d+/.exec(s ?? "");
  return m ? parseInt(m[0], 10) : 0;
}

/** strtod on a prefix. */
export function strtod(s: string | undefined): number {
  const m = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(s ?? "");
  return m ? parseFloat(m[0]) : 0;
}

/** strtok: the non-empty pieces between separators. */
export function strtok(s: string, sep: string): string[] {
  return s.split(sep).filter((p) => p.length > 0);
}
