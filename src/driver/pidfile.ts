/**
 * Driver PID files (`<altpidpath>/<driver>-<ups>.pid`, common.c writepid /
 * sendsignalfn) and the duplicate-instance check of drivers/main.c.
 *
 * @module
 */

/** The PID file path of a driver instance. */
export function driverPidPath(
  altPidPath: string,
  driver: string,
  ups: string,
): string {
  return `${altPidPath}/${driver}-${ups}.pid`;
}

/** Writes `<pid>\n` (as writepid). */
export function writePid(path: string, pid = Deno.pid): void {
  Deno.writeTextFileSync(path, `${pid}\n`, { mode: 0o644 });
}

/** The PID in a PID file, or undefined when absent or unreadable. */
export function readPid(path: string): number | undefined {
  try {
    const n = Number.parseInt(Deno.readTextFileSync(path).trim(), 10);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** True if a process with this PID exists (kill 0). */
export function processAlive(pid: number): boolean {
  try {
    Deno.kill(pid, "SIGCONT");
    return true;
  } catch (e) {
    // EPERM means it exists but belongs to someone else
    return e instanceof Deno.errors.PermissionDenied;
  }
}

/** Removes a PID file if it still names this process. */
export function removePid(path: string, pid = Deno.pid): void {
  if (readPid(path) !== pid) return;
  try {
    Deno.removeSync(path);
  } catch {
    // already gone
  }
}

/**
 * NUT's duplicate check: while the PID file names a live process, SIGTERM
 * it and wait up to 5 s, at most 3 times. Returns the message to log, if any.
 */
export async function terminateDuplicate(
  path: string,
  log: (message: string) => void,
): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const pid = readPid(path);
    if (pid === undefined || pid === Deno.pid || !processAlive(pid)) return;
    try {
      Deno.kill(pid, "SIGTERM");
    } catch {
      return;
    }
    log(
      `Duplicate driver instance detected (PID file ${path} exists)! Terminating other driver!`,
    );
    const end = Date.now() + 5000;
    while (Date.now() < end && processAlive(pid)) {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
