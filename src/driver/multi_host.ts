/**
 * The shared driver host: many driver instances (any driver type) in one
 * Deno process, so that 100 UPSes cost one runtime instead of 100. Each
 * instance keeps what upsd and the tools see of a separate driver — its own
 * socket `<statepath>/<driver>-<ups>`, its own state and PID file — and
 * its own life: start, stop and reload one at a time over the control
 * socket (host_client.ts), restart after a fatal error, abandonment and
 * restart when an update() hangs (supervisor.ts).
 *
 * @module
 */
import { loadUpsConf } from "../config/load.ts";
import type { NutPaths } from "../config/paths.ts";
import type { UpsConf } from "../config/ups_conf.ts";
import { Logger, type LogSink } from "../log.ts";
import { DriverConfigFatal } from "./config.ts";
import {
  type HostedInfo,
  type HostReply,
  hostSocketPath,
  jsonLines,
  writeJson,
} from "./host_client.ts";
import { bannerText } from "./help.ts";
import { InstanceStartError } from "./instance.ts";
import { HostedDriver } from "./supervisor.ts";
import type { DriverDefinition } from "./types.ts";

/** Finds a driver definition by NUT name (loads its module on first use). */
export type DriverLoader = (
  name: string,
) => Promise<DriverDefinition | undefined>;

/** Options of a DriverHost. */
export interface DriverHostOptions {
  paths: NutPaths;
  load: DriverLoader;
  /** Host-level log lines (stderr in the foreground, syslog in the background). */
  sink: LogSink;
  /** -D count handed to every instance. */
  debug?: number;
  /** Overrides ups.conf's retrydelay (seconds before a restart). */
  retryDelay?: number;
  /** An update() running longer than this counts as hung (ms). */
  hangMs?: number;
  /** End once the last instance is stopped (upsdrvctl stop leaves nothing). */
  exitWhenEmpty?: boolean;
}

/** Default watchdog: NUT has none; a minute is far above any poll. */
export const DEFAULT_HANG_MS = 60_000;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Another host already serves this state path. */
export class HostRunningError extends Error {}

/** Many supervised driver instances behind one control socket. */
export class DriverHost {
  #opts: DriverHostOptions;
  #slots = new Map<string, HostedDriver>();
  /** Messages of an instance go to its starter while START runs. */
  #listeners = new Map<string, (text: string) => void>();
  #listener: Deno.Listener | undefined;
  #watchdog: ReturnType<typeof setInterval> | undefined;
  #done!: () => void;
  #closing = false;
  #conf: { key: string; conf: Promise<UpsConf> } | undefined;
  /** Resolves when the host has ended (close(), exit, or empty). */
  readonly closed: Promise<void>;

  constructor(opts: DriverHostOptions) {
    this.#opts = opts;
    this.closed = new Promise((r) => this.#done = r);
  }

  /**
   * Binds the control socket and starts the watchdog. Throws when another
   * host already answers on it (two upsdrvctl runs raced to start one).
   */
  async listen(): Promise<void> {
    const path = hostSocketPath(this.#opts.paths.statePath);
    try {
      (await Deno.connect({ transport: "unix", path })).close();
      throw new HostRunningError(`a driver host already listens on ${path}`);
    } catch (e) {
      if (e instanceof HostRunningError) throw e;
    }
    try {
      Deno.removeSync(path);
    } catch {
      // no stale socket
    }
    this.#listener = Deno.listen({ transport: "unix", path });
    void this.#accept(this.#listener);
    this.#watchdog = setInterval(() => {
      const now = Date.now();
      for (const s of this.#slots.values()) s.checkHang(now);
    }, Math.min(1000, this.#hangMs() / 4));
  }

  #hangMs(): number {
    return this.#opts.hangMs ?? DEFAULT_HANG_MS;
  }

  async #accept(listener: Deno.Listener): Promise<void> {
    while (true) {
      let conn: Deno.Conn;
      try {
        conn = await listener.accept();
      } catch {
        return;
      }
      void this.#serve(conn);
    }
  }

  async #serve(conn: Deno.Conn): Promise<void> {
    try {
      for await (const req of jsonLines(conn)) {
        const reply = await this.handle(
          req,
          (text) => void writeJson(conn, { log: text }).catch(() => {}),
        );
        await writeJson(conn, reply);
      }
    } catch {
      // the peer went away
    } finally {
      try {
        conn.close();
      } catch {
        // closed
      }
      if (this.#slotsEmpty()) this.#maybeExit();
    }
  }

  #slotsEmpty(): boolean {
    return [...this.#slots.values()].every((s) => s.phase === "stopped");
  }

  #maybeExit(): void {
    if (this.#opts.exitWhenEmpty && this.#slotsEmpty()) void this.close();
  }

  /** Handles one control request; `log` relays the instance's messages. */
  async handle(
    req: Record<string, unknown>,
    log: (text: string) => void = () => {},
  ): Promise<HostReply> {
    const str = (k: string) =>
      typeof req[k] === "string" ? req[k] as string : undefined;
    switch (req.cmd) {
      case "start": {
        const driver = str("driver"), ups = str("ups");
        if (!driver || !ups) return { ok: false, error: "driver and ups" };
        const debug = typeof req.debug === "number" ? req.debug : undefined;
        return await this.start(driver, ups, log, debug);
      }
      case "stop":
      case "reload": {
        const slot = this.#find(str("ups"), str("pidfile"));
        if (!slot) return { ok: false, unknown: true, error: "not hosted" };
        try {
          if (req.cmd === "stop") {
            await slot.stop();
            this.#slots.delete(slot.upsName);
          } else await slot.reload();
          return { ok: true };
        } catch (e) {
          return { ok: false, error: message(e) };
        }
      }
      case "list":
        return { ok: true, list: this.list(), pid: Deno.pid };
      case "exit":
        queueMicrotask(() => void this.close());
        return { ok: true };
      default:
        return { ok: false, error: `unknown command` };
    }
  }

  #find(ups?: string, pidfile?: string): HostedDriver | undefined {
    if (ups !== undefined) return this.#slots.get(ups);
    for (const s of this.#slots.values()) if (s.pidPath === pidfile) return s;
    return undefined;
  }

  /** The hosted instances. */
  list(): HostedInfo[] {
    return [...this.#slots.values()].map((s) => ({
      driver: s.def.name,
      ups: s.upsName,
      phase: s.phase,
      restarts: s.restarts,
      socket: s.socketPath,
    }));
  }

  #logger(ups: string, driver: string, debug: number): Logger {
    return new Logger((level, text) => {
      const to = this.#listeners.get(ups);
      if (to) to(text);
      else this.#opts.sink(level, `${driver}-${ups}: ${text}`);
    }, debug);
  }

  /**
   * Starts (or restarts, as a driver that finds its own PID file does) one
   * instance. The reply carries the exit code a separate process would
   * have returned.
   */
  async start(
    driver: string,
    ups: string,
    log: (text: string) => void = () => {},
    debug = this.#opts.debug ?? 0,
  ): Promise<HostReply> {
    if (this.#closing) return { ok: false, error: "host is stopping" };
    let def: DriverDefinition | undefined;
    try {
      def = await this.#opts.load(driver);
    } catch (e) {
      return { ok: false, error: `can't load ${driver}: ${message(e)}` };
    }
    if (!def) return { ok: false, code: 1, error: `unknown driver ${driver}` };
    // NUT 2.8.0's drivers print their banner only when debugging
    const out = debug > 0 ? bannerText(def) : "";
    const old = this.#slots.get(ups);
    if (old) {
      log(
        `Duplicate driver instance detected (PID file ${old.pidPath} exists)! Terminating other driver!`,
      );
      await old.stop();
    }
    const slot = new HostedDriver({
      def,
      upsName: ups,
      paths: this.#opts.paths,
      log: this.#logger(ups, def.name, debug),
      retryDelay: this.#opts.retryDelay ?? await this.#retryDelay(),
      hangMs: this.#hangMs(),
      loadConf: () => this.#loadConf(),
    });
    this.#slots.set(ups, slot);
    this.#listeners.set(ups, log);
    try {
      await slot.start();
      return { ok: true, out };
    } catch (e) {
      if (this.#slots.get(ups) === slot) this.#slots.delete(ups);
      if (e instanceof DriverConfigFatal) {
        const text = e.fatal.message;
        if (e.fatal.stream === "stdout") {
          return { ok: false, code: e.fatal.exitCode, out: out + text };
        }
        log(text.replace(/\n$/, ""));
        return { ok: false, code: e.fatal.exitCode, out };
      }
      const code = e instanceof InstanceStartError ? e.exitCode : 1;
      log(message(e).replace(/\n$/, ""));
      return { ok: false, code, out };
    } finally {
      this.#listeners.delete(ups);
    }
  }

  /**
   * ups.conf, parsed again only when the file changed: starting 1000
   * instances must not parse a 1000-section file 1000 times.
   */
  #loadConf(): Promise<UpsConf> {
    const file = `${this.#opts.paths.confPath}/ups.conf`;
    let key = "";
    try {
      const st = Deno.statSync(file);
      key = `${st.ino}:${st.size}:${st.mtime?.getTime()}`;
    } catch {
      // let loadUpsConf report it
    }
    if (!key || this.#conf?.key !== key) {
      const conf = loadUpsConf(this.#opts.paths);
      this.#conf = key ? { key, conf } : undefined;
      conf.catch(() => this.#conf = undefined);
      return conf;
    }
    return this.#conf.conf;
  }

  async #retryDelay(): Promise<number> {
    try {
      const v = (await this.#loadConf()).globals.values.get(
        "retrydelay",
      );
      const n = v === undefined ? NaN : Number.parseInt(v, 10);
      return Number.isFinite(n) ? n : 5;
    } catch {
      return 5;
    }
  }

  /** Stops every instance and the control socket. */
  async close(): Promise<void> {
    if (this.#closing) return await this.closed;
    this.#closing = true;
    clearInterval(this.#watchdog);
    try {
      this.#listener?.close();
    } catch {
      // closed
    }
    try {
      Deno.removeSync(hostSocketPath(this.#opts.paths.statePath));
    } catch {
      // gone
    }
    await Promise.all([...this.#slots.values()].map((s) => s.stop()));
    this.#slots.clear();
    this.#done();
  }
}
