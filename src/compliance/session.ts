/**
 * A raw protocol session for nut-compliance: send bytes exactly as given,
 * read reply lines with a deadline, notice when the server closes. No
 * parsing beyond splitting on `\n`: the checks judge the raw lines.
 *
 * @module
 */

/** Where the server under test listens. */
export interface Target {
  host: string;
  port: number;
  /** Milliseconds to wait for each reply line. */
  timeoutMs: number;
}

/** Raised when a reply does not come in time or the server closed early. */
export class SessionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SessionError";
  }
}

/** One TCP connection to the server under test. */
export class Session {
  #conn: Deno.Conn;
  #buf = "";
  #dec = new TextDecoder("latin1");
  #eof = false;
  #timeoutMs: number;
  #reading: Promise<number | null> | undefined;
  #chunk = new Uint8Array(16384);

  private constructor(conn: Deno.Conn, timeoutMs: number) {
    this.#conn = conn;
    this.#timeoutMs = timeoutMs;
  }

  /** Connects to the target. */
  static async open(t: Target): Promise<Session> {
    const conn = await Deno.connect({ hostname: t.host, port: t.port });
    conn.setNoDelay(true);
    return new Session(conn, t.timeoutMs);
  }

  /** The underlying connection (STARTTLS upgrades it). */
  get conn(): Deno.Conn {
    return this.#conn;
  }

  /** Sends raw text (callers add `\n`). */
  async send(text: string): Promise<void> {
    const bytes = new TextEncoder().encode(text);
    let off = 0;
    while (off < bytes.length) {
      off += await this.#conn.write(bytes.subarray(off));
    }
  }

  /** Sends one command line and returns its first reply line. */
  async ask(line: string): Promise<string> {
    await this.send(line + "\n");
    return await this.line();
  }

  /** The next reply line (without `\n`); throws SessionError on timeout or close. */
  async line(timeoutMs = this.#timeoutMs): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (true) {
      const nl = this.#buf.indexOf("\n");
      if (nl >= 0) {
        const l = this.#buf.slice(0, nl);
        this.#buf = this.#buf.slice(nl + 1);
        return l;
      }
      if (this.#eof) throw new SessionError("server closed the connection");
      const left = deadline - Date.now();
      if (left <= 0 || !await this.#fill(left)) {
        throw new SessionError(`no reply within ${timeoutMs} ms`);
      }
    }
  }

  /** Reads until `END LIST …` (returned lines exclude BEGIN/END), checking the framing. */
  async list(
    query: string,
  ): Promise<{ lines: string[] } | { error: string }> {
    const first = await this.ask(query);
    if (first.startsWith("ERR ")) return { error: first };
    const want = `BEGIN ${query}`;
    if (first !== want) return { error: `expected "${want}", got "${first}"` };
    const lines: string[] = [];
    while (true) {
      const l = await this.line();
      if (l === `END ${query}`) return { lines };
      if (
        l.startsWith("BEGIN ") || l.startsWith("END ") || l.startsWith("ERR ")
      ) {
        return { error: `"${l}" inside ${query} (expected "END ${query}")` };
      }
      lines.push(l);
      if (lines.length > 100_000) return { error: "list never ends" };
    }
  }

  /** True when the server closes the connection within the timeout and sends nothing more. */
  async closesWithin(timeoutMs = this.#timeoutMs): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.#eof) {
      const left = deadline - Date.now();
      if (left <= 0 || !await this.#fill(left)) return false;
    }
    return this.#buf === "";
  }

  /** Whatever arrived but was not read as a line yet. */
  get pending(): string {
    return this.#buf;
  }

  /** Closes the connection (safe to call twice). */
  close(): void {
    try {
      this.#conn.close();
    } catch {
      // already closed
    }
  }

  /** Reads one chunk; false on timeout. */
  async #fill(timeoutMs: number): Promise<boolean> {
    if (!this.#reading) {
      this.#reading = this.#conn.read(this.#chunk);
      this.#reading.catch(() => {}); // a read still pending at close() rejects
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    try {
      const n = await Promise.race([this.#reading, timeout]);
      if (n === "timeout") return false;
      this.#reading = undefined;
      if (n === null) this.#eof = true;
      else this.#buf += this.#dec.decode(this.#chunk.subarray(0, n));
      return true;
    } catch {
      this.#reading = undefined;
      this.#eof = true;
      return true;
    } finally {
      clearTimeout(timer);
    }
  }
}
