/**
 * USERNAME, PASSWORD, LOGIN, LOGOUT, PRIMARY/MASTER and FSD
 * (server/netuser.c, netmisc.c), with NUT's order of checks.
 *
 * @module
 */
import { NUT_ERROR } from "../../protocol/errors.ts";
import { checkAction } from "../access.ts";
import { err } from "../reply.ts";
import type { Session } from "../session.ts";

const OK = "OK\n";

/** USERNAME <name> */
export function netUsername(s: Session, args: readonly string[]): string {
  if (args.length !== 1) return err(NUT_ERROR.InvalidArgument);
  if (s.username !== undefined) {
    s.ctx.log.info(`Client ${s.who} tried to set a username twice`);
    return err(NUT_ERROR.AlreadySetUsername);
  }
  s.username = args[0]!;
  return OK;
}

/** PASSWORD <password> */
export function netPassword(s: Session, args: readonly string[]): string {
  if (args.length !== 1) return err(NUT_ERROR.InvalidArgument);
  if (s.password !== undefined) {
    s.ctx.log.info(`Client ${s.who} tried to set a password twice`);
    return err(NUT_ERROR.AlreadySetPassword);
  }
  s.password = args[0]!;
  return OK;
}

/** LOGIN <ups> */
export function netLogin(s: Session, args: readonly string[]): string {
  if (args.length !== 1) return err(NUT_ERROR.InvalidArgument);
  if (s.loginUps !== undefined) {
    s.ctx.log.info(`Client ${s.who} tried to login twice`);
    return err(NUT_ERROR.AlreadyLoggedIn);
  }
  const ups = s.ctx.findUps(args[0]!);
  if (!ups) return err(NUT_ERROR.UnknownUps);
  if (!checkAction(s, "LOGIN")) {
    return err(NUT_ERROR.AccessDenied);
  }
  ups.numLogins++;
  s.loginUps = ups;
  s.ctx.log.info(
    `User ${s.who} logged into UPS [${ups.name}]${s.tls ? " (SSL)" : ""}`,
  );
  return OK;
}

/** LOGOUT */
export function netLogout(s: Session, args: readonly string[]): string {
  if (args.length !== 0) return err(NUT_ERROR.InvalidArgument);
  if (s.loginUps) {
    s.ctx.log.info(
      `User ${s.who} logged out from UPS [${s.loginUps.name}]${
        s.tls ? " (SSL)" : ""
      }`,
    );
  }
  s.closing = true;
  return "OK Goodbye\n";
}

/** PRIMARY <ups> / MASTER <ups>: a permission probe only. */
export function netPrimary(
  s: Session,
  args: readonly string[],
  verb: "PRIMARY" | "MASTER",
): string {
  if (args.length !== 1) return err(NUT_ERROR.InvalidArgument);
  const ups = s.ctx.findUps(args[0]!);
  if (!ups) return err(NUT_ERROR.UnknownUps);
  if (!checkAction(s, "PRIMARY", "MASTER")) {
    return err(NUT_ERROR.AccessDenied);
  }
  return `OK ${verb}-GRANTED\n`;
}

/** FSD <ups>: latches forced shutdown (no availability check). */
export function netFsd(s: Session, args: readonly string[]): string {
  if (args.length !== 1) return err(NUT_ERROR.InvalidArgument);
  const ups = s.ctx.findUps(args[0]!);
  if (!ups) return err(NUT_ERROR.UnknownUps);
  if (!checkAction(s, "FSD")) {
    return err(NUT_ERROR.AccessDenied);
  }
  s.ctx.log.info(`Client ${s.who} set FSD on UPS [${ups.name}]`);
  ups.fsd = true;
  return "OK FSD-SET\n";
}
