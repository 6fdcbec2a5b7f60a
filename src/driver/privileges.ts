/**
 * Whom a driver runs as, as NUT's drivers decide it: a driver started as
 * root switches to `-u` / `user=` or else to the build's run-as user
 * (Debian: `nut`); `-u root` keeps root. A driver started by anyone else
 * stays who it is. An unknown user is fatal ("user nut not found"), as in
 * NUT. The switch itself is the shared `src/privileges.ts` (FFI).
 *
 * @module
 */
import {
  dropPrivileges as dropTo,
  findGroup,
  lookupUser,
} from "../privileges.ts";

/** NUT's compiled-in RUN_AS_USER on Debian. */
export const DEFAULT_DRIVER_USER = "nut";

function effectiveUid(): number | null {
  try {
    return Deno.uid();
  } catch {
    return null; // no --allow-sys: treat as not root
  }
}

/**
 * The user a driver running as `uid` ends up as: undefined means "no
 * change" (not root, or root asked to stay root).
 */
export function driverRunAs(
  uid: number | null,
  requested: string | undefined,
): string | undefined {
  if (uid !== 0) return undefined;
  const user = requested ?? DEFAULT_DRIVER_USER;
  return user === "root" || user === "0" ? undefined : user;
}

/**
 * Switches to the driver's user (and `group`) when started as root.
 * Throws NUT's message when the user does not exist.
 */
export function dropPrivileges(requested?: string, group?: string): void {
  const user = driverRunAs(effectiveUid(), requested);
  if (user === undefined) return;
  try {
    lookupUser(user);
  } catch {
    throw new Error(`user ${user} not found`);
  }
  dropTo(user, group);
}

/**
 * A driver still running as root hands its socket to the group (`-g`,
 * `group=`, else `nut`) so that upsd, which runs as `nut`, can connect to
 * it (NUT's dstate_init does the same chown). No-op when not root.
 */
export function shareSocket(path: string, group?: string): void {
  if (effectiveUid() !== 0) return;
  const name = group ?? DEFAULT_DRIVER_USER;
  let gid: number | undefined;
  try {
    gid = findGroup(Deno.readTextFileSync("/etc/group"), name);
  } catch {
    gid = undefined;
  }
  if (gid === undefined) return; // no such group: root-only, as before
  Deno.chownSync(path, null, gid);
}
