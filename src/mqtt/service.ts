/**
 * MQTT_BROKER's lifecycle in upsd: start, follow reloads, stop. npm:mqtt is
 * loaded only when a broker is configured, so upsd without MQTT starts as
 * fast as before.
 *
 * @module
 */
import type { MqttBroker } from "../config/upsd_conf.ts";
import type { MqttPublisher, PublisherDeps } from "./publisher.ts";
import { importLate } from "../late_import.ts";

/** Owns at most one publisher, as upsd.conf says. */
export class MqttService {
  readonly #deps: PublisherDeps;
  #current: MqttPublisher | undefined;
  #key = "";

  constructor(deps: PublisherDeps) {
    this.#deps = deps;
  }

  /** The running publisher, if MQTT_BROKER is set. */
  get publisher(): MqttPublisher | undefined {
    return this.#current;
  }

  /**
   * Applies MQTT_BROKER (start, reload): a changed broker or user means a
   * new connection; the same one re-announces (users may have changed).
   */
  async apply(broker: MqttBroker | undefined): Promise<void> {
    const key = broker ? `${broker.url} ${broker.user ?? ""}` : "";
    if (key === this.#key && this.#current) {
      this.#current.refresh();
      return;
    }
    await this.close();
    this.#key = key;
    if (!broker) return;
    try {
      // late: npm:mqtt's graph is resolved only when a broker is set
      const mod = await importLate<typeof import("./publisher.ts")>(
        "./publisher.ts",
        import.meta.url,
      );
      this.#current = new mod.MqttPublisher(
        this.#deps,
        broker.url,
        broker.user,
      );
    } catch (e) {
      this.#deps.ctx.log.error(
        `MQTT_BROKER ${broker.url}: ${e instanceof Error ? e.message : e}`,
      );
    }
  }

  /** Disconnects (saying `offline` first). */
  async close(): Promise<void> {
    const p = this.#current;
    this.#current = undefined;
    this.#key = "";
    await p?.close();
  }
}
