/**
 * What the client tools (upsc, upsrw, upscmd, upslog) share: connecting the
 * way NUT's tools do (STARTTLS tried first), and turning failures into the
 * text NUT prints after `Error: `.
 *
 * @module
 */
import type { Io } from "../io.ts";
import { NutError } from "../protocol/errors.ts";
import { NutClientError } from "./errors.ts";
import { parseUpsName, type UpsName, UpsNameError } from "./name.ts";
import { DEFAULT_TIMEOUT_MS, NutClient, type TlsMode } from "./mod.ts";

/**
 * Connection settings from the environment (our extension, not NUT's):
 * `NUT_CLIENT_TIMEOUT` seconds per reply (default 10, 0 = wait forever),
 * `NUT_CLIENT_TLS` off|try|require (default: what the NUT tool does), `NUT_CLIENT_CAFILE`,
 * `NUT_CLIENT_PIN` (SHA-256 of the server certificate).
 */
export function connectFromEnv(
  io: Io,
  host: string,
  port: number,
  defaultTls: TlsMode = "try",
): Promise<NutClient> {
  const t = io.env("NUT_CLIENT_TIMEOUT");
  const secs = t === undefined ? NaN : Number(t);
  const timeoutMs = Number.isFinite(secs) && secs >= 0
    ? secs * 1000
    : DEFAULT_TIMEOUT_MS;
  const mode = io.env("NUT_CLIENT_TLS");
  const tls: TlsMode = mode === "off" || mode === "require" || mode === "try"
    ? mode
    : defaultTls;
  const caFile = io.env("NUT_CLIENT_CAFILE");
  const pin = io.env("NUT_CLIENT_PIN");
  const connectSecs = parseConnectTimeout(
    io.env("NUT_DEFAULT_CONNECT_TIMEOUT"),
  );
  return NutClient.connect({
    host,
    port,
    timeoutMs,
    ...(connectSecs !== undefined
      ? { connectTimeoutMs: connectSecs * 1000 }
      : {}),
    tls,
    ...(caFile ? { caFile } : {}),
    ...(pin ? { pinSha256: pin } : {}),
  });
}

/**
 * A connect timeout as NUT 2.8.3+ takes it (`-W <secs>`, or the
 * NUT_DEFAULT_CONNECT_TIMEOUT environment variable): non-negative seconds,
 * fractions allowed, 0 = no limit. Undefined when absent or invalid.
 */
export function parseConnectTimeout(
  text: string | undefined,
): number | undefined {
  if (text === undefined || !/^\s*\d+(\.\d*)?\s*$/.test(text)) return undefined;
  return Number(text);
}

/**
 * Applies `-W <secs>`: the tool's Io with NUT_DEFAULT_CONNECT_TIMEOUT set,
 * or an error message (NUT's) when the value is not a timeout.
 */
export function withConnectTimeout(io: Io, secs: string): Io | string {
  if (parseConnectTimeout(secs) === undefined) {
    return `Error: invalid network timeout: ${secs}`;
  }
  return {
    ...io,
    env: (name) => name === "NUT_DEFAULT_CONNECT_TIMEOUT" ? secs : io.env(name),
  };
}

/** The text after `Error: ` for a failure (never a stack trace). */
export function errorText(e: unknown): string {
  if (e instanceof NutError || e instanceof NutClientError) return e.message;
  if (
    e instanceof Deno.errors.NotCapable ||
    e instanceof Deno.errors.PermissionDenied
  ) {
    return `Permission denied: ${e.message}`;
  }
  return e instanceof Error ? e.message : String(e);
}

/** An exit request carrying NUT's message (fatalx). */
export class Fatal extends Error {
  readonly code: number;
  constructor(message: string, code = 1) {
    super(message);
    this.name = "Fatal";
    this.code = code;
  }
}

/** Runs a tool body: a thrown Fatal or client error prints and exits 1. */
export async function runTool(
  io: Io,
  body: () => Promise<number>,
): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof Fatal) {
      if (e.message) io.err(e.message + "\n");
      return e.code;
    }
    io.err(`Error: ${errorText(e)}\n`);
    return 1;
  }
}

/** The login name as getpwuid(getuid()) gives it, if it can be found. */
export function loginName(io: Io): string | undefined {
  try {
    const uid = Deno.uid();
    if (uid !== null) {
      for (const line of Deno.readTextFileSync("/etc/passwd").split("\n")) {
        const f = line.split(":");
        if (f[2] === String(uid) && f[0]) return f[0];
      }
    }
  } catch {
    // no --allow-sys/--allow-read, or no /etc/passwd
  }
  return io.env("USER") || io.env("LOGNAME") || undefined;
}

/**
 * Asks for missing credentials as upsrw/upscmd do: `Username (<login>): `
 * on stdout (empty answer = the login name), `Password: ` without echo.
 */
export async function askCredentials(
  io: Io,
  user: string | undefined,
  pass: string | undefined,
  eofMessage?: string,
): Promise<{ user: string; pass: string }> {
  if (user === undefined) {
    const login = loginName(io);
    io.out(login ? `Username (${login}): ` : "Username: ");
    const answer = await io.prompt("", false);
    if (answer === undefined && eofMessage) throw new Fatal(eofMessage);
    if (answer) user = answer;
    else if (login) user = login;
    else throw new Fatal("No username available - even tried getpwuid");
  }
  if (pass === undefined) pass = (await io.prompt("Password: ", true)) ?? "";
  return { user, pass };
}

/** Parses a `-t` seconds value as str_to_uint; undefined when invalid. */
export function parseSeconds(text: string): number | undefined {
  return /^\s*\+?\d+$/.test(text) && Number(text) <= 0xffffffff
    ? Number(text)
    : undefined;
}

/** Parses a `-t` value, printing NUT's message when it is invalid. */
export function parseTimeoutOption(io: Io, text: string): number | undefined {
  const t = parseSeconds(text);
  if (t === undefined) {
    io.err(
      "Could not convert the provided value for timeout ('-t' option) to unsigned int: Invalid argument\n",
    );
  }
  return t;
}

/** Parses `ups[@host[:port]]` for upsrw/upscmd; throws Fatal with NUT's message. */
export function parseTarget(io: Io, text: string): UpsName {
  try {
    return parseUpsName(text);
  } catch (e) {
    if (!(e instanceof UpsNameError)) throw e;
    io.err(e.message + "\n");
    throw new Fatal(
      "Error: invalid UPS definition.  Required format: upsname[@hostname[:port]]",
    );
  }
}
