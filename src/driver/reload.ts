/**
 * `-c reload` / SIGHUP for a running driver, as NUT master's
 * handle_reload_flag: re-read the ups.conf section and apply what can
 * change at run time (pollinterval, default.*, override.*, driver
 * variables the driver marks `reloadable`); a changed `port`, `driver`,
 * `user`, `group` or non-reloadable variable is logged as needing a
 * restart and keeps its old value; a broken ups.conf keeps the old
 * configuration whole.
 *
 * @module
 */
import { loadUpsConf } from "../config/load.ts";
import { confFile, type NutPaths } from "../config/paths.ts";
import type { UpsConf } from "../config/ups_conf.ts";
import type { Logger } from "../log.ts";
import { FLAG } from "../state/tree.ts";
import type { ConfigStep } from "./args.ts";
import {
  DriverConfigFatal,
  type PublishOp,
  resolveConfig,
  type ResolvedConfig,
} from "./config.ts";
import { DEFAULT_POLL_INTERVAL, type RunningInstance } from "./instance.ts";
import type { DriverConfig, DriverDefinition } from "./types.ts";

/** What a reload needs to know about the running driver. */
export interface ReloadTarget {
  def: DriverDefinition;
  upsName: string;
  /** The -a/-x steps of the command line, replayed over the new file. */
  steps: readonly ConfigStep[];
  paths: NutPaths;
  log: Logger;
  running: RunningInstance;
  /** -i from the command line: it wins over ups.conf, so never reloaded. */
  cliPollInterval?: number;
}

/** The outcome of one reload. */
export interface ReloadResult {
  /** The configuration now in effect. */
  resolved: ResolvedConfig;
  /** False when the file could not be used (old configuration kept). */
  applied: boolean;
  /** Settings that changed but need a restart. */
  refused: string[];
}

function message(e: unknown): string {
  return e instanceof Error ? e.message.trim() : String(e);
}

function restartNeeded(
  log: Logger,
  name: string,
  next: string | undefined,
  old: string | undefined,
): void {
  log.warn(
    `setting '${name}' exists and differs: new value '${next ?? ""}' vs. '${
      old ?? ""
    }' (driver restart is needed to apply)`,
  );
}

/** The section with `driver` pinned to this driver (a change is refused, not fatal). */
function pinDriver(conf: UpsConf, upsName: string, driver: string): UpsConf {
  return {
    ...conf,
    sections: conf.sections.map((s) =>
      s.name === upsName
        ? { ...s, values: new Map(s.values).set("driver", driver) }
        : s
    ),
  };
}

function publishMap(ops: readonly PublishOp[], kind: PublishOp["kind"]) {
  const m = new Map<string, string>();
  for (const op of ops) if (op.kind === kind) m.set(op.name, op.value);
  return m;
}

/**
 * Re-reads ups.conf and applies it to `current`. Never throws: every
 * problem is logged and the old configuration stays.
 */
export async function reloadDriver(
  target: ReloadTarget,
  current: ResolvedConfig,
): Promise<ReloadResult> {
  const { def, upsName, log, running } = target;
  const keep = (): ReloadResult => ({
    resolved: current,
    applied: false,
    refused: [],
  });
  log.info(
    `Handling requested live reload of NUT driver configuration for [${upsName}]`,
  );
  if (!target.steps.some((s) => s.kind === "section")) {
    log.info("Configured from the command line (-s): nothing to reload");
    return keep();
  }
  const file = confFile(target.paths, "ups.conf");
  let conf: UpsConf;
  try {
    conf = await loadUpsConf(target.paths);
  } catch (e) {
    log.error(
      `Reload failed: can't open ${file}: ${
        message(e)
      }; keeping the old configuration`,
    );
    return keep();
  }
  if (conf.errors.length) {
    for (const e of conf.errors) log.error(`Parse error: ${e.message}`);
    log.error(
      `Reload failed: ${file} has errors; keeping the old configuration`,
    );
    return keep();
  }
  const refused: string[] = [];
  const section = conf.sections.find((s) => s.name === upsName);
  const newDriver = section?.values.get("driver");
  if (newDriver !== undefined && newDriver !== def.name) {
    restartNeeded(log, "driver", newDriver, def.name);
    refused.push("driver");
    conf = pinDriver(conf, upsName, def.name);
  }
  let next: ResolvedConfig;
  try {
    next = resolveConfig({ def, upsName, upsConf: conf, steps: target.steps });
  } catch (e) {
    if (!(e instanceof DriverConfigFatal)) throw e;
    log.error(
      `Reload failed: ${
        message(e).replace(/\s+/g, " ")
      }; keeping the old configuration`,
    );
    return keep();
  }

  const oldCfg = current.config;
  const newCfg = next.config;
  // core settings that cannot change under a running driver
  const port = newCfg.port === oldCfg.port ? oldCfg.port : (() => {
    restartNeeded(log, "port", newCfg.port, oldCfg.port);
    refused.push("port");
    return oldCfg.port;
  })();
  for (const key of ["user", "group", "chroot"] as const) {
    if (next[key] !== current[key]) {
      restartNeeded(log, key, next[key], current[key]);
      refused.push(key);
    }
  }
  // driver variables: reloadable ones change, the others stay
  const values = new Map(oldCfg.values);
  const flags = new Set(oldCfg.flags);
  for (const v of def.vars) {
    if (v.kind === "value") {
      const was = oldCfg.values.get(v.name);
      const now = newCfg.values.get(v.name);
      if (was === now) continue;
      if (!v.reloadable) {
        restartNeeded(log, v.name, v.sensitive ? "***" : now, was);
        refused.push(v.name);
      } else if (now === undefined) values.delete(v.name);
      else values.set(v.name, now);
    } else {
      const was = oldCfg.flags.has(v.name);
      const now = newCfg.flags.has(v.name);
      if (was === now) continue;
      if (!v.reloadable) {
        restartNeeded(log, v.name, now ? "enabled" : "", was ? "enabled" : "");
        refused.push(v.name);
      } else if (now) flags.add(v.name);
      else flags.delete(v.name);
    }
  }
  const state = running.state;
  // default.*: re-published when new or changed (an unchanged default
  // must not clobber what the device reported since)
  const oldDefaults = publishMap(current.publish, "set");
  for (const [name, value] of publishMap(next.publish, "set")) {
    if (name === "driver.parameter.port") continue;
    const param = /^driver\.(parameter|flag)\.(.+)$/.exec(name)?.[2];
    if (param !== undefined && refused.includes(param)) continue;
    if (oldDefaults.get(name) !== value) state.set(name, value);
  }
  // override.*: new values replace old ones; a dropped override lets the
  // driver write the variable again
  const oldOverrides = publishMap(current.publish, "override");
  const newOverrides = publishMap(next.publish, "override");
  for (const [name, value] of newOverrides) {
    if (oldOverrides.get(name) !== value) state.setImmutable(name, value);
  }
  for (const name of oldOverrides.keys()) {
    if (newOverrides.has(name)) continue;
    const entry = state.tree.getVar(name);
    if (entry) entry.flags &= ~FLAG.IMMUTABLE;
  }
  if (target.cliPollInterval === undefined) {
    const interval = next.pollInterval ?? def.defaultPollInterval ??
      DEFAULT_POLL_INTERVAL;
    if (interval !== running.pollInterval) {
      log.info(`pollinterval changed to ${interval}`);
      running.setPollInterval(interval);
    }
  }
  const config: DriverConfig = { upsName, port, values, flags };
  const resolved: ResolvedConfig = {
    ...next,
    config,
    ...(current.user !== undefined ? { user: current.user } : {}),
    ...(current.group !== undefined ? { group: current.group } : {}),
    ...(current.chroot !== undefined ? { chroot: current.chroot } : {}),
  };
  if (next.user !== current.user && current.user === undefined) {
    delete resolved.user;
  }
  if (next.group !== current.group && current.group === undefined) {
    delete resolved.group;
  }
  if (next.chroot !== current.chroot && current.chroot === undefined) {
    delete resolved.chroot;
  }
  try {
    await running.driver.reload?.(config);
  } catch (e) {
    log.error(`driver reload failed: ${message(e)}`);
  }
  log.info(
    `Completed requested live reload of NUT driver configuration for [${upsName}]: ${
      refused.length ? `restart needed for ${refused.join(", ")}` : "applied"
    }`,
  );
  return { resolved, applied: true, refused };
}
