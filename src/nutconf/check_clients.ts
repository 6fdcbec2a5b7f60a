/**
 * `nutconf --check` for the client side: upsmon.conf (every line upsmon
 * would warn about or refuse), upssched.conf (AT rules) and hosts.conf.
 *
 * @module
 */
import { parseConfigText } from "../words.ts";
import { parseUpsmonConf, splitSystem } from "../config/upsmon_conf.ts";
import { parseUpsschedConf } from "../config/upssched_conf.ts";
import { ConfigError } from "../config/errors.ts";
import { NOTIFY_TYPES } from "../monitor/notify.ts";
import { bodyOf, lines } from "./check_files.ts";
import type { Report } from "./problems.ts";

/** upsmon.conf: parser warnings and fatal lines are errors here. */
export function checkUpsmonConf(
  text: string,
  r: Report,
  file = "upsmon.conf",
): ReturnType<typeof parseUpsmonConf> | undefined {
  try {
    const conf = parseUpsmonConf(text, file);
    for (const w of conf.warnings) r.error(file, w.line, bodyOf(w));
    for (const { words, line } of parseConfigText(text)) {
      if (words[0] === "MONITOR" && words.length >= 7) {
        r.error(
          file,
          line,
          `MONITOR has extra words: ${words.slice(6).join(" ")}`,
        );
      }
    }
    const exec = [...conf.notify.values()].some((s) => s.flags.has("EXEC"));
    if (exec && conf.notifyCmd === undefined) {
      r.warn(file, 1, "a NOTIFYFLAG uses EXEC but no NOTIFYCMD is set");
    }
    if (conf.monitors.length > 0 && conf.shutdownCmd === undefined) {
      r.warn(file, 1, "no SHUTDOWNCMD: upsmon cannot shut this system down");
    }
    return conf;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    r.error(file, e.line, bodyOf(e));
    return undefined;
  }
}

const SCHED_COMMANDS = new Set(["START-TIMER", "CANCEL-TIMER", "EXECUTE"]);

/** upssched.conf: directives, AT rules with known types and commands. */
export function checkUpsschedConf(
  text: string,
  r: Report,
  file = "upssched.conf",
): void {
  try {
    const conf = parseUpsschedConf(text, file);
    for (const w of conf.warnings) r.error(file, w.line, bodyOf(w));
    for (const rule of conf.rules) {
      const type = rule.notifyType.toUpperCase();
      if (!(NOTIFY_TYPES as readonly string[]).includes(type)) {
        r.error(file, rule.line, `unknown notify type ${rule.notifyType}`);
      }
      if (!SCHED_COMMANDS.has(rule.command.toUpperCase())) {
        r.error(file, rule.line, `unknown command ${rule.command}`);
      }
      const timer = rule.command.toUpperCase() === "START-TIMER";
      if (timer && (rule.arg2 === undefined || !/^\d+$/.test(rule.arg2))) {
        r.error(file, rule.line, "START-TIMER needs a timer name and seconds");
      }
    }
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    r.error(file, e.line, bodyOf(e));
  }
}

/** hosts.conf (upsstats/upsset): `MONITOR ups@host "description"`. */
export function checkHostsConf(text: string, r: Report, file = "hosts.conf") {
  for (const { words, line } of lines(text, file, r)) {
    if (words[0] !== "MONITOR") {
      r.error(file, line, `unknown directive ${words[0]}`);
    } else if (words.length !== 3) {
      r.error(file, line, 'MONITOR takes a system and a "description"');
    } else if (!splitSystem(words[1]!)) {
      r.error(file, line, `not a ups@host[:port] system: ${words[1]}`);
    }
  }
}
