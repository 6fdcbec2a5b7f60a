/**
 * The dispatch table (server/netcmds.h): verb → handler and whether
 * USERNAME and PASSWORD must come first. Verbs match case-insensitively.
 *
 * @module
 */
import type { Session } from "./session.ts";
import { netGet } from "./handlers/get.ts";
import { netList } from "./handlers/list.ts";
import { netInstcmd, netSet } from "./handlers/set.ts";
import {
  netFsd,
  netLogin,
  netLogout,
  netPassword,
  netPrimary,
  netUsername,
} from "./handlers/auth.ts";
import { netHelp, netStarttls, netVer, netVersion } from "./handlers/misc.ts";

/** A request handler: the session and the words after the verb. */
export type Handler = (s: Session, args: readonly string[]) => string;

/** One row of the command table. */
export interface Command {
  handler: Handler;
  /** FLAG_USER: USERNAME and PASSWORD must have been sent. */
  needsUser: boolean;
}

/** Every verb upsd 2.8.0 understands, in netcmds[] order. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  VER: { handler: netVer, needsUser: false },
  NETVER: { handler: netVersion, needsUser: false },
  PROTVER: { handler: netVersion, needsUser: false },
  HELP: { handler: netHelp, needsUser: false },
  STARTTLS: { handler: netStarttls, needsUser: false },
  GET: { handler: netGet, needsUser: false },
  LIST: { handler: netList, needsUser: false },
  USERNAME: { handler: netUsername, needsUser: false },
  PASSWORD: { handler: netPassword, needsUser: false },
  LOGIN: { handler: netLogin, needsUser: true },
  LOGOUT: { handler: netLogout, needsUser: false },
  PRIMARY: { handler: (s, a) => netPrimary(s, a, "PRIMARY"), needsUser: true },
  MASTER: { handler: (s, a) => netPrimary(s, a, "MASTER"), needsUser: true },
  FSD: { handler: netFsd, needsUser: true },
  SET: { handler: netSet, needsUser: true },
  INSTCMD: { handler: netInstcmd, needsUser: true },
};

const TABLE = new Map(Object.entries(COMMANDS));

/** The command for a verb, matched case-insensitively. */
export function lookupCommand(verb: string): Command | undefined {
  return TABLE.get(verb) ??
    (verb.length <= 8 ? TABLE.get(verb.toUpperCase()) : undefined);
}
