/**
 * A device simulator on a pseudo-terminal: reads CR-ended commands from the
 * master side and answers through a device model; scripted faults replace
 * or mangle the answers.
 *
 * @module
 */
import { openPty, type Pty } from "../../src/transport/pty.ts";
import { fromLatin1 } from "../../src/transport/mod.ts";

/** Faults a simulator can inject. */
export type Fault = "none" | "garbled" | "short" | "silent" | "stuck";

/** A device model: the answer to one command (null: no answer). */
export type Model = (command: string) => string | null;

/** A running simulator. */
export class SerialSim {
  readonly pty: Pty;
  /** Every command received (without its CR). */
  readonly received: string[] = [];
  fault: Fault = "none";
  #model: Model;
  #running = true;
  #loop: Promise<void>;
  #onEmpty: Array<() => void> = [];
  /** Command terminator (CR for Megatec; APC Smart commands are single chars). */
  readonly framing: "cr" | "char";

  constructor(model: Model, framing: "cr" | "char" = "cr") {
    this.#model = model;
    this.framing = framing;
    this.pty = openPty();
    this.#loop = this.#run();
  }

  /** The port path a driver opens. */
  get path(): string {
    return this.pty.path;
  }

  async #run(): Promise<void> {
    let buf = "";
    while (this.#running) {
      if (this.fault === "stuck") {
        await this.pty.master.write("\x00\xff\x00\xff").catch(() => {});
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      let got: Uint8Array;
      try {
        got = await this.pty.master.read(100);
      } catch {
        if (!this.#running) return;
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      if (got.length === 0) {
        // the input queue was empty: wake drained() waiters
        for (const wake of this.#onEmpty.splice(0)) wake();
        continue;
      }
      buf += fromLatin1(got);
      while (true) {
        let cmd: string;
        if (this.framing === "cr") {
          const i = buf.search(/[\r\n]/);
          if (i < 0) break;
          cmd = buf.slice(0, i);
          buf = buf.slice(i + 1);
          if (cmd === "") continue;
        } else {
          if (!buf.length) break;
          cmd = buf[0]!;
          buf = buf.slice(1);
        }
        this.received.push(cmd);
        await this.#answer(cmd);
      }
    }
  }

  async #answer(cmd: string): Promise<void> {
    const reply = this.#model(cmd);
    if (reply === null || this.fault === "silent") return;
    let out = reply;
    if (this.fault === "garbled") {
      out = "\x7f#@!" + reply.slice(4).split("").reverse().join("");
    } else if (this.fault === "short") {
      out = reply.slice(0, Math.floor(reply.length / 2)).replace(/[\r\n]/g, "");
    }
    await this.pty.master.write(out).catch(() => {});
  }

  /** Sends bytes unasked (APC alerts). */
  async send(text: string): Promise<void> {
    await this.pty.master.write(text);
  }

  /**
   * Resolves once a read finds the input queue empty after this call: every
   * byte a writer that has already finished (e.g. an exited driver) sent has
   * been received and answered. A condition, not a fixed delay; rejects
   * after `timeoutMs` (e.g. while the "stuck" fault keeps it from reading).
   */
  drained(timeoutMs = 5000): Promise<void> {
    if (!this.#running) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error("simulator input not drained")),
        timeoutMs,
      );
      this.#onEmpty.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Stops and closes the pty. */
  async close(): Promise<void> {
    this.#running = false;
    await this.#loop;
    for (const wake of this.#onEmpty.splice(0)) wake();
    this.pty.close();
  }
}
