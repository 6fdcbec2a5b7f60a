/**
 * The ups.conf section and `-x` arguments of one driver run
 * (drivers/main.c do_upsconf_args, main_arg, storeval, splitxarg): which
 * keys the core takes, which go to the driver, what is published as
 * driver.parameter.* / driver.flag.*, default.* / override.*, and NUT's
 * fatal messages for unknown names. Pure.
 *
 * @module
 */
import type { UpsConf } from "../config/ups_conf.ts";
import type { ConfigStep } from "./args.ts";
import type { DriverConfig, DriverDefinition } from "./types.ts";

/** One write to the state tree made while reading the configuration. */
export type PublishOp =
  | { kind: "set"; name: string; value: string }
  | { kind: "override"; name: string; value: string };

/** A configuration problem: NUT's message, where it goes, and the exit code. */
export interface ConfigFatal {
  message: string;
  /** storeval prints to stdout and exits 0; fatalx goes to stderr, exit 1. */
  stream: "stdout" | "stderr";
  exitCode: number;
}

/** Everything the configuration decides for one driver instance. */
export interface ResolvedConfig {
  config: DriverConfig;
  publish: PublishOp[];
  pollInterval?: number;
  synchronous: "yes" | "no" | "auto";
  user?: string;
  group?: string;
  chroot?: string;
  debugMin?: number;
  ignoreLb: boolean;
  noLock: boolean;
}

/** Thrown by resolveConfig; carries NUT's wording. */
export class DriverConfigFatal extends Error {
  readonly fatal: ConfigFatal;
  constructor(fatal: ConfigFatal) {
    super(fatal.message);
    this.name = "DriverConfigFatal";
    this.fatal = fatal;
  }
}

function unknownName(name: string, isFlag: boolean): DriverConfigFatal {
  return new DriverConfigFatal({
    message: `\nFatal error: '${name}' is not a valid ${
      isFlag ? "flag" : "variable name"
    } for this driver.\n\nLook in the man page or call this driver with -h for a list of\nvalid variable names and flags.\n`,
    stream: "stdout",
    exitCode: 0,
  });
}

function fatalx(message: string): DriverConfigFatal {
  return new DriverConfigFatal({ message, stream: "stderr", exitCode: 1 });
}

function atoi(text: string): number {
  const m = /^\s*([+-]?\d+)/.exec(text);
  return m ? Number.parseInt(m[1]!, 10) : 0;
}

function syncValue(v: string): "yes" | "no" | "auto" {
  return v === "yes" ? "yes" : v === "auto" ? "auto" : "no";
}

/** Options of resolveConfig. */
export interface ResolveOptions {
  def: DriverDefinition;
  upsName: string;
  /** The parsed ups.conf (needed when steps contain a section). */
  upsConf?: UpsConf | undefined;
  steps: readonly ConfigStep[];
}

/**
 * Applies ups.conf (globals, then the section) and -x steps in order, as
 * NUT does. Throws DriverConfigFatal with NUT's message on the first error.
 */
export function resolveConfig(opts: ResolveOptions): ResolvedConfig {
  const { def, upsName } = opts;
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const publish: PublishOp[] = [];
  const out: Omit<ResolvedConfig, "config" | "publish"> = {
    synchronous: "auto",
    ignoreLb: false,
    noLock: false,
  };
  let port: string | undefined;
  let userFromConf = false;
  const known = new Map(def.vars.map((v) => [v.name.toLowerCase(), v]));
  const set = (name: string, value: string) =>
    publish.push({ kind: "set", name, value });

  // main_arg: keys the core handles itself (section lines and -x alike)
  const mainArg = (name: string, value: string | undefined): boolean => {
    if (name === "nolock") {
      out.noLock = true;
      set("driver.flag.nolock", "enabled");
      return true;
    }
    if (name === "ignorelb") {
      out.ignoreLb = true;
      set("driver.flag.ignorelb", "enabled");
      return true;
    }
    if (value === undefined) return false;
    switch (name) {
      case "port":
        port = value;
        set("driver.parameter.port", value);
        return true;
      case "user":
        out.user = value;
        userFromConf = true;
        return true;
      case "group":
        out.group = value;
        return true;
      case "synchronous":
        out.synchronous = syncValue(value);
        return true;
      case "sddelay":
      case "sdorder":
      case "desc":
        return true;
      case "debug_min": {
        const n = Number(value);
        if (Number.isInteger(n) && n >= 0) out.debugMin = n;
        return true;
      }
    }
    return false;
  };

  // storeval: override.* / default.* / the driver's own variables
  const storeVal = (name: string, value: string | undefined) => {
    const low = name.toLowerCase();
    if (value !== undefined && low.startsWith("override.")) {
      publish.push({ kind: "override", name: name.slice(9), value });
      return;
    }
    if (value !== undefined && low.startsWith("default.")) {
      set(name.slice(8), value);
      return;
    }
    const v = known.get(low);
    if (!v) throw unknownName(name, value === undefined);
    if (value === undefined) {
      flags.add(name);
      set(`driver.flag.${name}`, "enabled");
    } else {
      values.set(name, value);
      if (!v.sensitive) set(`driver.parameter.${name}`, value);
    }
  };

  const applySection = (conf: UpsConf, name: string) => {
    const g = conf.globals.values;
    for (const [k, v] of g) {
      if (k === "pollinterval") {
        const n = atoi(v);
        if (n <= 0) throw fatalx(`Error: invalid pollinterval: ${n}`);
        out.pollInterval = n;
      } else if (k === "chroot") out.chroot = v;
      else if (k === "user" && !userFromConf) out.user = v;
      else if (k === "group") out.group = v;
      else if (k === "synchronous") out.synchronous = syncValue(v);
      else if (k === "debug_min") {
        const n = Number(v);
        if (Number.isInteger(n) && n >= 0 && out.debugMin === undefined) {
          out.debugMin = n;
        }
      }
    }
    const section = conf.sections.find((s) => s.name === name);
    if (!section) {
      throw fatalx(`Error: Section ${name} not found in ups.conf`);
    }
    for (const [k, v] of section.values) {
      if (mainArg(k, v)) {
        values.set(k, v);
        continue;
      }
      if (k === "driver") {
        if (v !== def.name) {
          throw fatalx(
            `Error: UPS [${name}] is for driver ${v}, but I'm ${def.name}!\n`,
          );
        }
        values.set(k, v);
        continue;
      }
      if (k === "pollinterval") {
        const n = atoi(v);
        if (n <= 0) {
          throw fatalx(`Error: UPS [${name}]: invalid pollinterval: ${n}`);
        }
        out.pollInterval = n;
        values.set(k, v);
        continue;
      }
      storeVal(k, v);
    }
    for (const f of section.flags) {
      if (mainArg(f, undefined)) {
        flags.add(f);
        continue;
      }
      storeVal(f, undefined);
    }
  };

  for (const step of opts.steps) {
    if (step.kind === "section") {
      if (!opts.upsConf) throw fatalx("Error: no ups.conf");
      applySection(opts.upsConf, step.name);
    } else if (!mainArg(step.name, step.value)) {
      storeVal(step.name, step.value);
    } else if (step.value !== undefined) values.set(step.name, step.value);
    else flags.add(step.name);
  }
  if (port === undefined) {
    throw fatalx(
      "Error: you must specify a port name in ups.conf or in '-x port=...' argument.\nTry -h for help.",
    );
  }
  return {
    ...out,
    publish,
    config: { upsName, port, values, flags },
  };
}

/**
 * The `-L` listing: `VALUE name "desc"` / `FLAG name "desc"`; a sensitive
 * variable (VAR_VALUE | VAR_SENSITIVE) prints as UNKNOWN, as NUT's main.c does.
 */
export function listVarsText(def: DriverDefinition): string {
  return def.vars.map((v) =>
    `${
      v.sensitive ? "UNKNOWN" : v.kind === "value" ? "VALUE" : "FLAG"
    } ${v.name} "${v.desc}"\n`
  ).join("");
}
