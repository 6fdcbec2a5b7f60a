import { assert, assertEquals } from "../../tests/assert.ts";
import { checkConfigs } from "./check.ts";
import { formatProblem } from "./problems.ts";
import { hashPassword } from "../config/password_hash.ts";

// A driver registry of one: what drivers/mod.ts gives the CLI.
const lookup = (name: string) =>
  name === "dummy-ups"
    ? {
      vars: [
        { name: "mode", kind: "value" as const },
        { name: "repeater", kind: "flag" as const },
      ],
    }
    : undefined;

const GOOD = {
  "nut.conf": { text: "# comment\nMODE=standalone\n" },
  "ups.conf": {
    text: 'maxretry = 3\n[ups1]\n\tdriver = dummy-ups\n\tport = "ups1.dev"\n' +
      '\tdesc = "Rack"\n\tmode = dummy-once\n\tnolock\n',
  },
  "upsd.conf": { text: "LISTEN 127.0.0.1 3493\nMAXAGE 15\n" },
  "upsd.users": {
    text: "[mon]\n\tpassword = pw\n\tupsmon primary\n" +
      "[admin]\n\tpassword = a\n\tactions = SET FSD\n\tinstcmds = test.battery.start\n",
  },
  "upsmon.conf": {
    text:
      'MONITOR ups1@localhost 1 mon pw primary\nSHUTDOWNCMD "/sbin/shutdown -h +0"\n',
  },
  "upssched.conf": {
    text:
      "CMDSCRIPT /bin/true\nPIPEFN /run/p\nLOCKFN /run/l\nAT ONBATT * START-TIMER t 30\n",
  },
  "hosts.conf": { text: 'MONITOR ups1@localhost "Rack UPS"\n' },
};

function run(over: Record<string, { text: string; mode?: number }>) {
  return checkConfigs({ ...GOOD, ...over }, lookup).map(formatProblem);
}

Deno.test({
  name: "nutconf check: a good set has no problems",
  permissions: "none",
  fn() {
    assertEquals(run({}), []);
  },
});

Deno.test({
  name: "nutconf check: each mistake is one file:line message",
  permissions: "none",
  fn() {
    const cases: Array<[string, string, string]> = [
      [
        "nut.conf",
        'MODE="standalone\n',
        "nut.conf:1: unterminated quote in MODE",
      ],
      ["nut.conf", "\nMODE=server\n", 'nut.conf:2: unknown MODE "server"'],
      [
        "ups.conf",
        '[ups1]\n driver = dummy-ups\n port = "a\n',
        "ups.conf:3: Unbalanced word due to unterminated quote",
      ],
      [
        "ups.conf",
        "[ups1]\n driver = nosuch\n port = x\n",
        "ups.conf:2: unknown driver nosuch",
      ],
      [
        "ups.conf",
        "[ups1]\n driver = dummy-ups\n port = x\n vendorid = 0463\n",
        "ups.conf:4: driver dummy-ups does not accept vendorid (not in its -L list)",
      ],
      [
        "ups.conf",
        "[ups1]\n driver = dummy-ups\n port = x\n repeater = yes\n",
        "ups.conf:4: warning: repeater is a flag of dummy-ups: the value is ignored",
      ],
      [
        "ups.conf",
        "[ups1]\n driver = dummy-ups\n port = x\n pollinterval = 5s\n",
        "ups.conf:4: pollinterval is not a number: 5s",
      ],
      [
        "ups.conf",
        "[ups1]\n driver = dummy-ups\n",
        "ups.conf:1: [ups1] has no port",
      ],
      [
        "ups.conf",
        "bogus = 1\n[ups1]\n driver = dummy-ups\n port = x\n",
        "ups.conf:1: unknown global setting bogus",
      ],
      [
        "upsd.conf",
        "LISTEN 300.1.1.1\n",
        "upsd.conf:1: invalid LISTEN address: 300.1.1.1",
      ],
      [
        "upsd.conf",
        "LISTEN 127.0.0.1 99999\n",
        "upsd.conf:1: invalid LISTEN port: 99999",
      ],
      [
        "upsd.conf",
        "MAXAGE ten\n",
        "upsd.conf:1: MAXAGE has non numeric value (ten)",
      ],
      [
        "upsd.conf",
        "LISTEN 127.0.0.1\nFOO 1\n",
        "upsd.conf:2: invalid directive FOO 1",
      ],
      [
        "upsd.users",
        "[mon]\n password = pw\n upsmon primary\n actions = SET REBOOT\n",
        "upsd.users:4: unknown action REBOOT (known: SET FSD)",
      ],
      [
        "upsd.users",
        "[mon]\n password = pw\n upsmon primary\n[x]\n instcmds = load.off\n",
        "upsd.users:4: user x has rights but no password: it can never log in",
      ],
      [
        "upssched.conf",
        "CMDSCRIPT /bin/true\nPIPEFN p\nLOCKFN l\nAT ONBAT * EXECUTE x\n",
        "upssched.conf:4: unknown notify type ONBAT",
      ],
      [
        "upssched.conf",
        "AT ONBATT * EXECUTE x\n",
        "upssched.conf:1: CMDSCRIPT must be set before any ATs in the config file!",
      ],
      [
        "hosts.conf",
        'MONITOR ups1@ "x"\n',
        "hosts.conf:1: not a ups@host[:port] system: ups1@",
      ],
      [
        "nut.conf",
        "UPSD_OPTIONS=-D -D\n",
        "nut.conf:1: UPSD_OPTIONS: quote a value that holds blanks",
      ],
      [
        "ups.conf",
        "[ups1]\n driver = dummy-ups\n port = x\n port = y\n",
        "ups.conf:4: warning: port is set again in [ups1]: the last one wins",
      ],
      [
        "upsd.conf",
        "LISTEN 127.0.0.1\nLISTEN 127.0.0.1 3493\n",
        "upsd.conf:2: LISTEN 127.0.0.1 3493 twice: upsd cannot bind it again",
      ],
      [
        "upsmon.conf",
        "SHUTDOWNCMD x\nMONITOR ups1@bad!host 1 mon pw primary\n",
        "upsmon.conf:2: MONITOR ups1@bad!host: invalid host bad!host",
      ],
      // across files
      [
        "upsmon.conf",
        "SHUTDOWNCMD x\n\nMONITOR nope@localhost 1 mon pw primary\n",
        "upsmon.conf:3: MONITOR nope@localhost: no [nope] in ups.conf",
      ],
      [
        "upsmon.conf",
        "SHUTDOWNCMD x\nMONITOR ups1@localhost 1 ghost pw primary\n",
        "upsmon.conf:2: MONITOR ups1@localhost: user ghost is not in upsd.users",
      ],
      [
        "upsmon.conf",
        "SHUTDOWNCMD x\nMONITOR ups1@localhost 1 mon bad primary\n",
        "upsmon.conf:2: MONITOR ups1@localhost: password of mon differs from upsd.users",
      ],
      [
        "upsmon.conf",
        "SHUTDOWNCMD x\nMONITOR ups1@localhost 1 admin a secondary\n",
        "upsmon.conf:2: MONITOR ups1@localhost: user admin has no upsmon role in upsd.users",
      ],
      [
        "upsmon.conf",
        "SHUTDOWNCMD x\nMONITOR ups1@localhost:4000 1 mon pw primary\n",
        "upsmon.conf:2: MONITOR ups1@localhost:4000: upsd does not listen on port 4000",
      ],
      [
        "upsmon.conf",
        "SHUTDOWNCMD x\nMONITOR ups1@localhost 1 mon pw primary extra\n",
        "upsmon.conf:2: MONITOR has extra words: extra",
      ],
    ];
    for (const [file, text, want] of cases) {
      const got = run({ [file]: { text } });
      assert(
        got.includes(want),
        `${file} ${JSON.stringify(text)}: ${got.join(" | ")}`,
      );
    }
  },
});

Deno.test({
  name:
    "nutconf check: a MONITOR password against a hashed upsd.users password",
  permissions: "none",
  fn() {
    // low cost parameters: the check verifies with whatever the hash says
    const hash = hashPassword("pw", { ln: 10, r: 8, p: 1 });
    const users = `[mon]\n password = "${hash}"\n upsmon primary\n`;
    assertEquals(run({ "upsd.users": { text: users } }), []);
    const other = hashPassword("other", { ln: 10, r: 8, p: 1 });
    assertEquals(
      run({ "upsd.users": { text: users.replace(hash, other) } }),
      ["upsmon.conf:1: MONITOR ups1@localhost: password of mon differs from upsd.users"],
    );
  },
});

Deno.test({
  name: "nutconf check: instant commands NUT does not know are flagged",
  permissions: "none",
  fn() {
    const users =
      "[a]\n password = x\n instcmds = load.off test.batery.start ALL\n" +
      "[mon]\n password = pw\n upsmon primary\n";
    const known = new Set(["load.off", "test.battery.start"]);
    assertEquals(
      checkConfigs({ ...GOOD, "upsd.users": { text: users } }, lookup, known)
        .map(formatProblem),
      [
        "upsd.users:3: warning: test.batery.start is not an instant command NUT knows (cmdvartab): a typo?",
        "upsd.users:3: warning: instcmds lists ALL and more: the others are redundant",
      ],
    );
  },
});

Deno.test({
  name:
    "nutconf check: secondary user on a primary MONITOR, remote LISTEN without TLS, open permissions",
  permissions: "none",
  fn() {
    const users = "[mon]\n password = pw\n upsmon secondary\n";
    assert(
      run({ "upsd.users": { text: users } }).includes(
        'upsmon.conf:1: MONITOR ups1@localhost is primary but user mon is "upsmon secondary"',
      ),
    );
    assertEquals(run({ "upsd.conf": { text: "LISTEN 0.0.0.0\n" } }), [
      "upsd.conf:1: warning: LISTEN 0.0.0.0 is reachable from the network but no CERTFILE or CERTPATH is set: passwords travel in clear text",
    ]);
    assertEquals(
      run({
        "upsd.conf": { text: "LISTEN 0.0.0.0\nCERTFILE /etc/nut/c.pem\n" },
      }),
      [],
    );
    assertEquals(
      run({ "upsd.users": { ...GOOD["upsd.users"], mode: 0o644 } }),
      [
        "upsd.users:1: warning: readable by every user (mode 644): it holds passwords; chmod 640",
      ],
    );
  },
});
