/**
 * upsd.users access checks (server/user.c user_checkaction,
 * user_checkinstcmd): the user is found by exact name, the password must
 * match exactly, then actions and commands compare case-insensitively.
 *
 * @module
 */
import type { UpsdUser } from "../config/upsd_users.ts";

/** The user table upsd consults. */
export type UserTable = ReadonlyMap<string, UpsdUser>;

function authenticate(
  users: UserTable,
  username: string | undefined,
  password: string | undefined,
): UpsdUser | undefined {
  if (username === undefined || password === undefined) return undefined;
  const user = users.get(username);
  if (!user || user.password === undefined || user.password !== password) {
    return undefined;
  }
  return user;
}

/** True when the credentials are valid and the user has one of `actions`. */
export function checkAction(
  users: UserTable,
  username: string | undefined,
  password: string | undefined,
  ...actions: string[]
): boolean {
  const user = authenticate(users, username, password);
  if (!user) return false;
  return actions.some((a) => user.actions.has(a.toLowerCase()));
}

/** True when the credentials are valid and `cmd` (or `all`) is granted. */
export function checkInstcmd(
  users: UserTable,
  username: string | undefined,
  password: string | undefined,
  cmd: string,
): boolean {
  const user = authenticate(users, username, password);
  if (!user) return false;
  return user.instcmds.has("all") || user.instcmds.has(cmd.toLowerCase());
}
