/**
 * A real serial port through FFI to libc termios (npm:serialport cannot do
 * I/O under Deno). Needs --allow-ffi (and --allow-read for the port checks).
 * Reads poll(2) on a worker thread, so a deadline never blocks the loop.
 *
 * @module
 */
import {
  type LineTransport,
  type ModemLines,
  PortLostError,
  PortOpenError,
  type SerialSettings,
} from "./mod.ts";

// x86_64/aarch64 Linux values
const O_RDWR = 0o2;
const O_NOCTTY = 0o400;
const O_NONBLOCK = 0o4000;
const TCSANOW = 0;
const TCIFLUSH = 0;
const TIOCMGET = 0x5415;
const TIOCMBIS = 0x5416;
const TIOCMBIC = 0x5417;
const TIOCM = {
  dtr: 0x002,
  rts: 0x004,
  cts: 0x020,
  dcd: 0x040,
  rng: 0x080,
  dsr: 0x100,
};
const POLLIN = 0x001;
const EAGAIN = 11;
/**
 * errno values that mean the port is really gone. errno is read by a second
 * FFI call after read(), so the runtime may have overwritten it in between:
 * any other value is treated as "try again" rather than as a lost port (a
 * port that is truly dead then shows as no answer, and the data goes stale).
 */
const PORT_GONE_ERRNO = new Set([
  5, /* EIO */
  6, /* ENXIO */
  9, /* EBADF */
  19, /* ENODEV */
]);
const EINTR = 4;
const TERMIOS_SIZE = 60;
const CFLAG_OFFSET = 8;
const CC_OFFSET = 17;
const VTIME = 5;
const VMIN = 6;
const CSIZE = 0o60;
const CS7 = 0o40;
const CS8 = 0o60;
const CSTOPB = 0o100;
const CREAD = 0o200;
const PARENB = 0o400;
const PARODD = 0o1000;
const CLOCAL = 0o4000;
const CRTSCTS = 0o20000000000;

/** termios speed_t codes. */
const BAUD: Record<number, number> = {
  50: 0o1,
  75: 0o2,
  110: 0o3,
  134: 0o4,
  150: 0o5,
  200: 0o6,
  300: 0o7,
  600: 0o10,
  1200: 0o11,
  1800: 0o12,
  2400: 0o13,
  4800: 0o14,
  9600: 0o15,
  19200: 0o16,
  38400: 0o17,
  57600: 0o10001,
  115200: 0o10002,
};

const SYMBOLS = {
  open: { parameters: ["buffer", "i32"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  poll: {
    parameters: ["buffer", "u64", "i32"],
    result: "i32",
    nonblocking: true,
  },
  tcgetattr: { parameters: ["i32", "buffer"], result: "i32" },
  tcsetattr: { parameters: ["i32", "i32", "buffer"], result: "i32" },
  cfmakeraw: { parameters: ["buffer"], result: "void" },
  cfsetspeed: { parameters: ["buffer", "u32"], result: "i32" },
  tcflush: { parameters: ["i32", "i32"], result: "i32" },
  tcsendbreak: { parameters: ["i32", "i32"], result: "i32" },
  ioctl: { parameters: ["i32", "u64", "buffer"], result: "i32" },
  __errno_location: { parameters: [], result: "pointer" },
  strerror: { parameters: ["i32"], result: "pointer" },
  posix_openpt: { parameters: ["i32"], result: "i32" },
  grantpt: { parameters: ["i32"], result: "i32" },
  unlockpt: { parameters: ["i32"], result: "i32" },
  ptsname: { parameters: ["i32"], result: "pointer" },
} as const;

type Libc = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];
let libc: Libc | undefined;

/** The libc symbols (opened once). */
export function libcSymbols(): Libc {
  if (!libc) libc = Deno.dlopen("libc.so.6", SYMBOLS).symbols;
  return libc;
}

/** errno of the last synchronous libc call on this thread. */
export function errno(): number {
  const p = libcSymbols().__errno_location();
  return p ? new Deno.UnsafePointerView(p).getInt32() : 0;
}

/** strerror(n). */
export function strerror(n: number): string {
  const p = libcSymbols().strerror(n);
  return p ? new Deno.UnsafePointerView(p).getCString() : `errno ${n}`;
}

function cstr(s: string): Uint8Array {
  return new TextEncoder().encode(s + "\0");
}

/**
 * A transport over an open file descriptor in non-blocking mode (a tty or a
 * pty master). Reads wait in poll(2) off the main thread.
 */
export class FdTransport implements LineTransport {
  #fd: number;
  #closed = false;
  readonly path: string;

  constructor(fd: number, path: string) {
    this.#fd = fd;
    this.path = path;
  }

  get fd(): number {
    return this.#fd;
  }

  async write(data: Uint8Array | string): Promise<void> {
    let bytes = typeof data === "string"
      ? Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff)
      : data;
    const c = libcSymbols();
    while (bytes.length > 0) {
      if (this.#closed) throw new PortLostError("port closed");
      const buf = new Uint8Array(bytes);
      const n = Number(c.write(this.#fd, buf, BigInt(buf.length)));
      if (n < 0) {
        const e = errno();
        if (e === EAGAIN || e === EINTR) {
          await this.#poll(0x004, 100);
          continue;
        }
        throw new PortLostError(`write failed: ${strerror(e)}`);
      }
      bytes = bytes.subarray(n);
    }
  }

  async #poll(events: number, timeoutMs: number): Promise<number> {
    const pfd = new Uint8Array(8);
    const view = new DataView(pfd.buffer);
    view.setInt32(0, this.#fd, true);
    view.setInt16(4, events, true);
    const r = await libcSymbols().poll(
      pfd,
      1n,
      Math.max(0, Math.ceil(timeoutMs)),
    );
    if (r <= 0) return 0;
    return view.getInt16(6, true);
  }

  /**
   * Bytes that arrive before the deadline. The tty has VMIN=1/VTIME=0 and
   * O_NONBLOCK, so an empty queue gives EAGAIN and the wait happens in
   * poll(2) on a worker thread: data wakes it at once, nothing spins.
   */
  async read(timeoutMs: number, max = 4096): Promise<Uint8Array> {
    const end = Date.now() + timeoutMs;
    const c = libcSymbols();
    while (true) {
      if (this.#closed) throw new PortLostError("port closed");
      const buf = new Uint8Array(max);
      const n = Number(c.read(this.#fd, buf, BigInt(max)));
      if (n > 0) return buf.subarray(0, n);
      const left = end - Date.now();
      if (n === 0) {
        // hung up (or a VMIN=0 tty set by someone else): poll() would
        // return at once, so wait a little instead of spinning
        if (left <= 0) return new Uint8Array();
        await new Promise((r) => setTimeout(r, Math.min(left, 20)));
        continue;
      }
      const e = errno();
      if (PORT_GONE_ERRNO.has(e)) {
        throw new PortLostError(`read failed: ${strerror(e)}`);
      }
      if (left <= 0) return new Uint8Array();
      // wake at least every 250 ms so close() is noticed
      const rev = await this.#poll(POLLIN, Math.min(left, 250));
      if (rev & ~POLLIN && !(rev & POLLIN)) {
        // POLLHUP/POLLERR without data: read() reports an error next turn;
        // if it only says EAGAIN again, do not spin on poll()
        const m = Number(c.read(this.#fd, buf, BigInt(max)));
        if (m > 0) return buf.subarray(0, m);
        const e2 = m < 0 ? errno() : EAGAIN;
        if (PORT_GONE_ERRNO.has(e2)) {
          throw new PortLostError(`read failed: ${strerror(e2)}`);
        }
        const l2 = end - Date.now();
        if (l2 <= 0) return new Uint8Array();
        await new Promise((r) => setTimeout(r, Math.min(l2, 20)));
      }
    }
  }

  flush(): Promise<void> {
    libcSymbols().tcflush(this.#fd, TCIFLUSH);
    // also drain what a pty already queued
    const buf = new Uint8Array(4096);
    while (Number(libcSymbols().read(this.#fd, buf, 4096n)) > 0) { /* drop */ }
    return Promise.resolve();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    libcSymbols().close(this.#fd);
  }

  setLines(lines: { dtr?: boolean; rts?: boolean }): Promise<void> {
    const c = libcSymbols();
    let set = 0, clear = 0;
    if (lines.dtr !== undefined) {
      lines.dtr ? (set |= TIOCM.dtr) : (clear |= TIOCM.dtr);
    }
    if (lines.rts !== undefined) {
      lines.rts ? (set |= TIOCM.rts) : (clear |= TIOCM.rts);
    }
    for (const [req, bits] of [[TIOCMBIS, set], [TIOCMBIC, clear]] as const) {
      if (!bits) continue;
      const arg = new Int32Array([bits]);
      if (c.ioctl(this.#fd, BigInt(req), new Uint8Array(arg.buffer)) < 0) {
        return Promise.reject(
          new PortLostError(`ioctl(TIOCM) failed: ${strerror(errno())}`),
        );
      }
    }
    return Promise.resolve();
  }

  getLines(): Promise<ModemLines> {
    const arg = new Int32Array(1);
    if (
      libcSymbols().ioctl(
        this.#fd,
        BigInt(TIOCMGET),
        new Uint8Array(arg.buffer),
      ) < 0
    ) {
      return Promise.reject(
        new PortLostError(`ioctl(TIOCMGET) failed: ${strerror(errno())}`),
      );
    }
    const v = arg[0]!;
    return Promise.resolve({
      dtr: !!(v & TIOCM.dtr),
      rts: !!(v & TIOCM.rts),
      cts: !!(v & TIOCM.cts),
      dcd: !!(v & TIOCM.dcd),
      rng: !!(v & TIOCM.rng),
      dsr: !!(v & TIOCM.dsr),
    });
  }

  async sendBreak(ms: number): Promise<void> {
    libcSymbols().tcsendbreak(this.#fd, 0);
    await new Promise((r) => setTimeout(r, Math.max(0, ms - 250)));
  }
}

/** Sets raw mode and line settings on a tty fd (ser_set_speed). */
export function configureTty(fd: number, settings: SerialSettings): void {
  const c = libcSymbols();
  const t = new Uint8Array(TERMIOS_SIZE);
  if (c.tcgetattr(fd, t) < 0) {
    throw new PortOpenError(
      `tcgetattr: ${strerror(errno())}`,
      "",
    );
  }
  c.cfmakeraw(t);
  const view = new DataView(t.buffer);
  let cflag = view.getUint32(CFLAG_OFFSET, true);
  cflag &= ~(CSIZE | PARENB | PARODD | CSTOPB | CRTSCTS);
  cflag |= (settings.dataBits === 7 ? CS7 : CS8) | CREAD | CLOCAL;
  if (settings.parity === "even") cflag |= PARENB;
  if (settings.parity === "odd") cflag |= PARENB | PARODD;
  if (settings.stopBits === 2) cflag |= CSTOPB;
  view.setUint32(CFLAG_OFFSET, cflag >>> 0, true);
  // VMIN=1, VTIME=0: with O_NONBLOCK an empty queue reads as EAGAIN (not
  // 0), so FdTransport.read waits in poll() instead of sleeping
  t[CC_OFFSET + VMIN] = 1;
  t[CC_OFFSET + VTIME] = 0;
  const code = BAUD[settings.speed];
  if (code === undefined) {
    throw new PortOpenError(`Unsupported speed ${settings.speed}`, "");
  }
  c.cfsetspeed(t, code);
  if (c.tcsetattr(fd, TCSANOW, t) < 0) {
    throw new PortOpenError(`tcsetattr: ${strerror(errno())}`, "");
  }
}

/** NUT's ser_open_error text for a port that cannot be opened. */
export function openErrorDetails(port: string, err: string): string {
  const lines = ["", `Unable to open ${port}: ${err}`, ""];
  let st: Deno.FileInfo | undefined;
  try {
    st = Deno.statSync(port);
  } catch {
    st = undefined;
  }
  if (!st) {
    lines.push(
      "Things to try:",
      "",
      " - Check 'port=' in ups.conf",
      "",
      " - Check owner/permissions of all parts of path",
      "",
    );
    return lines.join("\n");
  }
  const uid = safeUid();
  lines.push(
    `  Current user id: ${userName(uid)} (${uid})`,
    `Serial port owner: ${userName(st.uid ?? 0)} (${st.uid})`,
    `Serial port group: ${groupName(st.gid ?? 0)} (${st.gid})`,
    `     Mode of port: ${
      ((st.mode ?? 0) & 0o7777).toString(8).padStart(4, "0")
    }`,
    "",
    "Things to try:",
    "",
    " - Use another port (with the right permissions)",
    "",
    " - Fix the port owner/group or permissions on this port",
    "",
    " - Run this driver as another user (upsdrvctl -u or 'user=...' in ups.conf).",
    "   See upsdrvctl(8) and ups.conf(5).",
    "",
  );
  return lines.join("\n");
}

function safeUid(): number {
  try {
    return Deno.uid() ?? 0;
  } catch {
    return 0;
  }
}

function lookup(file: string, id: number): string {
  try {
    for (const line of Deno.readTextFileSync(file).split("\n")) {
      const f = line.split(":");
      if (f[2] === String(id)) return f[0]!;
    }
  } catch {
    // unreadable: fall back to the number
  }
  return String(id);
}

function userName(uid: number): string {
  return lookup("/etc/passwd", uid);
}

function groupName(gid: number): string {
  return lookup("/etc/group", gid);
}

/** Opens and configures a serial port (ser_open + ser_set_speed). */
export function openSerial(
  port: string,
  settings: SerialSettings,
): FdTransport {
  const c = libcSymbols();
  const fd = c.open(cstr(port), O_RDWR | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    const msg = strerror(errno());
    throw new PortOpenError(
      `Unable to open ${port}: ${msg}`,
      openErrorDetails(port, msg),
    );
  }
  try {
    configureTty(fd, settings);
  } catch (e) {
    c.close(fd);
    throw e;
  }
  return new FdTransport(fd, port);
}
