/**
 * Web logins: a random token in an HttpOnly cookie maps to the upsd.users
 * name and password given at login. Rights are checked against the current
 * upsd.users on every command, so a reload that changes a password or drops
 * a user ends what the session may do. Bounded: the oldest session goes
 * when the table is full, and sessions expire.
 *
 * @module
 */

/** One login. */
export interface WebSession {
  username: string;
  password: string;
  expires: number;
}

/** Sessions kept at most (the oldest is dropped). */
const MAX_SESSIONS = 64;
/** A login lasts this long. */
const TTL_MS = 12 * 3600_000;

function cookieToken(req: Request): string | undefined {
  const header = req.headers.get("cookie") ?? "";
  for (const part of header.split(";")) {
    const [k, v] = part.trim().split("=", 2);
    if (k === "nut_session" && v) return v;
  }
  return undefined;
}

/** The session table. */
export class Sessions {
  readonly #map = new Map<string, WebSession>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Number of live sessions. */
  get size(): number {
    return this.#map.size;
  }

  /** Starts a session; returns its token. */
  create(username: string, password: string): string {
    const bytes = crypto.getRandomValues(new Uint8Array(24));
    const token = Array.from(bytes, (b) => b.toString(16).padStart(2, "0"))
      .join("");
    if (this.#map.size >= MAX_SESSIONS) {
      this.#map.delete(this.#map.keys().next().value!);
    }
    this.#map.set(token, {
      username,
      password,
      expires: this.#now() + TTL_MS,
    });
    return token;
  }

  /** The request's live session, if any. */
  get(req: Request): WebSession | undefined {
    const token = cookieToken(req);
    if (token === undefined) return undefined;
    const s = this.#map.get(token);
    if (!s) return undefined;
    if (s.expires < this.#now()) {
      this.#map.delete(token);
      return undefined;
    }
    return s;
  }

  /** Ends the request's session. */
  drop(req: Request): void {
    const token = cookieToken(req);
    if (token !== undefined) this.#map.delete(token);
  }
}
