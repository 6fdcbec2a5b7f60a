/**
 * The in-memory twin of a serial port: what the host writes goes to a
 * device callback (or is recorded); what the device pushes is read by the
 * host. Modem lines are plain fields. Used by driver unit tests.
 *
 * @module
 */
import {
  latin1,
  type LineTransport,
  type ModemLines,
  PortLostError,
} from "./mod.ts";

/** Called with each host write; may push replies through `port.push`. */
export type DeviceHandler = (data: Uint8Array, port: MemoryTransport) => void;

/** An in-memory serial port. */
export class MemoryTransport implements LineTransport {
  #inbox: number[] = [];
  #waiters: Array<() => void> = [];
  #closed = false;
  /** Every host write, in order. */
  readonly written: Uint8Array[] = [];
  /** Modem lines; the test sets cts/dcd/rng/dsr, the host sets dtr/rts. */
  lines: ModemLines = {
    dtr: false,
    rts: false,
    cts: false,
    dcd: false,
    rng: false,
    dsr: false,
  };
  /** History of host line changes (for killpower checks). */
  readonly lineLog: Array<{ dtr: boolean; rts: boolean }> = [];
  /** When true, reads and writes fail as an unplugged cable would. */
  unplugged = false;
  handler: DeviceHandler | undefined;

  constructor(handler?: DeviceHandler) {
    this.handler = handler;
  }

  /** Device side: makes bytes available to the host. */
  push(data: Uint8Array | string): void {
    const bytes = typeof data === "string" ? latin1(data) : data;
    this.#inbox.push(...bytes);
    for (const w of this.#waiters.splice(0)) w();
  }

  /** Every host write joined as latin1 text. */
  writtenText(): string {
    return this.written.map((b) => String.fromCharCode(...b)).join("");
  }

  write(data: Uint8Array | string): Promise<void> {
    if (this.#closed) return Promise.reject(new PortLostError("port closed"));
    if (this.unplugged) {
      return Promise.reject(
        new PortLostError("write failed: Input/output error"),
      );
    }
    const bytes = typeof data === "string" ? latin1(data) : data;
    this.written.push(bytes);
    this.handler?.(bytes, this);
    return Promise.resolve();
  }

  async read(timeoutMs: number, max = 4096): Promise<Uint8Array> {
    if (this.#closed) throw new PortLostError("port closed");
    if (this.#inbox.length === 0 && timeoutMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, timeoutMs);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.#waiters.push(done);
      });
    }
    if (this.unplugged) return new Uint8Array();
    return new Uint8Array(this.#inbox.splice(0, max));
  }

  flush(): Promise<void> {
    this.#inbox.length = 0;
    return Promise.resolve();
  }

  close(): void {
    this.#closed = true;
    for (const w of this.#waiters.splice(0)) w();
  }

  get closed(): boolean {
    return this.#closed;
  }

  setLines(lines: { dtr?: boolean; rts?: boolean }): Promise<void> {
    if (lines.dtr !== undefined) this.lines.dtr = lines.dtr;
    if (lines.rts !== undefined) this.lines.rts = lines.rts;
    this.lineLog.push({ dtr: this.lines.dtr, rts: this.lines.rts });
    return Promise.resolve();
  }

  getLines(): Promise<ModemLines> {
    return Promise.resolve({ ...this.lines });
  }
}
