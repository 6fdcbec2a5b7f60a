/**
 * NUT's `upsname[@hostname[:port]]` and `host[:port]` syntax
 * (clients/upsclient.c upscli_splitname / upscli_splitaddr).
 *
 * @module
 */

/** NUT's default network port. */
export const DEFAULT_PORT = 3493;

/** A parsed UPS identifier. */
export interface UpsName {
  /** The UPS name (may be empty only for host-only forms). */
  ups: string;
  host: string;
  port: number;
}

/** Thrown for a malformed UPS identifier or address; message is NUT's. */
export class UpsNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UpsNameError";
  }
}

/**
 * Parses `host[:port]` or `[v6addr][:port]` as upscli_splitaddr: the port
 * must be 1..65535 (digits parsed as strtol: leading digits count).
 */
export function parseHostPort(text: string): { host: string; port: number } {
  if (text === "") {
    throw new UpsNameError("upscli_splitaddr: can't parse empty string");
  }
  let host: string;
  let rest: string | undefined;
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    if (close < 0) {
      throw new UpsNameError(
        "upscli_splitaddr: missing closing bracket in [domain literal]",
      );
    }
    host = text.slice(1, close);
    const after = text.slice(close + 1);
    if (!after.startsWith(":")) return { host, port: DEFAULT_PORT };
    rest = after.slice(1);
  } else {
    const colon = text.indexOf(":");
    // strtok(":") skips leading separators: ":3493" names host "3493"
    const parts = text.split(":").filter((p) => p !== "");
    host = parts[0] ?? "";
    if (colon < 0) return { host, port: DEFAULT_PORT };
    rest = text.slice(colon + 1);
  }
  const port = strtol(rest);
  if (rest === "" || port < 1 || port > 65535) {
    throw new UpsNameError(
      "upscli_splitaddr: no port specified after ':' separator",
    );
  }
  return { host, port };
}

/** Parses `upsname[@hostname[:port]]`; host defaults to localhost. */
export function parseUpsName(text: string): UpsName {
  if (text === "") {
    throw new UpsNameError("upscli_splitname: can't parse empty string");
  }
  const at = text.indexOf("@");
  // strtok(tmp, "@"): the first non-empty run of non-'@' chars
  const ups = text.split("@").find((p) => p !== "") ?? "";
  if (at < 0) return { ups, host: "localhost", port: DEFAULT_PORT };
  return { ups, ...parseHostPort(text.slice(at + 1)) };
}

/** C strtol(s, NULL, 10) for the port: leading spaces, sign, digits. */
function strtol(s: string): number {
  const m = /^\s*([+-]?\d+)/.exec(s);
  if (!m) return 0;
  const n = Number(m[1]);
  return Number.isFinite(n) ? n : 0;
}

/** Formats a host for `host:port` display, bracketing IPv6 literals. */
export function formatHost(host: string, port: number): string {
  const h = host.includes(":") ? `[${host}]` : host;
  return port === DEFAULT_PORT ? h : `${h}:${port}`;
}
