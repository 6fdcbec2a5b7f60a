/**
 * An in-memory serial line for driver unit tests: each CR- or LF-ended
 * command written is answered at once by a model function; faults make it
 * silent, cut answers short or answer with garbage. Every command is kept.
 *
 * @module
 */
import { latin1, type LineTransport } from "../../src/transport/mod.ts";

/** Faults the line can inject. */
export type LineFault = "none" | "silent" | "short" | "garbage";

/** A LineTransport over a model: `answer(command)` is the reply (with its terminator) or null. */
export class ModelLine implements LineTransport {
  fault: LineFault = "none";
  /** Every command received (terminator dropped). */
  readonly sent: string[] = [];
  /** Every byte written. */
  raw = "";
  #queue: number[] = [];
  #partial = "";
  constructor(public answer: (cmd: string) => string | null) {}

  write(data: Uint8Array | string): Promise<void> {
    const text = typeof data === "string" ? data : String.fromCharCode(...data);
    this.raw += text;
    for (const ch of text) {
      if (ch !== "\r" && ch !== "\n") {
        this.#partial += ch;
        continue;
      }
      const cmd = this.#partial;
      this.#partial = "";
      if (!cmd) continue;
      this.sent.push(cmd);
      const a = this.fault === "silent" ? null : this.answer(cmd);
      if (a === null) continue;
      const out = this.fault === "short"
        ? a.slice(0, Math.floor(a.length / 2))
        : this.fault === "garbage"
        ? "\x7f#@!\xff\r"
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
