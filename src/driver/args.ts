/**
 * The driver command line (drivers/main.c): 2.8.0's getopt string
 * `+a:s:kFBDd:hx:Lqr:u:g:Vi:` plus 2.8.1+'s `-c <command>`, `-P pid` and
 * `-FF` (foreground, still writing the PID file).
 * Pure: parsing only; `run.ts` acts on the result.
 *
 * @module
 */

/** `-c` commands (2.8.1+) and the signal each one sends to a driver. */
export const SIGNAL_COMMANDS: ReadonlyArray<readonly [string, Deno.Signal]> = [
  ["reload", "SIGHUP"],
  ["reload-or-exit", "SIGUSR1"],
  ["exit", "SIGTERM"],
];

/**
 * Resolves a `-c` argument: an exact name, else the only command it is a
 * prefix of (NUT accepts abbreviations). Undefined when unknown/ambiguous.
 */
export function signalCommand(arg: string): string | undefined {
  if (SIGNAL_COMMANDS.some(([n]) => n === arg)) return arg;
  const hits = SIGNAL_COMMANDS.filter(([n]) => arg !== "" && n.startsWith(arg));
  return hits.length === 1 ? hits[0]![0] : undefined;
}

/** The signal a `-c` command sends (see SIGNAL_COMMANDS). */
export function commandSignal(name: string): Deno.Signal {
  return SIGNAL_COMMANDS.find(([n]) => n === name)?.[1] ?? "SIGHUP";
}

/** getopt option letters; a `:` after a letter means it takes an argument. */
export const DRIVER_GETOPT = "+a:s:kFBDd:hx:Lqr:u:g:Vi:c:P:";

/** `-a id` and `-x var[=val]` in command-line order (later wins). */
export type ConfigStep =
  | { kind: "section"; name: string }
  | { kind: "x"; name: string; value?: string };

/** What the command line asks for. */
export interface DriverArgs {
  /** `-a` or `-s` name. */
  upsName?: string;
  /** True for `-a` (read ups.conf), false for `-s`. */
  useUpsConf: boolean;
  steps: ConfigStep[];
  /** -D count. */
  debug: number;
  /** -q count. */
  quiet: number;
  /** -d count: run this many update loops, dump, exit. */
  dumpCount?: number;
  /** -F (false), -B (true), unset = default (background unless -D/-d). */
  background?: boolean;
  /** -FF: foreground but still write the PID file. */
  foregroundPidFile: boolean;
  /** -k */
  killPower: boolean;
  /** -i seconds (validated > 0). */
  pollInterval?: number;
  chroot?: string;
  user?: string;
  group?: string;
  /** -c reload|reload-or-exit|exit (2.8.1+) and -P pid. */
  signalCommand?: string;
  signalPid?: number;
  /** -h, -V, -L: print and exit. */
  help: boolean;
  version: boolean;
  listVars: boolean;
}

/** A command-line error: NUT prints it and exits 1. */
export class ArgsError extends Error {
  override name = "ArgsError";
}

/** C atoi. */
function atoi(text: string): number {
  const m = /^\s*([+-]?\d+)/.exec(text);
  return m ? Number.parseInt(m[1]!, 10) : 0;
}

/** Splits `var=value` as splitxarg: no `=` means a flag. */
export function splitXArg(text: string): { name: string; value?: string } {
  const eq = text.indexOf("=");
  if (eq < 0) return { name: text };
  return { name: text.slice(0, eq), value: text.slice(eq + 1) };
}

/** Parses driver arguments the way POSIX getopt with a leading `+` does. */
export function parseDriverArgs(args: readonly string[]): DriverArgs {
  const out: DriverArgs = {
    useUpsConf: false,
    steps: [],
    debug: 0,
    quiet: 0,
    foregroundPidFile: false,
    killPower: false,
    help: false,
    version: false,
    listVars: false,
  };
  let fCount = 0;
  let i = 0;
  while (i < args.length) {
    const arg = args[i]!;
    if (arg === "--") {
      i++;
      break;
    }
    if (!arg.startsWith("-") || arg === "-") break; // '+': stop at first operand
    i++;
    for (let j = 1; j < arg.length; j++) {
      const opt = arg[j]!;
      const at = DRIVER_GETOPT.indexOf(opt, 1);
      if (at < 0 || opt === ":") {
        throw new ArgsError(`Error: unknown option -${opt}. Try -h for help.`);
      }
      let value = "";
      if (DRIVER_GETOPT[at + 1] === ":") {
        if (j + 1 < arg.length) value = arg.slice(j + 1);
        else if (i < args.length) value = args[i++]!;
        else {
          throw new ArgsError(
            `Error: unknown option -${opt}. Try -h for help.`,
          );
        }
        j = arg.length;
      }
      applyOption(out, opt, value);
      if (opt === "F") fCount++;
    }
  }
  if (fCount >= 2) out.foregroundPidFile = true;
  if (i < args.length) {
    throw new ArgsError(
      "Error: too many non-option arguments. Try -h for help.",
    );
  }
  return out;
}

function applyOption(out: DriverArgs, opt: string, value: string): void {
  switch (opt) {
    case "a":
      out.upsName = value;
      out.useUpsConf = true;
      out.steps.push({ kind: "section", name: value });
      break;
    case "s":
      out.upsName = value;
      out.useUpsConf = false;
      break;
    case "F":
      out.background = false;
      break;
    case "B":
      out.background = true;
      break;
    case "D":
      out.debug++;
      break;
    case "d":
      out.dumpCount = atoi(value);
      break;
    case "i": {
      const n = atoi(value);
      if (n <= 0) {
        throw new ArgsError(
          `Error: command-line: invalid pollinterval: ${n}`,
        );
      }
      out.pollInterval = n;
      break;
    }
    case "k":
      out.killPower = true;
      break;
    case "L":
      out.listVars = true;
      break;
    case "q":
      out.quiet++;
      break;
    case "r":
      out.chroot = value;
      break;
    case "u":
      out.user = value;
      break;
    case "g":
      out.group = value;
      break;
    case "V":
      out.version = true;
      break;
    case "x":
      out.steps.push({ kind: "x", ...splitXArg(value) });
      break;
    case "h":
      out.help = true;
      break;
    case "c": {
      const name = signalCommand(value);
      if (name === undefined) {
        throw new ArgsError(
          "Error: unknown argument to option -c. Try -h for help.",
        );
      }
      out.signalCommand = name;
      break;
    }
    case "P":
      out.signalPid = atoi(value);
      break;
  }
}

/** True when the driver should go to the background (NUT's background_flag). */
export function shouldBackground(args: DriverArgs): boolean {
  if (args.background !== undefined) return args.background;
  return args.debug === 0 && args.dumpCount === undefined;
}
