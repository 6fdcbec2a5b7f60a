/**
 * NUT's wire error codes (server/neterr.h) and the client-side texts
 * (clients/upsclient.c upscli_errlist) tools print as `Error: <text>`.
 *
 * @module
 */

/** Every ERR code upsd can send, as the exact wire strings. */
export const NUT_ERROR = {
  AccessDenied: "ACCESS-DENIED",
  UnknownUps: "UNKNOWN-UPS",
  VarNotSupported: "VAR-NOT-SUPPORTED",
  CmdNotSupported: "CMD-NOT-SUPPORTED",
  InvalidArgument: "INVALID-ARGUMENT",
  InstcmdFailed: "INSTCMD-FAILED",
  SetFailed: "SET-FAILED",
  Readonly: "READONLY",
  TooLong: "TOO-LONG",
  FeatureNotSupported: "FEATURE-NOT-SUPPORTED",
  FeatureNotConfigured: "FEATURE-NOT-CONFIGURED",
  AlreadySslMode: "ALREADY-SSL-MODE",
  DriverNotConnected: "DRIVER-NOT-CONNECTED",
  DataStale: "DATA-STALE",
  AlreadyLoggedIn: "ALREADY-LOGGED-IN",
  InvalidPassword: "INVALID-PASSWORD",
  AlreadySetPassword: "ALREADY-SET-PASSWORD",
  InvalidUsername: "INVALID-USERNAME",
  AlreadySetUsername: "ALREADY-SET-USERNAME",
  UsernameRequired: "USERNAME-REQUIRED",
  PasswordRequired: "PASSWORD-REQUIRED",
  UnknownCommand: "UNKNOWN-COMMAND",
  InvalidValue: "INVALID-VALUE",
  Unknown: "UNKNOWN",
  Failed: "FAILED",
} as const;

/** One of the wire error codes. */
export type NutErrorCode = typeof NUT_ERROR[keyof typeof NUT_ERROR];

/** An `ERR <code>` from upsd, or one a server handler raises to send. */
export class NutError extends Error {
  readonly code: string;
  readonly extra: string | undefined;
  constructor(code: NutErrorCode | string, extra?: string) {
    super(clientErrorText(code));
    this.name = "NutError";
    this.code = code;
    this.extra = extra;
  }
}

const CLIENT_TEXT: Record<string, string> = {
  "VAR-NOT-SUPPORTED": "Variable not supported by UPS",
  "UNKNOWN-UPS": "Unknown UPS",
  "ACCESS-DENIED": "Access denied",
  "PASSWORD-REQUIRED": "Password required",
  "PASSWORD-INCORRECT": "Password incorrect",
  "DATA-STALE": "Data stale",
  "ALREADY-LOGGED-IN": "Already logged in",
  "ALREADY-SET-PASSWORD": "Already set password",
  "READONLY": "Read-only variable",
  "TOO-LONG": "New value is too long",
  "INVALID-VALUE": "Invalid value for variable",
  "SET-FAILED": "Set command failed",
  "INSTCMD-FAILED": "Instant command failed",
  "CMD-NOT-SUPPORTED": "Instant command not supported",
  "ALREADY-SET-USERNAME": "Already set username",
  "UNKNOWN-COMMAND": "Unknown command",
  "USERNAME-REQUIRED": "Username required",
  "DRIVER-NOT-CONNECTED": "Driver not connected",
};

/** The text libupsclient shows for an ERR code (`Unknown error` if unmapped). */
export function clientErrorText(code: string): string {
  return CLIENT_TEXT[code] ?? "Unknown error";
}

/** Parses `ERR <code>[ <extra>]`; undefined when the line is not an error. */
export function parseErrLine(line: string): NutError | undefined {
  if (!line.startsWith("ERR")) return undefined;
  const rest = line.slice(3).trim();
  const space = rest.indexOf(" ");
  const code = space < 0 ? rest : rest.slice(0, space);
  return new NutError(code, space < 0 ? undefined : rest.slice(space + 1));
}
