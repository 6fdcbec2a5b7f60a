/**
 * An in-memory serial line for the Best Power family's unit tests: every
 * byte written goes through a character-level device function (the same
 * one the pty simulators use), whose answers queue for reading; faults
 * mangle or drop them.
 *
 * @module
 */
import { latin1, type LineTransport } from "../../src/transport/mod.ts";

/** One byte in, the answer it triggers (or null). */
export type CharDevice = (ch: string) => string | null;

/** Faults of the line. */
export type LineFault = "none" | "silent" | "short" | "garbled";

/** The in-memory line. */
export class MemoryLine implements LineTransport {
  fault: LineFault = "none";
  /** Every byte written. */
  raw = "";
  #queue: number[] = [];
  constructor(readonly device: CharDevice) {}
  write(data: Uint8Array | string): Promise<void> {
    const text = typeof data === "string" ? data : String.fromCharCode(...data);
    for (const ch of text) {
      this.raw += ch;
      const a = this.device(ch);
      if (a === null || this.fault === "silent") continue;
      const out = this.fault === "short"
        ? a.slice(0, Math.floor(a.length / 2))
        : this.fault === "garbled"
        ? `#@!${a.slice(3).split("").reverse().join("")}`
        : a;
      this.#queue.push(...latin1(out));
    }
    return Promise.resolve();
  }
  read(_ms: number, max = 256): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#queue.splice(0, max)));
  }
  flush(): Promise<void> {
    this.#queue = [];
    return Promise.resolve();
  }
  close(): void {}
  setLines(): Promise<void> {
    return Promise.resolve();
  }
  getLines(): Promise<never> {
    return Promise.reject(new Error("no lines"));
  }
}
