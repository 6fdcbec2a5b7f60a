/**
 * The client side of another driver's Unix socket, as NUT's clone drivers
 * use it (drivers/clone.c sstate_*): connect to `<statepath>/<port>`, ask
 * for `DUMPALL`, feed every reply line to the owner, `PING` when quiet for
 * a third of the 15 s limit, and count the link dead past it (or when the
 * upstream says its data is stale after the dump).
 *
 * @module
 */
import type { Logger } from "../../src/log.ts";
import { WordParser } from "../../src/words.ts";

/** Seconds without a word from upstream before the link is dropped (NUT's maxage). */
export const MAX_AGE_S = 15;

/** Lines handed to the owner; true when the line was understood (refreshes last-heard). */
export type LineHandler = (words: string[]) => boolean;

/** One connection to an upstream driver socket. */
export class Upstream {
  #path: string;
  #onLine: LineHandler;
  #onData: () => void;
  #log: Logger;
  #conn: Deno.UnixConn | undefined;
  #parser = new WordParser();
  #lastHeard = 0;
  #lastPing = 0;
  #lastFail = -Infinity;
  /** Upstream finished answering DUMPALL. */
  dumpDone = false;
  /** Upstream said DATASTALE (after the dump it means the link is dead). */
  stale = false;

  /**
   * `onLine` gets each parsed line; `onData` runs after each chunk (NUT
   * runs upsdrv_updateinfo whenever the socket has data).
   */
  constructor(
    path: string,
    onLine: LineHandler,
    onData: () => void,
    log: Logger,
  ) {
    this.#path = path;
    this.#onLine = onLine;
    this.#onData = onData;
    this.#log = log;
  }

  /** True while a connection is open. */
  get connected(): boolean {
    return this.#conn !== undefined;
  }

  /** Connects and sends DUMPALL; false (logged at most once a minute) on failure. */
  async connect(now = Date.now()): Promise<boolean> {
    let conn: Deno.UnixConn;
    try {
      conn = await Deno.connect({ transport: "unix", path: this.#path });
      await conn.write(new TextEncoder().encode("DUMPALL\n"));
    } catch (e) {
      if (now - this.#lastFail >= 60_000) {
        this.#lastFail = now;
        const why = e instanceof Error
          ? e.message.replace(/ \(os error \d+\).*$/s, "")
          : String(e);
        this.#log.error(`Can't connect to UPS [${this.#name()}]: ${why}`);
      }
      return false;
    }
    this.#conn = conn;
    this.#parser = new WordParser();
    this.#lastHeard = now;
    this.dumpDone = false;
    this.#read(conn);
    this.#log.info(`Connected to UPS [${this.#name()}]`);
    return true;
  }

  #name(): string {
    return this.#path.slice(this.#path.lastIndexOf("/") + 1);
  }

  async #read(conn: Deno.UnixConn): Promise<void> {
    const dec = new TextDecoder("latin1");
    const buf = new Uint8Array(512);
    try {
      while (true) {
        const n = await conn.read(buf);
        if (n === null) break;
        for (const line of this.#parser.push(dec.decode(buf.subarray(0, n)))) {
          if (line.error) {
            // as NUT: a parse error drops the link; the next poll reconnects
            this.#log.notice(`Parse error on sock: ${line.error}`);
            if (this.#conn === conn) this.disconnect();
            return;
          }
          if (this.#onLine(line.words)) this.#lastHeard = Date.now();
        }
        if (this.#conn !== conn) return;
        this.#onData();
      }
    } catch {
      // closed under us or reset: handled as a lost link below
    }
    if (this.#conn === conn) this.disconnect();
  }

  /** Sends one line; false when not connected or the write failed. */
  async send(line: string): Promise<boolean> {
    const c = this.#conn;
    if (!c) return false;
    try {
      await c.write(new TextEncoder().encode(line));
      return true;
    } catch {
      this.#log.notice(`Send to UPS [${this.#name()}] failed`);
      return false;
    }
  }

  /**
   * The part of NUT's parse_args both clones share: PONG, DUMPDONE,
   * DATASTALE/DATAOK (mirrored into `state`) and DELINFO are handled here
   * (true: heard from upstream); a SETINFO comes back as [name, value] for
   * the driver; anything else is false.
   */
  common(
    w: string[],
    state: { dataStale(): void; dataOk(): void; del(name: string): void },
  ): boolean | [string, string] {
    const verb = (w[0] ?? "").toUpperCase();
    if (w.length < 1) return false;
    if (verb === "PONG") return true;
    if (verb === "DUMPDONE") return this.dumpDone = true;
    if (verb === "DATASTALE") {
      this.stale = true;
      state.dataStale();
      return true;
    }
    if (verb === "DATAOK") {
      this.stale = false;
      state.dataOk();
      return true;
    }
    if (w.length < 2) return false;
    if (verb === "DELINFO") {
      state.del(w[1]!);
      return true;
    }
    if (w.length < 3 || verb !== "SETINFO") return false;
    return [w[1]!, w[2]!];
  }

  /** NUT's sstate_dead: true when the link must be rebuilt; pings a quiet upstream. */
  dead(now = Date.now()): boolean {
    if (!this.#conn) return true;
    if (this.dumpDone && this.stale) return true;
    const elapsed = Math.floor((now - this.#lastHeard) / 1000);
    const third = Math.floor(MAX_AGE_S / 3);
    if (elapsed > third && Math.floor((now - this.#lastPing) / 1000) > third) {
      this.#lastPing = now;
      void this.send("PING\n");
    }
    return elapsed > MAX_AGE_S;
  }

  /** Closes the connection (the reader ends by itself). */
  disconnect(): void {
    const c = this.#conn;
    this.#conn = undefined;
    try {
      c?.close();
    } catch {
      // already closed
    }
  }
}
