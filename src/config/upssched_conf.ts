/**
 * upssched.conf (clients/upssched.c conf_arg, NUT 2.8.0): CMDSCRIPT, PIPEFN,
 * LOCKFN, then `AT <type> <ups|*> <command> <arg> [<arg2>]` rules.
 *
 * @module
 */
import { parseConfigText } from "../words.ts";
import { ConfigError } from "./errors.ts";

/** The commands an AT line may give. */
export type SchedCommand = "START-TIMER" | "CANCEL-TIMER" | "EXECUTE";

/** One AT line. */
export interface SchedRule {
  /** Notify type as written (matched case-insensitively). */
  notifyType: string;
  /** UPS system name or `*`. */
  ups: string;
  /** As written; unknown commands are kept and reported when they match. */
  command: string;
  arg1: string;
  arg2: string | undefined;
  line: number;
}

/** A parsed upssched.conf. */
export interface UpsschedConf {
  file: string;
  cmdScript: string | undefined;
  pipeFn: string | undefined;
  lockFn: string | undefined;
  rules: SchedRule[];
  /** Lines NUT would log and skip. */
  warnings: ConfigError[];
}

/**
 * Parses upssched.conf. An AT before CMDSCRIPT, PIPEFN and LOCKFN throws
 * ConfigError with NUT's fatal message.
 */
export function parseUpsschedConf(
  text: string,
  file = "upssched.conf",
): UpsschedConf {
  const conf: UpsschedConf = {
    file,
    cmdScript: undefined,
    pipeFn: undefined,
    lockFn: undefined,
    rules: [],
    warnings: [],
  };
  for (const { words, error, line } of parseConfigText(text)) {
    if (error !== undefined) {
      conf.warnings.push(new ConfigError(file, line, `Parse error: ${error}`));
      continue;
    }
    const [key, a1] = words;
    if (key === undefined) continue;
    if (a1 !== undefined && key === "CMDSCRIPT") conf.cmdScript = a1;
    else if (a1 !== undefined && key === "PIPEFN") conf.pipeFn = a1;
    else if (a1 !== undefined && key === "LOCKFN") conf.lockFn = a1;
    else if (key === "AT" && words.length >= 5) {
      for (
        const [value, name] of [
          [conf.cmdScript, "CMDSCRIPT"],
          [conf.pipeFn, "PIPEFN"],
          [conf.lockFn, "LOCKFN"],
        ] as const
      ) {
        if (value === undefined) {
          throw new ConfigError(
            file,
            line,
            `${name} must be set before any ATs in the config file!`,
          );
        }
      }
      conf.rules.push({
        notifyType: words[1]!,
        ups: words[2]!,
        command: words[3]!,
        arg1: words[4]!,
        arg2: words[5],
        line,
      });
    } else {
      conf.warnings.push(
        new ConfigError(
          file,
          line,
          `Unrecognized directive ${words.join(" ")}`,
        ),
      );
    }
  }
  return conf;
}
