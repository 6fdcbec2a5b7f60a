/**
 * The NUT network client library (libupsclient's role): used by upsc, upsrw,
 * upscmd, upslog, upsmon and dummy-ups repeater mode.
 *
 * One connection, one request at a time: every call takes a lock, writes its
 * line(s) and reads its whole reply before the next call may write, so calls
 * from concurrent tasks never interleave. `ERR` replies throw `NutError`
 * (src/protocol/errors.ts); transport and protocol failures throw
 * `NutClientError` with libupsclient's wording.
 *
 * @module
 */
import { NutError, parseErrLine } from "../protocol/errors.ts";
import { encodeWord, splitWords } from "../words.ts";
import { isLookupError, NutClientError, strerror } from "./errors.ts";
import { LineConn, type Transport } from "./line_conn.ts";
import { Watchdog } from "./watchdog.ts";
import { DEFAULT_PORT } from "./name.ts";

export { NutError } from "../protocol/errors.ts";
export { NutClientError } from "./errors.ts";
export {
  DEFAULT_PORT,
  formatHost,
  parseHostPort,
  parseUpsName,
  type UpsName,
  UpsNameError,
} from "./name.ts";

/** How a connection uses STARTTLS. */
export type TlsMode = "off" | "try" | "require";

/** Options of NutClient.connect. */
export interface ConnectOptions {
  host: string;
  /** Default 3493. */
  port?: number;
  /** Deadline for the connect and for each reply; 0 = none. Default 10000. */
  timeoutMs?: number;
  /** Deadline for the TCP connect alone (NUT 2.8.3+'s `-W`); default timeoutMs. */
  connectTimeoutMs?: number;
  /**
   * "try" (NUT's UPSCLI_CONN_TRYSSL, the default of every NUT client):
   * STARTTLS first, plaintext if upsd refuses. "require": refuse plaintext.
   */
  tls?: TlsMode;
  /** PEM file of CA certificates to verify the server against. */
  caFile?: string;
  /** Accept exactly this server certificate (SHA-256 of its DER, hex). */
  pinSha256?: string;
  /** Verify the server certificate (default true; false accepts any). */
  verify?: boolean;
  /** NUT's CERTPATH: a directory of CA PEM files or one bundle. */
  caPath?: string;
  /**
   * The name the server certificate must carry (upsmon's CERTHOST
   * certificate name) instead of the host name connected to.
   */
  certName?: string;
  /** Client certificate and key (NUT 2.8.6's CERTFILE), for CERTREQUEST. */
  clientCertFile?: string;
  /** Passphrase of the client key (the second word of CERTIDENT). */
  clientKeyPassphrase?: string;
}

/** Default per-reply deadline. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Formats request args as libupsclient does: each arg pconf-encoded and
 * quoted when it contains a space (or is empty).
 */
export function formatArgs(args: readonly string[]): string {
  return args.map((a) =>
    a === "" || /\s/.test(a) ? `"${encodeWord(a)}"` : encodeWord(a)
  ).join(" ");
}

function sameWord(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}

function parseReply(line: string): string[] {
  try {
    return splitWords(line);
  } catch (e) {
    throw new NutClientError(
      "parse",
      `Parse error: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/** A connection to upsd. */
export class NutClient {
  #conn: LineConn;
  #timeoutMs: number;
  #lock: Promise<unknown> = Promise.resolve();
  /** True when the session runs over TLS. */
  readonly tls: boolean;
  readonly host: string;
  readonly port: number;

  private constructor(
    conn: LineConn,
    tls: boolean,
    timeoutMs: number,
    host: string,
    port: number,
  ) {
    this.#conn = conn;
    this.tls = tls;
    this.#timeoutMs = timeoutMs;
    this.host = host;
    this.port = port;
  }

  /** Connects (and negotiates STARTTLS as asked). */
  static async connect(opts: ConnectOptions): Promise<NutClient> {
    const port = opts.port ?? DEFAULT_PORT;
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const tls = opts.tls ?? "try";
    // Deno.startTls (rustls) cannot pin, skip checks, present a client
    // certificate or accept a self-signed CA:TRUE server certificate.
    const nodePath = opts.pinSha256 !== undefined || opts.verify === false ||
      opts.caFile !== undefined || opts.caPath !== undefined ||
      opts.certName !== undefined || opts.clientCertFile !== undefined;
    const host = opts.host;
    const watchdog = new Watchdog();
    const transport = await denoConnect(
      host,
      port,
      opts.connectTimeoutMs ?? timeoutMs,
      watchdog,
    );
    // node:tls (./node_tls.ts) loads only once the server accepts STARTTLS
    const upgrade = nodePath
      ? async (t: Transport) =>
        (await import("./node_tls.ts")).startTlsOverConn(
          t as Deno.Conn,
          { ...opts, host },
          (cause) =>
            new NutClientError(
              "ssl",
              `SSL error: ${
                typeof cause === "string" ? cause : strerror(cause)
              }`,
            ),
        )
      : (t: Transport) => denoStartTls(t as Deno.Conn, host, opts.caFile);
    const conn = new LineConn(transport, watchdog);
    let secure = false;
    try {
      if (tls !== "off") {
        await conn.write("STARTTLS\n", timeoutMs);
        const reply = await conn.readLine(timeoutMs);
        if (reply.startsWith("OK STARTTLS")) {
          conn.transport = await upgrade(transport);
          secure = true;
        } else if (tls === "require") {
          throw new NutClientError("sslunavailable", "SSL is not available");
        }
      }
    } catch (e) {
      conn.close();
      throw e;
    }
    return new NutClient(conn, secure, timeoutMs, host, port);
  }

  /** Per-reply deadline in ms (0 = none). */
  get timeoutMs(): number {
    return this.#timeoutMs;
  }
  set timeoutMs(ms: number) {
    this.#timeoutMs = ms;
  }

  #locked<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(fn, fn);
    this.#lock = run.catch(() => {});
    return run;
  }

  async #exchange(line: string): Promise<string> {
    await this.#conn.write(line + "\n", this.#timeoutMs);
    return await this.#conn.readLine(this.#timeoutMs);
  }

  /** Sends one line; returns the reply line. Throws NutError on `ERR`. */
  request(line: string): Promise<string> {
    return this.#locked(async () => {
      const reply = await this.#exchange(line);
      const err = parseErrLine(reply);
      if (err) throw err;
      return reply;
    });
  }

  /** Sends one line; returns the reply line as is, `ERR …` included. */
  raw(line: string): Promise<string> {
    return this.#locked(() => this.#exchange(line));
  }

  /**
   * `GET <args>`: checks the reply echoes the query (case-insensitively) and
   * returns all reply words.
   */
  get(args: readonly string[]): Promise<string[]> {
    return this.#locked(async () => {
      const reply = await this.#exchange(`GET ${formatArgs(args)}`);
      const err = parseErrLine(reply);
      if (err) throw err;
      const words = parseReply(reply);
      if (!args.every((a, i) => sameWord(words[i], a))) {
        throw new NutClientError("protocol", "Protocol error");
      }
      return words;
    });
  }

  /**
   * `LIST <words>`: checks the `BEGIN LIST` echo, returns the item lines as
   * word arrays until `END LIST`.
   */
  list(words: readonly string[]): Promise<string[][]> {
    return this.#locked(async () => {
      const first = await this.#exchange(`LIST ${formatArgs(words)}`);
      const err = parseErrLine(first);
      if (err) throw err;
      const head = parseReply(first);
      if (
        !sameWord(head[0], "BEGIN") || !sameWord(head[1], "LIST") ||
        !words.every((w, i) => sameWord(head[i + 2], w))
      ) {
        throw new NutClientError("protocol", "Protocol error");
      }
      const items: string[][] = [];
      while (true) {
        const line = await this.#conn.readLine(this.#timeoutMs);
        if (line.startsWith("END LIST")) return items;
        const e = parseErrLine(line);
        if (e) throw e;
        const item = parseReply(line);
        if (!words.every((w, i) => sameWord(item[i], w))) {
          throw new NutClientError("protocol", "Protocol error");
        }
        items.push(item);
      }
    });
  }

  /** GET VAR: the value of one variable. */
  async getVar(ups: string, name: string): Promise<string> {
    return (await this.get(["VAR", ups, name]))[3] ?? "";
  }

  /** LIST VAR: `[name, value]` pairs in upsd's order. */
  async listVars(ups: string): Promise<Array<[string, string]>> {
    return (await this.list(["VAR", ups])).map((w) => [w[2] ?? "", w[3] ?? ""]);
  }

  /** USERNAME. */
  async username(user: string): Promise<void> {
    await this.request(`USERNAME ${formatArgs([user])}`);
  }

  /** PASSWORD. */
  async password(pass: string): Promise<void> {
    await this.request(`PASSWORD ${formatArgs([pass])}`);
  }

  /** LOGIN (attach as a monitoring client). */
  async login(ups: string): Promise<void> {
    await this.request(`LOGIN ${formatArgs([ups])}`);
  }

  /** PRIMARY, falling back to MASTER for pre-2.8.0 servers. */
  async primary(ups: string): Promise<void> {
    try {
      await this.request(`PRIMARY ${formatArgs([ups])}`);
    } catch (e) {
      if (!(e instanceof NutError) || e.code !== "UNKNOWN-COMMAND") throw e;
      await this.request(`MASTER ${formatArgs([ups])}`);
    }
  }

  /** FSD: set the forced-shutdown latch. */
  async fsd(ups: string): Promise<void> {
    await this.request(`FSD ${formatArgs([ups])}`);
  }

  /** GET NUMLOGINS. */
  async numLogins(ups: string): Promise<number> {
    const words = await this.get(["NUMLOGINS", ups]);
    return parseInt(words[2] ?? "0", 10) || 0;
  }

  /** SET TRACKING ON|OFF. */
  async setTracking(on: boolean): Promise<void> {
    await this.request(`SET TRACKING ${on ? "ON" : "OFF"}`);
  }

  /** SET VAR (value always quoted): `OK` or `OK TRACKING <id>`. */
  setVar(ups: string, name: string, value: string): Promise<string> {
    return this.request(
      `SET VAR ${formatArgs([ups, name])} "${encodeWord(value)}"`,
    );
  }

  /** INSTCMD with an optional parameter: `OK` or `OK TRACKING <id>`. */
  instcmd(ups: string, cmd: string, param?: string): Promise<string> {
    const args = param === undefined ? [ups, cmd] : [ups, cmd, param];
    return this.request(`INSTCMD ${formatArgs(args)}`);
  }

  /**
   * GET TRACKING <id>: the raw status line, one of `PENDING`, `SUCCESS` or
   * `ERR <code>` (not thrown: it is the command's outcome).
   */
  trackingStatus(id: string): Promise<string> {
    return this.raw(`GET TRACKING ${formatArgs([id])}`);
  }

  /**
   * Polls GET TRACKING every `pollMs` while PENDING; returns the final line,
   * or undefined when `timeoutMs` passed first.
   */
  async waitTracking(
    id: string,
    timeoutMs: number,
    pollMs = 1000,
  ): Promise<string | undefined> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const status = await this.trackingStatus(id);
      if (!status.startsWith("PENDING")) return status;
      await new Promise((r) => setTimeout(r, pollMs));
    }
    return undefined;
  }

  /** Sends LOGOUT (best effort) and closes. */
  async close(): Promise<void> {
    if (this.#conn.closed) return;
    try {
      await this.#locked(() => this.#conn.write("LOGOUT\n", 1000));
    } catch {
      // the connection is going away anyway
    }
    this.#conn.close();
  }

  /** Closes without a LOGOUT. */
  abort(): void {
    this.#conn.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** Deno.connect with NUT's error texts and a deadline. */
async function denoConnect(
  host: string,
  port: number,
  timeoutMs: number,
  watchdog: Watchdog,
): Promise<Deno.Conn> {
  const attempt = Deno.connect({ hostname: host, port, transport: "tcp" });
  try {
    return await watchdog.run(
      attempt,
      timeoutMs,
      () => {},
      () =>
        new NutClientError(
          "connect",
          "Connection failure: Connection timed out",
        ),
    );
  } catch (e) {
    attempt.then((c) => c.close(), () => {});
    if (e instanceof NutClientError) throw e;
    if (isLookupError(e)) {
      throw new NutClientError("nosuchhost", "No such host");
    }
    throw new NutClientError("connect", `Connection failure: ${strerror(e)}`);
  }
}

async function denoStartTls(
  conn: Deno.Conn,
  host: string,
  caFile?: string,
): Promise<Transport> {
  try {
    const caCerts = caFile === undefined
      ? undefined
      : [await Deno.readTextFile(caFile)];
    const tls = await Deno.startTls(
      conn as Deno.TcpConn,
      caCerts ? { hostname: host, caCerts } : { hostname: host },
    );
    await tls.handshake();
    return tls;
  } catch (e) {
    throw new NutClientError("ssl", `SSL error: ${strerror(e)}`);
  }
}
