/**
 * Client-side failures that are not an `ERR` from upsd, worded as
 * libupsclient's upscli_errlist (`Connection failure: <strerror>`, ...).
 * Server `ERR` replies are `NutError` (src/protocol/errors.ts).
 *
 * @module
 */

/** Kinds of client failure (upscli_errlist entries). */
export type ClientErrorKind =
  | "nosuchhost"
  | "connect"
  | "disconnected"
  | "read"
  | "write"
  | "protocol"
  | "parse"
  | "ssl"
  | "sslunavailable"
  | "timeout";

/** A transport or protocol failure; `message` is the text NUT prints. */
export class NutClientError extends Error {
  readonly kind: ClientErrorKind;
  constructor(kind: ClientErrorKind, message: string) {
    super(message);
    this.name = "NutClientError";
    this.kind = kind;
  }
}

const ERRNO_TEXT: Record<string, string> = {
  ConnectionRefused: "Connection refused",
  ConnectionReset: "Connection reset by peer",
  ConnectionAborted: "Software caused connection abort",
  NotConnected: "Transport endpoint is not connected",
  AddrNotAvailable: "Cannot assign requested address",
  AddrInUse: "Address already in use",
  BrokenPipe: "Broken pipe",
  TimedOut: "Connection timed out",
  PermissionDenied: "Permission denied",
  NetworkUnreachable: "Network is unreachable",
  HostUnreachable: "No route to host",
  NotFound: "No such file or directory",
  IsADirectory: "Is a directory",
  NotADirectory: "Not a directory",
};

/** strerror()-like text for a Deno or node error. */
export function strerror(e: unknown): string {
  if (e instanceof Error) {
    const byName = ERRNO_TEXT[e.name];
    if (byName) return byName;
    const code = (e as { code?: string }).code;
    if (code === "ECONNREFUSED") return "Connection refused";
    if (code === "ECONNRESET") return "Connection reset by peer";
    if (code === "EPIPE") return "Broken pipe";
    if (code === "ETIMEDOUT") return "Connection timed out";
    if (code === "ENETUNREACH") return "Network is unreachable";
    if (code === "EHOSTUNREACH") return "No route to host";
    // Deno messages look like "Connection refused (os error 111)", file
    // errors add ": readfile '<path>'" after it
    return e.message.replace(/\s*\(os error \d+\).*$/s, "");
  }
  return String(e);
}

/** True for a name-resolution failure (getaddrinfo). */
export function isLookupError(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: string }).code;
  return code === "ENOTFOUND" || code === "EAI_AGAIN" ||
    /failed to lookup address|Name or service not known|nodename nor servname|No address associated|invalid host/i
      .test(e.message);
}
