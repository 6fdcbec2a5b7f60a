/**
 * Running this program again: Deno cannot fork(), so daemons go to the
 * background (upsd, drivers, upssched's timer daemon) or split privileges
 * (upsmon) by spawning themselves. One way to build that command for all.
 *
 * @module
 */

const PERMISSIONS = [
  "read",
  "write",
  "net",
  "env",
  "run",
  "sys",
  "ffi",
] as const;

/** Deno flags that give a child the (global) permissions this process has. */
export function permissionFlags(): string[] {
  const granted = PERMISSIONS.filter((name) =>
    Deno.permissions.querySync({ name }).state === "granted"
  );
  if (granted.length === PERMISSIONS.length) return ["--allow-all"];
  return granted.map((p) => `--allow-${p}`);
}

function envVar(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

function sameModule(url: string, path: string): boolean {
  try {
    return new URL(url).pathname === new URL(path, "file:///").pathname;
  } catch {
    return false;
  }
}

/** Options of selfCommand. */
export interface SelfCommandOptions {
  /** The entry module to run under `deno run` (default: Deno.mainModule). */
  entry?: string;
  /** Extra runtime flags for `deno run` (e.g. V8 tuning). */
  runtime?: readonly string[];
}

/**
 * The command that re-runs this program with `args`: the compiled binary
 * itself, or `deno run` with this process's permissions and the entry module.
 */
export function selfCommand(
  args: readonly string[],
  options: SelfCommandOptions = {},
): [string, string[]] {
  // Started by one of our launchers for this very entry: run the launcher
  // again, so the child gets the same runtime, flags and config.
  const launcher = envVar("DENO_NUT_LAUNCHER");
  const launched = envVar("DENO_NUT_ENTRY");
  const entry = options.entry ?? Deno.mainModule;
  if (launcher && launched && sameModule(entry, launched)) {
    return [launcher, [...args]];
  }
  const exe = Deno.execPath();
  const base = exe.split("/").pop() ?? "";
  if (!/^deno(\.exe)?$/.test(base)) return [exe, [...args]];
  return [exe, [
    "run",
    "--no-prompt",
    ...permissionFlags(),
    ...(options.runtime ?? []),
    options.entry ?? Deno.mainModule,
    ...args,
  ]];
}
