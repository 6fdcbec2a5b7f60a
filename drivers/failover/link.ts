/**
 * One driver failover tracks: its Unix socket (DUMPALL, then the broadcast
 * stream), a copy of its variables and commands as failover would publish
 * them (`driver.*` renamed `upstream.driver.*`, every command prefixed
 * `upstream.`), and the flags the election reads. Reads run in the
 * background; `refresh()` at each poll reconnects (with failover's cool-off
 * after `maxconnfails`), pings a quiet driver and declares it dead after
 * `deadtime`.
 *
 * @module
 */
import type { Logger } from "../../src/log.ts";
import { WordParser } from "../../src/words.ts";
import type { Candidate } from "./elect.ts";

/** One copied variable. */
export interface LinkVar {
  value: string;
  flags: Array<"RW" | "STRING" | "NUMBER">;
  aux: number;
  enums: string[];
  ranges: Array<[number, number]>;
  dirty: boolean;
}

/** A deletion the tracked driver broadcast, to pass on while primary. */
export type LinkDeletion =
  | { kind: "cmd" | "var"; name: string }
  | { kind: "enum"; name: string; value: string }
  | { kind: "range"; name: string; min: number; max: number };

/** Timing settings (seconds). */
export interface LinkTimes {
  dead: number;
  relog: number;
  maxFails: number;
  cooloff: number;
}

/** Variable name as failover publishes it. */
export function rewriteName(name: string): string {
  return name.startsWith("driver.") ? `upstream.${name}` : name;
}

/** C str_to_int: the whole string an integer, else undefined. */
function toInt(s: string): number | undefined {
  return /^\s*[+-]?\d+\s*$/.test(s) ? Number.parseInt(s, 10) : undefined;
}

/** One tracked driver. */
export class Link implements Candidate {
  readonly name: string;
  readonly vars = new Map<string, LinkVar>();
  readonly cmds = new Map<string, boolean>();
  alive = false;
  dumped = false;
  dataOk = false;
  online = false;
  status: string | undefined;
  runtime = -1;
  runtimeLow = -1;
  forceIgnore = 0;
  forceIgnoreAt = 0;
  forcePrimary = 0;
  forcePrimaryAt = 0;
  priority = -1;
  /** Everything must be published again (new primary, reconnect). */
  forceExport = false;
  /** Called for deletions while this link is primary. */
  onDelete: ((d: LinkDeletion) => void) | undefined;
  #path: string;
  #log: Logger;
  #t: LinkTimes;
  #conn: Deno.UnixConn | undefined;
  #lastHeard = 0;
  #lastPing = 0;
  #lastFail = 0;
  #fails = 0;

  constructor(name: string, path: string, times: LinkTimes, log: Logger) {
    this.name = name;
    this.#path = path;
    this.#t = times;
    this.#log = log;
  }

  /** Connects when down (cool-off aside), drops a driver silent past deadtime. */
  async refresh(now = Date.now()): Promise<void> {
    if (!this.#conn) {
      await this.connect(now);
      return;
    }
    const quiet = (now - this.#lastHeard) / 1000;
    const third = this.#t.dead / 3;
    if (quiet > third && (now - this.#lastPing) / 1000 > third) {
      this.#lastPing = now;
      void this.#write("PING\n");
    }
    if (quiet > this.#t.dead) {
      this.#log.warn(
        `[${this.name}]: connection to UPS driver was lost (declared dead)`,
      );
      this.disconnect();
    }
  }

  /** ups_connect: open, DUMPALL, forget the old copy. */
  async connect(now = Date.now()): Promise<boolean> {
    const since = (now - this.#lastFail) / 1000;
    if (this.#fails > this.#t.maxFails && since <= this.#t.cooloff) {
      return false;
    }
    try {
      const conn = await Deno.connect({ transport: "unix", path: this.#path });
      await conn.write(new TextEncoder().encode("DUMPALL\n"));
      this.#conn = conn;
    } catch (e) {
      if (since > this.#t.relog) {
        this.#log.error(
          `[${this.name}]: failed to establish connection: ${
            e instanceof Error ? e.message : e
          }`,
        );
      }
      this.#fails++;
      this.#lastFail = now;
      return false;
    }
    this.#log.notice(`[${this.name}]: connection is now established`);
    this.vars.clear();
    this.cmds.clear();
    this.status = undefined;
    this.runtime = this.runtimeLow = -1;
    this.dumped = this.dataOk = this.online = false;
    this.alive = true;
    this.forceExport = true;
    this.#lastHeard = now;
    this.#fails = 0;
    this.#lastFail = 0;
    this.#read(this.#conn);
    return true;
  }

  async #write(line: string): Promise<void> {
    try {
      await this.#conn?.write(new TextEncoder().encode(line));
    } catch {
      this.disconnect();
    }
  }

  async #read(conn: Deno.UnixConn): Promise<void> {
    const parser = new WordParser();
    const dec = new TextDecoder("latin1");
    const buf = new Uint8Array(4096);
    try {
      while (true) {
        const n = await conn.read(buf);
        if (n === null) break;
        for (const line of parser.push(dec.decode(buf.subarray(0, n)))) {
          if (line.error) throw new Error(line.error);
          if (this.#line(line.words)) this.#lastHeard = Date.now();
        }
      }
    } catch { /* reset, closed, or a parse error: the link is lost */ }
    if (this.#conn === conn) {
      this.#log.error(
        `[${this.name}]: connection to UPS driver was lost (socket failure)`,
      );
      this.disconnect();
    }
  }

  #var(name: string): LinkVar {
    let v = this.vars.get(name);
    if (!v) {
      v = { value: "", flags: [], aux: 0, enums: [], ranges: [], dirty: true };
      this.vars.set(name, v);
    }
    return v;
  }

  /** ups_parse_protocol: true when the line counts as hearing from the driver. */
  #line(w: string[]): boolean {
    const verb = (w[0] ?? "").toUpperCase();
    if (verb === "PONG") return true;
    if (verb === "DUMPDONE") return this.dumped = true;
    if (verb === "DATASTALE") return !(this.dataOk = false);
    if (verb === "DATAOK") return this.dataOk = true;
    if (w.length < 2) return false;
    const name = rewriteName(w[1]!);
    switch (verb) {
      case "ADDCMD":
        if (!this.cmds.has(`upstream.${w[1]}`)) {
          this.cmds.set(`upstream.${w[1]}`, true);
        }
        return true;
      case "DELCMD":
        if (this.cmds.delete(`upstream.${w[1]}`)) {
          this.onDelete?.({ kind: "cmd", name: `upstream.${w[1]}` });
        }
        return true;
      case "DELINFO":
        if (this.vars.delete(name)) this.onDelete?.({ kind: "var", name });
        return true;
    }
    if (w.length < 3) return false;
    const v = () => this.#var(name);
    switch (verb) {
      case "SETFLAGS": {
        const f = w.slice(2).map((x) => x.toUpperCase()).filter((
          x,
        ): x is "RW" | "STRING" | "NUMBER" =>
          x === "RW" || x === "STRING" || x === "NUMBER"
        );
        Object.assign(v(), { flags: f, dirty: true });
        return true;
      }
      case "SETAUX": {
        const n = toInt(w[2]!);
        if (n !== undefined) Object.assign(v(), { aux: n, dirty: true });
        return true;
      }
      case "ADDENUM": {
        const e = v();
        if (!e.enums.includes(w[2]!)) e.enums.push(w[2]!);
        e.dirty = true;
        return true;
      }
      case "DELENUM": {
        // ups_del_enum: only a known value, passed on at once (dstate_delenum)
        const e = this.vars.get(name);
        const value = w[2]!;
        if (e?.enums.includes(value)) {
          e.enums = e.enums.filter((x) => x !== value);
          this.onDelete?.({ kind: "enum", name, value });
        }
        return true;
      }
      case "SETINFO": {
        const value = w[2]!;
        if (w[1] === "ups.status") {
          this.status = value;
          this.online = value.split(" ").includes("OL");
        }
        if (w[1] === "battery.runtime") this.runtime = toInt(value) ?? -1;
        if (w[1] === "battery.runtime.low") {
          this.runtimeLow = toInt(value) ?? -1;
        }
        const e = v();
        if (e.value !== value) Object.assign(e, { value, dirty: true });
        return true;
      }
    }
    if (w.length < 4) return false;
    const min = toInt(w[2]!), max = toInt(w[3]!);
    if (min === undefined || max === undefined) return true;
    const same = ([a, b]: [number, number]) => a === min && b === max;
    if (verb === "ADDRANGE") {
      const e = v();
      if (!e.ranges.some(same)) {
        e.ranges.push([min, max]);
        e.dirty = true;
      }
      return true;
    }
    if (verb === "DELRANGE") {
      // ups_del_range: only a known range, passed on at once (dstate_delrange)
      const e = this.vars.get(name);
      if (e?.ranges.some(same)) {
        e.ranges = e.ranges.filter((r) => !same(r));
        this.onDelete?.({ kind: "range", name, min, max });
      }
      return true;
    }
    return false;
  }

  /** ups_disconnect. */
  disconnect(): void {
    const c = this.#conn;
    this.#conn = undefined;
    this.alive =
      this.online =
      this.dumped =
      this.dataOk =
        false;
    try {
      c?.close();
    } catch { /* closed */ }
  }
}
