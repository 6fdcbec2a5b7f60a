/**
 * The byte level shared by Microsol's Brazilian UPS family (NUT's
 * microsol-apc, solis and rhino drivers): 9600 bps with DTR raised and RTS
 * dropped; the unit streams fixed-size binary packets that end with 0xFE
 * (solis/microsol: 25 bytes, byte 23 the sum of bytes 0-22 mod 256).
 * Start-up sends 0xCC CR, then drops input and reads up to the next 0xFE
 * to find a packet boundary. Commands are single bytes.
 *
 * @module
 */
import type { LineTransport } from "../../src/transport/mod.ts";
import type { CommandResult, DriverContext } from "../../src/driver/types.ts";

/** Command bytes. */
export const MICROSOL_CMD = {
  /** ask the unit to keep sending */
  cont: 0xcc,
  /** power off (stay off) */
  shut: 0xdd,
  /** power off, back when the line returns */
  shutReturn: 0xde,
} as const;

/** The end-of-packet byte. */
export const RESP_END = 0xfe;
/** Packet length of solis and the microsol-common drivers. */
export const PACKET_SIZE = 25;

/** Opens the port (tests may pass their own). */
export type MicrosolPortOpener = (path: string) => Promise<LineTransport>;

/** 9600 bps, as ser_set_speed (Rhino: 19200). */
export async function openMicrosolPort(
  path: string,
  speed = 9600,
): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed });
}

/** Sum of bytes 0..n-3 mod 256 equals byte n-2 and byte n-1 is 0xFE. */
export function packetValid(p: ArrayLike<number>): boolean {
  const n = p.length;
  if (n < 3 || p[n - 1] !== RESP_END) return false;
  let sum = 0;
  for (let i = 0; i < n - 2; i++) sum += p[i]!;
  return sum % 256 === p[n - 2];
}

/** A Microsol serial line: open, synchronise, read packets, send bytes. */
export class MicrosolLink {
  line: LineTransport | null = null;
  #open: MicrosolPortOpener;
  #path: string;
  /** seconds a read waits for the next byte (NUT: 3) */
  readonly waitMs: number;

  constructor(path: string, open: MicrosolPortOpener, waitMs = 3000) {
    this.#path = path;
    this.#open = open;
    this.waitMs = waitMs;
  }

  /** upsdrv_initups: open, flush, DTR on, RTS off. */
  async open(): Promise<void> {
    if (this.line) return;
    this.line = await this.#open(this.#path);
    await this.line.flush(); // ser_set_speed drops pending input
    // NUT ignores a port without modem lines (a pty, some adapters)
    await this.line.setLines({ dtr: true, rts: false }).catch(() => {});
  }

  /** Sends bytes as they are. */
  async send(...bytes: number[]): Promise<void> {
    await this.line!.write(new Uint8Array(bytes));
  }

  /**
   * Drops pending input, then reads single bytes until 0xFE, at most
   * `limit` of them. False when no boundary was seen (NUT keeps waiting
   * 3 s for each of the `limit` bytes; we stop at the first silent wait).
   */
  async sync(limit = PACKET_SIZE * 3): Promise<boolean> {
    await this.line!.flush();
    for (let i = 0; i < limit; i++) {
      const b = await this.line!.read(this.waitMs, 1);
      if (!b.length) return false;
      if (b[0] === RESP_END) return true;
    }
    return false;
  }

  /** ser_get_buf_len: up to `n` bytes, stopping at a silent wait. */
  async read(n: number): Promise<Uint8Array> {
    const out: number[] = [];
    while (out.length < n) {
      const b = await this.line!.read(this.waitMs, n - out.length);
      if (!b.length) break;
      out.push(...b);
    }
    return new Uint8Array(out);
  }

  /** Closes the port. */
  close(): void {
    this.line?.close();
    this.line = null;
  }
}

/**
 * printf("%0W.Pf") of a double as glibc prints it: exact decimal value,
 * ties to even, NaN as "-nan"/"nan".
 */
export function cfmt(x: number, width: number, prec: number): string {
  if (Number.isNaN(x)) return "-nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const neg = x < 0 || Object.is(x, -0);
  const exact = Math.abs(x).toFixed(Math.min(100, prec + 60));
  const [ip, fp = ""] = exact.split(".");
  const keep = fp.slice(0, prec), rest = fp.slice(prec);
  let digits = BigInt(ip! + keep);
  const half = "5" + "0".repeat(Math.max(0, rest.length - 1));
  if (rest > half || (rest === half && digits % 2n === 1n)) digits += 1n;
  let s = digits.toString().padStart(prec + 1, "0");
  if (prec) s = `${s.slice(0, -prec)}.${s.slice(-prec)}`;
  const sign = neg ? "-" : "";
  return sign + s.padStart(width - sign.length, "0");
}

/**
 * upsdrv_instcmd of microsol-apc and solis: shutdown.return and
 * shutdown.stayoff send their command bytes; anything else is unknown.
 */
export async function microsolInstcmd(
  link: MicrosolLink,
  log: DriverContext["log"],
  cmd: string,
  param?: string,
): Promise<CommandResult> {
  const c = cmd.toLowerCase();
  if (c === "shutdown.return" || c === "shutdown.stayoff") {
    await link.send(
      c === "shutdown.return" ? MICROSOL_CMD.shutReturn : MICROSOL_CMD.shut,
    );
    return "handled";
  }
  log.notice(`instcmd: unknown command [${cmd}] [${param ?? "(null)"}]`);
  return "unknown";
}
