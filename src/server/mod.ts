/**
 * upsd as a library: `createServer()` loads the configuration, binds the
 * listeners and connects to the drivers; `reload()` re-reads the files
 * (keeping the old config when the new one is broken); `close()` stops.
 *
 * @module
 */
import type { Logger } from "../log.ts";
import type { NutPaths } from "../config/paths.ts";
import {
  DEFAULT_PORT,
  type ListenAddress,
  type UpsdConf,
} from "../config/upsd_conf.ts";
import { compareNoCase } from "../state/tree.ts";
import { ClientConnection } from "./connection.ts";
import type { ClientInfo, ServerContext } from "./context.ts";
import { DriverLink } from "./driver_link.ts";
import { EventHub } from "./events.ts";
import { HttpService, type Pem } from "../http/server.ts";
import { MqttService } from "../mqtt/service.ts";
import { loadConfig, type LoadedConfig } from "./config_load.ts";
import { type ConnectionHost, Listeners } from "./listen.ts";
import { EpollListeners, epollUsable } from "./listen_epoll.ts";
import { LoginGuard, prepareUsers } from "./access.ts";
import type { ThrottleSettings } from "./throttle.ts";
import type { ServerTls } from "./tls_context.ts";
import { ReplyCache } from "./reply_cache.ts";
import { Session } from "./session.ts";
import { TrackingTable } from "./tracking.ts";
import { UpsState } from "./ups.ts";

/** How to run the server. */
export interface ServerOptions {
  paths: NutPaths;
  env: (name: string) => string | undefined;
  log: Logger;
  /** -4 / -6: restrict the default listeners to one family. */
  family?: 4 | 6;
  /**
   * Serve plain-TCP clients through FFI + epoll (listen_epoll.ts) when no
   * CERTFILE is set and every LISTEN address is an IP literal. Defaults
   * to on unless env DENO_NUT_UPSD_EPOLL=0.
   */
  epoll?: boolean;
  /** Idle clients are dropped after this many ms (NUT: 60 s). */
  idleTimeoutMs?: number;
  /** Main-loop period in ms (NUT polls with a 2 s timeout). */
  tickMs?: number;
  now?: () => number;
}

/** A running upsd. */
export interface UpsdServer {
  /** Addresses bound, with the real port. */
  readonly addresses: readonly ListenAddress[];
  /** Re-reads the configuration; false (old config kept) when it is broken. */
  reload(): Promise<boolean>;
  /** Stops listening, drops clients and drivers. */
  close(): Promise<void>;
  /** Number of connected clients. */
  readonly clientCount: number;
  /** Every variable/status/availability change, with replay (events.ts). */
  readonly events: EventHub;
  /** The HTTP side (HTTP_LISTEN); `bound` lists its real addresses. */
  readonly http: HttpService;
  /** The MQTT publisher (MQTT_BROKER). */
  readonly mqtt: MqttService;
}

/** Default listeners: ::1 and 127.0.0.1 on 3493 (or one family). */
export function defaultListen(family?: 4 | 6): ListenAddress[] {
  const out: ListenAddress[] = [];
  if (family !== 4) out.push({ addr: "::1", port: DEFAULT_PORT });
  if (family !== 6) out.push({ addr: "127.0.0.1", port: DEFAULT_PORT });
  return out;
}

/** The certificate chain and key from a CERTFILE's text. */
export function extractPem(text: string): { cert: string; key: string } {
  const certs = text.match(
    /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g,
  );
  const key = text.match(
    /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/,
  );
  if (!certs || !key) {
    throw new Error("CERTFILE must hold a certificate and its private key");
  }
  return { cert: certs.join("\n") + "\n", key: key[0] + "\n" };
}

/** Loads the configuration, binds and starts upsd. Throws on fatal errors. */
export async function createServer(opts: ServerOptions): Promise<UpsdServer> {
  const log = opts.log;
  const now = opts.now ?? Date.now;
  const idleMs = opts.idleTimeoutMs ?? 60_000;
  let config: LoadedConfig = await loadConfig(opts.paths, opts.env);
  reportProblems(config, log);

  const tracking = new TrackingTable();
  const upsMap = new Map<string, UpsState>();
  let upsOrder: UpsState[] = [];
  const links = new Map<UpsState, DriverLink>();
  const connections = new Set<ClientConnection>();
  const replyCache = new ReplyCache();
  const requestStats = { requests: 0 };
  const events = new EventHub({ now });
  let serverTls: ServerTls | undefined;
  try {
    // node:tls and node:crypto load only when TLS is configured
    if (config.upsd.certFile || config.upsd.certPath) {
      const { loadServerTls } = await import("./tls_context.ts");
      serverTls = await loadServerTls(config.upsd);
    }
  } catch (e) {
    // As NUT 2.8.6: TLS that was asked for but cannot work is fatal.
    throw new Error(
      `Can not set up TLS (CERTFILE ${config.upsd.certFile ?? "unset"}): ${
        e instanceof Error ? e.message : e
      }`,
    );
  }
  await prepareUsers(config.users);
  const guard = new LoginGuard(log, throttleSettings(config.upsd));
  const traffic = { writes: 0 };
  const settings = {
    maxAge: config.upsd.maxAge,
    log,
    tracking,
    now,
    traffic,
  };

  const ctx: ServerContext = {
    findUps: (name) =>
      upsMap.get(name) ?? upsMap.get(name.toLowerCase()) ??
        findNoCase(upsOrder, name),
    upsList: () => upsOrder,
    users: config.users,
    guard,
    readsNeedLogin: config.upsd.requireLoginForRead,
    descriptions: config.descriptions,
    tracking,
    tlsAvailable: serverTls !== undefined,
    clientsOf: (ups) => {
      const out: ClientInfo[] = [];
      for (const c of connections) {
        if (c.session.loginUps === ups) out.push(c.session);
      }
      return out.sort((a, b) => b.id - a.id);
    },
    log,
    now,
  };

  function applyUpsList(entries: LoadedConfig["ups"]): void {
    const next: UpsState[] = [];
    const seen = new Set<UpsState>();
    for (const e of entries) {
      let ups = upsOrder.find((u) => u.name === e.name);
      if (ups) {
        ups.desc = e.desc;
        const link = links.get(ups)!;
        if (ups.driver !== e.driver || link.socketPath !== e.socketPath) {
          ups.driver = e.driver;
          ups.port = e.port;
          void link.close();
          links.set(ups, new DriverLink(ups, e.socketPath, settings));
        }
      } else {
        ups = new UpsState(e.name, e.driver, e.port, e.desc);
        links.set(ups, new DriverLink(ups, e.socketPath, settings));
      }
      seen.add(ups);
      next.push(ups);
      events.attach(ups);
    }
    for (const old of upsOrder) {
      if (seen.has(old)) continue;
      events.detach(old);
      void links.get(old)?.close();
      links.delete(old);
      for (const c of [...connections]) {
        if (c.session.loginUps === old) {
          log.info(
            `Kicking client ${c.session.addr} (was on UPS [${old.name}])`,
          );
          c.close();
        }
      }
    }
    upsOrder = next;
    replyCache.invalidate(); // names may now map to other UPSes
    upsMap.clear();
    for (const u of next) {
      if (!upsMap.has(u.name)) upsMap.set(u.name, u);
      const low = u.name.toLowerCase();
      if (!upsMap.has(low)) upsMap.set(low, u);
    }
  }
  applyUpsList(config.ups);

  let nextId = 1;
  const host: ConnectionHost = {
    open(addr) {
      const max = config.upsd.maxConn;
      if (max !== undefined && connections.size >= max) {
        log.debug(1, `Refusing ${addr}: MAXCONN ${max} reached`);
        return undefined;
      }
      const c = new ClientConnection(
        new Session(ctx, nextId++, addr),
        now(),
        log,
        replyCache,
        requestStats,
      );
      connections.add(c);
      log.debug(2, `Connect from ${addr}`);
      return c;
    },
    driverWrites: () => traffic.writes,
    closed(c) {
      if (!connections.delete(c)) return;
      c.session.disconnect();
      log.debug(2, `Disconnect from ${c.session.addr}`);
    },
    serverTls: () => serverTls,
    now,
    log,
  };
  const listen = config.upsd.listen.length
    ? config.upsd.listen
    : defaultListen(opts.family);
  // The FFI/epoll client path (no STARTTLS there, so not with CERTFILE):
  // less CPU per request with many clients. See listen_epoll.ts.
  const asked = opts.epoll ?? envFlag(opts.env("DENO_NUT_UPSD_EPOLL"));
  const epoll = asked !== false && !config.upsd.certFile &&
    epollUsable(listen);
  const listeners = (epoll && epollListeners(host, log, asked === true)) ||
    new Listeners(host);
  listeners.bind(listen);

  // First connection attempts before serving, as NUT does at start.
  await Promise.all([...links.values()].map((l) => l.connect()));
  listeners.start();

  // HTTP_LISTEN (off by default): /metrics, /api/v1, events, the page.
  const http = new HttpService({
    hub: events,
    ctx,
    figures: () => ({
      clients: connections.size,
      requests: requestStats.requests,
    }),
  });
  const httpPem = async (): Promise<Pem | undefined> => {
    const file = config.upsd.certFile;
    if (!file || !config.upsd.httpListen.some((l) => l.tls)) return undefined;
    try {
      return extractPem(await Deno.readTextFile(file));
    } catch (e) {
      log.error(`HTTP TLS: ${e instanceof Error ? e.message : e}`);
      return undefined;
    }
  };
  await http.apply(config.upsd.httpListen, await httpPem());
  // MQTT_BROKER (off by default): connects in the background.
  const mqtt = new MqttService({ hub: events, ctx });
  await mqtt.apply(config.upsd.mqttBroker);

  let ticking = false;
  const timer = setInterval(async () => {
    if (ticking) return;
    ticking = true;
    try {
      const t = now();
      tracking.cleanup(t, config.upsd.trackingDelay);
      for (const c of connections) {
        if (t - c.lastHeard > idleMs) c.close();
      }
      await Promise.all([...links.values()].map((l) => l.tick()));
    } finally {
      ticking = false;
    }
  }, opts.tickMs ?? 1000);

  let closed = false;
  return {
    get addresses() {
      return listeners.bound;
    },
    get clientCount() {
      return connections.size;
    },
    events,
    http,
    mqtt,
    async reload() {
      let next: LoadedConfig;
      try {
        next = await loadConfig(opts.paths, opts.env);
      } catch (e) {
        log.error(
          `Reload failed: ${
            e instanceof Error ? e.message : e
          }; keeping the old configuration`,
        );
        return false;
      }
      if (next.errors.length) {
        for (const e of next.errors) log.error(`Parse error: ${e.message}`);
        log.error(
          "Reload failed: configuration has errors; keeping the old configuration",
        );
        return false;
      }
      for (const w of next.warnings) log.warn(w);
      config = next;
      settings.maxAge = next.upsd.maxAge;
      guard.throttle.settings = throttleSettings(next.upsd);
      ctx.readsNeedLogin = next.upsd.requireLoginForRead;
      // As NUT's conf_reload: an unreadable upsd.users keeps the old users.
      if (next.usersUnreadable === undefined) {
        await prepareUsers(next.users);
        ctx.users = next.users;
      } else {
        log.error(
          `Reload failed: ${next.usersUnreadable}; keeping the old users`,
        );
      }
      ctx.descriptions = next.descriptions;
      applyUpsList(next.ups);
      await http.apply(next.upsd.httpListen, await httpPem());
      await mqtt.apply(next.upsd.mqttBroker);
      log.info("Reloaded configuration");
      return true;
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await http.close();
      await mqtt.close();
      listeners.closeListeners();
      for (const c of [...connections]) c.close();
      await Promise.all([...links.values()].map((l) => l.close()));
      await listeners.settled();
    },
  };
}

function throttleSettings(c: UpsdConf): ThrottleSettings {
  return {
    limit: c.loginFailureLimit,
    windowMs: c.loginFailureWindow * 1000,
    lockMs: c.loginLockout * 1000,
  };
}

/** "1" on, "0" off, anything else the default. */
function envFlag(value: string | undefined): boolean | undefined {
  return value === "1" ? true : value === "0" ? false : undefined;
}

/** The epoll listener, or undefined (no FFI permission, no libc). */
function epollListeners(
  host: ConnectionHost,
  log: Logger,
  asked: boolean,
): EpollListeners | undefined {
  try {
    const l = new EpollListeners(host);
    log.debug(1, "Serving clients through the epoll listener");
    return l;
  } catch (e) {
    const why = `epoll listener unavailable (${(e as Error).message})`;
    // by default the Deno listener serves instead, as NUT-quiet as before
    if (asked) log.warn(why);
    else log.debug(1, why);
    return undefined;
  }
}

function findNoCase(list: readonly UpsState[], name: string) {
  return list.find((u) => compareNoCase(u.name, name) === 0);
}

function reportProblems(config: LoadedConfig, log: Logger): void {
  for (const e of config.errors) log.error(`Parse error: ${e.message}`);
  for (const w of config.warnings) log.warn(w);
}
