/**
 * Eaton serial scan (scan_eaton_serial.c, `-E`), Q1 step only: open each
 * port at 2400 baud 8N1, DTR on / RTS off, send `Q1\r` up to three times
 * and accept a reply of at least 46 bytes starting with `(` as a
 * blazer_ser device. The SHUT (mge-shut) and XCP (bcmxcp) probes NUT tries
 * first are not done: we ship neither driver.
 *
 * @module
 */
import type { LineTransport } from "../transport/mod.ts";
import { fromLatin1, readUntil } from "../transport/mod.ts";
import type { ScanDevice } from "./device.ts";

/** NUT's message for a bad `-E` range. */
export const ERR_OUT_OF_BOUND =
  "Serial port range out of bound (must be 0 to 9 or a to z depending on your system)";

/** Linux port name patterns and their `auto` ranges (nutscan-serial.c). */
const PORT_PATTERNS: ReadonlyArray<readonly [string, string, string]> = [
  ["/dev/ttyS", "0", "9"],
  ["/dev/ttyUSB", "0", "9"],
];

function charRange(prefix: string, from: string, to: string): string[] {
  const out: string[] = [];
  for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c++) {
    out.push(prefix + String.fromCharCode(c));
  }
  return out;
}

/**
 * The ports of an `-E` argument as nutscan_get_serial_ports_list reads it:
 * `auto`, a port character (`0` → /dev/ttyS0 and /dev/ttyUSB0), a range
 * `0-1`, a full path, or a comma list of paths. Throws
 * ERR_OUT_OF_BOUND for a malformed range.
 */
export function serialPortsList(spec: string | undefined): string[] {
  if (spec === undefined || spec.startsWith("auto")) {
    return PORT_PATTERNS.flatMap(([p, a, b]) => charRange(p, a, b));
  }
  // a path is taken as given even when it holds a '-' (NUT would read
  // "/dev/serial/by-id/usb-..." as a bad range)
  if (spec.includes("/")) return spec.split(",").filter((t) => t !== "");
  let start: string | undefined;
  let stop: string | undefined;
  if (spec.includes("-")) {
    const toks = spec.split("-").filter((t) => t !== "");
    if (toks.length === 0 || toks[0]!.length !== 1) {
      throw new Error(ERR_OUT_OF_BOUND);
    }
    start = toks[0]!;
    if (toks[1] !== undefined && toks[1].length !== 1) {
      throw new Error(ERR_OUT_OF_BOUND);
    }
    stop = toks[1] ?? start;
  } else if (spec.length > 1) {
    return [spec];
  } else {
    start = stop = spec;
  }
  return PORT_PATTERNS.flatMap(([p]) => charRange(p, start!, stop!));
}

/** Opens a port for the probe (2400 8N1); throws when it cannot. */
export type SerialOpener = (port: string) => Promise<LineTransport>;

/** Options of the Q1 probe. */
export interface Q1ProbeOptions {
  /** Attempts (NUT's MAXTRIES). */
  tries?: number;
  /** Wait for each reply (NUT's SER_WAIT_SEC). */
  replyMs?: number;
  /** Settle time after setting DTR/RTS. */
  settleMs?: number;
}

/** True when `reply` is a Q1 status line as NUT's scanner accepts it. */
export function isQ1Reply(reply: string): boolean {
  return reply.length >= 46 && reply.startsWith("(");
}

/** Sends Q1 on an open port; true when a Megatec/Q1 UPS answered. */
export async function probeQ1(
  t: LineTransport,
  opts: Q1ProbeOptions = {},
): Promise<boolean> {
  try {
    await t.setLines({ dtr: true, rts: false });
  } catch {
    // no modem lines (a pty): NUT ignores ser_set_dtr/rts failures too
  }
  await new Promise((r) => setTimeout(r, opts.settleMs ?? 100));
  for (let i = 0; i < (opts.tries ?? 3); i++) {
    await t.flush();
    await t.write("Q1\r");
    const got = await readUntil(t, 13, opts.replyMs ?? 1000, 128);
    if (isQ1Reply(fromLatin1(got.data))) return true;
  }
  return false;
}

/** The real opener: FFI termios at 2400 baud. */
export async function openSerialPort(port: string): Promise<LineTransport> {
  const { openSerial } = await import("../transport/serial.ts");
  return openSerial(port, { speed: 2400 });
}

/** Probes every port at once; ports that cannot be opened are skipped. */
export async function scanEatonSerial(
  ports: readonly string[],
  open: SerialOpener = openSerialPort,
  opts: Q1ProbeOptions = {},
): Promise<ScanDevice[]> {
  const found = await Promise.all(ports.map(async (port) => {
    const device: ScanDevice = {
      bus: "serial",
      driver: "blazer_ser",
      port,
      options: [],
    };
    let t: LineTransport;
    try {
      t = await open(port);
    } catch {
      return undefined;
    }
    try {
      if (await probeQ1(t, opts)) return device;
    } catch {
      // port went away mid-probe: nothing found there
    } finally {
      t.close();
    }
    return undefined;
  }));
  return found.filter((d): d is ScanDevice => d !== undefined);
}
