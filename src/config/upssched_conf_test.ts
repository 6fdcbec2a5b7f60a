import { assertEquals, assertThrows } from "../../tests/assert.ts";
import { ConfigError } from "./errors.ts";
import { parseUpsschedConf } from "./upssched_conf.ts";

const opts = { permissions: "none" } as const;

Deno.test(
  "parseUpsschedConf() reads CMDSCRIPT, PIPEFN, LOCKFN and AT",
  opts,
  () => {
    const c = parseUpsschedConf(`CMDSCRIPT /bin/cmd
PIPEFN /run/p
LOCKFN /run/l
AT ONBATT * START-TIMER onbatt 30
AT online ups@h CANCEL-TIMER onbatt "back on line"
WHAT
`);
    assertEquals([c.cmdScript, c.pipeFn, c.lockFn], [
      "/bin/cmd",
      "/run/p",
      "/run/l",
    ]);
    assertEquals(
      c.rules.map((r) => [r.notifyType, r.ups, r.command, r.arg1, r.arg2]),
      [
        ["ONBATT", "*", "START-TIMER", "onbatt", "30"],
        ["online", "ups@h", "CANCEL-TIMER", "onbatt", "back on line"],
      ],
    );
    assertEquals(c.warnings.map((w) => w.message), [
      "upssched.conf:6: Unrecognized directive WHAT",
    ]);
  },
);

Deno.test("parseUpsschedConf() needs CMDSCRIPT before AT", opts, () => {
  assertThrows(
    () =>
      parseUpsschedConf("PIPEFN /p\nLOCKFN /l\nAT ONBATT * EXECUTE x\n", "s"),
    ConfigError,
    "s:3: CMDSCRIPT must be set before any ATs in the config file!",
  );
  assertThrows(
    () => parseUpsschedConf("CMDSCRIPT /c\nAT ONBATT * EXECUTE x\n", "s"),
    ConfigError,
    "PIPEFN must be set",
  );
});

Deno.test("conf/upssched.conf.sample loads", async () => {
  const url = new URL("../../conf/upssched.conf.sample", import.meta.url);
  const c = parseUpsschedConf(await Deno.readTextFile(url));
  assertEquals(c.warnings, []);
  assertEquals(c.cmdScript, "/usr/bin/upssched-cmd");
  assertEquals(c.rules, []);
});
