/**
 * Encoded replies to `GET VAR` and `LIST VAR`, keyed by the request line's
 * raw bytes, so a repeated request costs a hash and a compare instead of
 * decoding, tokenizing, dispatching, formatting and encoding.
 *
 * An entry holds the UPS it read and that UPS's `version` at the time; any
 * change a client could see bumps the version (ups.ts), and a reload bumps
 * the cache's generation (names may map to other UPSes), so a stale entry
 * is never served. The cache is bounded: it is emptied when full.
 *
 * @module
 */
import type { UpsState } from "./ups.ts";

/** Most entries kept (keys are client-chosen spellings). */
const MAX_ENTRIES = 4096;
/** Longest request line cached. */
const MAX_KEY = 600;

interface Entry {
  key: Uint8Array;
  ups: UpsState;
  version: number;
  generation: number;
  reply: Uint8Array;
}

/** FNV-1a over bytes[from, to). */
function hash(bytes: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h;
}

/** The server-wide cache (one per server, shared by all connections). */
export class ReplyCache {
  #map = new Map<number, Entry>();
  #generation = 0;

  /** Number of entries. */
  get size(): number {
    return this.#map.size;
  }

  /** The cached reply to the request line bytes[from, to) (no newline). */
  lookup(bytes: Uint8Array, from: number, to: number): Uint8Array | undefined {
    const len = to - from;
    if (len > MAX_KEY) return undefined;
    const e = this.#map.get(hash(bytes, from, to));
    if (
      e === undefined || e.generation !== this.#generation ||
      e.version !== e.ups.version
    ) return undefined;
    const key = e.key;
    if (key.length !== len) return undefined;
    for (let i = 0; i < len; i++) {
      if (key[i] !== bytes[from + i]) return undefined;
    }
    return e.reply;
  }

  /** Remembers `reply` for the line bytes[from, to), valid while `ups` is unchanged. */
  store(
    bytes: Uint8Array,
    from: number,
    to: number,
    ups: UpsState,
    reply: Uint8Array,
  ): void {
    if (to - from > MAX_KEY) return;
    if (this.#map.size >= MAX_ENTRIES) this.#map.clear();
    this.#map.set(hash(bytes, from, to), {
      key: bytes.slice(from, to),
      ups,
      version: ups.version,
      generation: this.#generation,
      reply,
    });
  }

  /** Forgets everything (the UPS list changed). */
  invalidate(): void {
    this.#generation++;
    this.#map.clear();
  }
}
