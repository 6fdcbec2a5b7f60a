/**
 * The checks nut-compliance runs with `--user`/`--password`: TRACKING,
 * SET VAR with tracking to completion, the errors of a logged-in user, and
 * LOGIN with NUMLOGINS, LIST CLIENT and LOGOUT. Rights the user lacks make
 * a check skip, not fail (ERR ACCESS-DENIED is a correct answer then).
 *
 * @module
 */
import { quoteWord } from "../words.ts";
import {
  type Check,
  type CheckContext,
  ensure,
  expect,
  Skip,
  upsOf,
  wordsOf,
} from "./run.ts";
import type { Session } from "./session.ts";

async function login(ctx: CheckContext): Promise<Session> {
  const { user, password } = ctx.opts;
  if (user === undefined || password === undefined) {
    throw new Skip("needs --user and --password");
  }
  const s = await ctx.open();
  expect(await s.ask(`USERNAME ${quoteWord(user)}`), "OK", "USERNAME");
  expect(await s.ask(`PASSWORD ${quoteWord(password)}`), "OK", "PASSWORD");
  return s;
}

function oneOf(actual: string, allowed: string[], what: string): void {
  ensure(
    allowed.includes(actual),
    `${what}: expected ${allowed.join(" or ")}, got "${actual}"`,
  );
}

async function until(
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await probe()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** The checks that need credentials. */
export const AUTH_CHECKS: readonly Check[] = [
  {
    name: "errors of a logged-in user",
    async run(ctx) {
      const ups = upsOf(ctx);
      const s = await login(ctx);
      oneOf(
        await s.ask(`SET VAR ${ups} no.such.variable x`),
        ["ERR VAR-NOT-SUPPORTED", "ERR ACCESS-DENIED"],
        "SET VAR of a missing variable",
      );
      oneOf(
        await s.ask(`INSTCMD ${ups} no.such.command`),
        ["ERR CMD-NOT-SUPPORTED", "ERR ACCESS-DENIED"],
        "INSTCMD of a missing command",
      );
      expect(await s.ask("SET"), "ERR INVALID-ARGUMENT", "SET alone");
      expect(
        await s.ask(`SET VAR ${ups}`),
        "ERR INVALID-ARGUMENT",
        "SET VAR without a variable",
      );
      expect(
        await s.ask(`SET VAR ${ups} ups.id`),
        "ERR INVALID-ARGUMENT",
        "SET VAR without a value",
      );
      expect(
        await s.ask(`INSTCMD ${ups}`),
        "ERR INVALID-ARGUMENT",
        "INSTCMD without a command",
      );
      expect(
        await s.ask("LOGIN no-such-ups"),
        "ERR UNKNOWN-UPS",
        "LOGIN to a missing UPS",
      );
    },
  },
  {
    name: "SET TRACKING and GET TRACKING",
    async run(ctx) {
      const s = await login(ctx);
      expect(await s.ask("SET TRACKING ON"), "OK");
      expect(await s.ask("GET TRACKING"), "ON");
      expect(await s.ask("SET TRACKING MAYBE"), "ERR INVALID-ARGUMENT");
      expect(await s.ask("SET TRACKING OFF"), "OK");
      expect(await s.ask("GET TRACKING"), "OFF");
    },
  },
  {
    name: "SET VAR with TRACKING reaches SUCCESS",
    async run(ctx) {
      const ups = upsOf(ctx);
      const s = await login(ctx);
      const name = ctx.facts.rw.find((n) => n === "ups.id") ?? ctx.facts.rw[0];
      if (name === undefined) throw new Skip("the UPS has no RW variable");
      const value = ctx.facts.vars.get(name);
      if (value === undefined || /["\\#]/.test(value)) {
        throw new Skip(`no plain current value of ${name} to write back`);
      }
      expect(await s.ask("SET TRACKING ON"), "OK");
      // Writing the current value back changes nothing on the device.
      const r = await s.ask(`SET VAR ${ups} ${name} ${quoteWord(value)}`);
      if (r === "ERR ACCESS-DENIED") {
        throw new Skip(`${ctx.opts.user} may not SET`);
      }
      const m = /^OK TRACKING ([0-9A-Fa-f-]{36})$/.exec(r);
      ensure(
        m,
        `SET VAR with TRACKING ON: expected "OK TRACKING <uuid>", got "${r}"`,
      );
      let last = "";
      const done = await until(async () => {
        last = await s.ask(`GET TRACKING ${m[1]}`);
        ensure(
          ["PENDING", "SUCCESS"].includes(last),
          `GET TRACKING <id>: got "${last}"`,
        );
        return last === "SUCCESS";
      }, ctx.opts.timeoutMs);
      ensure(
        done,
        `GET TRACKING <id> still "${last}" after ${ctx.opts.timeoutMs} ms`,
      );
    },
  },
  {
    name: "LOGIN, PRIMARY, NUMLOGINS, LIST CLIENT and LOGOUT",
    async run(ctx) {
      const ups = upsOf(ctx);
      const watcher = await ctx.open();
      const count = async () => {
        const w = wordsOf(await watcher.ask(`GET NUMLOGINS ${ups}`));
        return Number(w[2]);
      };
      const before = await count();
      const s = await login(ctx);
      const r = await s.ask(`LOGIN ${ups}`);
      if (r === "ERR ACCESS-DENIED") {
        throw new Skip(`${ctx.opts.user} has no upsmon role`);
      }
      expect(r, "OK", "LOGIN");
      expect(
        await s.ask(`LOGIN ${ups}`),
        "ERR ALREADY-LOGGED-IN",
        "second LOGIN",
      );
      // PRIMARY and its old name MASTER: both granted, or both refused.
      const primary = await s.ask(`PRIMARY ${ups}`);
      oneOf(primary, ["OK PRIMARY-GRANTED", "ERR ACCESS-DENIED"], "PRIMARY");
      expect(
        await s.ask(`MASTER ${ups}`),
        primary === "ERR ACCESS-DENIED" ? primary : "OK MASTER-GRANTED",
        "MASTER",
      );
      expect(
        String(await count()),
        String(before + 1),
        "NUMLOGINS after LOGIN",
      );
      const clients = await watcher.list(`LIST CLIENT ${ups}`);
      ensure(
        "lines" in clients && clients.lines.length > 0,
        "LIST CLIENT lacks the logged-in client",
      );
      ensure(/^OK Goodbye/.test(await s.ask("LOGOUT")), "LOGOUT");
      ensure(await s.closesWithin(), "the connection stays open after LOGOUT");
      ensure(
        await until(async () => await count() === before, ctx.opts.timeoutMs),
        "NUMLOGINS does not drop after LOGOUT",
      );
    },
  },
];
