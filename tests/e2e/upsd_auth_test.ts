/**
 * Beyond NUT, end to end with our upsd binary at debug level 5 and NUT
 * 2.8.0's dummy-ups: a `$scrypt$` user logs in; repeated wrong passwords
 * lock one address (127.0.0.1) out while ::1 still works; the lock is logged
 * once; REQUIRE_LOGIN_FOR_READ refuses anonymous GET/LIST even after the
 * reply cache holds the answer; and neither a password nor its hash ever
 * appears in upsd's output (failed and successful logins, a reload).
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { run } from "./clients_helpers.ts";
import {
  DUMMY_DEV,
  LineClient,
  makeTree,
  type Proc,
  startDummy,
  startOurUpsd,
  waitFor,
} from "../fixtures/upsd/harness.ts";
import { freePort, haveNut } from "../net.ts";
import { hashPassword } from "../../src/config/password_hash.ts";

const ADMIN_PW = "Adm1n-Secret-7781";
const PLAIN_PW = "Plain-Secret-4412";
const NEW_PW = "Rotated-Secret-9034";
const SLOW_PW = "Slow-Secret-5150";

async function session(
  port: number,
  user: string,
  pass: string,
  host = "127.0.0.1",
): Promise<LineClient> {
  const c = await LineClient.connect(port, host);
  assertEquals(await c.ask(`USERNAME ${user}`), "OK");
  assertEquals(await c.ask(`PASSWORD "${pass}"`), "OK");
  return c;
}

async function login(
  port: number,
  user: string,
  pass: string,
  host = "127.0.0.1",
): Promise<string | undefined> {
  const c = await session(port, user, pass, host);
  try {
    return await c.ask("LOGIN ups1");
  } finally {
    c.close();
  }
}

Deno.test({
  name:
    "upsd: hashed users, login throttle, reads need login, no secret in logs",
  ignore: !haveNut(),
  async fn() {
    const port = freePort();
    const adminHash = hashPassword(ADMIN_PW, { ln: 12, r: 8, p: 1 });
    const slowHash = hashPassword(SLOW_PW, { ln: 16, r: 8, p: 1 });
    const users = (adminPw: string) =>
      `[admin]\n  password = "${adminPw}"\n  upsmon primary\n` +
      `[plain]\n  password = ${PLAIN_PW}\n  upsmon secondary\n` +
      `[slow]\n  password = "${slowHash}"\n  upsmon secondary\n`;
    const tree = makeTree({
      "ups.conf": "[ups1]\n driver = dummy-ups\n port = dummy.dev\n",
      "dummy.dev": DUMMY_DEV,
      "upsd.conf": `LISTEN 127.0.0.1 ${port}\nLISTEN ::1 ${port}\n` +
        "LOGIN_FAILURE_LIMIT 5\nLOGIN_FAILURE_WINDOW 60\nLOGIN_LOCKOUT 120\n" +
        "REQUIRE_LOGIN_FOR_READ yes\n",
      "upsd.users": users(adminHash),
    });
    const procs: Proc[] = [];
    let upsdOut = () => "";
    try {
      procs.push(await startDummy(tree, "ups1"));
      const upsd = await startOurUpsd(tree, port, ["-DDDDD"]);
      procs.push(upsd);
      upsdOut = upsd.output;

      // hashed and plaintext users both log in
      assertEquals(await login(port, "admin", ADMIN_PW), "OK");
      assertEquals(await login(port, "plain", PLAIN_PW), "OK");

      // reads: anonymous refused, logged-in served; the cached answer
      // (GET twice warms upsd's reply cache) is not served to anonymous
      const reader = await session(port, "plain", PLAIN_PW);
      await waitFor(
        async () =>
          (await reader.ask("GET VAR ups1 ups.status")) ===
            'VAR ups1 ups.status "OL"',
      );
      assertEquals(
        await reader.ask("GET VAR ups1 ups.status"),
        'VAR ups1 ups.status "OL"',
      );
      reader.close();
      const anon = await LineClient.connect(port);
      assertEquals(
        await anon.ask("GET VAR ups1 ups.status"),
        "ERR USERNAME-REQUIRED",
      );
      assertEquals(await anon.ask("LIST UPS"), "ERR USERNAME-REQUIRED");
      assertEquals(
        await anon.ask("VER"),
        "Network UPS Tools upsd 2.8.0 - http://www.networkupstools.org/",
      );
      anon.close();
      // NUT's clients: upsc sends no credentials and is refused; PyNUT
      // logs in with the hashed user's password and reads
      const upsc = await run("/usr/bin/upsc", [`ups1@127.0.0.1:${port}`], {
        env: tree.env,
      });
      assertEquals(upsc.code, 1);
      assertStringIncludes(upsc.stderr, "Username required");
      const py = await run("/usr/bin/python3", [
        "-c",
        `import PyNUT
c = PyNUT.PyNUTClient(host="127.0.0.1", port=${port}, login="admin", password="${ADMIN_PW}")
print(c.GetUPSVars("ups1")[b"ups.status"])`,
      ], { env: tree.env });
      assertEquals([py.code, py.stdout.trim()], [0, "b'OL'"], py.stderr);

      // an uncached hash check does not hold upsd: while one client's
      // LOGIN waits for scrypt (2^16), another client is answered
      const slow = await session(port, "slow", SLOW_PW);
      const other = await LineClient.connect(port);
      const t0 = performance.now();
      await slow.write("LOGIN ups1\n");
      const loginDone = slow.line(10_000).then((l) => [l, performance.now()]);
      assertEquals(
        await other.ask("VER"),
        "Network UPS Tools upsd 2.8.0 - http://www.networkupstools.org/",
      );
      const verAt = performance.now();
      const [loginReply, loginAt] = await loginDone;
      assertEquals(loginReply, "OK");
      assert(
        verAt < (loginAt as number),
        `VER after ${verAt - t0} ms, LOGIN after ${
          (loginAt as number) - t0
        } ms`,
      );
      slow.close();
      other.close();

      // five wrong passwords from 127.0.0.1 lock it out, right ones included
      for (let i = 0; i < 5; i++) {
        assertEquals(
          await login(port, "admin", `wrong-${i}`),
          "ERR ACCESS-DENIED",
        );
      }
      assertEquals(await login(port, "admin", ADMIN_PW), "ERR ACCESS-DENIED");
      assertEquals(await login(port, "plain", PLAIN_PW), "ERR ACCESS-DENIED");
      const locked = await session(port, "plain", PLAIN_PW);
      assertEquals(await locked.ask("PRIMARY ups1"), "ERR ACCESS-DENIED");
      assertEquals(
        await locked.ask("GET VAR ups1 ups.status"),
        "ERR ACCESS-DENIED",
      );
      locked.close();
      // ::1 is another address: unaffected
      assertEquals(await login(port, "admin", ADMIN_PW, "::1"), "OK");

      // reload with a rotated password: old refused, new accepted (from ::1)
      tree.write(
        "upsd.users",
        users(hashPassword(NEW_PW, { ln: 12, r: 8, p: 1 })),
      );
      upsd.child.kill("SIGHUP");
      await waitFor(() => upsd.output().includes("Reloaded configuration"));
      assertEquals(
        await login(port, "admin", ADMIN_PW, "::1"),
        "ERR ACCESS-DENIED",
      );
      assertEquals(await login(port, "admin", NEW_PW, "::1"), "OK");
      // the lock on 127.0.0.1 survives the reload
      assertEquals(await login(port, "admin", NEW_PW), "ERR ACCESS-DENIED");
    } finally {
      for (const p of procs.reverse()) await p.kill();
      tree.remove();
    }
    const out = upsdOut();
    // logins were logged at all (so the check below looks at real output)
    assert(out.includes("User admin@127.0.0.1 logged into UPS [ups1]"), out);
    assert(out.includes("Authentication failed for admin@127.0.0.1"), out);
    const lockLines = out.split("\n").filter((l) => l.includes("Locking out"));
    assertEquals(lockLines.length, 1, out);
    assert(lockLines[0]!.includes("127.0.0.1"));
    for (
      const secret of [
        ADMIN_PW,
        PLAIN_PW,
        NEW_PW,
        SLOW_PW,
        "wrong-0",
        "$scrypt$",
      ]
    ) {
      assert(!out.includes(secret), `upsd output contains ${secret}`);
    }
    // no part of the hash (salt or digest) either
    for (const part of adminHash.split("$").slice(3)) {
      assert(!out.includes(part), "upsd output contains part of a hash");
    }
  },
});
