/**
 * One libupsclient connection as the CGI programs use it: remembers whether
 * it is connected and the last error, so pages print what NUT's would
 * (`[error: Connection failure: Connection refused]`, `Not supported`, ...).
 *
 * @module
 */
import { NutClient, NutClientError, NutError } from "../client/mod.ts";

/** The calls a page makes on upsd; NutClient provides them. */
export interface UpsdConn {
  get(args: readonly string[]): Promise<string[]>;
  list(words: readonly string[]): Promise<string[][]>;
  /** One line out, the reply line back (an `ERR` line included). */
  raw(line: string): Promise<string>;
  close(): Promise<void>;
}

/** Opens a plaintext connection (NUT's CGI programs connect with flags 0). */
export type Connector = (host: string, port: number) => Promise<UpsdConn>;

/** The default connector: NutClient without STARTTLS. */
export const nutConnector: Connector = (host, port) =>
  NutClient.connect({ host, port, tls: "off" });

/** upscli_* state: never used (no magic), connected, or failed. */
export class UpsLink {
  #connector: Connector;
  #conn: UpsdConn | undefined;
  #used = false;
  #error = "Unknown error";
  #varNotSupp = false;

  constructor(connector: Connector) {
    this.#connector = connector;
  }

  /** upscli_fd(&ups) != -1. */
  get connected(): boolean {
    return this.#conn !== undefined;
  }

  /** upscli_strerror(&ups); "Invalid argument" before any connect. */
  get errorText(): string {
    return this.#used ? this.#error : "Invalid argument";
  }

  /** The last failure was ERR VAR-NOT-SUPPORTED. */
  get varNotSupported(): boolean {
    return this.#used && this.#varNotSupp;
  }

  /** upscli_connect; false (and the error kept) on failure. */
  async connect(host: string, port: number): Promise<boolean> {
    await this.disconnect();
    this.#used = true;
    try {
      this.#conn = await this.#connector(host, port);
      return true;
    } catch (e) {
      this.#fail(e);
      return false;
    }
  }

  /** upscli_disconnect (sends nothing we need to wait for). */
  async disconnect(): Promise<void> {
    const c = this.#conn;
    this.#conn = undefined;
    if (c) await c.close().catch(() => {});
  }

  /** upscli_get: the reply words, or undefined (error kept). */
  async get(args: readonly string[]): Promise<string[] | undefined> {
    return await this.#call((c) => c.get(args));
  }

  /** upscli_list_start/next: the items, or undefined (error kept). */
  async list(words: readonly string[]): Promise<string[][] | undefined> {
    return await this.#call((c) => c.list(words));
  }

  /**
   * upscli_sendline + upscli_readline: the reply line as it came (an `ERR`
   * line included: readline does not check it), or undefined when the
   * link failed (error kept).
   */
  async raw(line: string): Promise<string | undefined> {
    return await this.#call((c) => c.raw(line));
  }

  async #call<T>(f: (c: UpsdConn) => Promise<T>): Promise<T | undefined> {
    const c = this.#conn;
    if (!c) {
      // upscli_sendline refuses a closed fd with UPSCLI_ERR_DRVNOTCONN
      if (this.#used) this.#setError("Driver not connected");
      return undefined;
    }
    try {
      return await f(c);
    } catch (e) {
      this.#fail(e);
      if (!(e instanceof NutError)) {
        this.#conn = undefined;
        await c.close().catch(() => {});
      }
      return undefined;
    }
  }

  #setError(text: string, varNotSupp = false) {
    this.#error = text;
    this.#varNotSupp = varNotSupp;
  }

  #fail(e: unknown) {
    if (e instanceof NutError) {
      this.#setError(e.message, e.code === "VAR-NOT-SUPPORTED");
    } else if (e instanceof NutClientError) this.#setError(e.message);
    else this.#setError(e instanceof Error ? e.message : String(e));
  }
}
