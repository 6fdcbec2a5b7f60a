import { assertEquals, assertMatch } from "../../tests/assert.ts";
import { parseUpsdUsers } from "../config/upsd_users.ts";
import { silentLogger } from "../log.ts";
import { FLAG } from "../state/tree.ts";
import { splitWords } from "../words.ts";
import type { ServerContext } from "./context.ts";
import { parseCmdvartab } from "./descriptions.ts";
import { Session } from "./session.ts";
import { TrackingTable } from "./tracking.ts";
import { UpsState } from "./ups.ts";

const pure = { permissions: "none" } as const;

/** A context with one live UPS `dummy` and one disconnected `ghost`. */
function setup() {
  const sent: string[] = [];
  const dummy = new UpsState("dummy", "dummy-ups", "x.dev", 'My "UPS"');
  dummy.connected = true;
  dummy.stale = false;
  dummy.send = (l) => {
    sent.push(l);
    return true;
  };
  const t = dummy.tree;
  t.setInfo("ups.status", "OL");
  t.setInfo("ups.id", "myid");
  t.setFlags("ups.id", FLAG.RW | FLAG.STRING);
  t.setAux("ups.id", 8);
  t.setInfo("input.transfer.low", "170");
  t.setFlags("input.transfer.low", FLAG.RW);
  t.addEnum("input.transfer.low", "170");
  t.addEnum("input.transfer.low", "180");
  t.setInfo("ups.delay.shutdown", "20");
  t.setFlags("ups.delay.shutdown", FLAG.RW);
  t.addRange("ups.delay.shutdown", 10, 60);
  t.addCmd("load.off");
  t.addCmd("beeper.off");
  const ghost = new UpsState("ghost", "dummy-ups", "y.dev");
  const list = [dummy, ghost];
  const sessions: Session[] = [];
  const ctx: ServerContext = {
    findUps: (n) => list.find((u) => u.name.toLowerCase() === n.toLowerCase()),
    upsList: () => list,
    users: parseUpsdUsers(
      "[admin]\npassword = s\nactions = SET FSD\ninstcmds = ALL\n[mon]\npassword = p\nupsmon primary\n[lim]\npassword = l\ninstcmds = beeper.off\n",
    ).users,
    descriptions: parseCmdvartab(
      'VARDESC ups.status "UPS status"\nCMDDESC load.off "Turn off the load immediately"\n',
    ),
    tracking: new TrackingTable(),
    tlsAvailable: false,
    clientsOf: (ups) =>
      sessions.filter((s) => s.loginUps === ups).sort((a, b) => b.id - a.id),
    log: silentLogger(),
    now: () => 1000,
  };
  const open = (addr = "127.0.0.1") => {
    const s = new Session(ctx, sessions.length + 1, addr);
    sessions.push(s);
    return s;
  };
  return { ctx, dummy, ghost, sent, open };
}

/** Runs request lines through a session; returns the replies. */
function run(s: Session, ...lines: string[]): string[] {
  return lines.map((l) => s.handle(splitWords(l)));
}

Deno.test("session answers informational commands", pure, () => {
  const s = setup().open();
  assertEquals(run(s, "VER", "NETVER", "PROTVER", "HELP", "VER x", ""), [
    "Network UPS Tools upsd 2.8.0 - http://www.networkupstools.org/\n",
    "1.3\n",
    "1.3\n",
    "Commands: HELP VER GET LIST SET INSTCMD LOGIN LOGOUT USERNAME PASSWORD STARTTLS\n",
    "ERR INVALID-ARGUMENT\n",
    "ERR UNKNOWN-COMMAND\n",
  ]);
});

Deno.test("GET checks UPS, availability, variable in order", pure, () => {
  const { open, dummy } = setup();
  const s = open();
  assertEquals(
    run(
      s,
      "get var DUMMY UPS.STATUS",
      "GET VAR nope ups.status",
      "GET VAR ghost ups.status",
      "GET VAR nope server.version",
      "GET VAR dummy nonexist",
      "GET TYPE dummy ups.id",
      "GET TYPE dummy input.transfer.low",
      "GET TYPE dummy ups.delay.shutdown",
      "GET DESC dummy ups.status",
      "GET DESC dummy other",
      "GET CMDDESC dummy load.off",
      "GET UPSDESC dummy",
      "GET UPSDESC ghost",
      "GET NUMLOGINS ghost",
      "GET TRACKING",
      "GET TRACKING x",
    ),
    [
      'VAR DUMMY UPS.STATUS "OL"\n',
      "ERR UNKNOWN-UPS\n",
      "ERR DRIVER-NOT-CONNECTED\n",
      'VAR nope server.version "2.8.0"\n',
      "ERR VAR-NOT-SUPPORTED\n",
      "TYPE dummy ups.id RW STRING:8\n",
      "TYPE dummy input.transfer.low RW ENUM NUMBER\n",
      "TYPE dummy ups.delay.shutdown RW RANGE NUMBER\n",
      'DESC dummy ups.status "UPS status"\n',
      'DESC dummy other "Description unavailable"\n',
      'CMDDESC dummy load.off "Turn off the load immediately"\n',
      'UPSDESC dummy "My \\"UPS\\""\n',
      'UPSDESC ghost "Unavailable"\n',
      "ERR DRIVER-NOT-CONNECTED\n",
      "OFF\n",
      "ERR FEATURE-NOT-CONFIGURED\n",
    ],
  );
  dummy.stale = true;
  assertEquals(run(s, "GET VAR dummy ups.status", "LIST VAR dummy"), [
    "ERR DATA-STALE\n",
    "ERR DATA-STALE\n",
  ]);
});

Deno.test("LIST replies are whole, sorted, and echo the query", pure, () => {
  const s = setup().open();
  assertEquals(
    run(s, "LIST UPS")[0],
    [
      "BEGIN LIST UPS",
      'UPS dummy "My \\"UPS\\""',
      'UPS ghost "Description unavailable"',
      "END LIST UPS",
      "",
    ].join("\n"),
  );
  assertEquals(run(s, "LIST VAR Dummy")[0]!.split("\n"), [
    "BEGIN LIST VAR Dummy",
    'VAR Dummy input.transfer.low "170"',
    'VAR Dummy ups.delay.shutdown "20"',
    'VAR Dummy ups.id "myid"',
    'VAR Dummy ups.status "OL"',
    "END LIST VAR Dummy",
    "",
  ]);
  assertEquals(run(s, "LIST CMD dummy")[0]!.split("\n"), [
    "BEGIN LIST CMD dummy",
    "CMD dummy beeper.off",
    "CMD dummy load.off",
    "END LIST CMD dummy",
    "",
  ]);
  assertEquals(run(s, "LIST RANGE dummy ups.delay.shutdown")[0]!.split("\n"), [
    "BEGIN LIST RANGE dummy ups.delay.shutdown",
    'RANGE dummy ups.delay.shutdown "10" "60"',
    "END LIST RANGE dummy ups.delay.shutdown",
    "",
  ]);
  assertEquals(run(s, "LIST", "LIST VAR", "LIST ENUM dummy x", "LIST X y z"), [
    "ERR INVALID-ARGUMENT\n",
    "ERR INVALID-ARGUMENT\n",
    "ERR VAR-NOT-SUPPORTED\n",
    "ERR INVALID-ARGUMENT\n",
  ]);
});

Deno.test("auth gate comes before argument checks", pure, () => {
  const s = setup().open();
  assertEquals(run(s, "LOGIN", "PASSWORD p", "FSD", "USERNAME mon", "FSD"), [
    "ERR USERNAME-REQUIRED\n",
    "OK\n",
    "ERR USERNAME-REQUIRED\n",
    "OK\n",
    "ERR INVALID-ARGUMENT\n",
  ]);
  assertEquals(run(s, "USERNAME x", "PASSWORD y"), [
    "ERR ALREADY-SET-USERNAME\n",
    "ERR ALREADY-SET-PASSWORD\n",
  ]);
});

Deno.test(
  "LOGIN counts logins and LIST CLIENT shows newest first",
  pure,
  () => {
    const { open, dummy } = setup();
    const a = open("10.0.0.1");
    const b = open("::1");
    for (const s of [a, b]) run(s, "USERNAME mon", "PASSWORD p");
    assertEquals(run(a, "LOGIN Dummy", "LOGIN dummy"), [
      "OK\n",
      "ERR ALREADY-LOGGED-IN\n",
    ]);
    run(b, "LOGIN dummy");
    assertEquals(run(a, "GET NUMLOGINS dummy", "LIST CLIENT DUMMY"), [
      "NUMLOGINS dummy 2\n",
      "BEGIN LIST CLIENT DUMMY\nCLIENT dummy ::1\nCLIENT dummy 10.0.0.1\nEND LIST CLIENT DUMMY\n",
    ]);
    assertEquals(run(a, "PRIMARY dummy", "MASTER dummy", "FSD dummy"), [
      "OK PRIMARY-GRANTED\n",
      "OK MASTER-GRANTED\n",
      "OK FSD-SET\n",
    ]);
    assertEquals(dummy.fsd, true);
    assertEquals(run(a, "GET VAR dummy ups.status"), [
      'VAR dummy ups.status "FSD OL"\n',
    ]);
    b.disconnect();
    assertEquals(dummy.numLogins, 1);
    assertEquals(run(a, "LOGOUT"), ["OK Goodbye\n"]);
    assertEquals(a.closing, true);
  },
);

Deno.test("wrong password shows up only as ACCESS-DENIED", pure, () => {
  const s = setup().open();
  assertEquals(
    run(
      s,
      "USERNAME admin",
      "PASSWORD bad",
      "LOGIN dummy",
      "SET VAR dummy ups.id x",
      "FSD dummy",
    ),
    [
      "OK\n",
      "OK\n",
      "ERR ACCESS-DENIED\n",
      "ERR ACCESS-DENIED\n",
      "ERR ACCESS-DENIED\n",
    ],
  );
});

Deno.test(
  "SET VAR checks in NUT's order and forwards to the driver",
  pure,
  () => {
    const { open, sent } = setup();
    const s = open();
    run(s, "USERNAME admin", "PASSWORD s");
    assertEquals(
      run(
        s,
        "SET VAR dummy ups.id",
        "SET VAR ghost ups.id x",
        "SET VAR dummy nonexist x",
        "SET VAR dummy ups.status x",
        "SET VAR dummy ups.id 123456789",
        "SET VAR dummy input.transfer.low 175",
        "SET VAR dummy ups.delay.shutdown 61",
        "SET VAR dummy ups.delay.shutdown abc",
        "SET VAR dummy ups.delay.shutdown 30",
        'SET VAR dummy ups.id "a \\"b"',
        "SET TRACKING maybe",
        "SET FOO x",
      ),
      [
        "ERR INVALID-ARGUMENT\n",
        "ERR DRIVER-NOT-CONNECTED\n",
        "ERR VAR-NOT-SUPPORTED\n",
        "ERR READONLY\n",
        "ERR TOO-LONG\n",
        "ERR INVALID-VALUE\n",
        "ERR INVALID-VALUE\n",
        "ERR INVALID-VALUE\n",
        "OK\n",
        "OK\n",
        "ERR INVALID-ARGUMENT\n",
        "ERR INVALID-ARGUMENT\n",
      ],
    );
    assertEquals(sent, [
      'SET ups.delay.shutdown "30"\n',
      'SET ups.id "a \\"b"\n',
    ]);
    // a user without SET is refused before the variable is looked at
    const l = open();
    run(l, "USERNAME lim", "PASSWORD l");
    assertEquals(run(l, "SET VAR dummy nonexist x"), ["ERR ACCESS-DENIED\n"]);
  },
);

Deno.test("INSTCMD checks the command before permission", pure, () => {
  const { open, sent } = setup();
  const l = open();
  run(l, "USERNAME lim", "PASSWORD l");
  assertEquals(
    run(
      l,
      "INSTCMD dummy",
      "INSTCMD dummy nope",
      "INSTCMD dummy load.off",
      "INSTCMD dummy BEEPER.OFF",
      "INSTCMD dummy beeper.off a\\#b",
    ),
    [
      "ERR INVALID-ARGUMENT\n",
      "ERR CMD-NOT-SUPPORTED\n",
      "ERR ACCESS-DENIED\n",
      "OK\n",
      "OK\n",
    ],
  );
  assertEquals(sent, ["INSTCMD BEEPER.OFF\n", "INSTCMD beeper.off a\\#b\n"]);
});

Deno.test("TRACKING ids reach the driver and answer GET TRACKING", pure, () => {
  const { open, sent, ctx } = setup();
  const s = open();
  run(s, "USERNAME admin", "PASSWORD s");
  assertEquals(run(s, "SET TRACKING ON", "GET TRACKING"), ["OK\n", "ON\n"]);
  const [reply] = run(s, "INSTCMD dummy load.off");
  assertMatch(
    reply!,
    /^OK TRACKING [0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}\n$/,
  );
  const id = reply!.slice(12, -1);
  assertEquals(sent, [`INSTCMD load.off TRACKING ${id}\n`]);
  assertEquals(run(s, `GET TRACKING ${id}`), ["PENDING\n"]);
  ctx.tracking.set(id, 3);
  assertEquals(run(s, `GET TRACKING ${id.toLowerCase()}`), ["ERR FAILED\n"]);
  ctx.tracking.cleanup(1000 + 3601_000, 3600);
  assertEquals(run(s, `GET TRACKING ${id}`), ["ERR UNKNOWN\n"]);
  assertEquals(run(s, "SET TRACKING off", `GET TRACKING ${id}`), [
    "OK\n",
    "ERR FEATURE-NOT-CONFIGURED\n",
  ]);
  assertEquals(ctx.tracking.enabled, true); // never switched off globally
});

Deno.test("STARTTLS without CERTFILE says FEATURE-NOT-CONFIGURED", pure, () => {
  const { ctx, open } = setup();
  const s = open();
  assertEquals(run(s, "STARTTLS"), ["ERR FEATURE-NOT-CONFIGURED\n"]);
  ctx.tlsAvailable = true;
  assertEquals(run(s, "STARTTLS"), ["OK STARTTLS\n"]);
  assertEquals(s.startTls, true);
  s.tls = true;
  assertEquals(run(s, "STARTTLS"), ["ERR ALREADY-SSL-MODE\n"]);
});

Deno.test("reply lines are cut at 512 bytes as NUT's buffer does", pure, () => {
  const s = setup().open();
  const name = "n".repeat(600);
  const [r] = run(s, `GET VAR ${name} server.version`);
  assertEquals(r!.length, 512);
  assertEquals(r!.endsWith("\n"), false);
});
