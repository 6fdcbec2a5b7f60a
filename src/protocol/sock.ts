/**
 * The driver ⇄ upsd socket protocol (docs/sock-protocol.txt): formatting of
 * driver updates and DUMPALL, and applying driver lines to a StateTree.
 * Driver values are always sent escaped (NUT's live broadcasts are not; upsd
 * decodes either).
 *
 * @module
 */
import { atoi, flagWords, parseFlagWords, StateTree } from "../state/tree.ts";
import { quoteWord } from "../words.ts";

/** Tracking result codes a driver reports (drivers/upshandler.h STAT_*). */
export const TRACKING_CODE = {
  handled: 0,
  unknown: 1,
  invalid: 2,
  failed: 3,
  "conversion-failed": 4,
} as const;

/** What a driver's instcmd/setvar handler returns (NUT's STAT_INSTCMD_*). */
export type CommandResult = keyof typeof TRACKING_CODE;

/** The DUMPALL answer for a tree: every line, newline-terminated, in NUT's order. */
export function dumpAll(tree: StateTree, stale: boolean): string {
  const out: string[] = [];
  if (stale) out.push("DATASTALE\n");
  for (const v of tree.vars()) {
    out.push(`SETINFO ${v.name} ${quoteWord(v.value)}\n`);
    for (const e of v.enums) out.push(`ADDENUM ${v.name} ${quoteWord(e)}\n`);
    for (const [a, b] of v.ranges) out.push(`ADDRANGE ${v.name} ${a} ${b}\n`);
    if (v.aux !== 0) out.push(`SETAUX ${v.name} ${v.aux}\n`);
    const flags = flagWords(v.flags);
    if (flags.length) out.push(`SETFLAGS ${v.name} ${flags.join(" ")}\n`);
  }
  for (const c of tree.cmds()) out.push(`ADDCMD ${c}\n`);
  if (!stale) out.push("DATAOK\n");
  out.push("DUMPDONE\n");
  return out.join("");
}

/** A driver line that is not a tree update. */
export type DriverSignal =
  | { kind: "dumpdone" }
  | { kind: "dataok" }
  | { kind: "datastale" }
  | { kind: "pong" }
  | { kind: "tracking"; id: string; code: number }
  | { kind: "pid"; pid: number };

/** Result of applying one driver line to a tree. */
export type ApplyResult =
  | { kind: "update"; changed: boolean }
  | DriverSignal
  | { kind: "unknown" };

/** Applies one parsed driver→upsd line to `tree` (sstate.c sstate_parse). */
export function applyDriverLine(
  tree: StateTree,
  words: readonly string[],
): ApplyResult {
  const [verb = "", a = "", b, c] = words;
  const n = words.length;
  switch (verb) {
    case "SETINFO":
      if (n < 3) break;
      return { kind: "update", changed: tree.setInfo(a, b!, true) };
    case "DELINFO":
      if (n < 2) break;
      return { kind: "update", changed: tree.delInfo(a) };
    case "ADDENUM":
      if (n < 3) break;
      return { kind: "update", changed: tree.addEnum(a, b!) };
    case "DELENUM":
      if (n < 3) break;
      return { kind: "update", changed: tree.delEnum(a, b!) };
    case "ADDRANGE":
      if (n < 4) break;
      return { kind: "update", changed: tree.addRange(a, atoi(b!), atoi(c!)) };
    case "DELRANGE":
      if (n < 4) break;
      return { kind: "update", changed: tree.delRange(a, atoi(b!), atoi(c!)) };
    case "SETAUX":
      if (n < 3) break;
      return { kind: "update", changed: tree.setAux(a, atoi(b!)) };
    case "SETFLAGS":
      if (n < 2) break;
      return {
        kind: "update",
        changed: tree.setFlags(a, parseFlagWords(words.slice(2))),
      };
    case "ADDCMD":
      if (n < 2) break;
      return { kind: "update", changed: tree.addCmd(a) };
    case "DELCMD":
      if (n < 2) break;
      return { kind: "update", changed: tree.delCmd(a) };
    case "DUMPDONE":
      return { kind: "dumpdone" };
    case "DATAOK":
      return { kind: "dataok" };
    case "DATASTALE":
      return { kind: "datastale" };
    case "PONG":
      return { kind: "pong" };
    case "TRACKING":
      if (n < 3) break;
      return { kind: "tracking", id: a, code: atoi(b!) };
    case "PID":
      if (n < 2) break;
      return { kind: "pid", pid: atoi(a) };
  }
  return { kind: "unknown" };
}

/** Formats upsd→driver `SET <var> "<value>"[ TRACKING <id>]`. */
export function formatSetRequest(
  name: string,
  value: string,
  trackingId?: string,
): string {
  const tail = trackingId ? ` TRACKING ${trackingId}` : "";
  return `SET ${name} ${quoteWord(value)}${tail}\n`;
}

/**
 * Formats upsd→driver `INSTCMD <cmd>[ <param>][ TRACKING <id>]`. As NUT, the
 * param is escaped but not quoted (a param with a space reaches the driver as
 * two words and is refused there).
 */
export function formatInstcmdRequest(
  cmd: string,
  param?: string,
  trackingId?: string,
): string {
  let line = `INSTCMD ${cmd}`;
  if (param !== undefined) line += ` ${param.replace(/[#\\"]/g, "\\$&")}`;
  if (trackingId) line += ` TRACKING ${trackingId}`;
  return line + "\n";
}
