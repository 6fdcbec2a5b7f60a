/**
 * The netxml-ups instance: HTTP GETs of the NMC's XML pages (fetch on our
 * side, neon on NUT's), parsed by the mge-xml subdriver. Start-up: a
 * connectivity GET of "/", then the first product page that parses of
 * /mgeups/product.xml, /product.xml, /ws/product.xml. Each poll: the
 * GET_OBJECT page, the summary page and the product page again; two or
 * more failures make the data stale. As neon's XML requests, a page's HTTP
 * status is not looked at, only whether its body parses. SET and -k POST a
 * multipart SET_OBJECT document to /Forms/set_obj_2; the card's answer
 * decides the result (NUT drops it and reports every SET failed).
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
} from "../../src/driver/types.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import { MgeXml } from "./mge_xml.ts";
import { ALARM_TEXTS, RW_VARS, statusTokens, xmlNameForNut } from "./table.ts";

/** The subdriver's version string (also the User-Agent). */
export const MGE_XML_VERSION = "MGEXML/0.36";
const PRODUCT_PAGES = [
  "/mgeups/product.xml",
  "/product.xml",
  "/ws/product.xml",
];
/** The multipart boundary NUT uses for SET_OBJECT forms. */
export const FORM_BOUNDARY = "NUT-NETXML-UPS-OBJECTS";

/** NUT's SET_OBJECT form body for name/value pairs (unknown names dropped). */
export function setObjectForm(pairs: ReadonlyArray<[string, string]>): string {
  let body = `--${FORM_BOUNDARY}\r\n` +
    'Content-Disposition: form-data; name="file"; filename="Configuration.xml"\r\n' +
    "Content-Type: application/octet-stream\r\n\r\n" +
    '<?xml version="1.0" encoding="UTF-8"?>\r\n<SET_OBJECT>\r\n';
  for (const [name, value] of pairs) {
    const xml = xmlNameForNut(name);
    if (xml) body += `  <OBJECT name="${xml}">${value}</OBJECT>\r\n`;
  }
  return body + `</SET_OBJECT>\r\n--${FORM_BOUNDARY}--\r\n`;
}

function intVar(ctx: DriverContext, name: string): number | undefined {
  const v = ctx.config.values.get(name);
  if (v === undefined) return undefined;
  const m = /^\s*([+-]?\d+)/.exec(v);
  return m ? Number.parseInt(m[1]!, 10) : 0;
}

/** One netxml-ups instance. */
export class NetxmlDriver implements DriverInstance {
  #ctx: DriverContext;
  #base = "";
  #timeoutMs = 5000;
  #shutdownDuration = 120;
  #mge: MgeXml;
  #productPage: string | undefined;
  #auth: string | undefined;

  constructor(ctx: DriverContext) {
    this.#ctx = ctx;
    this.#mge = this.#newMge();
  }

  #newMge(): MgeXml {
    const ctx = this.#ctx;
    return new MgeXml(
      {
        get: (n) => ctx.state.tree.get(n),
        set: (n, v) => ctx.state.set(n, v),
        notice: (m) => ctx.log.notice(m),
      },
      this.#shutdownDuration,
      ctx.config.flags.has("do_convert_deci"),
    );
  }

  /** Options and the connectivity test (NUT's upsdrv_initups). */
  async initups(): Promise<void> {
    const ctx = this.#ctx;
    const timeout = intVar(ctx, "timeout");
    if (timeout !== undefined) {
      if (timeout < 1) {
        throw new DriverFatalError("timeout must be greater than 0");
      }
      this.#timeoutMs = timeout * 1000;
    }
    const duration = intVar(ctx, "shutdown_duration");
    if (duration !== undefined) {
      if (duration < 0) {
        throw new DriverFatalError(
          "shutdown duration must be greater than or equal to 0",
        );
      }
      this.#shutdownDuration = duration;
    }
    const timer = intVar(ctx, "shutdown_timer");
    if (timer !== undefined && timer < 0) {
      throw new DriverFatalError(
        "shutdown timer must be greater than or equal to 0",
      );
    }
    this.#mge = this.#newMge();
    let url: URL | undefined;
    try {
      url = new URL(ctx.config.port);
    } catch { /* below */ }
    if (!url || !url.hostname || !/^https?:$/.test(url.protocol)) {
      throw new DriverFatalError(
        `netxml-ups: invalid hostname '${ctx.config.port}'`,
      );
    }
    this.#base = url.origin;
    const login = ctx.config.values.get("login");
    const password = ctx.config.values.get("password");
    if (login !== undefined || password !== undefined) {
      this.#auth = "Basic " + btoa(`${login ?? ""}:${password ?? ""}`);
    }
    let res: Response;
    try {
      res = await this.#request("GET", "/");
      await res.body?.cancel();
    } catch (e) {
      throw new DriverFatalError(
        `Connectivity test: Could not connect to server: ${errText(e)}`,
      );
    }
    if (res.status < 200 || res.status > 299) {
      throw new DriverFatalError(
        `Connectivity test: ${res.status} ${res.statusText}`,
      );
    }
    ctx.log.info(`Connectivity test: ${res.status} ${res.statusText}`);
  }

  async init(): Promise<void> {
    await this.initups();
    for (const page of PRODUCT_PAGES) {
      if (!await this.#getPage(page)) continue;
      this.#productPage = page;
      this.#ctx.state.set("driver.version.data", MGE_XML_VERSION);
      if (this.#ctx.config.flags.has("subscribe")) {
        // NSM alarm subscription is not implemented: polling covers it
        this.#ctx.log.notice(
          "subscribe: alarm subscription not supported, polling",
        );
      }
      for (const name of RW_VARS) {
        this.#ctx.state.set(name, "");
        this.#ctx.state.setFlags(name, ["RW"]);
      }
      return;
    }
    throw new DriverFatalError("upsdrv_initinfo: communication failure");
  }

  async update(): Promise<void> {
    let errors = 0;
    for (const page of [this.#mge.pages.getobject, this.#mge.pages.summary]) {
      if (!await this.#getPage(page)) errors++;
    }
    if (!await this.#getPage(this.#productPage)) errors++;
    const s = this.#ctx.state;
    if (errors > 1) {
      s.dataStale();
      return;
    }
    const bits = this.#mge.bits;
    s.setAlarms(ALARM_TEXTS.filter(([b]) => bits.has(b)).map(([, t]) => t));
    if (bits.has("VRANGE")) {
      s.set("input.transfer.reason", "input voltage out of range");
    } else if (bits.has("FRANGE")) {
      s.set("input.transfer.reason", "input frequency out of range");
    } else s.del("input.transfer.reason");
    s.setStatus(statusTokens(bits));
    s.dataOk();
  }

  /** -k: battery.runtime.low set huge, the NMC then shuts the UPS down. */
  async shutdown(): Promise<CommandResult> {
    return await this.#postForm([["battery.runtime.low", "999999999"]]);
  }

  /**
   * SET: the form is sent and the card's answer decides the result. NUT
   * 2.8.0 (and master) never reads that answer and reports every SET
   * failed even when the card applied it; we report what the card said.
   */
  async setvar(name: string, value: string): Promise<CommandResult> {
    return await this.#postForm([[name, value]]);
  }

  instcmd(cmd: string, param?: string): Promise<CommandResult> {
    this.#ctx.log.notice(`instcmd: unknown command [${cmd}] [${param ?? ""}]`);
    return Promise.resolve("unknown");
  }

  /** POSTs the form: handled when the card accepted it, else failed. */
  async #postForm(
    pairs: ReadonlyArray<[string, string]>,
  ): Promise<CommandResult> {
    try {
      const res = await this.#request(
        "POST",
        "/Forms/set_obj_2",
        setObjectForm(pairs),
        `multipart/form-data; boundary=${FORM_BOUNDARY}`,
      );
      const body = await withTimeout(res.text(), this.#timeoutMs);
      if (formAccepted(res.status, body)) return "handled";
      this.#ctx.log.notice(`SET_OBJECT form refused: HTTP ${res.status}`);
    } catch (e) {
      this.#ctx.log.notice(`SET_OBJECT form: ${errText(e)}`);
    }
    return "failed";
  }

  /** GET and parse one page: false when it cannot be had or does not parse. */
  async #getPage(page: string | undefined): Promise<boolean> {
    if (page === undefined) return false;
    try {
      const res = await this.#request("GET", page);
      const text = await withTimeout(res.text(), this.#timeoutMs);
      this.#mge.parse(text);
      return true;
    } catch (e) {
      if (e instanceof DriverFatalError) throw e;
      this.#ctx.log.debug(2, `${page}: ${errText(e)}`);
      return false;
    }
  }

  /** One request; on 401 once more with the login (neon's server auth). */
  async #request(
    method: string,
    path: string,
    body?: string,
    type?: string,
  ): Promise<Response> {
    const send = (auth: boolean) => {
      const headers: Record<string, string> = {
        "User-Agent": MGE_XML_VERSION,
      };
      if (type) headers["Content-Type"] = type;
      if (auth && this.#auth) headers["Authorization"] = this.#auth;
      return fetch(this.#base + path, {
        method,
        headers,
        body: body ?? null,
        signal: AbortSignal.timeout(this.#timeoutMs),
        redirect: "manual",
      });
    };
    const res = await send(false);
    if (res.status !== 401) return res;
    await res.body?.cancel();
    return await send(true);
  }
}

/**
 * Whether the card accepted a SET_OBJECT form: an HTTP 2xx answer whose
 * body, when it carries a status (a `status="…"` attribute or a
 * `<STATUS>…</STATUS>` element), says success (ok, success, done or 0).
 */
export function formAccepted(httpStatus: number, body: string): boolean {
  if (httpStatus < 200 || httpStatus > 299) return false;
  const m = /\bstatus\s*=\s*["']([^"']*)["']/i.exec(body) ??
    /<status>\s*([^<]*?)\s*<\/status>/i.exec(body);
  if (!m) return true;
  return /^(ok|success|succeeded|done|0)$/i.test(m[1]!.trim());
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, rej) => {
      timer = setTimeout(() => rej(new Error("read timeout")), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
