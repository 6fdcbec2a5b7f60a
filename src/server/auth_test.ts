/**
 * Beyond NUT: hashed passwords, the per-address login throttle, the
 * verified-password cache and REQUIRE_LOGIN_FOR_READ, through Session.
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import { hashPassword } from "../config/password_hash.ts";
import { parseUpsdUsers } from "../config/upsd_users.ts";
import { Logger } from "../log.ts";
import { splitWords } from "../words.ts";
import { LoginGuard, prepareUsers } from "./access.ts";
import type { ServerContext } from "./context.ts";
import { parseCmdvartab } from "./descriptions.ts";
import { Session } from "./session.ts";
import { LoginThrottle } from "./throttle.ts";
import { TrackingTable } from "./tracking.ts";
import { UpsState } from "./ups.ts";

const pure = { permissions: "none" } as const;
const FAST = { ln: 10, r: 8, p: 1 };

function setup(usersText: string, limit = 3) {
  const lines: string[] = [];
  const log = new Logger((level, msg) => lines.push(`${level}: ${msg}`), 9);
  const ups = new UpsState("ups1", "dummy-ups", "x.dev");
  ups.connected = true;
  ups.stale = false;
  ups.send = () => true;
  ups.tree.setInfo("ups.status", "OL");
  ups.tree.addCmd("beeper.off");
  let clock = 1_000_000;
  const guard = new LoginGuard(log, {
    limit,
    windowMs: 60_000,
    lockMs: 60_000,
  });
  const ctx: ServerContext = {
    findUps: (n) => n.toLowerCase() === "ups1" ? ups : undefined,
    upsList: () => [ups],
    users: parseUpsdUsers(usersText).users,
    guard,
    descriptions: parseCmdvartab(""),
    tracking: new TrackingTable(),
    tlsAvailable: false,
    clientsOf: () => [],
    log,
    now: () => clock,
  };
  let id = 1;
  const session = (addr: string, user: string, pass: string) => {
    const s = new Session(ctx, id++, addr);
    run(s, `USERNAME ${user}`, `PASSWORD "${pass}"`);
    return s;
  };
  return {
    ctx,
    lines,
    session,
    advance: (ms: number) => clock += ms,
  };
}

function run(s: Session, ...reqs: string[]): string[] {
  return reqs.map((r) => s.handle(splitWords(r)));
}

Deno.test(
  "a $scrypt$ password logs in; a wrong one is denied",
  pure,
  async () => {
    const h = hashPassword("hunter2", FAST);
    const { session, ctx } = setup(
      `[mon]\npassword = "${h}"\nupsmon primary\n[plain]\npassword = pw\nupsmon secondary\n`,
    );
    await prepareUsers(ctx.users); // as upsd does when it loads upsd.users
    assertEquals(run(session("127.0.0.1", "mon", "hunter2"), "LOGIN ups1"), [
      "OK\n",
    ]);
    assertEquals(run(session("127.0.0.1", "mon", "hunter2"), "PRIMARY ups1"), [
      "OK PRIMARY-GRANTED\n",
    ]);
    assertEquals(run(session("127.0.0.1", "mon", "hunter3"), "LOGIN ups1"), [
      "ERR ACCESS-DENIED\n",
    ]);
    // the hash text itself is not a password
    assertEquals(run(session("127.0.0.2", "mon", h), "LOGIN ups1"), [
      "ERR ACCESS-DENIED\n",
    ]);
    assertEquals(run(session("127.0.0.2", "plain", "pw"), "LOGIN ups1"), [
      "OK\n",
    ]);
  },
);

Deno.test(
  "a malformed hash is a config error; an unquoted one is read whole",
  pure,
  () => {
    const r = parseUpsdUsers('[u]\npassword = "$scrypt$ln=15$x$y"\n');
    assertEquals(r.errors.length, 1);
    assert(r.errors[0]!.message.includes("malformed $scrypt$"));
    const h = hashPassword("pw", FAST);
    const u = parseUpsdUsers(`[u]\npassword = ${h}\n[v]\npassword ${h}\n`);
    assertEquals(u.errors, []);
    assertEquals(u.users.get("u")!.password, h);
    assertEquals(u.users.get("v")!.password, h);
  },
);

Deno.test(
  "throttle: N failures lock one address out of LOGIN, SET, INSTCMD, PRIMARY, reads stay",
  pure,
  () => {
    const { session, lines, advance } = setup(
      "[admin]\npassword = good\nactions = SET\ninstcmds = ALL\nupsmon primary\n",
    );
    const bad = "10.0.0.1";
    for (let i = 0; i < 3; i++) {
      assertEquals(run(session(bad, "admin", "wrong"), "LOGIN ups1"), [
        "ERR ACCESS-DENIED\n",
      ]);
    }
    // now even the right password is refused from that address…
    const s = session(bad, "admin", "good");
    assertEquals(
      run(
        s,
        "LOGIN ups1",
        "PRIMARY ups1",
        "MASTER ups1",
        "SET VAR ups1 ups.status x",
        "INSTCMD ups1 beeper.off",
        "FSD ups1",
        "GET VAR ups1 ups.status",
      ),
      [
        "ERR ACCESS-DENIED\n",
        "ERR ACCESS-DENIED\n",
        "ERR ACCESS-DENIED\n",
        "ERR ACCESS-DENIED\n",
        "ERR ACCESS-DENIED\n",
        "ERR ACCESS-DENIED\n",
        'VAR ups1 ups.status "OL"\n',
      ],
    );
    // …while another address is unaffected
    assertEquals(run(session("10.0.0.2", "admin", "good"), "LOGIN ups1"), [
      "OK\n",
    ]);
    // the lock is logged once, without passwords
    const locks = lines.filter((l) => l.includes("Locking out"));
    assertEquals(locks, [
      "warning: Locking out 10.0.0.1 for 60 s after 3 failed logins in 60 s",
    ]);
    assert(!lines.some((l) => l.includes("wrong") || l.includes("good")));
    // and it ends after LOGIN_LOCKOUT
    advance(59_000);
    assertEquals(run(session(bad, "admin", "good"), "LOGIN ups1"), [
      "ERR ACCESS-DENIED\n",
    ]);
    advance(1_001);
    assertEquals(run(session(bad, "admin", "good"), "LOGIN ups1"), ["OK\n"]);
  },
);

Deno.test(
  "throttle: failures outside the window do not add up; an unknown user counts; missing rights do not",
  pure,
  () => {
    const t = setup(
      "[ro]\npassword = r\n[admin]\npassword = a\nupsmon primary\n",
    );
    const a = "192.0.2.1";
    run(t.session(a, "admin", "x"), "LOGIN ups1");
    run(t.session(a, "nobody", "x"), "LOGIN ups1");
    t.advance(60_001);
    run(t.session(a, "admin", "x"), "LOGIN ups1");
    // a valid user without the right: not a failed password
    for (let i = 0; i < 5; i++) {
      assertEquals(run(t.session(a, "ro", "r"), "LOGIN ups1"), [
        "ERR ACCESS-DENIED\n",
      ]);
    }
    assertEquals(run(t.session(a, "admin", "a"), "LOGIN ups1"), ["OK\n"]);
    run(t.session(a, "nobody", "x"), "LOGIN ups1");
    assertEquals(run(t.session(a, "admin", "a"), "LOGIN ups1"), ["OK\n"]);
    run(t.session(a, "admin", "y"), "LOGIN ups1");
    assertEquals(run(t.session(a, "admin", "a"), "LOGIN ups1"), [
      "ERR ACCESS-DENIED\n",
    ]);
  },
);

Deno.test("LOGIN_FAILURE_LIMIT 0 disables throttling", pure, () => {
  const t = setup("[admin]\npassword = a\nupsmon primary\n", 0);
  for (let i = 0; i < 50; i++) run(t.session("h", "admin", "x"), "LOGIN ups1");
  assertEquals(run(t.session("h", "admin", "a"), "LOGIN ups1"), ["OK\n"]);
});

Deno.test(
  "verified hashes are cached per user: repeated LOGINs cost one scrypt",
  pure,
  async () => {
    const h = hashPassword("pw", { ln: 14, r: 8, p: 1 });
    const t = setup(`[mon]\npassword = "${h}"\nupsmon secondary\n`);
    await prepareUsers(t.ctx.users);
    let start = performance.now();
    assertEquals(run(t.session("h", "mon", "pw"), "LOGIN ups1"), ["OK\n"]);
    const first = performance.now() - start;
    start = performance.now();
    for (let i = 0; i < 200; i++) {
      assertEquals(run(t.session("h", "mon", "pw"), "LOGIN ups1"), ["OK\n"]);
    }
    const next200 = performance.now() - start;
    // 200 cached checks together are cheaper than the one scrypt
    assert(next200 < first, `first ${first} ms, next 200: ${next200} ms`);
  },
);

Deno.test(
  "REQUIRE_LOGIN_FOR_READ: GET and LIST need valid credentials",
  pure,
  () => {
    const t = setup("[ro]\npassword = r\n");
    t.ctx.readsNeedLogin = true;
    const anon = new Session(t.ctx, 99, "127.0.0.1");
    assertEquals(
      run(anon, "GET VAR ups1 ups.status", "LIST UPS", "VER", "USERNAME ro"),
      [
        "ERR USERNAME-REQUIRED\n",
        "ERR USERNAME-REQUIRED\n",
        "Network UPS Tools upsd 2.8.0 - http://www.networkupstools.org/\n",
        "OK\n",
      ],
    );
    assertEquals(run(anon, "LIST UPS"), ["ERR PASSWORD-REQUIRED\n"]);
    assertEquals(
      run(t.session("127.0.0.1", "ro", "bad"), "GET VAR ups1 ups.status"),
      ["ERR ACCESS-DENIED\n"],
    );
    const ok = t.session("127.0.0.1", "ro", "r");
    assertEquals(run(ok, "GET VAR ups1 ups.status", "LIST UPS"), [
      'VAR ups1 ups.status "OL"\n',
      'BEGIN LIST UPS\nUPS ups1 "Description unavailable"\nEND LIST UPS\n',
    ]);
    t.ctx.readsNeedLogin = false;
    assertEquals(
      run(new Session(t.ctx, 100, "h"), "GET VAR ups1 ups.status"),
      ['VAR ups1 ups.status "OL"\n'],
    );
  },
);

Deno.test("LoginThrottle forgets addresses beyond its cap", pure, () => {
  const th = new LoginThrottle(
    { limit: 5, windowMs: 1000, lockMs: 1000 },
    new Logger(() => {}),
  );
  for (let i = 0; i < 10_050; i++) th.failure(`a${i}`, 10 * i);
  assert(th.size <= 10_000);
});
