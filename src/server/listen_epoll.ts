/**
 * upsd's default client listener (without CERTFILE) that bypasses Deno's per-operation socket
 * machinery: sockets, accept, recv and send are direct libc calls through
 * FFI, readiness comes from one epoll set. Only the wait for readiness
 * leaves the main thread (a `nonblocking` FFI call), so one wake-up serves
 * every ready client, as NUT's poll() loop does, instead of one promise per
 * read and per write. Needs --allow-ffi; plain TCP only (no STARTTLS), and
 * LISTEN addresses must be IP literals (see `epollUsable`).
 *
 * @module
 */
import type { ListenAddress } from "../config/upsd_conf.ts";
import type { ClientConnection } from "./connection.ts";
import type { ConnectionHost } from "./listen.ts";
import { parseIp, peerName, sockaddr } from "./sockaddr.ts";

// Linux x86_64 ABI constants
const AF_INET = 2;
const AF_INET6 = 10;
const SOCK_STREAM_NB_CLOEXEC = 1 | 0o4000 | 0o2000000;
const SOL_SOCKET = 1;
const SO_REUSEADDR = 2;
const IPPROTO_TCP = 6;
const TCP_NODELAY = 1;
const EPOLLIN = 1;
const EPOLLOUT = 4;
const EPOLL_CTL_ADD = 1;
const EPOLL_CTL_DEL = 2;
const EPOLL_CTL_MOD = 3;
const MSG_DONTWAIT = 0x40;
const MSG_NOSIGNAL = 0x4000;
const EAGAIN = 11;
const EINTR = 4;
const MAX_EVENTS = 512;
/** epoll_event is packed on x86_64: u32 events, u64 data. */
const EVENT_SIZE = 12;
const READ_SIZE = 4096;
/** Longest stretch (ms) served without yielding to the event loop. */
const BUSY_MS = 4;

const SYMBOLS = {
  socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
  setsockopt: {
    parameters: ["i32", "i32", "i32", "buffer", "u32"],
    result: "i32",
  },
  bind: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  listen: { parameters: ["i32", "i32"], result: "i32" },
  getsockname: { parameters: ["i32", "buffer", "buffer"], result: "i32" },
  accept4: { parameters: ["i32", "buffer", "buffer", "i32"], result: "i32" },
  // ssize_t results read as i32 (no BigInt per call): lengths stay < 2 GiB
  recv: { parameters: ["i32", "buffer", "usize", "i32"], result: "i32" },
  send: { parameters: ["i32", "buffer", "usize", "i32"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  eventfd: { parameters: ["u32", "i32"], result: "i32" },
  write: { parameters: ["i32", "buffer", "usize"], result: "i32" },
  epoll_create1: { parameters: ["i32"], result: "i32" },
  epoll_ctl: { parameters: ["i32", "i32", "i32", "buffer"], result: "i32" },
  epoll_wait: {
    parameters: ["i32", "buffer", "i32", "i32"],
    result: "i32",
  },
  epoll_wait_nb: {
    name: "epoll_wait",
    parameters: ["i32", "buffer", "i32", "i32"],
    result: "i32",
    nonblocking: true,
  },
  __errno_location: { parameters: [], result: "pointer" },
} as const;

type Libc = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];

/** True if every address is an IP literal this listener can bind. */
export function epollUsable(addrs: readonly ListenAddress[]): boolean {
  // the 12-byte epoll_event layout below is x86_64's (packed)
  return Deno.build.os === "linux" && Deno.build.arch === "x86_64" &&
    addrs.every((a) => parseIp(a.addr) !== undefined);
}

/** One accepted client. */
interface Client {
  fd: number;
  c: ClientConnection;
  /** Reply bytes not yet accepted by the kernel. */
  pending: Uint8Array | undefined;
  /** Close once `pending` is flushed (LOGOUT). */
  closeAfter: boolean;
  /** Registered for EPOLLOUT instead of EPOLLIN. */
  waitingOut: boolean;
  /** A password hash is being checked off-thread: not read meanwhile. */
  checking: boolean;
  open: boolean;
}

/** Listeners and clients on one epoll set (same surface as Listeners). */
export class EpollListeners {
  #host: ConnectionHost;
  #lib: Deno.DynamicLibrary<typeof SYMBOLS>;
  #libc: Libc;
  #ep: number;
  #wake: number;
  #listenFds = new Set<number>();
  #clients = new Map<number, Client>();
  #events = new Uint8Array(MAX_EVENTS * EVENT_SIZE);
  #view = new DataView(this.#events.buffer);
  #ev = new Uint8Array(EVENT_SIZE);
  #evView = new DataView(this.#ev.buffer);
  #buf = new Uint8Array(READ_SIZE);
  #addr = new Uint8Array(28);
  #addrLen = new Uint32Array(1);
  #loop: Promise<void> | undefined;
  #stopping = false;
  /** Addresses actually bound, in LISTEN order. */
  readonly bound: ListenAddress[] = [];

  constructor(host: ConnectionHost) {
    this.#host = host;
    this.#lib = Deno.dlopen("libc.so.6", SYMBOLS);
    this.#libc = this.#lib.symbols;
    this.#ep = this.#libc.epoll_create1(0o2000000);
    this.#wake = this.#libc.eventfd(0, 0o4000 | 0o2000000);
    if (this.#ep < 0 || this.#wake < 0) throw new Error("epoll unavailable");
    this.#ctl(EPOLL_CTL_ADD, this.#wake, EPOLLIN);
  }

  #errno(): number {
    const p = this.#libc.__errno_location();
    return p === null ? 0 : new Deno.UnsafePointerView(p).getInt32();
  }

  #ctl(op: number, fd: number, events: number): void {
    this.#evView.setUint32(0, events, true);
    this.#evView.setUint32(4, fd, true);
    this.#evView.setUint32(8, 0, true);
    this.#libc.epoll_ctl(this.#ep, op, fd, this.#ev);
  }

  /** Binds every address; only a failure of the first one is fatal. */
  bind(addrs: readonly ListenAddress[]): void {
    addrs.forEach((a, i) => {
      const fd = this.#bindOne(a);
      if (fd >= 0) {
        this.#listenFds.add(fd);
        this.#host.log.info(
          `listening on ${a.addr} port ${this.bound.at(-1)!.port}`,
        );
        return;
      }
      this.#host.log.error(`not listening on ${a.addr} port ${a.port}`);
      if (i === 0) {
        throw new Error(
          `no listening interface available (${a.addr} port ${a.port})`,
        );
      }
    });
  }

  #bindOne(a: ListenAddress): number {
    const ip = parseIp(a.addr)!;
    const l = this.#libc;
    const fd = l.socket(
      ip.length === 4 ? AF_INET : AF_INET6,
      SOCK_STREAM_NB_CLOEXEC,
      0,
    );
    if (fd < 0) return -1;
    const one = new Int32Array([1]);
    l.setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, new Uint8Array(one.buffer), 4);
    const sa = sockaddr(ip, a.port);
    if (l.bind(fd, sa, sa.length) !== 0 || l.listen(fd, 4096) !== 0) {
      l.close(fd);
      return -1;
    }
    const len = new Uint32Array([sa.length]);
    l.getsockname(fd, sa, new Uint8Array(len.buffer));
    this.bound.push({ addr: a.addr, port: (sa[2]! << 8) | sa[3]! });
    return fd;
  }

  /** Starts accepting and serving. */
  start(): void {
    for (const fd of this.#listenFds) this.#ctl(EPOLL_CTL_ADD, fd, EPOLLIN);
    this.#loop = this.#run();
  }

  async #run(): Promise<void> {
    const l = this.#libc;
    while (!this.#stopping) {
      // the idle wait runs off the main thread, so timers, driver sockets
      // and other tasks keep running; one wake-up serves every ready client
      let n = await l.epoll_wait_nb(this.#ep, this.#events, MAX_EVENTS, -1);
      // Busy: keep serving on this thread (short blocking waits, no thread
      // hop per batch) for at most BUSY_MS before the event loop's turn.
      // A batch that sent a command to a driver ends it at once: the line
      // is written, and the driver's answer taken in, only by the event
      // loop (NUT's one poll() sees clients and drivers alike).
      const until = performance.now() + BUSY_MS;
      while (n > 0) {
        const sent = this.#host.driverWrites?.();
        this.#dispatch(n);
        if (this.#stopping || performance.now() >= until) break;
        if (this.#host.driverWrites?.() !== sent) break;
        n = l.epoll_wait(this.#ep, this.#events, MAX_EVENTS, 1);
      }
    }
  }

  #dispatch(n: number): void {
    const v = this.#view;
    for (let i = 0; i < n; i++) {
      const events = v.getUint32(i * EVENT_SIZE, true);
      const fd = v.getUint32(i * EVENT_SIZE + 4, true);
      if (fd === this.#wake) continue;
      if (this.#listenFds.has(fd)) {
        this.#accept(fd);
        continue;
      }
      const cl = this.#clients.get(fd);
      if (cl === undefined) continue;
      if (cl.pending !== undefined) {
        if (events & ~EPOLLIN) this.#flush(cl);
      } else if (!cl.checking) this.#read(cl);
    }
  }

  #accept(lfd: number): void {
    const l = this.#libc;
    const host = this.#host;
    for (let k = 0; k < 64; k++) {
      this.#addrLen[0] = 28;
      const fd = l.accept4(
        lfd,
        this.#addr,
        new Uint8Array(this.#addrLen.buffer),
        0o4000 | 0o2000000,
      );
      if (fd < 0) return; // EAGAIN, or EMFILE: retried on the next event
      const one = new Int32Array([1]);
      l.setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, new Uint8Array(one.buffer), 4);
      const c = host.open(peerName(this.#addr));
      if (c === undefined) {
        l.close(fd);
        continue;
      }
      const cl: Client = {
        fd,
        c,
        pending: undefined,
        closeAfter: false,
        waitingOut: false,
        checking: false,
        open: true,
      };
      c.close = () => this.#drop(cl);
      this.#clients.set(fd, cl);
      this.#ctl(EPOLL_CTL_ADD, fd, EPOLLIN);
    }
  }

  #read(cl: Client): void {
    const r = Number(
      this.#libc.recv(cl.fd, this.#buf, size(READ_SIZE), MSG_DONTWAIT),
    );
    if (r < 0) {
      const e = this.#errno();
      if (e !== EAGAIN && e !== EINTR) this.#drop(cl);
      return;
    }
    if (r === 0) return this.#drop(cl);
    const c = cl.c;
    const out = c.feedBytes(this.#buf, r, this.#host.now());
    if (!cl.open) return; // closed while handling (e.g. by the server)
    const s = c.session;
    if (s.startTls) {
      // no TLS on this path: the client would expect a handshake
      this.#host.log.warn("STARTTLS is not available with the epoll listener");
      return this.#drop(cl);
    }
    cl.closeAfter = s.closing;
    if (out !== undefined) {
      cl.pending = out;
      this.#flush(cl);
    } else if (cl.closeAfter) return this.#drop(cl);
    if (cl.open && c.pending) this.#awaitCheck(cl);
  }

  /**
   * A password hash is being checked off-thread (connection.ts `pending`):
   * this client is not read until it settles, then what follows is written,
   * in order, as listen.ts does.
   */
  #awaitCheck(cl: Client): void {
    cl.checking = true;
    if (!cl.waitingOut) this.#ctl(EPOLL_CTL_MOD, cl.fd, 0);
    void cl.c.pending!.then(() => {
      if (!cl.open) return;
      const more = cl.c.resumeBytes(this.#host.now());
      cl.closeAfter = cl.c.session.closing;
      if (more !== undefined) {
        const held = cl.pending;
        if (held === undefined) cl.pending = more;
        else {
          const both = new Uint8Array(held.length + more.length);
          both.set(held);
          both.set(more, held.length);
          cl.pending = both;
        }
      }
      const again = cl.c.pending !== undefined;
      cl.checking = again;
      if (cl.pending !== undefined) {
        if (!cl.waitingOut) this.#flush(cl);
      } else if (cl.closeAfter && !again) return this.#drop(cl);
      if (!cl.open) return;
      if (again) this.#awaitCheck(cl);
      else if (!cl.waitingOut && cl.pending === undefined) {
        this.#ctl(EPOLL_CTL_MOD, cl.fd, EPOLLIN);
      }
    });
  }

  /** Sends what is pending; waits for EPOLLOUT on a short write. */
  #flush(cl: Client): void {
    const p = cl.pending!;
    const w = Number(
      this.#libc.send(cl.fd, p, size(p.length), MSG_DONTWAIT | MSG_NOSIGNAL),
    );
    if (w < 0) {
      const e = this.#errno();
      if (e !== EAGAIN && e !== EINTR) return this.#drop(cl);
    }
    const done = Math.max(w, 0);
    if (done >= p.length) {
      cl.pending = undefined;
      if (cl.closeAfter) return this.#drop(cl);
      if (cl.waitingOut) {
        cl.waitingOut = false;
        this.#ctl(EPOLL_CTL_MOD, cl.fd, cl.checking ? 0 : EPOLLIN);
      }
      return;
    }
    cl.pending = p.subarray(done);
    if (!cl.waitingOut) {
      // stop reading until the peer takes its replies (as an awaited write)
      cl.waitingOut = true;
      this.#ctl(EPOLL_CTL_MOD, cl.fd, EPOLLOUT);
    }
  }

  #drop(cl: Client): void {
    if (!cl.open) return;
    cl.open = false;
    this.#clients.delete(cl.fd);
    this.#ctl(EPOLL_CTL_DEL, cl.fd, 0);
    this.#libc.close(cl.fd);
    this.#host.closed(cl.c);
    this.#maybeStop();
  }

  /** Closes listeners (not connections). */
  closeListeners(): void {
    for (const fd of this.#listenFds) {
      this.#ctl(EPOLL_CTL_DEL, fd, 0);
      this.#libc.close(fd);
    }
    this.#listenFds.clear();
    this.#maybeStop();
  }

  #maybeStop(): void {
    if (this.#listenFds.size || this.#clients.size || this.#stopping) return;
    this.#stopping = true;
    const one = new BigUint64Array([1n]);
    this.#libc.write(this.#wake, new Uint8Array(one.buffer), size(8));
  }

  /** Waits for the loop to end, then releases the epoll set. */
  async settled(): Promise<void> {
    this.#maybeStop();
    if (this.#loop) await this.#loop;
    this.#libc.close(this.#ep);
    this.#libc.close(this.#wake);
    this.#lib.close();
  }
}

/** A size_t argument: Deno takes a number for it, no BigInt needed. */
function size(n: number): bigint {
  return n as unknown as bigint;
}
