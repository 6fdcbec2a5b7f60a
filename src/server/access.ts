/**
 * upsd.users access checks (server/user.c user_checkaction,
 * user_checkinstcmd): the user is found by exact name, the password must
 * match, then actions and commands compare case-insensitively.
 *
 * Beyond NUT: the stored password may be a `$scrypt$` hash, and a
 * {@link LoginGuard} throttles failed authentications per address and
 * caches verified passwords so a flood of LOGINs costs one scrypt.
 *
 * @module
 */
import type { UpsdUser } from "../config/upsd_users.ts";
import { equalText, isHashed } from "../config/password_format.ts";
import type { Logger } from "../log.ts";
import {
  DEFAULT_THROTTLE,
  LoginThrottle,
  type ThrottleSettings,
} from "./throttle.ts";

type Scrypt = typeof import("../config/password_hash.ts");
/** scrypt, loaded with the first hashed password (it brings node:crypto). */
let scrypt: Scrypt | undefined;

/** Loads scrypt (once). */
async function loadScrypt(): Promise<Scrypt> {
  return scrypt ??= await import("../config/password_hash.ts");
}

/**
 * Loads scrypt when `users` holds a hashed password, so the synchronous
 * checks below can run it; upsd calls this on every (re)load of upsd.users.
 */
export async function prepareUsers(users: UserTable): Promise<void> {
  for (const u of users.values()) {
    if (u.password !== undefined && isHashed(u.password)) {
      await loadScrypt();
      return;
    }
  }
}

/** `password` against a stored value; a hash needs prepareUsers first. */
function matches(password: string, stored: string): boolean {
  if (!isHashed(stored)) return equalText(password, stored);
  // fail closed: without scrypt loaded a hash cannot be checked
  return scrypt?.verifyPasswordSync(password, stored) ?? false;
}

/** The user table upsd consults. */
export type UserTable = ReadonlyMap<string, UpsdUser>;

/** Outcomes remembered per user; bounded so guessing cannot grow it. */
const CACHE_PER_USER = 8;

/** Password cache plus throttle, shared by every session of a server. */
export class LoginGuard {
  readonly throttle: LoginThrottle;
  /**
   * Per user object (a reload makes new ones, dropping the cache): the
   * passwords a hash check already accepted or refused.
   */
  #verified = new WeakMap<UpsdUser, Map<string, boolean>>();

  constructor(log: Logger, settings: ThrottleSettings = DEFAULT_THROTTLE) {
    this.throttle = new LoginThrottle(settings, log);
  }

  /** True when `password` is the user's; scrypt runs once per password. */
  passwordMatches(user: UpsdUser, password: string): boolean {
    const stored = user.password;
    if (stored === undefined) return false;
    if (!isHashed(stored)) return equalText(password, stored);
    const seen = this.#verified.get(user);
    const known = seen?.get(password);
    if (known !== undefined) return known;
    const ok = matches(password, stored);
    this.#remember(user, password, ok);
    return ok;
  }

  /**
   * For a hashed password not checked yet: runs scrypt on node's thread
   * pool and caches the outcome, so the request that needs it can wait
   * without holding upsd. Undefined when no scrypt is needed.
   */
  prime(user: UpsdUser, password: string): Promise<void> | undefined {
    const stored = user.password;
    if (stored === undefined || !isHashed(stored)) return undefined;
    if (this.#verified.get(user)?.has(password)) return undefined;
    let inflight = this.#inflight.get(user);
    const running = inflight?.get(password);
    if (running) return running;
    if (!inflight) this.#inflight.set(user, inflight = new Map());
    const map = inflight;
    const p = loadScrypt().then((m) => m.verifyPassword(password, stored)).then(
      (ok) => this.#remember(user, password, ok),
      () => {}, // the synchronous check will run instead
    ).finally(() => map.delete(password));
    map.set(password, p);
    return p;
  }

  #inflight = new WeakMap<UpsdUser, Map<string, Promise<void>>>();

  #remember(user: UpsdUser, password: string, ok: boolean): void {
    let seen = this.#verified.get(user);
    if (!seen) this.#verified.set(user, seen = new Map());
    if (seen.size >= CACHE_PER_USER) {
      seen.delete(seen.keys().next().value!); // oldest first
    }
    seen.set(password, ok);
  }
}

/** Verbs whose handlers check the password. */
const AUTH_VERBS = new Set([
  "LOGIN",
  "PRIMARY",
  "MASTER",
  "FSD",
  "SET",
  "INSTCMD",
]);

/**
 * A promise to wait on before handling `verb` when its password check would
 * run scrypt (see {@link LoginGuard.prime}); undefined to handle it now.
 * `read` says the verb is a GET/LIST that needs a login.
 */
export function pendingCheck(
  s: AuthSubject,
  verb: string,
  read: boolean,
): Promise<void> | undefined {
  const guard = s.ctx.guard;
  if (!guard || s.username === undefined || s.password === undefined) {
    return undefined;
  }
  if (!read && !AUTH_VERBS.has(verb.toUpperCase())) return undefined;
  const user = s.ctx.users.get(s.username);
  if (!user || guard.throttle.locked(s.addr, s.ctx.now())) return undefined;
  return guard.prime(user, s.password);
}

/** What an access check needs from a session. */
export interface AuthSubject {
  readonly ctx: {
    users: UserTable;
    guard?: LoginGuard;
    log: Logger;
    now(): number;
  };
  readonly addr: string;
  username: string | undefined;
  password: string | undefined;
}

/**
 * The user behind the session's USERNAME/PASSWORD, or undefined (bad
 * credentials, or the address is locked out). A wrong password or unknown
 * user counts as one failure for the address.
 */
export function authenticate(s: AuthSubject): UpsdUser | undefined {
  const { username, password } = s;
  if (username === undefined || password === undefined) return undefined;
  const guard = s.ctx.guard;
  const now = s.ctx.now();
  if (guard?.throttle.locked(s.addr, now)) {
    s.ctx.log.debug(1, `Refusing ${username}@${s.addr}: address locked out`);
    return undefined;
  }
  const user = s.ctx.users.get(username);
  const ok = user !== undefined &&
    (guard
      ? guard.passwordMatches(user, password)
      : user.password !== undefined &&
        matches(password, user.password));
  if (!ok) {
    s.ctx.log.debug(1, `Authentication failed for ${username}@${s.addr}`);
    guard?.throttle.failure(s.addr, now);
    return undefined;
  }
  return user;
}

/** True when the credentials are valid and the user has one of `actions`. */
export function checkAction(s: AuthSubject, ...actions: string[]): boolean {
  const user = authenticate(s);
  if (!user) return false;
  return actions.some((a) => user.actions.has(a.toLowerCase()));
}

/** True when the credentials are valid and `cmd` (or `all`) is granted. */
export function checkInstcmd(s: AuthSubject, cmd: string): boolean {
  return grantsInstcmd(authenticate(s), cmd);
}

/**
 * Whether upsd.users grants `user` the instant command `cmd` (or `all`),
 * without a password check (MQTT_BROKER's configured user).
 */
export function grantsInstcmd(
  user: UpsdUser | undefined,
  cmd: string,
): boolean {
  if (!user) return false;
  return user.instcmds.has("all") || user.instcmds.has(cmd.toLowerCase());
}
