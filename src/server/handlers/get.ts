/**
 * GET sub-verbs (server/netget.c): VAR, TYPE, DESC, CMDDESC, NUMLOGINS,
 * UPSDESC, TRACKING. Replies echo names as the client spelled them.
 *
 * @module
 */
import { NUT_ERROR } from "../../protocol/errors.ts";
import { FLAG } from "../../state/tree.ts";
import { NUT_VERSION } from "../../version.ts";
import { err, line, quoted } from "../reply.ts";
import type { Session } from "../session.ts";
import type { UpsState } from "../ups.ts";
import { SERVER_INFO } from "./misc.ts";

const INVALID = err(NUT_ERROR.InvalidArgument);
const UNAVAILABLE = "Description unavailable";

/** GET <sub> … */
export function netGet(s: Session, args: readonly string[]): string {
  const n = args.length;
  if (n < 1) return INVALID;
  const sub = args[0]!;
  if (sub === "VAR" && n >= 3) return getVar(s, args[1]!, args[2]!); // hot path
  const u = sub.toUpperCase();
  if (u === "TRACKING") {
    if (n < 2) return s.tracking ? "ON\n" : "OFF\n";
    if (!s.tracking) return err(NUT_ERROR.FeatureNotConfigured);
    return s.ctx.tracking.get(args[1]!) + "\n";
  }
  if (n < 2) return INVALID;
  if (u === "NUMLOGINS") return getNumlogins(s, args[1]!);
  if (u === "UPSDESC") return getUpsdesc(s, args[1]!);
  if (n < 3) return INVALID;
  switch (u) {
    case "VAR":
      return getVar(s, args[1]!, args[2]!);
    case "TYPE":
      return getType(s, args[1]!, args[2]!);
    case "DESC":
      return getDesc(s, args[1]!, args[2]!, false);
    case "CMDDESC":
      return getDesc(s, args[1]!, args[2]!, true);
  }
  return INVALID;
}

/** The UPS if it exists and is available, else the ERR reply. */
export function availableUps(
  s: Session,
  name: string,
): UpsState | string {
  const ups = s.ctx.findUps(name);
  if (!ups) return err(NUT_ERROR.UnknownUps);
  const bad = ups.unavailable();
  return bad === undefined ? ups : err(bad);
}

/** `ups.status` as clients see it: `FSD ` prepended while the latch is set. */
export function statusValue(ups: UpsState, name: string, value: string) {
  return ups.fsd && name.toLowerCase() === "ups.status"
    ? "FSD " + value
    : value;
}

function getVar(s: Session, upsName: string, varName: string): string {
  if (
    varName.length >= 7 && varName.slice(0, 7).toLowerCase() === "server."
  ) {
    // the UPS name is not checked for server.* variables
    const v = varName.toLowerCase();
    if (v === "server.info") {
      return line(`VAR ${upsName} server.info ${quoted(SERVER_INFO)}`);
    }
    if (v === "server.version") {
      return line(`VAR ${upsName} server.version "${NUT_VERSION}"`);
    }
    return err(NUT_ERROR.VarNotSupported);
  }
  const ups = availableUps(s, upsName);
  if (typeof ups === "string") return ups;
  const entry = ups.tree.getVar(varName);
  if (!entry) return err(NUT_ERROR.VarNotSupported);
  const value = ups.fsd ? statusValue(ups, varName, entry.value) : entry.value;
  return line(`VAR ${upsName} ${varName} ${quoted(value)}`);
}

function getType(s: Session, upsName: string, varName: string): string {
  const ups = availableUps(s, upsName);
  if (typeof ups === "string") return ups;
  const v = ups.tree.getVar(varName);
  if (!v) return err(NUT_ERROR.VarNotSupported);
  let out = `TYPE ${upsName} ${varName}`;
  if (v.flags & FLAG.RW) out += " RW";
  if (v.enums.length) out += " ENUM";
  if (v.ranges.length) out += " RANGE";
  out += v.flags & FLAG.STRING ? ` STRING:${v.aux}` : " NUMBER";
  return line(out);
}

function getDesc(
  s: Session,
  upsName: string,
  name: string,
  cmd: boolean,
): string {
  const ups = availableUps(s, upsName);
  if (typeof ups === "string") return ups;
  const table = cmd ? s.ctx.descriptions.cmds : s.ctx.descriptions.vars;
  const text = table.get(name.toLowerCase()) ?? UNAVAILABLE;
  // NUT does not escape description text
  return line(`${cmd ? "CMDDESC" : "DESC"} ${upsName} ${name} "${text}"`);
}

function getNumlogins(s: Session, upsName: string): string {
  const ups = availableUps(s, upsName);
  if (typeof ups === "string") return ups;
  return line(`NUMLOGINS ${upsName} ${ups.numLogins}`);
}

function getUpsdesc(s: Session, upsName: string): string {
  const ups = s.ctx.findUps(upsName);
  if (!ups) return err(NUT_ERROR.UnknownUps);
  const desc = ups.desc === undefined ? '"Unavailable"' : quoted(ups.desc);
  return line(`UPSDESC ${upsName} ${desc}`);
}
