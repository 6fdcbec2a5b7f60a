/**
 * Driver PID files (`<altpidpath>/<driver>-<ups>.pid`, common.c writepid /
 * sendsignalfn) and the duplicate-instance check of drivers/main.c.
 *
 * @module
 */
import { processAlive, readPid } from "../pidfile.ts";

/** The PID file path of a driver instance. */
export function driverPidPath(
  altPidPath: string,
  driver: string,
  ups: string,
): string {
  return `${altPidPath}/${driver}-${ups}.pid`;
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
