/**
 * upsd's side of one driver socket (server/sstate.c): connect to
 * `<statepath>/<driver>-<ups>`, clear the tree and show `WAIT`, send DUMPALL,
 * apply the driver's lines, PING after MAXAGE/3 of silence, decide
 * staleness, forward SET/INSTCMD, and reconnect when the driver goes away.
 *
 * @module
 */
import { applyDriverLine } from "../protocol/sock.ts";
import type { Logger } from "../log.ts";
import { WordParser } from "../words.ts";
import type { TrackingTable } from "./tracking.ts";
import type { UpsState } from "./ups.ts";

/** "Can't connect" is logged at most this often per UPS (SS_CONNFAIL_INT). */
const CONNFAIL_LOG_MS = 300_000;

const encoder = new TextEncoder();
const latin1 = new TextDecoder("latin1");

/** Shared settings a link reads on every check (reload may change them). */
export interface LinkSettings {
  /** MAXAGE in seconds. */
  maxAge: number;
  log: Logger;
  tracking: TrackingTable;
  now(): number;
  /** Counts lines queued to any driver (the epoll listener yields on one). */
  traffic?: { writes: number };
}

/** The connection from upsd to one driver. */
export class DriverLink {
  readonly ups: UpsState;
  socketPath: string;
  #settings: LinkSettings;
  #conn: Deno.UnixConn | undefined;
  #connecting = false;
  #closed = false;
  #dumpDone = false;
  #dataOk = true;
  #lastHeard = 0;
  #lastPing = 0;
  #lastFailLog = -Infinity;
  #writeChain: Promise<void> = Promise.resolve();
  #reader: Promise<void> | undefined;

  constructor(ups: UpsState, socketPath: string, settings: LinkSettings) {
    this.ups = ups;
    this.socketPath = socketPath;
    this.#settings = settings;
    ups.send = (line) => this.#send(line);
  }

  /** True while connected. */
  get connected(): boolean {
    return this.#conn !== undefined;
  }

  /** One main-loop step: reconnect if needed, else ping and judge staleness. */
  async tick(): Promise<void> {
    if (this.#closed) return;
    if (!this.#conn) {
      await this.connect();
      return;
    }
    this.#evaluate();
  }

  /** Tries to connect now; logs a failure at most every 5 minutes. */
  async connect(): Promise<boolean> {
    if (this.#conn || this.#connecting || this.#closed) return !!this.#conn;
    this.#connecting = true;
    const { log, now } = this.#settings;
    try {
      const conn = await Deno.connect({
        transport: "unix",
        path: this.socketPath,
      });
      if (this.#closed) {
        conn.close();
        return false;
      }
      this.#conn = conn;
      this.#dumpDone = false;
      this.#dataOk = true;
      this.#lastHeard = now();
      this.#lastPing = 0;
      const ups = this.ups;
      ups.tree.clear();
      ups.tree.setInfo("ups.status", "WAIT");
      ups.connected = true;
      ups.stale = false;
      this.#send("DUMPALL\n");
      log.info(`Connected to UPS [${ups.name}]: ${this.#fileName()}`);
      this.#reader = this.#readLoop(conn);
      return true;
    } catch (e) {
      const t = now();
      if (t - this.#lastFailLog >= CONNFAIL_LOG_MS) {
        this.#lastFailLog = t;
        const why = e instanceof Error ? e.message : String(e);
        log.error(
          `Can't connect to UPS [${this.ups.name}] (${this.#fileName()}): ${why}`,
        );
      }
      return false;
    } finally {
      this.#connecting = false;
    }
  }

  #fileName(): string {
    return this.socketPath.slice(this.socketPath.lastIndexOf("/") + 1);
  }

  async #readLoop(conn: Deno.UnixConn): Promise<void> {
    const parser = new WordParser();
    const buf = new Uint8Array(16384);
    try {
      while (true) {
        const n = await conn.read(buf);
        if (n === null) break;
        for (const l of parser.push(latin1.decode(buf.subarray(0, n)))) {
          if (l.error === undefined) this.#apply(l.words);
        }
        this.#evaluate();
      }
    } catch {
      // read error: treat as a disconnect
    }
    if (this.#conn === conn) this.#disconnect("Driver disconnected");
  }

  #apply(words: string[]): void {
    const ups = this.ups;
    const r = applyDriverLine(ups.tree, words);
    switch (r.kind) {
      case "unknown":
        return; // unrecognized lines do not count as heard
      case "dumpdone":
        this.#dumpDone = true;
        break;
      case "dataok":
        this.#dataOk = true;
        break;
      case "datastale":
        this.#dataOk = false;
        break;
      case "tracking": {
        const { tracking, log } = this.#settings;
        if (tracking.set(r.id, r.code)) {
          log.debug(1, `tracking ID: ${r.id}\tresult: ${tracking.get(r.id)}`);
        }
        break;
      }
      default:
        break;
    }
    this.#lastHeard = this.#settings.now();
  }

  /** sstate_dead() plus the stale/ok transitions and their log lines. */
  #evaluate(): void {
    if (!this.#conn) return;
    const { maxAge, now, log } = this.#settings;
    const t = now();
    const third = Math.floor(maxAge / 3) * 1000;
    const elapsed = t - this.#lastHeard;
    if (elapsed > third && t - this.#lastPing > third) {
      this.#lastPing = t;
      this.#send("PING\n");
    }
    // Whole seconds as NUT's difftime of time() values: stale after MAXAGE+1.
    const dead = (this.#dumpDone && !this.#dataOk) ||
      Math.floor(elapsed / 1000) > maxAge;
    const ups = this.ups;
    if (dead && !ups.stale) {
      ups.stale = true;
      log.notice(`Data for UPS [${ups.name}] is stale - check driver`);
    } else if (!dead && ups.stale) {
      ups.stale = false;
      log.notice(`UPS [${ups.name}] data is no longer stale`);
    }
  }

  #send(line: string): boolean {
    const conn = this.#conn;
    if (!conn) return false;
    const bytes = encoder.encode(line);
    if (this.#settings.traffic) this.#settings.traffic.writes++;
    this.#writeChain = this.#writeChain.then(async () => {
      if (this.#conn !== conn) return;
      try {
        let off = 0;
        while (off < bytes.length) off += await conn.write(bytes.subarray(off));
      } catch {
        if (this.#conn === conn) this.#disconnect("write to driver failed");
      }
    });
    return true;
  }

  #disconnect(why: string): void {
    const conn = this.#conn;
    if (!conn) return;
    this.#conn = undefined;
    try {
      conn.close();
    } catch {
      // already closed
    }
    const ups = this.ups;
    ups.connected = false;
    ups.tree.clear();
    this.#settings.log.debug(1, `${why}: UPS [${ups.name}]`);
  }

  /** Closes the link for good (reload removed the UPS, or shutdown). */
  async close(): Promise<void> {
    this.#closed = true;
    this.#disconnect("closing");
    await this.#reader;
    await this.#writeChain;
  }
}
