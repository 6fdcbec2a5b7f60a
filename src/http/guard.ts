/**
 * The front door of each HTTP_LISTEN address. `Deno.serve` has no header
 * timeout and no connection cap, so a client that sends half a request and
 * stalls would hold a socket forever, and enough of them would exhaust
 * upsd's file descriptors (the NUT protocol's too). The guard accepts the
 * connection itself (TLS here too), gives the first request's headers
 * {@link GuardLimits.headerMs} to arrive and {@link GuardLimits.headerBytes}
 * to fit, caps the connections, drops a connection with no bytes either way
 * for {@link GuardLimits.idleMs} (the event stream's keepalive comments keep
 * it alive), and pipes the rest to the real server on a private loopback
 * port.
 *
 * @module
 */

/** The guard's limits. */
export interface GuardLimits {
  /** Connections at once per listener; more are closed at once. */
  maxConnections: number;
  /** Time for the first request's headers to arrive. */
  headerMs: number;
  /** Size the first request's headers may have. */
  headerBytes: number;
  /** No bytes either way for this long closes the connection. */
  idleMs: number;
}

/** Defaults: generous for browsers and scrapers, small for attackers. */
export const GUARD_LIMITS: GuardLimits = {
  maxConnections: 512,
  headerMs: 10_000,
  headerBytes: 16 * 1024,
  idleMs: 60_000,
};

const encoder = new TextEncoder();
const HEADER_END = encoder.encode("\r\n\r\n");

function reply(status: string): Uint8Array {
  return encoder.encode(
    `HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
  );
}

function indexOfSeq(hay: Uint8Array, needle: Uint8Array, from: number) {
  outer: for (let i = Math.max(0, from); i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (hay[i + j] !== needle[j]) continue outer;
    }
    return i;
  }
  return -1;
}

function closeQuietly(c: { close(): void }): void {
  try {
    c.close();
  } catch {
    // already closed
  }
}

/** One guarded listener in front of the server on `upstreamPort`. */
export class ConnectionGuard {
  readonly #listener: Deno.Listener;
  readonly #upstreamPort: number;
  readonly #limits: GuardLimits;
  readonly #open = new Set<Deno.Conn>();
  /** Client address by the local port of its upstream connection. */
  readonly #peers = new Map<number, string>();
  #closed = false;
  #loop: Promise<void>;

  constructor(
    listener: Deno.Listener,
    upstreamPort: number,
    limits: GuardLimits = GUARD_LIMITS,
  ) {
    this.#listener = listener;
    this.#upstreamPort = upstreamPort;
    this.#limits = limits;
    this.#loop = this.#accept();
  }

  /** The address clients reach. */
  get addr(): Deno.NetAddr {
    return this.#listener.addr as Deno.NetAddr;
  }

  /**
   * The client behind an upstream connection, from the port the real
   * server sees as its peer's.
   */
  peerOf(upstreamPort: number): string | undefined {
    return this.#peers.get(upstreamPort);
  }

  /** Client connections open now. */
  get size(): number {
    return this.#open.size;
  }

  async #accept(): Promise<void> {
    while (!this.#closed) {
      let conn: Deno.Conn;
      try {
        conn = await this.#listener.accept();
      } catch {
        if (this.#closed) return;
        continue; // e.g. EMFILE: try the next one
      }
      if (this.#open.size >= this.#limits.maxConnections) {
        closeQuietly(conn);
        continue;
      }
      this.#open.add(conn);
      void this.#serve(conn).finally(() => {
        this.#open.delete(conn);
        closeQuietly(conn);
      });
    }
  }

  async #serve(client: Deno.Conn): Promise<void> {
    const { headerMs, headerBytes, idleMs } = this.#limits;
    // First request: its headers within the deadline and the size limit.
    let head = new Uint8Array(0);
    const deadline = setTimeout(() => closeQuietly(client), headerMs);
    try {
      const buf = new Uint8Array(4096);
      let end = -1;
      while (end < 0) {
        const n = await client.read(buf);
        if (n === null) return;
        const next = new Uint8Array(head.length + n);
        next.set(head);
        next.set(buf.subarray(0, n), head.length);
        end = indexOfSeq(next, HEADER_END, head.length - 3);
        head = next;
        if ((end < 0 ? head.length : end) > headerBytes) {
          await client.write(reply("431 Request Header Fields Too Large"));
          return;
        }
      }
    } catch {
      // closed by the deadline, or a TLS handshake that failed
      await client.write(reply("408 Request Timeout")).catch(() => {});
      return;
    } finally {
      clearTimeout(deadline);
    }
    let upstream: Deno.Conn;
    try {
      upstream = await Deno.connect({
        hostname: "127.0.0.1",
        port: this.#upstreamPort,
      });
    } catch {
      await client.write(reply("503 Service Unavailable")).catch(() => {});
      return;
    }
    // Replies go out as written: no Nagle wait on either leg.
    noDelay(client);
    noDelay(upstream);
    const localPort = (upstream.localAddr as Deno.NetAddr).port;
    this.#peers.set(localPort, (client.remoteAddr as Deno.NetAddr).hostname);
    let last = Date.now();
    const idle = setInterval(() => {
      if (Date.now() - last > idleMs) {
        closeQuietly(client);
        closeQuietly(upstream);
      }
    }, Math.max(50, idleMs / 4));
    try {
      await writeAll(upstream, head);
      const up = pipe(client, upstream, () => last = Date.now())
        .then(() => upstream.closeWrite().catch(() => {}));
      const down = pipe(upstream, client, () => last = Date.now())
        .finally(() => {
          closeQuietly(client);
          closeQuietly(upstream);
        });
      await Promise.allSettled([up, down]);
    } finally {
      clearInterval(idle);
      this.#peers.delete(localPort);
      closeQuietly(upstream);
    }
  }

  /** Stops accepting and closes every client connection. */
  async close(): Promise<void> {
    this.#closed = true;
    closeQuietly(this.#listener);
    for (const c of [...this.#open]) closeQuietly(c);
    await this.#loop;
  }
}

function noDelay(c: Deno.Conn): void {
  try {
    (c as Deno.TcpConn).setNoDelay?.(true);
  } catch {
    // not a TCP socket (TLS wraps one): nothing to set
  }
}

async function writeAll(to: Deno.Conn, bytes: Uint8Array): Promise<void> {
  let off = 0;
  while (off < bytes.length) off += await to.write(bytes.subarray(off));
}

/** Copies until EOF or an error; `seen` is called on every chunk. */
async function pipe(
  from: Deno.Conn,
  to: Deno.Conn,
  seen: () => void,
): Promise<void> {
  const buf = new Uint8Array(16 * 1024);
  try {
    while (true) {
      const n = await from.read(buf);
      if (n === null) return;
      seen();
      await writeAll(to, buf.subarray(0, n));
      seen();
    }
  } catch {
    // either side went away
  }
}
