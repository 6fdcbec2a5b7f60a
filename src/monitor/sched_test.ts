import { assertEquals } from "../../tests/assert.ts";
import { parseUpsschedConf } from "../config/upssched_conf.ts";
import { splitWords } from "../words.ts";
import { dueTimers, handleRequest, matchRules, requestLine } from "./sched.ts";

const opts = { permissions: "none" } as const;

const CONF = parseUpsschedConf(`CMDSCRIPT /c
PIPEFN /p
LOCKFN /l
AT ONBATT * START-TIMER onbatt 30
AT ONBATT ups@h EXECUTE "warn now"
AT ONBATT other@h EXECUTE never
AT ONLINE * CANCEL-TIMER onbatt online
AT ONLINE * EXPLODE x
`);

Deno.test("matchRules() fires every matching line in order", opts, () => {
  assertEquals(matchRules(CONF.rules, "onbatt", "ups@h"), [
    { kind: "start", name: "onbatt", seconds: "30" },
    { kind: "execute", cmd: "warn now" },
  ]);
  assertEquals(matchRules(CONF.rules, "ONLINE", "x"), [
    { kind: "cancel", name: "onbatt", cmd: "online" },
    { kind: "error", message: "Invalid command: EXPLODE" },
  ]);
  assertEquals(matchRules(CONF.rules, "LOWBATT", "ups@h"), []);
});

Deno.test("requestLine() round-trips through the tokenizer", opts, () => {
  const line = requestLine({ kind: "cancel", name: 'a "b"', cmd: "c#d" })!;
  assertEquals(splitWords(line), ["CANCEL", 'a "b"', "c#d"]);
  assertEquals(
    requestLine({ kind: "start", name: "t", seconds: "5" }),
    'START "t" "5"\n',
  );
});

Deno.test(
  "handleRequest(): START, CANCEL, CANCEL with command, unknown",
  opts,
  () => {
    let r = handleRequest([], ["START", "t", "5"], 1000);
    assertEquals(r.timers, [{ name: "t", due: 6000 }]);
    r = handleRequest(r.timers, ["START", "t", "1"], 1000);
    assertEquals(r.timers.length, 2);
    r = handleRequest(r.timers, ["CANCEL", "t", "cmd"], 1000);
    assertEquals([r.reply, r.timers, r.run], ["OK\n", [{
      name: "t",
      due: 2000,
    }], []]);
    r = handleRequest([], ["CANCEL", "x", "fallback"], 0);
    assertEquals(r.run, ["fallback"]);
    assertEquals(handleRequest([], ["START", "x"], 0).reply, "ERR UNKNOWN\n");
    assertEquals(handleRequest([], ["HELLO"], 0).reply, "ERR UNKNOWN\n");
  },
);

Deno.test("dueTimers() splits by time", opts, () => {
  const t = [{ name: "a", due: 5 }, { name: "b", due: 10 }];
  assertEquals(dueTimers(t, 5), { due: ["a"], rest: [{ name: "b", due: 10 }] });
});
