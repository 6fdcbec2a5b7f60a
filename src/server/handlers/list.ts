/**
 * LIST sub-verbs (server/netlist.c): UPS, VAR, RW, CMD, ENUM, RANGE,
 * CLIENT. A whole list is returned as one string (one write, no Nagle stall).
 *
 * @module
 */
import { NUT_ERROR } from "../../protocol/errors.ts";
import { FLAG } from "../../state/tree.ts";
import { err, line, quoted } from "../reply.ts";
import type { Session } from "../session.ts";
import { availableUps, statusValue } from "./get.ts";

const INVALID = err(NUT_ERROR.InvalidArgument);

/** LIST <sub> … */
export function netList(s: Session, args: readonly string[]): string {
  const n = args.length;
  if (n < 1) return INVALID;
  const u = args[0]!.toUpperCase();
  if (u === "UPS") return listUps(s);
  if (n < 2) return INVALID;
  const ups = args[1]!;
  switch (u) {
    case "VAR":
      return listVar(s, ups, false);
    case "RW":
      return listVar(s, ups, true);
    case "CMD":
      return listCmd(s, ups);
    case "CLIENT":
      return listClient(s, ups);
  }
  if (n < 3) return INVALID;
  if (u === "ENUM") return listEnumRange(s, ups, args[2]!, false);
  if (u === "RANGE") return listEnumRange(s, ups, args[2]!, true);
  return INVALID;
}

function listUps(s: Session): string {
  let out = "BEGIN LIST UPS\n";
  for (const ups of s.ctx.upsList()) {
    const desc = ups.desc === undefined
      ? '"Description unavailable"'
      : quoted(ups.desc);
    out += line(`UPS ${ups.name} ${desc}`);
  }
  return out + "END LIST UPS\n";
}

function listVar(s: Session, upsName: string, rw: boolean): string {
  const ups = availableUps(s, upsName);
  if (typeof ups === "string") return ups;
  const kind = rw ? "RW" : "VAR";
  const prefix = `${kind} ${upsName} `;
  let out = line(`BEGIN LIST ${kind} ${upsName}`);
  for (const v of ups.tree.vars()) {
    if (rw && !(v.flags & FLAG.RW)) continue;
    const value = !rw && ups.fsd ? statusValue(ups, v.name, v.value) : v.value;
    out += line(prefix + v.name + " " + quoted(value));
  }
  return out + line(`END LIST ${kind} ${upsName}`);
}

function listCmd(s: Session, upsName: string): string {
  const ups = availableUps(s, upsName);
  if (typeof ups === "string") return ups;
  let out = line(`BEGIN LIST CMD ${upsName}`);
  for (const c of ups.tree.cmds()) out += line(`CMD ${upsName} ${c}`);
  return out + line(`END LIST CMD ${upsName}`);
}

function listClient(s: Session, upsName: string): string {
  const ups = s.ctx.findUps(upsName);
  if (!ups) return err(NUT_ERROR.UnknownUps);
  let out = line(`BEGIN LIST CLIENT ${upsName}`);
  for (const c of s.ctx.clientsOf(ups)) {
    out += line(`CLIENT ${ups.name} ${c.addr}`);
  }
  return out + line(`END LIST CLIENT ${upsName}`);
}

function listEnumRange(
  s: Session,
  upsName: string,
  varName: string,
  range: boolean,
): string {
  const ups = availableUps(s, upsName);
  if (typeof ups === "string") return ups;
  const v = ups.tree.getVar(varName);
  if (!v) return err(NUT_ERROR.VarNotSupported);
  const kind = range ? "RANGE" : "ENUM";
  let out = line(`BEGIN LIST ${kind} ${upsName} ${varName}`);
  if (range) {
    for (const [a, b] of v.ranges) {
      out += line(`RANGE ${upsName} ${varName} "${a}" "${b}"`);
    }
  } else {
    for (const e of v.enums) {
      out += line(`ENUM ${upsName} ${varName} ${quoted(e)}`);
    }
  }
  return out + line(`END LIST ${kind} ${upsName} ${varName}`);
}
