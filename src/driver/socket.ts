/**
 * The driver's unix socket server (drivers/dstate.c dstate_init and
 * sock_arg): upsd and tools connect, send DUMPALL/PING/INSTCMD/SET (2.8.0)
 * plus master's GETPID/LOGOUT/NOBROADCAST/BROADCAST, and receive every
 * state change as it happens.
 *
 * @module
 */
import { dumpAll, TRACKING_CODE } from "../protocol/sock.ts";
import { WordParser } from "../words.ts";
import type { Logger } from "../log.ts";
import type { CommandResult } from "./types.ts";
import type { DriverStateImpl } from "./state.ts";

/** What the server asks the driver to do. */
export interface SocketHandlers {
  /** undefined = the driver has no handler (NUT logs and sends no TRACKING). */
  instcmd(cmd: string, param?: string): Promise<CommandResult | undefined>;
  setvar(name: string, value: string): Promise<CommandResult | undefined>;
}

/** The longest unix socket path (sun_path is 108 bytes with the NUL). */
export const MAX_SOCKET_PATH = 107;

const encoder = new TextEncoder();

/**
 * Bytes a peer may leave unread before it is dropped: a full DUMPALL of a
 * large device is well under this, while a peer that never reads would
 * otherwise grow the queue without bound (NUT closes a socket whose write
 * fails the same way).
 */
export const MAX_UNSENT_BYTES = 4 * 1024 * 1024;

class Conn {
  #conn: Deno.Conn;
  #queue: Promise<void> = Promise.resolve();
  #unsent = 0;
  closed = false;
  broadcast = true;

  constructor(conn: Deno.Conn) {
    this.#conn = conn;
  }

  send(text: string): void {
    if (this.closed) return;
    const bytes = encoder.encode(text);
    this.#unsent += bytes.length;
    if (this.#unsent > MAX_UNSENT_BYTES) {
      this.close();
      return;
    }
    this.#queue = this.#queue.then(async () => {
      if (this.closed) return;
      let off = 0;
      try {
        while (off < bytes.length) {
          off += await this.#conn.write(bytes.subarray(off));
        }
      } catch {
        this.close();
      } finally {
        this.#unsent -= bytes.length;
      }
    });
  }

  async *lines(): AsyncGenerator<string[]> {
    const parser = new WordParser();
    const decoder = new TextDecoder("latin1");
    const buf = new Uint8Array(4096);
    while (!this.closed) {
      let n: number | null;
      try {
        n = await this.#conn.read(buf);
      } catch {
        return;
      }
      if (n === null) return;
      for (const line of parser.push(decoder.decode(buf.subarray(0, n)))) {
        if (line.error === undefined) yield line.words;
      }
    }
  }

  async flush(): Promise<void> {
    await this.#queue;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.#conn.close();
    } catch {
      // already closed
    }
  }
}

/** A listening driver socket bound to a state. */
export class DriverSocketServer {
  readonly path: string;
  #listener: Deno.Listener | undefined;
  #conns = new Set<Conn>();
  #state: DriverStateImpl;
  #handlers: SocketHandlers;
  #log: Logger;
  #unlisten: () => void;
  #acceptLoop: Promise<void> | undefined;
  #connTasks = new Set<Promise<void>>();

  constructor(
    path: string,
    state: DriverStateImpl,
    handlers: SocketHandlers,
    log: Logger,
  ) {
    this.path = path;
    this.#state = state;
    this.#handlers = handlers;
    this.#log = log;
    this.#unlisten = state.listen((line) => {
      for (const c of this.#conns) if (c.broadcast) c.send(line);
    });
  }

  /** Number of connected clients. */
  get connections(): number {
    return this.#conns.size;
  }

  /** Removes a stale socket, listens, sets mode 0660 (dstate_init). */
  listen(): void {
    if (this.path.length > MAX_SOCKET_PATH) {
      throw new Error(
        `Can't create socket: path ${this.path} is too long (${this.path.length} > ${MAX_SOCKET_PATH})`,
      );
    }
    try {
      Deno.removeSync(this.path);
    } catch {
      // nothing there
    }
    try {
      this.#listener = Deno.listen({ transport: "unix", path: this.path });
    } catch (e) {
      throw new Error(
        `Can't bind to socket ${this.path}: ${
          e instanceof Error ? e.message : e
        }`,
      );
    }
    Deno.chmodSync(this.path, 0o660);
    this.#acceptLoop = this.#accept(this.#listener);
  }

  async #accept(listener: Deno.Listener): Promise<void> {
    while (true) {
      let raw: Deno.Conn;
      try {
        raw = await listener.accept();
      } catch {
        return;
      }
      const conn = new Conn(raw);
      this.#conns.add(conn);
      this.#log.debug(3, `new connection on ${this.path}`);
      const task = this.#serve(conn).finally(() => {
        this.#conns.delete(conn);
        conn.close();
        this.#connTasks.delete(task);
      });
      this.#connTasks.add(task);
    }
  }

  async #serve(conn: Conn): Promise<void> {
    for await (const words of conn.lines()) {
      if (words.length === 0) continue;
      await this.#command(conn, words);
    }
    await conn.flush();
  }

  async #command(conn: Conn, w: string[]): Promise<void> {
    const verb = w[0]!.toUpperCase();
    const n = w.length;
    switch (verb) {
      case "DUMPALL":
        conn.send(dumpAll(this.#state.tree, this.#state.stale));
        return;
      case "PING":
        conn.send("PONG\n");
        return;
      case "GETPID":
        conn.send(`PID ${Deno.pid}\n`);
        return;
      case "LOGOUT":
        conn.send("OK Goodbye\n");
        await conn.flush();
        conn.close();
        return;
      case "NOBROADCAST":
        conn.broadcast = false;
        return;
      case "BROADCAST":
        conn.broadcast = n < 2 || Number.parseInt(w[1]!, 10) >= 1;
        return;
    }
    if (verb === "INSTCMD" && n >= 2) {
      let param: string | undefined;
      let id: string | undefined;
      if (n === 3) param = w[2];
      else if (n === 4 && w[2]!.toUpperCase() === "TRACKING") id = w[3];
      else if (n === 5 && w[3]!.toUpperCase() === "TRACKING") {
        param = w[2];
        id = w[4];
      } else if (n !== 2) {
        this.#log.notice("Malformed INSTCMD request");
        return;
      }
      const r = await this.#run(() => this.#handlers.instcmd(w[1]!, param));
      if (r === undefined) {
        this.#log.notice("Got INSTCMD, but driver lacks a handler");
      }
      if (id !== undefined) this.#tracking(conn, id, r ?? "unknown");
      return;
    }
    if (verb === "SET" && n >= 3) {
      let id: string | undefined;
      if (n === 5) {
        if (w[3]!.toUpperCase() !== "TRACKING") {
          this.#log.notice(
            `Got SET <var> with unsupported parameters (${w[3]}/${w[4]})`,
          );
          return;
        }
        id = w[4];
      }
      const r = await this.#run(() => this.#handlers.setvar(w[1]!, w[2]!));
      if (r === undefined) {
        this.#log.notice("Got SET, but driver lacks a handler");
      }
      if (id !== undefined) this.#tracking(conn, id, r ?? "unknown");
    }
  }

  async #run(
    fn: () => Promise<CommandResult | undefined>,
  ): Promise<CommandResult | undefined> {
    try {
      return await fn();
    } catch (e) {
      this.#log.error(`handler failed: ${e instanceof Error ? e.message : e}`);
      return "failed";
    }
  }

  #tracking(conn: Conn, id: string, r: CommandResult): void {
    conn.send(`TRACKING ${id} ${TRACKING_CODE[r]}\n`);
  }

  /** Stops listening, closes every connection and removes the socket file. */
  async close(): Promise<void> {
    this.#unlisten();
    try {
      this.#listener?.close();
    } catch {
      // closed
    }
    await this.#acceptLoop;
    for (const c of this.#conns) {
      await c.flush();
      c.close();
    }
    await Promise.allSettled([...this.#connTasks]);
    try {
      Deno.removeSync(this.path);
    } catch {
      // gone
    }
  }
}
