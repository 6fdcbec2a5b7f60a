/**
 * The part of npm:mqtt's API the publisher uses. Declared here because
 * mqtt's own typings pull in @types/node, whose stream types clash with
 * Deno's in the rest of upsd.
 */

/** Options of `connect` that we set. */
export interface IClientOptions {
  protocol?: "mqtt" | "mqtts";
  host?: string;
  port?: number;
  clientId?: string;
  username?: string;
  password?: string;
  clean?: boolean;
  reconnectPeriod?: number;
  connectTimeout?: number;
  queueQoSZero?: boolean;
  rejectUnauthorized?: boolean;
  will?: {
    topic: string;
    payload: Uint8Array;
    qos: 0 | 1 | 2;
    retain: boolean;
  };
}

/** A received PUBLISH. */
export interface IPublishPacket {
  retain: boolean;
}

/** The client. */
export interface MqttClient {
  readonly connected: boolean;
  readonly stream: unknown;
  on(event: "connect" | "offline" | "close" | "reconnect", f: () => void): this;
  on(event: "error", f: (e: Error) => void): this;
  on(
    event: "message",
    f: (topic: string, payload: Uint8Array, packet: IPublishPacket) => void,
  ): this;
  publish(
    topic: string,
    payload: string,
    opts: { qos: 0 | 1; retain: boolean },
    cb: (e?: Error) => void,
  ): this;
  publishAsync(
    topic: string,
    payload: string,
    opts: { qos: 0 | 1; retain: boolean },
  ): Promise<unknown>;
  subscribe(filter: string, opts: { qos: 0 | 1 }): this;
  endAsync(force?: boolean): Promise<void>;
}

/** Connects (and keeps reconnecting). */
export function connect(opts: IClientOptions): MqttClient;
