/**
 * upssched's pure parts: which AT rules fire for an event, the timer
 * table of the timer daemon, and its socket protocol
 * (`START "<name>" "<sec>"`, `CANCEL "<name>" ["<cmd>"]` → `OK` /
 * `ERR UNKNOWN`), as NUT 2.8.0.
 *
 * @module
 */
import type { SchedRule } from "../config/upssched_conf.ts";
import { atoi } from "../config/upsmon_conf.ts";
import { quoteWord } from "../words.ts";

/** What one matching AT line asks for. */
export type SchedAction =
  | { kind: "start"; name: string; seconds: string }
  | { kind: "cancel"; name: string; cmd: string | undefined }
  | { kind: "execute"; cmd: string }
  | { kind: "error"; message: string };

/** Every matching rule, in file order (upsname exact or `*`, type case-insensitive). */
export function matchRules(
  rules: readonly SchedRule[],
  notifyType: string,
  upsName: string,
): SchedAction[] {
  const out: SchedAction[] = [];
  for (const r of rules) {
    if (r.ups !== upsName && r.ups !== "*") continue;
    if (r.notifyType.toUpperCase() !== notifyType.toUpperCase()) continue;
    if (r.command === "START-TIMER") {
      out.push({ kind: "start", name: r.arg1, seconds: r.arg2 ?? "" });
    } else if (r.command === "CANCEL-TIMER") {
      out.push({ kind: "cancel", name: r.arg1, cmd: r.arg2 });
    } else if (r.command === "EXECUTE") {
      out.push(
        r.arg1 === ""
          ? { kind: "error", message: "Empty EXECUTE command argument" }
          : { kind: "execute", cmd: r.arg1 },
      );
    } else {out.push({
        kind: "error",
        message: `Invalid command: ${r.command}`,
      });}
  }
  return out;
}

/** The request line a client sends to the timer daemon. */
export function requestLine(action: SchedAction): string | undefined {
  if (action.kind === "start") {
    return `START ${quoteWord(action.name)} ${quoteWord(action.seconds)}\n`;
  }
  if (action.kind === "cancel") {
    return `CANCEL ${quoteWord(action.name)}` +
      (action.cmd !== undefined ? ` ${quoteWord(action.cmd)}` : "") + "\n";
  }
  return undefined;
}

/** One running timer: its name and when it fires (ms). */
export interface Timer {
  name: string;
  due: number;
}

/** The daemon's reply to one request, plus what it changed. */
export interface DaemonReply {
  reply: string;
  timers: Timer[];
  /** Commands to run now (CANCEL of an unknown timer with a command). */
  run: string[];
}

/** Handles one parsed request line against the timer table. */
export function handleRequest(
  timers: readonly Timer[],
  words: readonly string[],
  now: number,
): DaemonReply {
  const [cmd, name, arg] = words;
  if (cmd === "CANCEL" && name !== undefined) {
    const i = timers.findIndex((t) => t.name === name);
    if (i >= 0) {
      return {
        reply: "OK\n",
        timers: timers.filter((_, j) => j !== i),
        run: [],
      };
    }
    return { reply: "OK\n", timers: [...timers], run: arg ? [arg] : [] };
  }
  if (cmd === "START" && name !== undefined && arg !== undefined) {
    return {
      reply: "OK\n",
      timers: [...timers, { name, due: now + atoi(arg) * 1000 }],
      run: [],
    };
  }
  return { reply: "ERR UNKNOWN\n", timers: [...timers], run: [] };
}

/** Splits the table into timers due at `now` (to run, in order) and the rest. */
export function dueTimers(
  timers: readonly Timer[],
  now: number,
): { due: string[]; rest: Timer[] } {
  return {
    due: timers.filter((t) => t.due <= now).map((t) => t.name),
    rest: timers.filter((t) => t.due > now),
  };
}
