/**
 * upsmon's email channel (our extension, `NOTIFYSMTP` and `NOTIFYMAIL` in
 * upsmon.conf): a small SMTP client (RFC 5321) that upgrades with STARTTLS
 * whenever the server offers it, speaks implicit TLS for `smtps://`, and
 * only sends credentials (AUTH PLAIN/LOGIN) over TLS.
 *
 * @module
 */
import { base64, type NotifyEvent, urgencyOf } from "./notify_webhook.ts";

/** The SMTP server (NOTIFYSMTP). */
export interface SmtpServer {
  /** `smtp://[user:pass@]host[:port]` or `smtps://…`. */
  url: string;
  /** PEM file of extra CA certificates to trust (else the system store). */
  caFile?: string | undefined;
}

/** Sender and recipients (NOTIFYMAIL). */
export interface MailAddresses {
  from: string;
  to: string[];
}

/** What one delivery did, for `upsmon -c test` and the log. */
export interface SmtpResult {
  tls: "none" | "starttls" | "implicit";
  /** The server's reply to the end of DATA. */
  reply: string;
}

/** Header-safe text: no CR/LF (no header injection), encoded-word if not ASCII. */
function headerText(text: string): string {
  const flat = text.replace(/[\r\n]+/g, " ");
  if (/^[\x20-\x7e]*$/.test(flat)) return flat;
  return `=?UTF-8?B?${base64(flat)}?=`;
}

/** A bare address (no brackets, no CR/LF/space) or throws. */
export function checkAddress(addr: string): string {
  if (!/^[^\s<>@]+@[^\s<>@]+$/.test(addr)) {
    throw new Error(`invalid mail address [${addr}]`);
  }
  return addr;
}

/** RFC 5322 date, e.g. `Mon, 07 Dec 2026 15:48:33 +0000`. */
export function mailDate(d: Date): string {
  const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][d.getUTCDay()];
  const mon = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
  ][d.getUTCMonth()];
  const p = (n: number) => String(n).padStart(2, "0");
  return `${day}, ${p(d.getUTCDate())} ${mon} ${d.getUTCFullYear()} ${
    p(d.getUTCHours())
  }:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/**
 * The message (headers, blank line, body) with CRLF line ends, before
 * dot-stuffing. Pure.
 */
export function buildMail(addr: MailAddresses, ev: NotifyEvent): string {
  const subject = ev.system === ""
    ? `[upsmon ${ev.host}] ${ev.type}: ${ev.message}`
    : `[upsmon ${ev.host}] ${ev.type} ${ev.system}: ${ev.message}`;
  const id = `${ev.time.getTime()}.${
    crypto.randomUUID().slice(0, 8)
  }@${ev.host}`;
  const lines = [
    `From: ${checkAddress(addr.from)}`,
    `To: ${addr.to.map(checkAddress).join(", ")}`,
    `Subject: ${headerText(subject)}`,
    `Date: ${mailDate(ev.time)}`,
    `Message-ID: <${id}>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    `X-Priority: ${urgencyOf(ev.type) >= 5 ? 1 : 3}`,
    "",
    ev.message,
    "",
    `Event: ${ev.type}`,
    `UPS: ${ev.system || "(none)"}`,
    `Host: ${ev.host}`,
    `Time: ${ev.time.toISOString()}`,
  ];
  return lines.map((l) => l.replace(/\r?\n/g, "\r\n")).join("\r\n") + "\r\n";
}

/** DATA's transparency (RFC 5321 4.5.2): a leading dot is doubled. */
export function dotStuff(message: string): string {
  return message.replace(/(^|\r\n)\./g, "$1..");
}

type Conn = Deno.Conn | Deno.TlsConn;

/** Reads SMTP replies (possibly multi-line `250-…`) from a connection. */
class ReplyReader {
  #conn: Conn;
  #buf = "";
  #dec = new TextDecoder();

  constructor(conn: Conn) {
    this.#conn = conn;
  }

  /** The next complete reply: code and its lines' texts. */
  async read(): Promise<{ code: number; lines: string[] }> {
    const lines: string[] = [];
    for (;;) {
      const line = await this.#line();
      const m = /^(\d{3})([ -]?)(.*)$/.exec(line);
      if (!m) throw new Error(`bad SMTP reply: ${line.slice(0, 80)}`);
      lines.push(m[3]!);
      if (m[2] !== "-") return { code: Number(m[1]), lines };
    }
  }

  async #line(): Promise<string> {
    const chunk = new Uint8Array(4096);
    for (;;) {
      const nl = this.#buf.indexOf("\n");
      if (nl >= 0) {
        const line = this.#buf.slice(0, nl).replace(/\r$/, "");
        this.#buf = this.#buf.slice(nl + 1);
        return line;
      }
      // A server that never ends a line must not make us buffer forever.
      if (this.#buf.length > 65536) throw new Error("SMTP reply too long");
      const n = await this.#conn.read(chunk);
      if (n === null) throw new Error("SMTP server closed the connection");
      this.#buf += this.#dec.decode(chunk.subarray(0, n), { stream: true });
    }
  }

  /** True when nothing unread is buffered (required before STARTTLS). */
  get empty(): boolean {
    return this.#buf === "";
  }
}

/**
 * Sends one notification mail. Throws with the server's words on any
 * refusal; the whole exchange is bounded by `timeoutMs`.
 */
export async function sendMail(
  server: SmtpServer,
  addr: MailAddresses,
  ev: NotifyEvent,
  timeoutMs = 30_000,
): Promise<SmtpResult> {
  const url = new URL(server.url);
  const implicit = url.protocol === "smtps:";
  if (!implicit && url.protocol !== "smtp:") {
    throw new Error(`NOTIFYSMTP: unsupported scheme ${url.protocol}`);
  }
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = url.port ? Number(url.port) : implicit ? 465 : 25;
  const caCerts = server.caFile
    ? [await Deno.readTextFile(server.caFile)]
    : undefined;
  const tlsOpts = { hostname, ...(caCerts ? { caCerts } : {}) };
  const message = dotStuff(buildMail(addr, ev));
  let conn: Conn = implicit
    ? await Deno.connectTls({ ...tlsOpts, port })
    : await Deno.connect({ hostname, port });
  if (implicit) await (conn as Deno.TlsConn).handshake();
  const timer = setTimeout(() => conn.close(), timeoutMs);
  try {
    let tls: SmtpResult["tls"] = implicit ? "implicit" : "none";
    let reader = new ReplyReader(conn);
    const enc = new TextEncoder();
    const send = async (line: string) => {
      const bytes = enc.encode(line + "\r\n");
      for (let off = 0; off < bytes.length;) {
        off += await conn.write(bytes.subarray(off));
      }
    };
    const expect = async (what: string, ok: (code: number) => boolean) => {
      const r = await reader.read();
      if (!ok(r.code)) {
        throw new Error(`SMTP ${what}: ${r.code} ${r.lines.join(" ")}`);
      }
      return r;
    };
    const is2 = (c: number) => c >= 200 && c < 300;
    await expect("greeting", is2);
    const helo = heloName(ev.host);
    await send(`EHLO ${helo}`);
    let ext = (await expect("EHLO", is2)).lines.slice(1);
    if (tls === "none" && ext.some((l) => /^STARTTLS\b/i.test(l))) {
      await send("STARTTLS");
      await expect("STARTTLS", (c) => c === 220);
      if (!reader.empty) throw new Error("SMTP: data after STARTTLS reply");
      const upgraded = await Deno.startTls(conn as Deno.TcpConn, tlsOpts);
      conn = upgraded;
      await upgraded.handshake(); // certificate errors surface here, by name
      reader = new ReplyReader(conn);
      tls = "starttls";
      await send(`EHLO ${helo}`);
      ext = (await expect("EHLO", is2)).lines.slice(1);
    }
    if (url.username !== "") {
      if (tls === "none") {
        throw new Error(
          "SMTP: server offers no STARTTLS; not sending the password in clear",
        );
      }
      await auth(
        ext,
        decodeURIComponent(url.username),
        decodeURIComponent(url.password),
        send,
        expect,
      );
    }
    await send(`MAIL FROM:<${checkAddress(addr.from)}>`);
    await expect("MAIL FROM", is2);
    for (const to of addr.to) {
      await send(`RCPT TO:<${checkAddress(to)}>`);
      await expect(`RCPT TO ${to}`, is2);
    }
    await send("DATA");
    await expect("DATA", (c) => c === 354);
    await send(message + ".");
    const done = await expect("end of data", is2);
    await send("QUIT").catch(() => {});
    return { tls, reply: `${done.code} ${done.lines.join(" ")}` };
  } finally {
    clearTimeout(timer);
    try {
      conn.close();
    } catch {
      // already closed (by the timer or the server)
    }
  }
}

/** EHLO wants a domain or an address literal; a bare word is fine in practice. */
function heloName(host: string): string {
  return /^[A-Za-z0-9.-]+$/.test(host) ? host : "localhost";
}

async function auth(
  ext: string[],
  user: string,
  pass: string,
  send: (line: string) => Promise<void>,
  expect: (what: string, ok: (c: number) => boolean) => Promise<unknown>,
): Promise<void> {
  const line = ext.find((l) => /^AUTH\b/i.test(l)) ?? "";
  const mechs = line.toUpperCase().split(/[\s=]+/).slice(1);
  if (mechs.includes("PLAIN")) {
    await send(`AUTH PLAIN ${base64(`\0${user}\0${pass}`)}`);
    await expect("AUTH PLAIN", (c) => c === 235);
  } else if (mechs.includes("LOGIN")) {
    await send("AUTH LOGIN");
    await expect("AUTH LOGIN", (c) => c === 334);
    await send(base64(user));
    await expect("AUTH LOGIN user", (c) => c === 334);
    await send(base64(pass));
    await expect("AUTH LOGIN password", (c) => c === 235);
  } else {
    throw new Error("SMTP: no AUTH PLAIN or LOGIN offered");
  }
}
