/**
 * The failover instance (NUT master's drivers/failover.c, 2.8.3+): tracks
 * the driver sockets listed in `port`, elects a primary at every poll and
 * publishes the primary's data as its own. Switching clears the old
 * primary's variables and commands and publishes the new one's at once,
 * so upsd never sees a gap. Without a suitable primary for `noprimarytime`
 * seconds, `fsdmode` decides: 0 keep the last data and go stale, 1 ALARM
 * then stale after 15 s more, 2 ALARM and FSD.
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
} from "../../src/driver/types.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import { TRACKING_CODE } from "../../src/protocol/sock.ts";
import { DEFAULT_PATHS } from "../../src/config/paths.ts";
import { WordParser } from "../../src/words.ts";
import { elect, type ElectOptions } from "./elect.ts";
import { Link } from "./link.ts";

const ALARM_PROPAGATION_S = 15;
const CMD_TIMEOUT_MS = 3000;

/** One failover instance. */
export class FailoverDriver implements DriverInstance {
  #ctx: DriverContext;
  #links: Link[] = [];
  #opts!: ElectOptions;
  #initTime = 30;
  #noPrimaryTime = 15;
  #fsdMode = 0;
  #primary: Link | undefined;
  #startedAt = 0;
  #initDone = false;
  #goneSince = 0;
  #gone = false;

  constructor(ctx: DriverContext) {
    this.#ctx = ctx;
  }

  /** str_arg_to_int: default when unset, fatal when not an integer in range. */
  #int(name: string, def: number, max = 2 ** 31 - 1): number {
    const v = this.#ctx.config.values.get(name);
    if (v === undefined) return def;
    if (!/^\s*[+-]?\d+\s*$/.test(v)) {
      throw new DriverFatalError(`${name}: invalid value [${v}]`);
    }
    const n = Number.parseInt(v, 10);
    if (n < 0 || n > max) {
      throw new DriverFatalError(`${name}: value [${v}] out of range`);
    }
    return n;
  }

  #list(name: string): string[] {
    return (this.#ctx.config.values.get(name) ?? "").split(",").map((s) =>
      s.trim()
    ).filter((s) => s);
  }

  /** A socket entry: a path, or `driver-ups` in the state path. */
  #path(entry: string): string {
    if (entry.includes("/")) return entry;
    const state = this.#ctx.paths?.statePath ?? DEFAULT_PATHS.statePath;
    return `${state}/${entry}`;
  }

  async init(): Promise<void> {
    const names = this.#list("port");
    if (!names.length) throw new DriverFatalError("port: no sockets given");
    const times = {
      dead: this.#int("deadtime", 30),
      relog: this.#int("relogtime", 5),
      maxFails: this.#int("maxconnfails", 5),
      cooloff: this.#int("coolofftime", 15),
    };
    this.#initTime = this.#int("inittime", 30);
    this.#noPrimaryTime = this.#int("noprimarytime", 15);
    this.#fsdMode = this.#int("fsdmode", 0, 2);
    this.#opts = {
      filters: {
        haveAny: this.#list("status_have_any"),
        haveAll: this.#list("status_have_all"),
        notHaveAny: this.#list("status_nothave_any"),
        notHaveAll: this.#list("status_nothave_all"),
      },
      strict: this.#int("strictfiltering", 0, 1) === 1,
      checkRuntime: this.#int("checkruntime", 1, 3) as 0 | 1 | 2 | 3,
    };
    const s = this.#ctx.state;
    for (const name of names) {
      const link = new Link(name, this.#path(name), times, this.#ctx.log);
      // deletions reach upsd at once while this link is primary
      link.onDelete = (d) => {
        if (this.#primary !== link) return;
        if (d.kind === "cmd") s.delCmd(d.name);
        else if (d.kind === "enum") s.delEnum(d.name, d.value);
        else if (d.kind === "range") s.delRange(d.name, d.min, d.max);
        else if (d.name === "ups.alarm") s.setAlarms([]);
        else if (d.name === "ups.status") s.setStatus([]);
        else s.del(d.name);
      };
      this.#links.push(link);
      await link.connect();
      s.addCmd(`${name}.force.ignore`);
      s.addCmd(`${name}.force.primary`);
    }
    if (!this.#links.some((l) => l.alive)) {
      this.#ctx.log.warn("none of the tracked UPS drivers were connectable");
    }
    s.setStatus(["WAIT"]);
    this.#startedAt = Date.now();
    s.dataOk();
  }

  async update(): Promise<void> {
    const now = Date.now();
    for (const l of this.#links) await l.refresh(now);
    const { best, priorities, qualified } = elect(this.#links, this.#opts, now);
    this.#links.forEach((l, i) => l.priority = priorities[i]!);
    const cand = best >= 0 ? this.#links[best] : undefined;
    this.#exportStats(qualified);
    const s = this.#ctx.state;
    if (!this.#initDone) {
      if (!cand && (now - this.#startedAt) / 1000 <= this.#initTime) {
        s.dataOk();
        return;
      }
      this.#initDone = true;
    }
    if (!cand) {
      this.#noPrimary(now);
      return;
    }
    if (this.#gone) {
      if (cand === this.#primary) {
        this.#clean(cand);
        cand.forceExport = true;
      }
      this.#gone = false;
      this.#goneSince = 0;
    }
    if (this.#primary !== cand) this.#promote(cand);
    else this.#export(cand);
    if (cand.dataOk) s.dataOk();
    else s.dataStale();
  }

  #exportStats(qualified: number): void {
    const s = this.#ctx.state;
    const count = (f: (l: Link) => boolean) =>
      String(this.#links.filter(f).length);
    s.set("driver.stats.alive_drivers", count((l) => l.alive));
    s.set("driver.stats.online_drivers", count((l) => l.alive && l.online));
    s.set("driver.stats.primary_drivers", String(qualified));
    s.set("driver.stats.total_drivers", String(this.#links.length));
    const p = this.#primary;
    if (p) {
      s.set("driver.primary.socketname", p.name);
      s.set("driver.primary.priority", String(p.priority));
      s.set("driver.primary.stats.cmds", String(p.cmds.size));
      s.set("driver.primary.stats.vars", String(p.vars.size));
    } else {
      for (const n of ["socketname", "priority", "stats.cmds", "stats.vars"]) {
        s.del(`driver.primary.${n}`);
      }
    }
  }

  #noPrimary(now: number): void {
    const s = this.#ctx.state;
    if (!this.#goneSince) this.#goneSince = now;
    if (this.#primary && this.#fsdMode > 0) this.#demote(this.#primary);
    const elapsed = (now - this.#goneSince) / 1000;
    if (elapsed <= this.#noPrimaryTime) {
      s.dataOk();
      return;
    }
    if (!this.#gone) {
      this.#ctx.log.warn(
        "none of the tracked UPS drivers are suitable primaries",
      );
    }
    this.#gone = true;
    if (this.#fsdMode === 0) {
      s.dataStale();
      return;
    }
    s.setAlarms(["No suitable primaries for failover"]);
    if (this.#fsdMode === 2) {
      s.setStatus(["FSD"]);
      s.dataOk();
    } else if (elapsed < this.#noPrimaryTime + ALARM_PROPAGATION_S) {
      s.setStatus([]);
      s.dataOk();
    } else s.dataStale();
  }

  #promote(l: Link): void {
    if (this.#primary) this.#demote(this.#primary);
    this.#primary = l;
    l.forceExport = true;
    this.#ctx.log.notice(
      `[${l.name}]: was promoted to primary with status [${l.status}] and priority [${l.priority}]`,
    );
    this.#export(l);
    this.#exportStats(this.#links.filter((x) => x.priority >= 0).length);
  }

  #demote(l: Link): void {
    this.#primary = undefined;
    this.#ctx.log.notice(
      `[${l.name}]: is no longer primary with (last known) status [${l.status}] and priority [${l.priority}]`,
    );
    this.#clean(l);
  }

  /** ups_export_dstate: what changed, or everything after a switch. */
  #export(l: Link): void {
    const s = this.#ctx.state;
    const all = l.forceExport;
    if (all) {
      s.setStatus([]);
      s.setAlarms([]);
    }
    for (const [cmd, dirty] of l.cmds) {
      if (dirty || all) s.addCmd(cmd);
      l.cmds.set(cmd, false);
    }
    for (const [name, v] of l.vars) {
      if (!v.dirty && !all) continue;
      if (name === "ups.alarm") s.setAlarms([v.value]);
      else if (name === "ups.status") {
        s.setStatus(v.value.split(" ").filter((t) => t));
      } else s.set(name, v.value);
      if (v.flags.length) s.setFlags(name, v.flags);
      if (v.aux) s.setAux(name, v.aux);
      for (const e of v.enums) s.addEnum(name, e);
      for (const [a, b] of v.ranges) s.addRange(name, a, b);
      v.dirty = false;
    }
    l.forceExport = false;
  }

  /** ups_clean_dstate: the primary's commands and variables go. */
  #clean(l: Link): void {
    const s = this.#ctx.state;
    s.setStatus([]);
    s.setAlarms([]);
    for (const cmd of l.cmds.keys()) s.delCmd(cmd);
    for (const name of l.vars.keys()) {
      if (name !== "ups.status" && name !== "ups.alarm") s.del(name);
    }
  }

  async instcmd(cmd: string, extra?: string): Promise<CommandResult> {
    for (const l of this.#links) {
      const what = cmd.startsWith(l.name) ? cmd.slice(l.name.length) : "";
      if (what !== ".force.ignore" && what !== ".force.primary") continue;
      let n = 0;
      if (extra !== undefined) {
        if (!/^\s*[+-]?\d+\s*$/.test(extra)) return "conversion-failed";
        n = Number.parseInt(extra, 10);
      }
      if (what === ".force.ignore") {
        l.forceIgnore = n;
        l.forceIgnoreAt = n ? Date.now() : 0;
      } else {
        l.forcePrimary = n;
        l.forcePrimaryAt = n ? Date.now() : 0;
      }
      this.#ctx.log.notice(
        `set [${what.slice(1).replace(".", "_")}] to [${n}] on [${l.name}]`,
      );
      return "handled";
    }
    const p = this.#primary;
    if (!p) return "failed";
    if (!p.cmds.has(cmd)) return "unknown";
    const name = cmd.startsWith("upstream.") ? cmd.slice(9) : cmd;
    return await this.#oneshot(
      p,
      `INSTCMD ${name}${extra !== undefined ? ` ${extra}` : ""}`,
    );
  }

  async setvar(name: string, value: string): Promise<CommandResult> {
    const p = this.#primary;
    if (!p) return "failed";
    if (!p.vars.has(name)) return "unknown";
    const up = name.startsWith("upstream.") ? name.slice(9) : name;
    const q = value.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
    return await this.#oneshot(p, `SET ${up} "${q}"`);
  }

  /** upsdrvquery_oneshot: a fresh connection, the query with TRACKING, its answer. */
  async #oneshot(l: Link, query: string): Promise<CommandResult> {
    const id = crypto.randomUUID().toUpperCase();
    let conn: Deno.UnixConn | undefined;
    const timer = setTimeout(() => conn?.close(), CMD_TIMEOUT_MS);
    try {
      conn = await Deno.connect({
        transport: "unix",
        path: this.#path(l.name),
      });
      await conn.write(
        new TextEncoder().encode(`NOBROADCAST\n${query} TRACKING ${id}\n`),
      );
      const parser = new WordParser();
      const buf = new Uint8Array(4096);
      while (true) {
        const n = await conn.read(buf);
        if (n === null) break;
        for (
          const line of parser.push(
            new TextDecoder().decode(buf.subarray(0, n)),
          )
        ) {
          const w = line.words;
          if (w[0] === "TRACKING" && w[1] === id) {
            const code = Number.parseInt(w[2] ?? "", 10);
            const hit = Object.entries(TRACKING_CODE).find(([, c]) =>
              c === code
            );
            return (hit?.[0] as CommandResult | undefined) ?? "failed";
          }
        }
      }
    } catch {
      /* failed below */
    } finally {
      clearTimeout(timer);
      try {
        conn?.close();
      } catch { /* closed */ }
    }
    return "failed";
  }

  shutdown(): Promise<CommandResult> {
    this.#ctx.log.error(
      "Shutdown is not supported by this proxying driver. Upstream drivers may implement their own shutdown handling.",
    );
    return Promise.resolve("failed");
  }

  close(): Promise<void> {
    for (const l of this.#links) l.disconnect();
    return Promise.resolve();
  }
}
