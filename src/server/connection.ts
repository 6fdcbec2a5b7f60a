/**
 * Framing for one client connection, transport-free: bytes in, reply bytes
 * out (or text in, text out for the TLS path). Parse errors get no reply and
 * abandon the rest of that read, as in NUT; processing stops after
 * STARTTLS. After LOGOUT the rest of the same read is still answered and a
 * further request cancels the close, as upsd 2.8.0 does (it only drops the
 * client on its next main-loop pass).
 *
 * The byte path answers repeated `GET VAR`/`LIST VAR` lines from the shared
 * ReplyCache and returns all replies of one read as one buffer (one write).
 *
 * @module
 */
import type { Logger } from "../log.ts";
import { type WordLine, WordParser } from "../words.ts";
import type { ReplyCache } from "./reply_cache.ts";
import type { Session } from "./session.ts";

const encoder = new TextEncoder();
const NL = 10;

/** bytes[from, to) as latin1 text (one char per byte). */
export function latin1(bytes: Uint8Array, from: number, to: number): string {
  let out = "";
  for (let i = from; i < to; i += 4096) {
    out += String.fromCharCode.apply(
      null,
      bytes.subarray(i, Math.min(to, i + 4096)) as unknown as number[],
    );
  }
  return out;
}

/** Joins reply chunks into one buffer. */
function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Server-wide counters a connection adds to (HTTP /metrics shows them). */
export interface RequestStats {
  /** Protocol lines answered (cached or not). */
  requests: number;
}

/** One connection's parser and idle clock around its Session. */
export class ClientConnection {
  readonly session: Session;
  /** When the last complete request arrived (ms). */
  lastHeard: number;
  #parser = new WordParser();
  #log: Logger;
  #cache: ReplyCache | undefined;
  #stats: RequestStats | undefined;
  /** Set when a parse error abandoned the rest of the current read. */
  #abandoned = false;
  /** Closes the transport (set by the listener). */
  close: () => void = () => {};
  /**
   * Set when a request waits for a password check off the main thread: the
   * listener awaits it, then calls resumeBytes/resumeText for the request
   * and whatever followed it in the same read.
   */
  pending: Promise<void> | undefined;
  #pendingLine: WordLine | undefined;
  #restBytes: Uint8Array | undefined;
  #restLines: WordLine[] | undefined;

  constructor(
    session: Session,
    now: number,
    log: Logger,
    cache?: ReplyCache,
    stats?: RequestStats,
  ) {
    this.session = session;
    this.lastHeard = now;
    this.#log = log;
    this.#cache = cache;
    this.#stats = stats;
  }

  /**
   * Feeds one read's bytes[0, n); returns the replies to write, or
   * undefined for none. `bytes` is only read during the call.
   */
  feedBytes(bytes: Uint8Array, n: number, now: number): Uint8Array | undefined {
    const s = this.session;
    // A read after the one that held LOGOUT finds the client gone.
    if (s.startTls || s.closing) return undefined;
    const cache = this.#cache;
    let parts: Uint8Array[] | undefined;
    let first: Uint8Array | undefined;
    let total = 0;
    let i = 0;
    this.#abandoned = false;
    while (i < n) {
      let nl = bytes.indexOf(NL, i);
      if (nl >= n) nl = -1;
      let reply: Uint8Array | undefined;
      if (
        nl >= 0 && cache !== undefined && this.#parser.idle &&
        (!s.ctx.readsNeedLogin ||
          (s.readDecided() && s.readDenied() === undefined))
      ) {
        reply = cache.lookup(bytes, i, nl);
        if (reply !== undefined) {
          if (this.#stats) this.#stats.requests++;
          this.lastHeard = now;
          if (s.closing) s.closing = false;
        }
      }
      if (reply === undefined) {
        const end = nl < 0 ? n : nl + 1;
        const idle = this.#parser.idle;
        const lines = this.#parser.push(latin1(bytes, i, end));
        let text = "";
        for (const l of lines) {
          const r = this.#line(l, now);
          if (r === undefined) break;
          text += r;
          if (
            idle && lines.length === 1 && cache !== undefined &&
            this.#parser.idle && r.length > 0 && cacheable(l.words, r)
          ) {
            const ups = s.ctx.findUps(l.words[2]!);
            if (ups) {
              reply = encoder.encode(r);
              cache.store(bytes, i, nl, ups, reply);
            }
          }
        }
        if (text !== "" && reply === undefined) reply = encoder.encode(text);
        i = end;
        if (this.pending) this.#restBytes = bytes.slice(end, n);
      } else {
        i = nl + 1;
      }
      if (reply !== undefined && reply.length > 0) {
        total += reply.length;
        if (first === undefined) first = reply;
        else (parts ??= [first]).push(reply);
      }
      if (this.#abandoned || s.startTls || this.pending) break;
    }
    if (first === undefined) return undefined;
    return parts === undefined ? first : concat(parts, total);
  }

  /** Feeds received text (the TLS path); returns the replies (maybe ""). */
  feed(text: string, now: number): string {
    if (this.session.startTls || this.session.closing) return "";
    this.#abandoned = false;
    return this.#lines(this.#parser.push(text), now);
  }

  #lines(lines: WordLine[], now: number): string {
    let out = "";
    for (let k = 0; k < lines.length; k++) {
      const r = this.#line(lines[k]!, now);
      if (r === undefined) {
        if (this.pending) this.#restLines = lines.slice(k + 1);
        break;
      }
      out += r;
    }
    return out;
  }

  /** After `pending` settled (byte path): the replies to write, if any. */
  resumeBytes(now: number): Uint8Array | undefined {
    const first = this.#resume(now);
    const rest = this.#restBytes;
    this.#restBytes = undefined;
    let more: Uint8Array | undefined;
    if (!this.pending && rest !== undefined && rest.length > 0) {
      more = this.feedBytes(rest, rest.length, now);
    }
    if (first === "") return more;
    const head = encoder.encode(first);
    return more === undefined
      ? head
      : concat([head, more], head.length + more.length);
  }

  /** After `pending` settled (TLS path): the replies to write (maybe ""). */
  resumeText(now: number): string {
    const first = this.#resume(now);
    const rest = this.#restLines;
    this.#restLines = undefined;
    if (this.pending || rest === undefined) return first;
    return first + this.#lines(rest, now);
  }

  /** Handles the request that waited. */
  #resume(now: number): string {
    const l = this.#pendingLine;
    this.pending = undefined;
    this.#pendingLine = undefined;
    if (l === undefined) return "";
    this.lastHeard = now;
    return this.session.handle(l.words); // cached now, or checked in place
  }

  /** Handles one parsed line; undefined means stop reading this chunk. */
  #line(l: WordLine, now: number): string | undefined {
    const s = this.session;
    if (this.#abandoned || s.startTls) return undefined;
    if (l.error !== undefined) {
      // NUT abandons the rest of that read after a parse error
      this.#log.notice(`Parse error on sock: ${l.error}`);
      this.#parser = new WordParser();
      this.#abandoned = true;
      return undefined;
    }
    this.lastHeard = now;
    if (this.#stats) this.#stats.requests++;
    if (s.closing) s.closing = false; // a request after LOGOUT keeps it alive
    const wait = s.pendingCheck(l.words);
    if (wait !== undefined) {
      this.pending = wait;
      this.#pendingLine = l;
      return undefined;
    }
    return s.handle(l.words);
  }
}

/** A GET VAR / LIST VAR line whose successful reply depends only on its UPS. */
function cacheable(words: readonly string[], reply: string): boolean {
  if (words.length === 4) {
    return reply.startsWith("VAR ") && words[0]!.toUpperCase() === "GET" &&
      words[1]!.toUpperCase() === "VAR";
  }
  if (words.length === 3) {
    return reply.startsWith("BEGIN LIST VAR ") &&
      words[0]!.toUpperCase() === "LIST" && words[1]!.toUpperCase() === "VAR";
  }
  return false;
}
