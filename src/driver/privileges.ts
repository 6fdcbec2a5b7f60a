/**
 * `-u user` / `-g group` for drivers. Running as the requested user already
 * (e.g. `-u root` as root) needs nothing; otherwise the shared
 * `src/privileges.ts` (FFI setgroups/setgid/setuid) does the switch.
 *
 * @module
 */
import { dropPrivileges as dropTo } from "../privileges.ts";

function currentUserName(): string | undefined {
  try {
    const uid = Deno.uid();
    if (uid === null) return undefined;
    const passwd = Deno.readTextFileSync("/etc/passwd");
    for (const line of passwd.split("\n")) {
      const f = line.split(":");
      if (f[2] === String(uid)) return f[0];
    }
  } catch {
    // no /etc/passwd or no --allow-sys
  }
  return undefined;
}

/** Switches to `user` (and `group`) unless this process already runs as `user`. */
export function dropPrivileges(user: string, group?: string): void {
  if (currentUserName() === user && group === undefined) return;
  dropTo(user, group);
}
