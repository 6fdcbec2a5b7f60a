/**
 * upsd's HTTP side (HTTP_LISTEN in upsd.conf): `/metrics`, `/api/v1/ups`,
 * `/api/v1/ups/NAME`, `/api/v1/events` (SSE), the status page `/`, and a
 * login (checked against upsd.users) for instant commands. Off unless
 * HTTP_LISTEN is set; HTTPS with CERTFILE when the line says TLS.
 *
 * Routes:
 * - `GET /api/v1/ups`: `upsc -j -L` form (name → description).
 * - `GET /api/v1/ups/NAME`: `upsc -j NAME` form; errors as upsc's
 *   `{"error": "..."}` with 404 (unknown UPS) or 503 (driver, stale).
 * - `POST /api/v1/login` `{"username","password"}`: sets a session cookie;
 *   `GET /api/v1/session` lists the commands that user may run per UPS;
 *   `POST /api/v1/logout`.
 * - `POST /api/v1/ups/NAME/instcmd/CMD`: runs an instant command (the
 *   session's user must be allowed by upsd.users, checked anew each time).
 *
 * @module
 */
import type { HttpListen } from "../config/upsd_conf.ts";
import { jsonObjectLines, jsonString } from "../client/json.ts";
import { authenticate, grantsInstcmd } from "../server/access.ts";
import type { ServerContext } from "../server/context.ts";
import type { Descriptions } from "../server/descriptions.ts";
import type { EventHub } from "../server/events.ts";
import { formatInstcmdRequest } from "../protocol/sock.ts";
import { type MetricsCache, renderMetrics } from "./metrics.ts";
import { PAGE_HTML } from "./page.ts";
import { SseClients } from "./sse.ts";
import { ConnectionGuard, GUARD_LIMITS, type GuardLimits } from "./guard.ts";
import { Sessions } from "./sessions.ts";

/** What the HTTP side reads from upsd. */
export interface HttpDeps {
  hub: EventHub;
  /** upsd's shared state (users and descriptions follow reloads). */
  ctx: ServerContext;
  /** NUT protocol clients now, and requests answered so far. */
  figures(): { clients: number; requests: number };
}

/** A certificate and key in PEM, for TLS listeners. */
export interface Pem {
  cert: string;
  key: string;
}

const JSON_TYPE = "application/json; charset=utf-8";

function json(body: string, status = 200, extra: HeadersInit = {}): Response {
  return new Response(body, {
    status,
    headers: {
      "content-type": JSON_TYPE,
      "cache-control": "no-store",
      ...extra,
    },
  });
}

function errorJson(text: string, status: number): Response {
  return json(`{\n  "error": ${jsonString(text)}\n}\n`, status);
}

/** The HTTP service: its routes and listeners. */
export class HttpService {
  readonly #deps: HttpDeps;
  readonly #sse: SseClients;
  readonly #sessions = new Sessions();
  #servers: Array<{ key: string; guard: ConnectionGuard; addr: HttpListen }> =
    [];
  /** The real server, on a private loopback port behind the guards. */
  #inner: Deno.HttpServer<Deno.NetAddr> | undefined;
  #requests = 0;

  constructor(deps: HttpDeps) {
    this.#deps = deps;
    this.#sse = new SseClients(deps.hub);
  }

  /** Addresses bound now, with the real port (0 in config → ephemeral). */
  get bound(): HttpListen[] {
    return this.#servers.map((s) => ({ ...s.addr, port: s.guard.addr.port }));
  }

  /** Event stream clients connected now. */
  get sseClients(): number {
    return this.#sse.size;
  }

  /** HTTP client connections open now (all listeners). */
  get connections(): number {
    return this.#servers.reduce((n, s) => n + s.guard.size, 0);
  }

  /**
   * Makes the listeners match `want` (start and reload): keeps unchanged
   * ones, stops removed ones, binds new ones. A bind failure is logged.
   */
  async apply(
    want: readonly HttpListen[],
    pem: Pem | undefined,
    limits: GuardLimits = GUARD_LIMITS,
  ): Promise<void> {
    const log = this.#deps.ctx.log;
    const keyOf = (l: HttpListen) => `${l.addr} ${l.port} ${l.tls}`;
    const wanted = new Set(want.map(keyOf));
    const keep = this.#servers.filter((s) => wanted.has(s.key));
    const drop = this.#servers.filter((s) => !wanted.has(s.key));
    this.#servers = keep;
    await Promise.all(drop.map((s) => s.guard.close()));
    for (const l of want) {
      const key = keyOf(l);
      if (this.#servers.some((s) => s.key === key)) continue;
      if (l.tls && !pem) {
        log.error(`HTTP_LISTEN ${l.addr} ${l.port} TLS: no usable CERTFILE`);
        continue;
      }
      try {
        const listener = l.tls && pem
          ? Deno.listenTls({
            hostname: l.addr,
            port: l.port,
            cert: pem.cert,
            key: pem.key,
          })
          : Deno.listen({ hostname: l.addr, port: l.port });
        this.#inner ??= Deno.serve({
          hostname: "127.0.0.1",
          port: 0,
          onListen: () => {},
          onError: () => new Response("internal error\n", { status: 500 }),
        }, (req, info) => this.handle(req, info));
        const guard = new ConnectionGuard(
          listener,
          this.#inner.addr.port,
          limits,
        );
        this.#servers.push({ key, guard, addr: l });
        log.info(
          `HTTP listening on ${l.addr} port ${guard.addr.port}${
            l.tls ? " (TLS)" : ""
          }`,
        );
      } catch (e) {
        log.error(
          `HTTP_LISTEN ${l.addr} ${l.port}: ${
            e instanceof Error ? e.message : e
          }`,
        );
      }
    }
  }

  /** Stops every listener and event stream. */
  async close(): Promise<void> {
    this.#sse.close();
    const all = this.#servers;
    this.#servers = [];
    await Promise.all(all.map((s) => s.guard.close()));
    const inner = this.#inner;
    this.#inner = undefined;
    await inner?.shutdown();
  }

  /** Routes one request (exported for tests through a bound server). */
  handle(
    req: Request,
    info?: Deno.ServeHandlerInfo,
  ): Response | Promise<Response> {
    this.#requests++;
    const url = new URL(req.url);
    const path = url.pathname;
    const method = req.method;
    if (method === "GET" || method === "HEAD") {
      if (path === "/") {
        return new Response(PAGE_HTML, {
          headers: {
            "content-type": "text/html; charset=utf-8",
            // everything is inline: nothing may load from elsewhere
            "content-security-policy":
              "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:",
          },
        });
      }
      if (path === "/metrics") return this.#metrics();
      if (path === "/api/v1/ups") return this.#upsList();
      if (path === "/api/v1/events" && method === "GET") {
        return this.#sse.respond(
          req.headers.get("last-event-id") ??
            url.searchParams.get("lastEventId"),
          url.searchParams.get("ups"),
        );
      }
      if (path === "/api/v1/session") return this.#session(req, info);
      const m = /^\/api\/v1\/ups\/([^/]+)$/.exec(path);
      if (m) return this.#upsVars(decode(m[1]!));
    } else if (method === "POST") {
      // JSON-only POSTs: a cross-site form cannot send them without CORS.
      if (
        !(req.headers.get("content-type") ?? "").startsWith("application/json")
      ) {
        return errorJson("Content-Type must be application/json", 415);
      }
      if (path === "/api/v1/login") return this.#login(req, info);
      if (path === "/api/v1/logout") return this.#logout(req);
      const m = /^\/api\/v1\/ups\/([^/]+)\/instcmd\/([^/]+)$/.exec(path);
      if (m) {
        return this.#instcmd(
          req,
          decode(m[1]!),
          decode(m[2]!),
          info,
        );
      }
    } else {
      return new Response("method not allowed\n", { status: 405 });
    }
    return new Response("not found\n", { status: 404 });
  }

  /** The real client address (the guard's), for log lines. */
  #peer(info?: Deno.ServeHandlerInfo): string {
    const port = (info?.remoteAddr as Deno.NetAddr | undefined)?.port;
    if (port === undefined) return "?";
    for (const s of this.#servers) {
      const p = s.guard.peerOf(port);
      if (p !== undefined) return p;
    }
    return "?";
  }

  #metrics(): Response {
    const { hub, ctx } = this.#deps;
    const f = this.#deps.figures();
    const text = renderMetrics(
      hub.units(),
      {
        clients: f.clients,
        requests: f.requests,
        httpRequests: this.#requests,
        sseClients: this.#sse.size,
        eventsTotal: hub.lastId,
      },
      this.#describer(ctx.descriptions),
      this.#metricsCache,
    );
    return new Response(text, {
      headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" },
    });
  }

  // One function per descriptions table, so per-UPS rows stay cached.
  #describeFor: Descriptions | undefined;
  readonly #metricsCache: MetricsCache = new WeakMap();
  #describe: (v: string) => string | undefined = () => undefined;
  #describer(d: Descriptions): (v: string) => string | undefined {
    if (this.#describeFor !== d) {
      this.#describeFor = d;
      this.#describe = (v) => d.vars.get(v);
    }
    return this.#describe;
  }

  #upsList(): Response {
    const pairs: Array<[string, string]> = this.#deps.ctx.upsList().map((
      u,
    ) => [u.name, u.desc ?? "Description unavailable"]);
    return json(jsonObjectLines(pairs));
  }

  #upsVars(name: string): Response {
    const { ctx, hub } = this.#deps;
    const ups = ctx.findUps(name);
    if (!ups) return errorJson("Unknown UPS", 404);
    const bad = ups.unavailable();
    if (bad === "DRIVER-NOT-CONNECTED") {
      return errorJson("Driver not connected", 503);
    }
    if (bad === "DATA-STALE") return errorJson("Data stale", 503);
    const snap = hub.snapshot(ups.name);
    return json(jsonObjectLines(snap?.vars ?? []));
  }

  /** The session's user as upsd.users says now (hashes and throttle included). */
  #user(username: string, password: string, addr: string) {
    const ctx = this.#deps.ctx;
    return authenticate({ ctx, addr, username, password });
  }

  #allowed(
    user: string,
    password: string,
    addr: string,
  ): Record<string, string[]> {
    const who = this.#user(user, password, addr);
    const out: Record<string, string[]> = {};
    for (const u of this.#deps.ctx.upsList()) {
      out[u.name] = u.tree.cmds().filter((c) => grantsInstcmd(who, c));
    }
    return out;
  }

  #session(req: Request, info?: Deno.ServeHandlerInfo): Response {
    const s = this.#sessions.get(req);
    if (!s) return errorJson("not logged in", 401);
    return json(
      JSON.stringify({
        username: s.username,
        commands: this.#allowed(s.username, s.password, this.#peer(info)),
      }) + "\n",
    );
  }

  async #login(req: Request, info?: Deno.ServeHandlerInfo): Promise<Response> {
    const body = await readJson(req);
    const username = typeof body?.username === "string" ? body.username : "";
    const password = typeof body?.password === "string" ? body.password : "";
    // as a LOGIN: exact name, password (or its hash), per-address throttle
    const user = this.#user(username, password, this.#peer(info));
    if (!user) {
      this.#deps.ctx.log.notice(
        `HTTP login failed for ${jsonString(username)} from ${
          this.#peer(info)
        }`,
      );
      return errorJson("Access denied", 403);
    }
    const token = this.#sessions.create(username, password);
    return json(
      JSON.stringify({
        username,
        commands: this.#allowed(username, password, this.#peer(info)),
      }) + "\n",
      200,
      {
        "set-cookie": `nut_session=${token}; HttpOnly; SameSite=Strict; Path=/`,
      },
    );
  }

  #logout(req: Request): Response {
    this.#sessions.drop(req);
    return json("{}\n", 200, {
      "set-cookie":
        "nut_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0",
    });
  }

  async #instcmd(
    req: Request,
    upsName: string,
    cmd: string,
    info?: Deno.ServeHandlerInfo,
  ): Promise<Response> {
    const body = await readJson(req);
    const s = this.#sessions.get(req);
    if (!s) return errorJson("not logged in", 401);
    const { ctx } = this.#deps;
    const ups = ctx.findUps(upsName);
    if (!ups) return errorJson("Unknown UPS", 404);
    const bad = ups.unavailable();
    if (bad !== undefined) {
      return errorJson(
        bad === "DATA-STALE" ? "Data stale" : "Driver not connected",
        503,
      );
    }
    if (!ups.tree.hasCmd(cmd)) return errorJson("Command not supported", 404);
    const who = this.#user(s.username, s.password, this.#peer(info));
    if (!grantsInstcmd(who, cmd)) {
      return errorJson("Access denied", 403);
    }
    const param = typeof body?.param === "string" ? body.param : undefined;
    const id = ctx.tracking.add(ctx.now());
    ctx.log.info(
      `Instant command: ${s.username}@${
        this.#peer(info)
      } (HTTP) did ${cmd} on ${ups.name} (tracking ID: ${id})`,
    );
    if (!ups.send(formatInstcmdRequest(cmd, param, id))) {
      return errorJson("Instant command failed", 502);
    }
    return json(JSON.stringify({ result: "OK", tracking: id }) + "\n");
  }
}

/** A path segment; a bad %-escape stays as it is (and so matches nothing). */
function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A small JSON body (at most 4 KiB), or undefined. */
async function readJson(
  req: Request,
): Promise<Record<string, unknown> | undefined> {
  try {
    const reader = req.body?.getReader();
    if (!reader) return undefined;
    let text = "";
    const dec = new TextDecoder();
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      text += dec.decode(value, { stream: true });
      if (text.length > 4096) {
        await reader.cancel();
        return undefined;
      }
    }
    const v = JSON.parse(text);
    return v && typeof v === "object" ? v : undefined;
  } catch {
    return undefined;
  }
}
