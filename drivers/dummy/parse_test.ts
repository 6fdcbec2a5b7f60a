import { assertEquals } from "../../tests/assert.ts";
import { chooseMode, dummyFilePath, parseDummyText } from "./parse.ts";

Deno.test("dummy .dev: NUT 2.8.0 line rules", { permissions: "none" }, () => {
  const steps = parseDummyText(
    [
      "# comment",
      'ups.mfr: Weird "Mfr" #1',
      "ups.time: 20:18:14",
      "device.model:  850   x",
      "a.b: x y",
      "c.d:",
      "driver.version: 1.0",
      "ups.status: OB  DISCHRG",
      "ups.status.x: FOO",
      "TIMER 5",
      "TIMERX",
      'bad: "a#b"',
      "ups.load: 150.00\t\t\t#BAD: should be 15",
    ].join("\n"),
  );
  assertEquals(steps.map(({ line: _l, ...s }) => s), [
    { kind: "set", name: "ups.mfr", value: "Weird Mfr" },
    { kind: "set", name: "ups.time", value: "20:18:14" },
    { kind: "set", name: "device.model", value: "850 x" },
    { kind: "set", name: "a.b", value: "x y" },
    // 2.8.0 quirk: an empty value reuses the previous line's value
    { kind: "set", name: "c.d", value: "x y" },
    { kind: "status", tokens: ["OB", "DISCHRG"] },
    { kind: "status", tokens: ["FOO"] },
    { kind: "timer", seconds: 5 },
    { kind: "timer", seconds: 0 },
    { kind: "set", name: "ups.load", value: "150.00" },
  ]);
});

Deno.test("dummy .dev: values are cut to 127 chars, non-ASCII dropped", {
  permissions: "none",
}, () => {
  const [long, utf] = parseDummyText(
    `x.y: ${"a".repeat(200)}\ndevice.mfr: TRIPP\u00a0LITE\n`,
  );
  assertEquals(long, {
    kind: "set",
    name: "x.y",
    value: "a".repeat(127),
    line: 1,
  });
  assertEquals(utf, {
    kind: "set",
    name: "device.mfr",
    value: "TRIPPLITE",
    line: 2,
  });
});

Deno.test(
  "dummy mode choice and file location",
  { permissions: "none" },
  () => {
    assertEquals(chooseMode("a.dev", undefined), "dummy-once");
    assertEquals(chooseMode("a.seq", undefined), "dummy-loop");
    assertEquals(chooseMode("a.txt", undefined), "dummy");
    assertEquals(chooseMode("ups@host:3493", undefined), "repeater");
    assertEquals(chooseMode("a.dev", "dummy-loop"), "dummy-loop");
    assertEquals(chooseMode("a.seq", "dummy"), "dummy-loop");
    assertEquals(chooseMode("a.dev", "repeater"), "repeater");
    // 2.8.0 never rejects an invalid mode: it falls back to the file name
    assertEquals(chooseMode("a.dev", "bogus"), "dummy-once");
    assertEquals(chooseMode("ups@h", "dummy-once"), "dummy-once");
    assertEquals(dummyFilePath("/abs/x.dev", "/etc/nut"), "/abs/x.dev");
    assertEquals(dummyFilePath("x.dev", "/etc/nut"), "/etc/nut/x.dev");
  },
);
