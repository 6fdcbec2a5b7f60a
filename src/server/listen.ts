/**
 * The only socket code of upsd's client side: TCP listeners (Deno.listen),
 * one read loop per connection with whole-reply writes and TCP_NODELAY,
 * and the STARTTLS upgrade through node:tls for the connections that ask.
 *
 * @module
 */
import type { ListenAddress } from "../config/upsd_conf.ts";
import type { Logger } from "../log.ts";
import type { ClientConnection } from "./connection.ts";
import type { ServerTls } from "./tls_context.ts";

const latin1 = new TextDecoder("latin1");
/**
 * Bytes per read. Each connection starts with a small buffer (RSS stays low
 * with thousands of idle clients) and moves to the large one the first time
 * a read fills it (a pipelining client).
 */
const FIRST_READ_SIZE = 512;
const READ_SIZE = 4096;
/** Pause a TLS client that does not read its replies past this much. */
const TLS_HIGH_WATER = 1 << 20;

/** What the listener needs from the server. */
export interface ConnectionHost {
  /** A connection for a new peer, or undefined to refuse it (MAXCONN). */
  open(addr: string): ClientConnection | undefined;
  /** The peer is gone. */
  closed(c: ClientConnection): void;
  /** The TLS settings if CERTFILE is loaded. */
  serverTls(): ServerTls | undefined;
  now(): number;
  log: Logger;
  /** Lines queued to drivers so far (written once the event loop runs). */
  driverWrites?(): number;
}

/** Bound listeners plus the accept loops. */
export class Listeners {
  #host: ConnectionHost;
  #listeners: Deno.TcpListener[] = [];
  #loops: Promise<void>[] = [];
  #conns = new Set<Promise<void>>();
  /** Addresses actually bound, in LISTEN order. */
  readonly bound: ListenAddress[] = [];

  constructor(host: ConnectionHost) {
    this.#host = host;
  }

  /**
   * Binds every address. As NUT 2.8.0, only a failure of the first one is
   * fatal (thrown); later failures are logged.
   */
  bind(addrs: readonly ListenAddress[]): void {
    addrs.forEach((a, i) => {
      try {
        const l = Deno.listen({ hostname: a.addr, port: a.port });
        this.#listeners.push(l);
        const port = (l.addr as Deno.NetAddr).port;
        this.bound.push({ addr: a.addr, port });
        this.#host.log.info(`listening on ${a.addr} port ${port}`);
      } catch (e) {
        this.#host.log.error(`not listening on ${a.addr} port ${a.port}`);
        if (i === 0) {
          throw new Error(
            `no listening interface available (${a.addr} port ${a.port}: ${
              e instanceof Error ? e.message : e
            })`,
          );
        }
      }
    });
  }

  /** Starts accepting. */
  start(): void {
    for (const l of this.#listeners) this.#loops.push(this.#accept(l));
  }

  async #accept(l: Deno.TcpListener): Promise<void> {
    while (true) {
      let conn: Deno.TcpConn;
      try {
        conn = await l.accept();
      } catch (e) {
        if (e instanceof Deno.errors.BadResource) return; // closed
        // EMFILE and friends: back off instead of spinning
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      const p = this.#serve(conn);
      this.#conns.add(p);
      p.finally(() => this.#conns.delete(p));
    }
  }

  async #serve(conn: Deno.TcpConn): Promise<void> {
    const host = this.#host;
    let c: ClientConnection | undefined;
    let handedOff = false;
    try {
      conn.setNoDelay(true);
      c = host.open((conn.remoteAddr as Deno.NetAddr).hostname);
      if (!c) return;
      let open = true;
      c.close = () => {
        if (!open) return;
        open = false;
        try {
          conn.close();
        } catch {
          // already closed
        }
      };
      let buf = new Uint8Array(FIRST_READ_SIZE);
      const s = c.session;
      while (open) {
        const n = await conn.read(buf);
        if (n === null) break;
        let out = c.feedBytes(buf, n, host.now());
        while (true) {
          if (out !== undefined) {
            // all replies of one read in one write; rarely a short write
            const w = await conn.write(out);
            if (w < out.length) await writeAll(conn, out.subarray(w));
          }
          if (c.pending === undefined) break;
          await c.pending; // a password hash being checked off-thread
          out = c.resumeBytes(host.now());
        }
        if (n === buf.length && n < READ_SIZE) buf = new Uint8Array(READ_SIZE);
        if (s.closing) break;
        if (s.startTls) {
          handedOff = true;
          open = false;
          await this.#upgrade(conn, c);
          return;
        }
      }
    } catch {
      // reset, closed by the idle sweep, or a write to a dead peer
    } finally {
      if (!handedOff) {
        try {
          conn.close();
        } catch {
          // already closed
        }
        if (c) host.closed(c);
      }
    }
  }

  async #upgrade(conn: Deno.TcpConn, c: ClientConnection): Promise<void> {
    const host = this.#host;
    const s = c.session;
    const { Duplex } = await import("node:stream");
    const tls = await import("node:tls");
    const { clientCertProblem, socketOptions } = await import(
      "./tls_context.ts"
    );
    const duplex = Duplex.fromWeb({
      readable: conn.readable,
      writable: conn.writable,
    });
    const settings = host.serverTls()!;
    const sock = new tls.TLSSocket(duplex, socketOptions(settings));
    if (settings.certRequest > 0) {
      // node:tls under Deno does not enforce the client certificate itself
      sock.once("secure", () => {
        const why = clientCertProblem(settings, sock.getPeerCertificate());
        if (why !== undefined) {
          host.log.info(`Dropping TLS client ${s.addr}: ${why}`);
          sock.destroy();
        }
      });
    }
    s.startTls = false;
    s.tls = true;
    c.close = () => sock.destroy();
    await new Promise<void>((resolve) => {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        try {
          conn.close();
        } catch {
          // already closed
        }
        host.closed(c);
        resolve();
      };
      const send = (out: string) => {
        if (out) {
          sock.write(out);
          if (sock.writableLength > TLS_HIGH_WATER) sock.pause();
        }
        if (s.closing) sock.end();
        if (s.startTls) s.startTls = false; // cannot nest TLS
      };
      // Chunks that arrive while a password check runs wait their turn.
      let queue: string[] | undefined;
      const drain = async () => {
        while (c.pending) {
          await c.pending;
          send(c.resumeText(host.now()));
          while (!c.pending && queue?.length) {
            send(c.feed(queue.shift()!, host.now()));
          }
        }
        queue = undefined;
      };
      sock.on("data", (chunk: Uint8Array) => {
        const text = latin1.decode(chunk);
        if (queue) {
          queue.push(text);
          return;
        }
        send(c.feed(text, host.now()));
        if (c.pending) {
          queue = [];
          void drain();
        }
      });
      sock.on("drain", () => sock.resume());
      sock.on("error", () => sock.destroy());
      sock.on("close", finish);
      duplex.on("error", () => sock.destroy());
    });
  }

  /** Closes listeners (not connections). */
  closeListeners(): void {
    for (const l of this.#listeners) {
      try {
        l.close();
      } catch {
        // already closed
      }
    }
    this.#listeners = [];
  }

  /** Waits for accept loops and connections to end. */
  async settled(): Promise<void> {
    await Promise.all(this.#loops);
    while (this.#conns.size) await Promise.all([...this.#conns]);
  }
}

async function writeAll(conn: Deno.TcpConn, bytes: Uint8Array): Promise<void> {
  let off = 0;
  while (off < bytes.length) off += await conn.write(bytes.subarray(off));
}
