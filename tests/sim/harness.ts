/**
 * Test helpers for serial drivers: a DriverContext over the real driver
 * state, a dump in `-d 1` form, and NUT's own driver run against a port.
 *
 * @module
 */
import type {
  DriverContext,
  DriverDefinition,
} from "../../src/driver/types.ts";
import type { ConfigStep } from "../../src/driver/args.ts";
import { resolveConfig } from "../../src/driver/config.ts";
import {
  type RunningInstance,
  startInstance,
} from "../../src/driver/instance.ts";
import { DriverStateImpl } from "../../src/driver/state.ts";
import { Logger, type LogLevel } from "../../src/log.ts";

/** A context plus what the driver logged. */
export interface TestCtx {
  ctx: DriverContext;
  state: DriverStateImpl;
  logs: Array<[LogLevel, string]>;
  abort: AbortController;
}

/** A DriverContext for `[ups]` with port and ups.conf values/flags. */
export function testCtx(
  port: string,
  values: Record<string, string> = {},
  flags: string[] = [],
): TestCtx {
  const logs: Array<[LogLevel, string]> = [];
  const state = new DriverStateImpl();
  const abort = new AbortController();
  const ctx: DriverContext = {
    config: {
      upsName: "sim",
      port,
      values: new Map(Object.entries({ port, ...values })),
      flags: new Set(flags),
    },
    log: new Logger((level, m) => logs.push([level, m]), 1),
    state,
    signal: abort.signal,
  };
  return { ctx, state, logs, abort };
}

/**
 * Starts `def` in-process as the framework does for `-s sim -x port=… -d`
 * (config, init, first update, the device.* copies; no socket). Stop it
 * with `running.stop()`.
 */
export async function startOurs(
  def: DriverDefinition,
  port: string,
  values: Record<string, string> = {},
  flags: string[] = [],
): Promise<{ running: RunningInstance; logs: Array<[LogLevel, string]> }> {
  const steps: ConfigStep[] = [
    { kind: "x", name: "port", value: port },
    ...Object.entries(values).map(([name, value]) => ({
      kind: "x" as const,
      name,
      value,
    })),
    ...flags.map((name) => ({ kind: "x" as const, name })),
  ];
  const resolved = resolveConfig({ def, upsName: "sim", steps });
  const logs: Array<[LogLevel, string]> = [];
  const log = new Logger((level, m) => logs.push([level, m]), 1);
  const running = await startInstance({ def, resolved, log });
  return { running, logs };
}

/** Variables as `name: value` lines, sorted, without driver.* and device.type. */
export function dumpVars(lines: Iterable<[string, string]>): string[] {
  const out: string[] = [];
  for (const [n, v] of lines) {
    if (n.startsWith("driver.") || n === "device.type") continue;
    out.push(`${n}: ${v}`);
  }
  return out.sort();
}

/** Our state tree as dumpVars lines. */
export function ourDump(state: DriverStateImpl): string[] {
  return dumpVars(
    state.tree.vars().map((v) => [v.name, v.value] as [string, string]),
  );
}

/** What a driver process printed and its exit code. */
export interface DriverRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `argv -a sim -u root <args>` with ups.conf `conf` in a temp dir. */
async function runDriver(
  argv: string[],
  conf: string,
  args: string[],
  timeoutMs: number,
  env: Record<string, string> = {},
): Promise<DriverRun> {
  const dir = await Deno.makeTempDir({ prefix: "nutdrv-" });
  try {
    await Deno.writeTextFile(`${dir}/ups.conf`, conf);
    const child = new Deno.Command(argv[0]!, {
      args: [...argv.slice(1), "-a", "sim", "-u", "root", ...args],
      env: {
        NUT_CONFPATH: dir,
        NUT_STATEPATH: dir,
        NUT_ALTPIDPATH: dir,
        ...env,
      },
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const timer = setTimeout(() => {
      try {
        child.kill("SIGKILL");
      } catch { /* gone */ }
    }, timeoutMs);
    const out = await child.output();
    clearTimeout(timer);
    const dec = new TextDecoder();
    return {
      code: out.code,
      stdout: dec.decode(out.stdout),
      stderr: dec.decode(out.stderr),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Runs NUT's `/lib/nut/<driver> -a sim -u root <args>` with ups.conf `conf` in a temp dir. */
export function runNutDriver(
  driver: string,
  conf: string,
  args: string[],
  timeoutMs = 30_000,
  env: Record<string, string> = {},
): Promise<DriverRun> {
  return runDriver([`/lib/nut/${driver}`], conf, args, timeoutMs, env);
}

/**
 * Runs our `drivers/<driver>.ts -a sim -u root <args>` the same way: the
 * whole framework path (main.c's order), as NUT's binary is run.
 */
export function runOurDriver(
  driver: string,
  conf: string,
  args: string[],
  timeoutMs = 30_000,
  env: Record<string, string> = {},
): Promise<DriverRun> {
  return runDriver(
    ourDriverArgv(driver),
    conf,
    args,
    timeoutMs,
    env,
  );
}

/** `-d 1` output as dumpVars lines. */
export function parseDump(stdout: string): string[] {
  const pairs: Array<[string, string]> = [];
  for (const line of stdout.split("\n")) {
    const m = /^([a-z][\w.-]*): (.*)$/.exec(line);
    if (m) pairs.push([m[1]!, m[2]!]);
  }
  return dumpVars(pairs);
}

/** A driver's `-L` output after its banner line, one string per line. */
export async function listVarLines(argv: string[]): Promise<string[]> {
  const out = await new Deno.Command(argv[0]!, {
    args: [...argv.slice(1), "-L"],
  }).output();
  return new TextDecoder().decode(out.stdout).split("\n").slice(1);
}

/** The command line that runs our driver `file` (drivers/<file>.ts). */
export function ourDriverArgv(file: string): string[] {
  const script = new URL(`../../drivers/${file}.ts`, import.meta.url);
  return [Deno.execPath(), "run", "-A", script.pathname];
}
