import { assertEquals } from "../../tests/assert.ts";
import { debugLevelFromEnv, getopt } from "./getopt.ts";

Deno.test("getopt: clusters, arguments, glibc errors, '+' stops", {
  permissions: "none",
}, () => {
  assertEquals(getopt(["-FFc", "reload", "x"], "+FBc:"), {
    opts: [{ opt: "F" }, { opt: "F" }, { opt: "c", arg: "reload" }],
    rest: ["x"],
  });
  assertEquals(getopt(["-z"], "+a").opts, [
    { opt: "?", error: "invalid option -- 'z'" },
  ]);
  assertEquals(getopt(["-c"], "+c:").opts, [
    { opt: "?", error: "option requires an argument -- 'c'" },
  ]);
  // without '+' options and operands mix, as glibc permutes
  assertEquals(getopt(["x", "-a"], "a"), { opts: [{ opt: "a" }], rest: ["x"] });
});

// NUT 2.8.1+ (common.c / every daemon's main): NUT_DEBUG_LEVEL applies only
// when no -D was given
Deno.test("NUT_DEBUG_LEVEL sets the debug level only without -D", {
  permissions: "none",
}, () => {
  const env = (v?: string) => (n: string) =>
    n === "NUT_DEBUG_LEVEL" ? v : undefined;
  assertEquals(debugLevelFromEnv(0, env("3")), 3);
  assertEquals(debugLevelFromEnv(1, env("3")), 1);
  assertEquals(debugLevelFromEnv(0, env(undefined)), 0);
  assertEquals(debugLevelFromEnv(0, env("abc")), 0);
  assertEquals(debugLevelFromEnv(0, env("0")), 0);
});
