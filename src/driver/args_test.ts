import { assertEquals, assertThrows } from "../../tests/assert.ts";
import {
  ArgsError,
  commandSignal,
  parseDriverArgs,
  shouldBackground,
} from "./args.ts";

Deno.test("driver args: -a, -x and flags in order", {
  permissions: "none",
}, () => {
  const a = parseDriverArgs([
    "-x",
    "mode=dummy",
    "-a",
    "ups1",
    "-DD",
    "-xport=a.dev",
    "-x",
    "nolock",
    "-u",
    "root",
    "-i5",
  ]);
  assertEquals(a.upsName, "ups1");
  assertEquals(a.useUpsConf, true);
  assertEquals(a.debug, 2);
  assertEquals(a.user, "root");
  assertEquals(a.pollInterval, 5);
  assertEquals(a.steps, [
    { kind: "x", name: "mode", value: "dummy" },
    { kind: "section", name: "ups1" },
    { kind: "x", name: "port", value: "a.dev" },
    { kind: "x", name: "nolock" },
  ]);
  assertEquals(shouldBackground(a), false); // -D stays in the foreground
});

Deno.test("driver args: background rules, -FF, -B, -k, -d", {
  permissions: "none",
}, () => {
  assertEquals(shouldBackground(parseDriverArgs(["-a", "u"])), true);
  assertEquals(shouldBackground(parseDriverArgs(["-a", "u", "-F"])), false);
  assertEquals(parseDriverArgs(["-a", "u", "-FF"]).foregroundPidFile, true);
  assertEquals(
    shouldBackground(parseDriverArgs(["-D", "-B", "-a", "u"])),
    true,
  );
  assertEquals(
    shouldBackground(parseDriverArgs(["-s", "u", "-d", "1"])),
    false,
  );
  const k = parseDriverArgs(["-a", "u", "-k"]);
  assertEquals([k.killPower, k.useUpsConf], [true, true]);
  assertEquals(parseDriverArgs(["-s", "u", "-d", "3"]).dumpCount, 3);
  assertEquals(
    parseDriverArgs(["-a", "u", "-c", "reload"]).signalCommand,
    "reload",
  );
});

Deno.test("driver args: NUT's errors", { permissions: "none" }, () => {
  assertThrows(
    () => parseDriverArgs(["-z"]),
    ArgsError,
    "Error: unknown option -z. Try -h for help.",
  );
  assertThrows(
    () => parseDriverArgs(["-a", "u", "extra"]),
    ArgsError,
    "Error: too many non-option arguments. Try -h for help.",
  );
  assertThrows(
    () => parseDriverArgs(["-i", "0"]),
    ArgsError,
    "Error: command-line: invalid pollinterval: 0",
  );
  assertThrows(() => parseDriverArgs(["-a"]), ArgsError, "unknown option -a");
  assertThrows(
    () => parseDriverArgs(["-c", "stop"]),
    ArgsError,
    "Error: unknown argument to option -c. Try -h for help.",
  );
});

// 2.8.1+ (docs/man/nutupsdrv.txt): -c reload, reload-or-exit, exit, and
// abbreviations of them; -FF keeps the PID file in the foreground
Deno.test(
  "driver args: 2.8.1+ -c commands and -FF",
  { permissions: "none" },
  () => {
    const cmd = (c: string) =>
      parseDriverArgs(["-a", "u", "-c", c]).signalCommand;
    assertEquals(cmd("reload-or-exit"), "reload-or-exit");
    assertEquals(cmd("reload-or-e"), "reload-or-exit");
    assertEquals(cmd("ex"), "exit");
    assertEquals(cmd("reload"), "reload");
    assertEquals(commandSignal("reload"), "SIGHUP");
    assertEquals(commandSignal("reload-or-exit"), "SIGUSR1");
    assertEquals(commandSignal("exit"), "SIGTERM");
    assertEquals(parseDriverArgs(["-FF", "-a", "u"]).foregroundPidFile, true);
    assertEquals(
      parseDriverArgs(["-F", "-F", "-a", "u"]).foregroundPidFile,
      true,
    );
    assertEquals(parseDriverArgs(["-F", "-a", "u"]).foregroundPidFile, false);
    assertEquals(shouldBackground(parseDriverArgs(["-FF", "-a", "u"])), false);
    assertEquals(
      shouldBackground(parseDriverArgs(["-D", "-B", "-a", "u"])),
      true,
    );
  },
);
