/**
 * upsd's event hub: every change upsd learns from a driver (a variable set
 * or deleted, `ups.status` changing, the UPS going stale or coming back, an
 * instant command appearing) becomes one {@link UpsEvent} with a
 * monotonically increasing `id`. Subscribers (the HTTP event stream, the MQTT
 * publisher) get events synchronously, in order, as the driver line is
 * applied; a bounded replay buffer lets a reconnecting client resume from its
 * last id (SSE's Last-Event-ID).
 *
 * Usage (the server does the wiring; a subscriber only needs the hub):
 *
 * ```ts
 * const off = hub.subscribe((e) => {
 *   if (e.kind === "status") console.log(e.ups, e.previous, "->", e.status);
 * }, { after: lastSeenId }); // replays buffered events with id > lastSeenId
 * for (const ups of hub.units()) hub.snapshot(ups.name); // current state
 * off.close();
 * ```
 *
 * Listeners must be quick and must not throw (a throw is caught, logged by
 * no one, and the listener stays subscribed); anything slow (a socket write)
 * is queued by the listener itself, which must bound its own queue.
 *
 * @module
 */
import type { UpsState } from "./ups.ts";

/** Why a UPS is unavailable, as NUT's ERR words; undefined means available. */
export type Availability = "DRIVER-NOT-CONNECTED" | "DATA-STALE" | undefined;

/** Fields every event carries. */
interface EventBase {
  /** Increasing by 1 per event over the hub's life (never reused). */
  id: number;
  /** Milliseconds since the epoch when upsd learnt it. */
  time: number;
  /** The UPS name as in ups.conf. */
  ups: string;
}

/** One change, as subscribers see it. */
export type UpsEvent =
  & EventBase
  & (
    /** A variable was created or its value changed (case-insensitive compare, as NUT). */
    | { kind: "set"; name: string; value: string }
    /** A variable was deleted. */
    | { kind: "del"; name: string }
    /** The tree was emptied (driver connected anew, or went away). */
    | { kind: "clear" }
    /**
     * The effective `ups.status` changed (as clients see it, `FSD ` prefixed
     * while the latch is set). `flags` are its words; `previous` the old text
     * ("" when there was none). Also sent as a `set` of ups.status.
     */
    | { kind: "status"; status: string; flags: string[]; previous: string }
    /** An instant command appeared (`present`) or went away. */
    | { kind: "cmd"; name: string; present: boolean }
    /** Availability changed: undefined `reason` means data is fresh again. */
    | { kind: "state"; available: boolean; reason: Availability }
    /** A UPS was added to (or, `removed`, taken out of) ups.conf at start or reload. */
    | { kind: "added" }
    | { kind: "removed" }
  );

/** The kinds of {@link UpsEvent}. */
export type UpsEventKind = UpsEvent["kind"];

/** Distributes an event without id/time/ups (what a UpsState reports). */
export type UpsChange =
  | { kind: "set"; name: string; value: string }
  | { kind: "del"; name: string }
  | { kind: "clear" }
  | { kind: "cmd"; name: string; present: boolean }
  | { kind: "fsd" }
  | { kind: "availability" };

/** The current state of one UPS, for a subscriber that starts late. */
export interface UpsSnapshot {
  name: string;
  desc: string | undefined;
  /** Variables in strcasecmp order; ups.status with FSD applied. */
  vars: Array<[string, string]>;
  /** Instant commands in strcasecmp order. */
  cmds: string[];
  status: string;
  available: boolean;
  reason: Availability;
  /** The id of the newest event so far: subscribe with `after` it to miss nothing. */
  lastId: number;
}

/** Options for {@link EventHub.subscribe}. */
export interface SubscribeOptions {
  /** Only events of this UPS (case-insensitive). */
  ups?: string;
  /**
   * Replay buffered events with id > after before live ones. When the buffer
   * no longer reaches back that far, `gap` is true on the subscription (the
   * client should re-read the full state).
   */
  after?: number;
}

/** A live subscription. */
export interface Subscription {
  /** True when `after` asked for events the buffer had already dropped. */
  readonly gap: boolean;
  /** Stops delivery (idempotent). */
  close(): void;
}

/** A listener of events. */
export type EventListener = (event: UpsEvent) => void;

/** Default replay buffer size (events). */
export const DEFAULT_REPLAY = 4096;

/** The effective status text: NUT's upsd prefixes FSD while the latch is set. */
export function effectiveStatus(ups: UpsState): string {
  const raw = ups.tree.get("ups.status") ?? "";
  if (!ups.fsd) return raw;
  return raw ? "FSD " + raw : "FSD";
}

/** Splits a status into its flags. */
export function statusFlags(status: string): string[] {
  return status.split(/\s+/).filter((w) => w !== "");
}

/** The event hub; one per upsd. */
export class EventHub {
  readonly #capacity: number;
  readonly #now: () => number;
  /** Ring buffer of the newest events. */
  readonly #ring: UpsEvent[] = [];
  #start = 0;
  #lastId = 0;
  readonly #listeners = new Set<
    { fn: EventListener; ups: string | undefined }
  >();
  readonly #units = new Map<
    UpsState,
    { status: string; avail: Availability }
  >();

  constructor(opts: { capacity?: number; now?: () => number } = {}) {
    this.#capacity = Math.max(1, opts.capacity ?? DEFAULT_REPLAY);
    this.#now = opts.now ?? Date.now;
  }

  /** The id of the newest event (0 before any). */
  get lastId(): number {
    return this.#lastId;
  }

  /** Number of events held for replay (at most the capacity). */
  get buffered(): number {
    return this.#ring.length;
  }

  /** Number of live subscriptions. */
  get subscribers(): number {
    return this.#listeners.size;
  }

  /** The UPSes attached now, in attach order (ups.conf order). */
  units(): UpsState[] {
    return [...this.#units.keys()];
  }

  /** The attached UPS named `name` (case-insensitive). */
  find(name: string): UpsState | undefined {
    const low = name.toLowerCase();
    for (const u of this.#units.keys()) {
      if (u.name.toLowerCase() === low) return u;
    }
    return undefined;
  }

  /** Current state of one UPS, or undefined if not attached. */
  snapshot(name: string): UpsSnapshot | undefined {
    const ups = this.find(name);
    if (!ups) return undefined;
    const status = effectiveStatus(ups);
    const reason = ups.unavailable() as Availability;
    return {
      name: ups.name,
      desc: ups.desc,
      vars: ups.tree.vars().map((v) => [
        v.name,
        v.name.toLowerCase() === "ups.status" ? status : v.value,
      ]),
      cmds: [...ups.tree.cmds()],
      status,
      available: reason === undefined,
      reason,
      lastId: this.#lastId,
    };
  }

  /** Starts reporting a UPS's changes (server start and reload). */
  attach(ups: UpsState): void {
    if (this.#units.has(ups)) return;
    this.#units.set(ups, {
      status: effectiveStatus(ups),
      avail: ups.unavailable() as Availability,
    });
    ups.onChange = (c) => this.#changed(ups, c);
    this.#emit(ups.name, { kind: "added" });
  }

  /** Stops reporting a UPS (removed from ups.conf). */
  detach(ups: UpsState): void {
    if (!this.#units.delete(ups)) return;
    ups.onChange = undefined;
    this.#emit(ups.name, { kind: "removed" });
  }

  /** Subscribes; see {@link SubscribeOptions} for replay. */
  subscribe(fn: EventListener, opts: SubscribeOptions = {}): Subscription {
    const ups = opts.ups?.toLowerCase();
    let gap = false;
    if (opts.after !== undefined && opts.after < this.#lastId) {
      const oldest = this.#ring.length
        ? this.#ring[this.#start]!.id
        : this.#lastId + 1;
      gap = opts.after + 1 < oldest;
      for (const e of this.#ordered()) {
        if (e.id <= opts.after) continue;
        if (ups !== undefined && e.ups.toLowerCase() !== ups) continue;
        safeCall(fn, e);
      }
    }
    const entry = { fn, ups };
    this.#listeners.add(entry);
    const listeners = this.#listeners;
    return {
      gap,
      close() {
        listeners.delete(entry);
      },
    };
  }

  /** Buffered events with id > after, oldest first (for tests and replay). */
  since(after: number): UpsEvent[] {
    return this.#ordered().filter((e) => e.id > after);
  }

  #ordered(): UpsEvent[] {
    return [
      ...this.#ring.slice(this.#start),
      ...this.#ring.slice(0, this.#start),
    ];
  }

  #changed(ups: UpsState, c: UpsChange): void {
    const unit = this.#units.get(ups);
    if (!unit) return;
    switch (c.kind) {
      case "set":
        this.#emit(ups.name, c);
        break;
      case "del":
        this.#emit(ups.name, c);
        break;
      case "clear":
        this.#emit(ups.name, c);
        break;
      case "cmd":
        this.#emit(ups.name, c);
        break;
      case "fsd":
      case "availability":
        break;
    }
    const status = effectiveStatus(ups);
    if (status !== unit.status) {
      const previous = unit.status;
      unit.status = status;
      this.#emit(ups.name, {
        kind: "status",
        status,
        flags: statusFlags(status),
        previous,
      });
    }
    const avail = ups.unavailable() as Availability;
    if (avail !== unit.avail) {
      unit.avail = avail;
      this.#emit(ups.name, {
        kind: "state",
        available: avail === undefined,
        reason: avail,
      });
    }
  }

  #emit(ups: string, body: Record<string, unknown>): void {
    const event = {
      ...body,
      id: ++this.#lastId,
      time: this.#now(),
      ups,
    } as UpsEvent;
    if (this.#ring.length < this.#capacity) {
      this.#ring.push(event);
    } else {
      this.#ring[this.#start] = event;
      this.#start = (this.#start + 1) % this.#capacity;
    }
    const low = ups.toLowerCase();
    for (const l of this.#listeners) {
      if (l.ups !== undefined && l.ups !== low) continue;
      safeCall(l.fn, event);
    }
  }
}

function safeCall(fn: EventListener, e: UpsEvent): void {
  try {
    fn(e);
  } catch {
    // a listener's failure must never reach the driver link
  }
}
