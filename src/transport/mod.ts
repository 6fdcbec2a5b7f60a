/**
 * Byte transports for serial-style drivers: one interface for a real port
 * (FFI termios, `serial.ts`), a pseudo-terminal and the in-memory twin
 * (`memory.ts`) tests use.
 *
 * @module
 */

/** Modem control/status lines (TIOCM_* bits). */
export interface ModemLines {
  dtr: boolean;
  rts: boolean;
  cts: boolean;
  dcd: boolean;
  rng: boolean;
  dsr: boolean;
}

/** Line settings of a serial port. */
export interface SerialSettings {
  /** Bits per second (2400 for Megatec and APC Smart). */
  speed: number;
  /** "none" (8N1), "even" or "odd". */
  parity?: "none" | "even" | "odd";
  /** Data bits, 8 unless told. */
  dataBits?: 7 | 8;
  /** Stop bits, 1 unless told. */
  stopBits?: 1 | 2;
}

/** A duplex byte stream with deadlines. */
export interface ByteTransport {
  /** Writes every byte (string is sent as latin1). */
  write(data: Uint8Array | string): Promise<void>;
  /** Bytes that arrive before `timeoutMs` elapses: returns as soon as some are there; empty on timeout. */
  read(timeoutMs: number, max?: number): Promise<Uint8Array>;
  /** Discards pending input (tcflush(TCIFLUSH)). */
  flush(): Promise<void>;
  /** Releases the device. */
  close(): void;
}

/** A transport that also has modem lines (a real serial port or its twin). */
export interface LineTransport extends ByteTransport {
  /** Sets (true) or clears (false) DTR and/or RTS. */
  setLines(lines: { dtr?: boolean; rts?: boolean }): Promise<void>;
  /** Reads every modem line. */
  getLines(): Promise<ModemLines>;
  /** Sends a break of about `ms` milliseconds (tcsendbreak). */
  sendBreak?(ms: number): Promise<void>;
}

/** The answer of readUntil: the bytes, and whether the terminator was seen. */
export interface ReadResult {
  data: Uint8Array;
  complete: boolean;
}

/** latin1 encoding of a command string (commands are ASCII or raw bytes). */
export function latin1(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** latin1 decoding of device bytes. */
export function fromLatin1(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

/**
 * Reads until the byte `terminator` (included in data), `max` bytes, or the
 * deadline `timeoutMs` after the call; `complete` tells which.
 */
export async function readUntil(
  t: ByteTransport,
  terminator: number,
  timeoutMs: number,
  max = 512,
): Promise<ReadResult> {
  const end = Date.now() + timeoutMs;
  const chunks: number[] = [];
  while (chunks.length < max) {
    const left = end - Date.now();
    if (left <= 0) break;
    const got = await t.read(left, max - chunks.length);
    if (got.length === 0) break;
    for (const b of got) {
      chunks.push(b);
      if (b === terminator) {
        return { data: new Uint8Array(chunks), complete: true };
      }
    }
  }
  return { data: new Uint8Array(chunks), complete: false };
}

/** Reads exactly `count` bytes or until the deadline. */
export async function readCount(
  t: ByteTransport,
  count: number,
  timeoutMs: number,
): Promise<ReadResult> {
  const end = Date.now() + timeoutMs;
  const chunks: number[] = [];
  while (chunks.length < count) {
    const left = end - Date.now();
    if (left <= 0) break;
    const got = await t.read(left, count - chunks.length);
    if (got.length === 0) break;
    chunks.push(...got);
  }
  return { data: new Uint8Array(chunks), complete: chunks.length >= count };
}

/** Opening a port failed; `details` is NUT's multi-line explanation (ser_open_error). */
export class PortOpenError extends Error {
  readonly details: string;
  constructor(message: string, details: string) {
    super(message);
    this.name = "PortOpenError";
    this.details = details;
  }
}

/** The device went away (EIO, hang-up) or the port was closed. */
export class PortLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PortLostError";
  }
}
