/**
 * A binary-protocol simulator on a pseudo-terminal: every chunk the driver
 * writes is recorded and handed to a responder, whose answers go back
 * unless a subclass's `mangle` drops or changes them (fault injection).
 *
 * @module
 */
import { openPty, type Pty } from "../../src/transport/pty.ts";

/** Answers for one chunk of driver bytes (none, one or several). */
export type Responder = (got: Uint8Array) => Iterable<Uint8Array | number[]>;

/** A running byte simulator; `bytes()` is everything the driver wrote. */
export class BytePtySim {
  readonly pty: Pty;
  #respond: Responder;
  #written: number[] = [];
  #running = true;
  #loop: Promise<void>;

  constructor(respond: Responder) {
    this.#respond = respond;
    this.pty = openPty();
    this.#loop = this.#run();
  }

  /** The port path a driver opens. */
  get path(): string {
    return this.pty.path;
  }

  /** Every byte the driver sent, in order. */
  bytes(): number[] {
    return [...this.#written];
  }

  /** The bytes actually sent for `reply`; undefined sends nothing. */
  protected mangle(reply: Uint8Array): Uint8Array | undefined {
    return reply;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let got: Uint8Array;
      try {
        got = await this.pty.master.read(100);
      } catch {
        if (!this.#running) return;
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      this.#written.push(...got);
      for (const reply of this.#respond(got)) {
        const out = this.mangle(Uint8Array.from(reply));
        if (out && out.length) {
          await this.pty.master.write(out).catch(() => {});
        }
      }
    }
  }

  /** Stops and closes the pty. */
  async close(): Promise<void> {
    this.#running = false;
    await this.#loop;
    this.pty.close();
  }
}
