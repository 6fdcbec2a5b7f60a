/**
 * PID files as NUT writes them (common.c writepid): `<pid>\n`, read back to
 * signal a running daemon (`-c stop|reload`) or to refuse a second instance.
 * One copy for upsd, upsmon, upslog and the drivers.
 *
 * @module
 */

/** Writes `<pid>\n` (as writepid). */
export function writePid(path: string, pid = Deno.pid): void {
  // a file left by an instance running as another user cannot be rewritten,
  // but can be replaced (the run directory is group-writable)
  try {
    Deno.removeSync(path);
  } catch {
    // none yet
  }
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
