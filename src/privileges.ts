/**
 * Dropping root as NUT's become_user(): look the user up in /etc/passwd
 * (and an optional group in /etc/group), then setgroups(0, NULL), setgid,
 * setuid through FFI to libc, in that order. Needs --allow-read and
 * --allow-ffi.
 *
 * @module
 */

/** A user's ids and home, from /etc/passwd. */
export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

/** Finds `name` (or a numeric uid) in passwd-format text. */
export function findUser(
  passwd: string,
  name: string,
): PasswdEntry | undefined {
  for (const line of passwd.split("\n")) {
    const f = line.split(":");
    if (f.length < 7) continue;
    if (f[0] === name || (/^\d+$/.test(name) && f[2] === name)) {
      return { name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), home: f[5]! };
    }
  }
  return undefined;
}

/** Finds a group's gid (or a numeric gid) in group-format text. */
export function findGroup(group: string, name: string): number | undefined {
  if (/^\d+$/.test(name)) return Number(name);
  for (const line of group.split("\n")) {
    const f = line.split(":");
    if (f.length >= 3 && f[0] === name) return Number(f[2]);
  }
  return undefined;
}

/** Looks a user up in /etc/passwd; throws NUT's message if unknown. */
export function lookupUser(user: string): PasswdEntry {
  const entry = findUser(Deno.readTextFileSync("/etc/passwd"), user);
  if (!entry) throw new Error(`user ${user} not found`);
  return entry;
}

/**
 * Switches this process to `user` (and `group`, else the user's primary
 * group) for good. Throws if any call fails, so a caller never goes on
 * running as root by mistake.
 */
export function dropPrivileges(user: string, group?: string): void {
  const pw = lookupUser(user);
  let gid = pw.gid;
  if (group !== undefined) {
    const g = findGroup(Deno.readTextFileSync("/etc/group"), group);
    if (g === undefined) throw new Error(`group ${group} not found`);
    gid = g;
  }
  const libc = Deno.dlopen("libc.so.6", {
    setgroups: { parameters: ["usize", "pointer"], result: "i32" },
    setgid: { parameters: ["u32"], result: "i32" },
    setuid: { parameters: ["u32"], result: "i32" },
  });
  try {
    if (libc.symbols.setgroups(0n, null) !== 0) {
      throw new Error("setgroups failed");
    }
    if (libc.symbols.setgid(gid) !== 0) {
      throw new Error(`setgid(${gid}) failed`);
    }
    if (libc.symbols.setuid(pw.uid) !== 0) {
      throw new Error(`setuid(${pw.uid}) failed`);
    }
  } finally {
    libc.close();
  }
}
