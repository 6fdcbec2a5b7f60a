/**
 * One client connection's protocol state, with no socket: `handle(words)`
 * takes a parsed request line and returns the reply text ("" for none).
 * The listener writes the text, and acts on `closing` (after LOGOUT) and
 * `startTls` (after `OK STARTTLS`).
 *
 * @module
 */
import { NUT_ERROR } from "../protocol/errors.ts";
import { authenticate, pendingCheck, type UserTable } from "./access.ts";
import { COMMANDS, lookupCommand } from "./commands.ts";
import type { ClientInfo, ServerContext } from "./context.ts";
import { err } from "./reply.ts";
import type { UpsState } from "./ups.ts";

/** Per-connection state (NUT's nut_ctype_t). */
export class Session implements ClientInfo {
  readonly ctx: ServerContext;
  readonly id: number;
  readonly addr: string;
  username: string | undefined;
  password: string | undefined;
  loginUps: UpsState | undefined;
  /** This connection asked for SET TRACKING ON. */
  tracking = false;
  /** The connection runs TLS. */
  tls = false;
  /** LOGOUT was answered: the listener closes after writing. */
  closing = false;
  /** `OK STARTTLS` was answered: the listener upgrades after writing. */
  startTls = false;

  /** The user table `#readOk` was decided against. */
  #readCheckedFor: UserTable | undefined;
  #readOk = false;

  constructor(ctx: ServerContext, id: number, addr: string) {
    this.ctx = ctx;
    this.id = id;
    this.addr = addr;
  }

  /** Handles one request line's words; returns the reply text. */
  handle(words: readonly string[]): string {
    const verb = words[0];
    if (verb === undefined) return err(NUT_ERROR.UnknownCommand);
    const cmd = lookupCommand(verb);
    if (cmd === undefined) return err(NUT_ERROR.UnknownCommand);
    if (cmd.needsUser) {
      if (this.username === undefined) return err(NUT_ERROR.UsernameRequired);
      if (this.password === undefined) return err(NUT_ERROR.PasswordRequired);
    }
    if (
      this.ctx.readsNeedLogin && (cmd === COMMANDS.GET || cmd === COMMANDS.LIST)
    ) {
      const denied = this.readDenied();
      if (denied !== undefined) return denied;
    }
    return cmd.handler(this, words.slice(1));
  }

  /**
   * A promise to await before `handle(words)` when that request would run
   * scrypt on upsd's thread (an uncached hashed password); undefined when it
   * can be handled now.
   */
  pendingCheck(words: readonly string[]): Promise<void> | undefined {
    const verb = words[0];
    if (verb === undefined || this.username === undefined) return undefined;
    const u = verb.toUpperCase();
    const read = (u === "GET" || u === "LIST") && this.ctx.readsNeedLogin ===
        true &&
      !this.readDecided();
    return pendingCheck(this, verb, read);
  }

  /** True when REQUIRE_LOGIN_FOR_READ was already decided for this session. */
  readDecided(): boolean {
    return this.#readCheckedFor === this.ctx.users;
  }

  /**
   * With REQUIRE_LOGIN_FOR_READ: the error for a read by this session, or
   * undefined when its USERNAME/PASSWORD are valid. Decided once per user
   * table, so one session adds at most one failure to the throttle.
   */
  readDenied(): string | undefined {
    if (!this.ctx.readsNeedLogin) return undefined;
    if (this.username === undefined) return err(NUT_ERROR.UsernameRequired);
    if (this.password === undefined) return err(NUT_ERROR.PasswordRequired);
    if (this.#readCheckedFor !== this.ctx.users) {
      this.#readCheckedFor = this.ctx.users;
      this.#readOk = authenticate(this) !== undefined;
    } else if (
      this.#readOk && this.ctx.guard?.throttle.locked(this.addr, this.ctx.now())
    ) return err(NUT_ERROR.AccessDenied);
    return this.#readOk ? undefined : err(NUT_ERROR.AccessDenied);
  }

  /** Forgets the login (on disconnect): NUMLOGINS goes down. */
  disconnect(): void {
    if (this.loginUps) {
      this.loginUps.numLogins--;
      this.loginUps = undefined;
    }
  }

  /** User name for log lines. */
  get who(): string {
    return `${this.username ?? "(null)"}@${this.addr}`;
  }
}

export { COMMANDS };
