/**
 * upsd's MQTT publisher (our extension, `MQTT_BROKER` in upsd.conf), on
 * npm:mqtt. It follows the event hub: every variable is published retained,
 * every status change as an event, with Home Assistant discovery (topics.ts)
 * and availability (a last will for upsd, a topic per UPS). Instant commands
 * arrive on command topics and are checked against the upsd.users entry
 * MQTT_BROKER names, anew on every message.
 *
 * Nothing queues while the broker is away: events are dropped and the whole
 * state is published again on (re)connection; a broker that reads slower
 * than upsd writes is treated the same way once 1 MiB is waiting.
 *
 * @module
 */
// @ts-types="./mqtt_client.d.ts"
import { connect, type IClientOptions, type MqttClient } from "npm:mqtt@5.16.0";
import type { EventHub, UpsEvent } from "../server/events.ts";
import type { ServerContext } from "../server/context.ts";
import type { UpsState } from "../server/ups.ts";
import { grantsInstcmd } from "../server/access.ts";
import { formatInstcmdRequest } from "../protocol/sock.ts";
import {
  BINARY_FLAGS,
  binaryConfig,
  buttonConfig,
  type DeviceInfo,
  deviceOf,
  discoveryTopic,
  prefixOf,
  sensorConfig,
  topicLevel,
  Topics,
} from "./topics.ts";

/** Bytes waiting in the socket beyond which we stop and resync later. */
const MAX_PENDING = 1 << 20;

/** What the publisher reads from upsd. */
export interface PublisherDeps {
  hub: EventHub;
  ctx: ServerContext;
}

/** Per-UPS record of what discovery has announced. */
interface Announced {
  dev: DeviceInfo;
  vars: Set<string>;
  buttons: Set<string>;
}

/** One connection to one broker; `close()` ends it. */
export class MqttPublisher {
  readonly #deps: PublisherDeps;
  readonly #user: string | undefined;
  readonly #topics: Topics;
  readonly #client: MqttClient;
  readonly #announced = new Map<string, Announced>();
  #off: { close(): void } | undefined;
  #dirty = false;
  #closed = false;
  /** Messages published since start (for tests and benchmarks). */
  published = 0;

  constructor(deps: PublisherDeps, url: string, user?: string) {
    this.#deps = deps;
    this.#user = user;
    const u = new URL(url);
    this.#topics = new Topics(prefixOf(u));
    const opts: IClientOptions = {
      protocol: u.protocol === "mqtts:" ? "mqtts" : "mqtt",
      host: u.hostname.replace(/^\[(.*)\]$/, "$1"),
      port: u.port ? Number(u.port) : u.protocol === "mqtts:" ? 8883 : 1883,
      clientId: `deno-nut-upsd-${crypto.randomUUID().slice(0, 8)}`,
      clean: true,
      reconnectPeriod: 1000,
      connectTimeout: 5000,
      // Never queue while offline: the state is re-sent on reconnection.
      queueQoSZero: false,
      will: {
        topic: this.#topics.bridge,
        payload: new TextEncoder().encode("offline"),
        qos: 1,
        retain: true,
      },
    };
    if (u.username) opts.username = decodeURIComponent(u.username);
    if (u.password) opts.password = decodeURIComponent(u.password);
    this.#client = connect(opts);
    this.#client.on("connect", () => this.#onConnect());
    this.#client.on("message", (topic, payload, packet) => {
      // A retained command is old news: never run it again on reconnection.
      if (!packet.retain) {
        this.#onCommand(topic, new TextDecoder().decode(payload));
      }
    });
    this.#client.on("error", (e) => {
      deps.ctx.log.debug(1, `MQTT: ${e.message}`);
    });
    this.#client.on("offline", () => {
      deps.ctx.log.debug(1, `MQTT: broker ${u.host} unreachable`);
    });
    this.#off = deps.hub.subscribe((e) => this.#onEvent(e));
  }

  /** The topic layout in use. */
  get topics(): Topics {
    return this.#topics;
  }

  /** True while connected to the broker. */
  get connected(): boolean {
    return this.#client.connected;
  }

  /** Says `offline` (retained), disconnects, stops following the hub. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#off?.close();
    if (this.#client.connected) {
      // A broker that never acknowledges must not hold upsd's stop.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        this.#client.publishAsync(this.#topics.bridge, "offline", {
          qos: 1,
          retain: true,
        }).catch(() => {}),
        new Promise((r) => timer = setTimeout(r, 1000)),
      ]);
      clearTimeout(timer);
    }
    await this.#client.endAsync(true).catch(() => {});
  }

  /** Re-announces everything (after a reload changed users or UPSes). */
  refresh(): void {
    if (this.#client.connected) this.#publishAll();
  }

  #onConnect(): void {
    const log = this.#deps.ctx.log;
    log.info(`MQTT: connected, publishing under ${this.#topics.prefix}/`);
    this.#pub(this.#topics.bridge, "online", true, 1);
    this.#client.subscribe(this.#topics.commandFilter, { qos: 1 });
    this.#publishAll();
  }

  #pub(topic: string, payload: string, retain: boolean, qos: 0 | 1 = 0) {
    this.published++;
    this.#client.publish(topic, payload, { retain, qos }, () => {});
  }

  #json(topic: string, body: Record<string, unknown> | undefined): void {
    this.#pub(topic, body ? JSON.stringify(body) : "", true);
  }

  /** Too much waiting in the socket: stop and resync once it drains. */
  #congested(): boolean {
    if (this.#dirty) return true;
    const stream = this.#client.stream as
      | { writableLength?: number; once?(e: string, f: () => void): void }
      | undefined;
    if ((stream?.writableLength ?? 0) <= MAX_PENDING) return false;
    this.#dirty = true;
    stream?.once?.("drain", () => {
      this.#dirty = false;
      this.refresh();
    });
    return true;
  }

  #publishAll(): void {
    const seen = new Set<string>();
    for (const ups of this.#deps.hub.units()) {
      seen.add(ups.name);
      this.#publishUps(ups);
    }
    for (const name of [...this.#announced.keys()]) {
      if (!seen.has(name)) this.#forget(name);
    }
  }

  #publishUps(ups: UpsState): void {
    const snap = this.#deps.hub.snapshot(ups.name);
    if (!snap) return;
    const t = this.#topics;
    const vars = new Map(snap.vars);
    const dev = deviceOf(ups.name, snap.desc, vars);
    const old = this.#announced.get(ups.name);
    const a: Announced = { dev, vars: new Set(), buttons: new Set() };
    this.#announced.set(ups.name, a);
    for (const [name, value] of snap.vars) {
      a.vars.add(name);
      this.#json(
        discoveryTopic("sensor", ups.name, name),
        sensorConfig(t, dev, name, value),
      );
      this.#pub(t.variable(ups.name, name), value, true);
    }
    for (const name of old?.vars ?? []) {
      if (!a.vars.has(name)) this.#dropVar(ups.name, name);
    }
    for (const b of BINARY_FLAGS) {
      this.#json(
        discoveryTopic("binary_sensor", ups.name, b.flag),
        binaryConfig(t, dev, b),
      );
    }
    for (const cmd of snap.cmds) {
      if (this.#allowed(cmd)) {
        a.buttons.add(cmd);
        this.#json(
          discoveryTopic("button", ups.name, cmd),
          buttonConfig(t, dev, cmd),
        );
      }
    }
    for (const cmd of old?.buttons ?? []) {
      if (!a.buttons.has(cmd)) {
        this.#json(discoveryTopic("button", ups.name, cmd), undefined);
      }
    }
    this.#pub(
      t.availability(ups.name),
      snap.available ? "online" : "offline",
      true,
    );
  }

  #dropVar(ups: string, name: string): void {
    this.#pub(this.#topics.variable(ups, name), "", true);
    this.#json(discoveryTopic("sensor", ups, name), undefined);
  }

  /** A UPS left ups.conf: its entities go away, availability says offline. */
  #forget(ups: string): void {
    const a = this.#announced.get(ups);
    this.#announced.delete(ups);
    if (!a) return;
    for (const name of a.vars) this.#dropVar(ups, name);
    for (const cmd of a.buttons) {
      this.#json(discoveryTopic("button", ups, cmd), undefined);
    }
    for (const b of BINARY_FLAGS) {
      this.#json(discoveryTopic("binary_sensor", ups, b.flag), undefined);
    }
    this.#pub(this.#topics.availability(ups), "offline", true);
  }

  #onEvent(e: UpsEvent): void {
    if (!this.#client.connected || this.#congested()) return;
    const t = this.#topics;
    const a = this.#announced.get(e.ups);
    switch (e.kind) {
      case "set":
        if (a && !a.vars.has(e.name)) {
          a.vars.add(e.name);
          this.#json(
            discoveryTopic("sensor", e.ups, e.name),
            sensorConfig(t, a.dev, e.name, e.value),
          );
        }
        this.#pub(t.variable(e.ups, e.name), e.value, true);
        break;
      case "del":
        a?.vars.delete(e.name);
        this.#dropVar(e.ups, e.name);
        break;
      case "status":
        this.#pub(
          t.event(e.ups),
          JSON.stringify({
            id: e.id,
            time: e.time,
            ups: e.ups,
            status: e.status,
            previous: e.previous,
            flags: e.flags,
          }),
          false,
        );
        break;
      case "cmd":
        if (!a) break;
        if (e.present && this.#allowed(e.name)) {
          a.buttons.add(e.name);
          this.#json(
            discoveryTopic("button", e.ups, e.name),
            buttonConfig(t, a.dev, e.name),
          );
        } else if (!e.present && a.buttons.delete(e.name)) {
          this.#json(discoveryTopic("button", e.ups, e.name), undefined);
        }
        break;
      case "state":
        this.#pub(
          t.availability(e.ups),
          e.available ? "online" : "offline",
          true,
        );
        break;
      case "added": {
        const ups = this.#deps.hub.find(e.ups);
        if (ups) this.#publishUps(ups);
        break;
      }
      case "removed":
        this.#forget(e.ups);
        break;
      case "clear":
        break;
    }
  }

  /** The MQTT_BROKER user's right to `cmd`, as upsd.users says now. */
  #allowed(cmd: string): boolean {
    if (this.#user === undefined) return false;
    return grantsInstcmd(this.#deps.ctx.users.get(this.#user), cmd);
  }

  #onCommand(topic: string, payload: string): void {
    const parsed = this.#topics.parseCommand(topic);
    // An empty message is how a retained one is deleted: not a press.
    if (!parsed || payload === "") return;
    const { ctx, hub } = this.#deps;
    const ups = hub.units().find((u) => topicLevel(u.name) === parsed.ups);
    const reply = (result: string, extra: Record<string, unknown> = {}) =>
      this.#pub(
        this.#topics.cmdResult(ups?.name ?? parsed.ups),
        JSON.stringify({ cmd: parsed.cmd, result, ...extra }),
        false,
      );
    if (!ups) return reply("UNKNOWN-UPS");
    const cmd = ups.tree.cmds().find((c) => topicLevel(c) === parsed.cmd);
    // Rights first, so an outsider learns nothing about the UPS.
    if (!this.#allowed(cmd ?? parsed.cmd)) {
      ctx.log.notice(
        `MQTT: instant command ${parsed.cmd} on ${ups.name} denied`,
      );
      return reply("ACCESS-DENIED");
    }
    if (cmd === undefined) return reply("CMD-NOT-SUPPORTED");
    const bad = ups.unavailable();
    if (bad !== undefined) return reply(bad);
    const param = payload === "PRESS" ? undefined : payload;
    const id = ctx.tracking.add(ctx.now());
    ctx.log.info(
      `Instant command: ${this.#user}@mqtt did ${cmd}${
        param === undefined ? "" : ` [${param}]`
      } on ${ups.name} (tracking ID: ${id})`,
    );
    if (!ups.send(formatInstcmdRequest(cmd, param, id))) {
      return reply("DRIVER-NOT-CONNECTED");
    }
    reply("OK", { tracking: id });
  }
}
