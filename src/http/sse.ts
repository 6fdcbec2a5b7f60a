/**
 * `/api/v1/events`: Server-Sent Events from the event hub. Each event is
 * one `message` whose `id:` is the hub's event id and whose `data:` is the
 * event as JSON ({@link UpsEvent}). A fresh client (or one whose
 * Last-Event-ID the replay buffer no longer reaches) first gets one
 * `snapshot` message per UPS with the full state; a reconnect with
 * Last-Event-ID gets the missed events instead. A client that stops reading
 * is dropped once its queue passes a byte limit, so nothing grows without
 * bound.
 *
 * @module
 */
import type { EventHub, Subscription, UpsEvent } from "../server/events.ts";

/** Bytes a client may have queued before it is dropped. */
export const SSE_QUEUE_LIMIT = 1 << 20;
/** Comment line interval that keeps proxies and dead peers honest. */
const KEEPALIVE_MS = 15_000;

const encoder = new TextEncoder();

/** The snapshot message body for one UPS. */
export interface SnapshotMessage {
  kind: "snapshot";
  id: number;
  ups: string;
  desc: string | undefined;
  vars: Record<string, string>;
  cmds: string[];
  status: string;
  available: boolean;
  reason: string | undefined;
}

/** Formats one SSE message. */
export function sseMessage(id: number, data: unknown): string {
  // JSON.stringify never emits a raw newline, so one data line suffices.
  return `id: ${id}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Live event-stream clients; `close()` ends them all. */
export class SseClients {
  readonly #hub: EventHub;
  readonly #max: number;
  readonly #open = new Set<() => void>();

  constructor(hub: EventHub, max = 256) {
    this.#hub = hub;
    this.#max = max;
  }

  /** Connected clients now. */
  get size(): number {
    return this.#open.size;
  }

  /**
   * A response streaming events. `lastEventId` comes from the
   * Last-Event-ID header (or `?lastEventId=` for EventSource polyfills);
   * `ups` restricts it to one UPS.
   */
  respond(lastEventId: string | null, ups: string | null): Response {
    if (this.#open.size >= this.#max) {
      return new Response("too many event clients\n", { status: 503 });
    }
    const hub = this.#hub;
    const after = lastEventId !== null && /^\d+$/.test(lastEventId)
      ? Number(lastEventId)
      : undefined;
    let sub: Subscription | undefined;
    let timer: ReturnType<typeof setInterval> | undefined;
    const open = this.#open;
    let end = () => {};
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        let done = false;
        end = () => {
          if (done) return;
          done = true;
          sub?.close();
          clearInterval(timer);
          open.delete(end);
          try {
            controller.close();
          } catch {
            // already closed or errored
          }
        };
        open.add(end);
        const push = (text: string) => {
          if (done) return;
          // A reader this far behind is not reading: drop it.
          if ((controller.desiredSize ?? 0) < -SSE_QUEUE_LIMIT) {
            end();
            return;
          }
          controller.enqueue(encoder.encode(text));
        };
        push("retry: 2000\n\n");
        const buffered: UpsEvent[] = [];
        let live = false;
        sub = hub.subscribe(
          (e) => {
            if (live) push(sseMessage(e.id, e));
            else buffered.push(e);
          },
          after === undefined ? (ups ? { ups } : {}) : {
            after,
            ...(ups ? { ups } : {}),
          },
        );
        if (after === undefined || sub.gap) {
          for (const u of hub.units()) {
            if (ups && u.name.toLowerCase() !== ups.toLowerCase()) continue;
            const s = hub.snapshot(u.name)!;
            const msg: SnapshotMessage = {
              kind: "snapshot",
              id: s.lastId,
              ups: s.name,
              desc: s.desc,
              vars: Object.fromEntries(s.vars),
              cmds: s.cmds,
              status: s.status,
              available: s.available,
              reason: s.reason,
            };
            push(sseMessage(s.lastId, msg));
          }
          buffered.length = 0; // the snapshot already holds them
        }
        for (const e of buffered) push(sseMessage(e.id, e));
        live = true;
        timer = setInterval(() => push(": keepalive\n\n"), KEEPALIVE_MS);
      },
      cancel: () => end(),
    }, new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }));
    return new Response(body, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        "x-accel-buffering": "no",
      },
    });
  }

  /** Ends every stream (server stop). */
  close(): void {
    for (const end of [...this.#open]) end();
  }
}
