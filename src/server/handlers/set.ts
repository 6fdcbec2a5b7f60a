/**
 * SET VAR / SET TRACKING (server/netset.c) and INSTCMD
 * (server/netinstcmd.c). SET checks permission before the variable;
 * INSTCMD checks the command exists before permission, as NUT does.
 *
 * @module
 */
import { NUT_ERROR } from "../../protocol/errors.ts";
import { formatInstcmdRequest, formatSetRequest } from "../../protocol/sock.ts";
import { atoi, FLAG } from "../../state/tree.ts";
import { encodeWord } from "../../words.ts";
import { checkAction, checkInstcmd } from "../access.ts";
import { err } from "../reply.ts";
import type { Session } from "../session.ts";
import { availableUps } from "./get.ts";

const INVALID = err(NUT_ERROR.InvalidArgument);

/** SET VAR <ups> <var> <value> | SET TRACKING ON|OFF */
export function netSet(s: Session, args: readonly string[]): string {
  const n = args.length;
  if (n < 2) return INVALID;
  const u = args[0]!.toUpperCase();
  if (u === "TRACKING") {
    const v = args[1]!.toUpperCase();
    if (v === "ON") {
      s.ctx.tracking.enabled = true;
      s.tracking = true;
    } else if (v === "OFF") {
      s.tracking = false; // the global switch stays on (NUT quirk)
    } else return INVALID;
    return "OK\n";
  }
  if (u === "VAR" && n >= 4) return setVar(s, args[1]!, args[2]!, args[3]!);
  return INVALID;
}

function setVar(
  s: Session,
  upsName: string,
  varName: string,
  value: string,
): string {
  const ups = availableUps(s, upsName);
  if (typeof ups === "string") return ups;
  if (!checkAction(s, "SET")) {
    return err(NUT_ERROR.AccessDenied);
  }
  const v = ups.tree.getVar(varName);
  if (!v) return err(NUT_ERROR.VarNotSupported);
  if (!(v.flags & FLAG.RW)) return err(NUT_ERROR.Readonly);
  if (v.flags & FLAG.STRING) {
    if (v.aux < 1) {
      s.ctx.log.notice(
        `UPS [${ups.name}]: aux data for ${varName} is invalid`,
      );
      return err(NUT_ERROR.SetFailed);
    }
    if (value.length > v.aux) return err(NUT_ERROR.TooLong);
  }
  // NUT compares against the encoded enum strings (quirk kept)
  if (v.enums.length && !v.enums.some((e) => encodeWord(e) === value)) {
    return err(NUT_ERROR.InvalidValue);
  }
  if (v.ranges.length) {
    const x = atoi(value);
    if (!v.ranges.some(([a, b]) => x >= a && x <= b)) {
      return err(NUT_ERROR.InvalidValue);
    }
  }
  const id = s.tracking ? s.ctx.tracking.add(s.ctx.now()) : undefined;
  s.ctx.log.info(
    `Set variable: ${s.who} set ${varName} on ${ups.name} to ${value} (tracking ID: ${
      id ?? "disabled"
    })`,
  );
  if (!ups.send(formatSetRequest(varName, value, id))) {
    s.ctx.log.notice(`Set command send failed for UPS [${ups.name}]`);
    return err(NUT_ERROR.SetFailed);
  }
  return id ? `OK TRACKING ${id}\n` : "OK\n";
}

/** INSTCMD <ups> <cmd> [<param>] */
export function netInstcmd(s: Session, args: readonly string[]): string {
  if (args.length < 2) return INVALID;
  const [upsName, cmd, param] = args as [string, string, string | undefined];
  const ups = availableUps(s, upsName);
  if (typeof ups === "string") return ups;
  if (!ups.tree.hasCmd(cmd)) return err(NUT_ERROR.CmdNotSupported);
  if (!checkInstcmd(s, cmd)) {
    return err(NUT_ERROR.AccessDenied);
  }
  const id = s.tracking ? s.ctx.tracking.add(s.ctx.now()) : undefined;
  s.ctx.log.info(
    `Instant command: ${s.who} did ${cmd}${
      param !== undefined ? ` with value "${param}"` : ""
    } on ${ups.name} (tracking ID: ${id ?? "disabled"})`,
  );
  if (!ups.send(formatInstcmdRequest(cmd, param, id))) {
    s.ctx.log.notice(`Instant command send failed for UPS [${ups.name}]`);
    return err(NUT_ERROR.InstcmdFailed);
  }
  return id ? `OK TRACKING ${id}\n` : "OK\n";
}
