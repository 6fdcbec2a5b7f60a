/**
 * A byte transport read as `\n`-terminated lines, with per-read deadlines.
 *
 * @module
 */
import { NutClientError, strerror } from "./errors.ts";
import { Watchdog } from "./watchdog.ts";

/** The part of Deno.Conn a client needs (Deno.TlsConn and adapters fit). */
export interface Transport {
  read(p: Uint8Array): Promise<number | null>;
  write(p: Uint8Array): Promise<number>;
  close(): void;
}

/** Longest reply line kept; the rest of an overlong line is dropped. */
export const MAX_LINE = 64 * 1024;

const decoder = new TextDecoder("latin1");
const encoder = new TextEncoder();

/** Reads lines from and writes text to a Transport. */
export class LineConn {
  transport: Transport;
  #buf: Uint8Array = new Uint8Array(0);
  #closed = false;
  #watchdog: Watchdog;

  /** `watchdog`: the connect's, so one timer serves the whole session. */
  constructor(transport: Transport, watchdog = new Watchdog()) {
    this.transport = transport;
    this.#watchdog = watchdog;
  }

  /** True once closed or broken. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Bytes read but not yet returned as a line (must be empty before STARTTLS). */
  get pending(): number {
    return this.#buf.length;
  }

  /** Writes all of `text`. */
  async write(text: string, timeoutMs: number): Promise<void> {
    let bytes = encoder.encode(text);
    while (bytes.length > 0) {
      let n: number;
      try {
        n = await this.#withDeadline(this.transport.write(bytes), timeoutMs);
      } catch (e) {
        if (e instanceof NutClientError) throw e;
        this.close();
        throw new NutClientError("write", `Write error: ${strerror(e)}`);
      }
      bytes = bytes.subarray(n);
    }
  }

  /** Reads one line (without its `\n`, CR stripped). */
  async readLine(timeoutMs: number): Promise<string> {
    let overlong = false;
    while (true) {
      const nl = this.#buf.indexOf(10);
      if (nl >= 0) {
        let line = this.#buf.subarray(0, overlong ? 0 : nl);
        this.#buf = this.#buf.slice(nl + 1);
        if (line.length > MAX_LINE) line = line.subarray(0, MAX_LINE);
        const text = decoder.decode(line);
        return text.endsWith("\r") ? text.slice(0, -1) : text;
      }
      if (this.#buf.length > MAX_LINE) {
        overlong = true;
        this.#buf = new Uint8Array(0);
      }
      if (this.#closed) {
        throw new NutClientError("disconnected", "Server disconnected");
      }
      const chunk = new Uint8Array(4096);
      let n: number | null;
      try {
        n = await this.#withDeadline(this.transport.read(chunk), timeoutMs);
      } catch (e) {
        if (e instanceof NutClientError) throw e;
        this.close();
        throw new NutClientError("read", `Read error: ${strerror(e)}`);
      }
      if (n === null || n === 0) {
        this.close();
        throw new NutClientError("disconnected", "Server disconnected");
      }
      const next = new Uint8Array(this.#buf.length + n);
      next.set(this.#buf);
      next.set(chunk.subarray(0, n), this.#buf.length);
      this.#buf = next;
    }
  }

  /** Closes the transport (idempotent). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.transport.close();
    } catch {
      // already closed
    }
  }

  #withDeadline<T>(op: Promise<T>, timeoutMs: number): Promise<T> {
    return this.#watchdog.run(
      op,
      timeoutMs,
      () => this.close(),
      () => new NutClientError("timeout", "Read error: Connection timed out"),
    );
  }
}
