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
