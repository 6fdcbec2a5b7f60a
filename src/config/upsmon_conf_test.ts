import { assert, assertEquals, assertThrows } from "../../tests/assert.ts";
import { ConfigError } from "./errors.ts";
import {
  parseUpsmonConf,
  splitSystem,
  totalPowerValue,
} from "./upsmon_conf.ts";

const opts = { permissions: "none" } as const;

Deno.test("parseUpsmonConf() reads every directive", opts, () => {
  const c = parseUpsmonConf(
    `RUN_AS_USER nut
MONITOR ups1@host:3494 1 mon "p w\\#x" primary
MONITOR ups2 2 mon pw slave
MONITOR ups3@[::1]:3500 0 mon pw master
MINSUPPLIES 2
SHUTDOWNCMD "/sbin/shutdown -h +0"
NOTIFYCMD "/usr/bin/upssched"
POLLFREQ 7
POLLFREQALERT 2
HOSTSYNC 20
DEADTIME 25
POWERDOWNFLAG /etc/killpower
NOTIFYMSG onbatt "On battery: %s"
NOTIFYFLAG ONLINE SYSLOG+EXEC
NOTIFYFLAG LOWBATT IGNORE
RBWARNTIME 100
NOCOMMWARNTIME 200
FINALDELAY 0
CERTVERIFY 1
FORCESSL 1
debug_min 3
`,
    "/x/upsmon.conf",
  );
  assertEquals(c.warnings.map((w) => w.message), []);
  assertEquals(c.monitors.map((m) => [m.upsName, m.host, m.port, m.primary]), [
    ["ups1", "host", 3494, true],
    ["ups2", "localhost", 3493, false],
    ["ups3", "::1", 3500, true],
  ]);
  assertEquals(c.monitors[0]!.password, "p w#x");
  assertEquals(totalPowerValue(c), 3);
  assertEquals(
    [c.minSupplies, c.pollFreq, c.pollFreqAlert, c.hostSync, c.deadTime],
    [2, 7, 2, 20, 25],
  );
  assertEquals([c.rbWarnTime, c.noCommWarnTime, c.finalDelay], [100, 200, 0]);
  assertEquals(c.shutdownCmd, "/sbin/shutdown -h +0");
  assertEquals(c.notifyCmd, "/usr/bin/upssched");
  assertEquals(c.powerDownFlag, "/etc/killpower");
  assertEquals(c.runAsUser, "nut");
  assertEquals(c.notify.get("ONBATT")!.message, "On battery: %s");
  assertEquals([...c.notify.get("ONLINE")!.flags], ["SYSLOG", "EXEC"]);
  assertEquals([...c.notify.get("LOWBATT")!.flags], ["IGNORE"]);
  assertEquals([...c.notify.get("CAL")!.flags], ["SYSLOG"]);
  assertEquals([c.certVerify, c.forceSsl, c.debugMin], [true, true, 3]);
});

Deno.test(
  "parseUpsmonConf() reports bad lines with file:line and goes on",
  opts,
  () => {
    const c = parseUpsmonConf(
      `POLLFREQ 5
BOGUS 1 2
POLLFREQ 0
NOTIFYFLAG ONLINE SYSLOG+LOUD
NOTIFYMSG NOPE "x"
MONITOR a@h -1 u p primary
MONITOR a@h 1 u p primary
MONITOR a@h 1 u p primary
SHUTDOWNEXIT yes
NOTIFYCMD "a#b
`,
      "u.conf",
    );
    assertEquals(c.warnings.map((w) => w.message), [
      "u.conf:2: invalid directive BOGUS 1 2",
      "u.conf:3: Ignoring invalid POLLFREQ value: 0",
      "u.conf:4: Invalid notify flag: [LOUD]",
      "u.conf:5: 'NOPE' is not a valid notify event name",
      "u.conf:6: UPS [a@h]: ignoring invalid power value [-1]",
      "u.conf:8: Warning: ignoring duplicate UPS [a@h]",
      "u.conf:9: invalid directive SHUTDOWNEXIT yes",
      "u.conf:10: Parse error: Unbalanced word due to unescaped # in quotes",
    ]);
    assertEquals(c.pollFreq, 5);
    assertEquals(c.monitors.length, 1);
  },
);

Deno.test("parseUpsmonConf() refuses an old-style MONITOR line", opts, () => {
  const e = assertThrows(
    () => parseUpsmonConf("\nMONITOR ups@h 1 pass master\n", "f"),
    ConfigError,
    "f:2: Unable to use old-style MONITOR line without a username",
  ) as ConfigError;
  assertEquals(e.line, 2);
});

Deno.test("splitSystem() as upscli_splitname", opts, () => {
  assertEquals(splitSystem("u"), {
    upsName: "u",
    host: "localhost",
    port: 3493,
  });
  assertEquals(splitSystem("u@h:1"), { upsName: "u", host: "h", port: 1 });
  assertEquals(splitSystem("@h"), undefined);
  assertEquals(splitSystem("u@h:0"), undefined);
});

Deno.test("conf/upsmon.conf.sample loads without warnings", async () => {
  const url = new URL("../../conf/upsmon.conf.sample", import.meta.url);
  const c = parseUpsmonConf(await Deno.readTextFile(url), "sample");
  assertEquals(c.warnings.map((w) => w.message), []);
  assertEquals(c.shutdownCmd, "/sbin/shutdown -h +0");
  assert(c.monitors.length === 0);
});

// upsmon.conf(5) of 2.8.1+: OFFDURATION (default 30) and OVERDURATION
// (default -1), both may be negative
Deno.test("upsmon.conf: OFFDURATION and OVERDURATION", {
  permissions: "none",
}, () => {
  const d = parseUpsmonConf("", "upsmon.conf");
  assertEquals([d.offDuration, d.overDuration], [30, -1]);
  const c = parseUpsmonConf(
    "OFFDURATION -1\nOVERDURATION 120\n",
    "upsmon.conf",
  );
  assertEquals([c.offDuration, c.overDuration], [-1, 120]);
  assertEquals(c.warnings, []);
});
