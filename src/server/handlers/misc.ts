/**
 * VER, NETVER/PROTVER, HELP and STARTTLS (server/netmisc.c, netssl.c).
 *
 * @module
 */
import { NUT_ERROR } from "../../protocol/errors.ts";
import { NUT_URL, NUT_VERSION, PROTOCOL_VERSION } from "../../version.ts";
import { err } from "../reply.ts";
import type { Session } from "../session.ts";

/** The VER answer and `server.info` value. */
export const SERVER_INFO = `Network UPS Tools upsd ${NUT_VERSION} - ${NUT_URL}`;
const VER_REPLY = SERVER_INFO + "\n";
const NETVER_REPLY = PROTOCOL_VERSION + "\n";
/** 2.8.0's HELP text (no PROTVER). */
const HELP_REPLY =
  "Commands: HELP VER GET LIST SET INSTCMD LOGIN LOGOUT USERNAME PASSWORD STARTTLS\n";

/** VER */
export function netVer(_s: Session, args: readonly string[]): string {
  return args.length !== 0 ? err(NUT_ERROR.InvalidArgument) : VER_REPLY;
}

/** NETVER / PROTVER */
export function netVersion(_s: Session, args: readonly string[]): string {
  return args.length !== 0 ? err(NUT_ERROR.InvalidArgument) : NETVER_REPLY;
}

/** HELP */
export function netHelp(_s: Session, args: readonly string[]): string {
  return args.length !== 0 ? err(NUT_ERROR.InvalidArgument) : HELP_REPLY;
}

/** STARTTLS: the listener does the handshake after `OK STARTTLS`. */
export function netStarttls(s: Session, _args: readonly string[]): string {
  if (s.tls) return err(NUT_ERROR.AlreadySslMode);
  if (!s.ctx.tlsAvailable) return err(NUT_ERROR.FeatureNotConfigured);
  s.startTls = true;
  return "OK STARTTLS\n";
}
