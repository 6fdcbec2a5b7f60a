/**
 * The README's main command: `deno task demo` shows the simulated outage,
 * upsmon's notifications and its shutdown decision, then stops everything.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";

Deno.test("deno task demo plays the outage through upsmon's shutdown decision", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "demo", "--duration", "22"],
    cwd: new URL("../..", import.meta.url).pathname,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
  assertStringIncludes(text, "upsmon watching as primary");
  assertStringIncludes(text, "on line power");
  assertStringIncludes(text, "on battery");
  assertStringIncludes(text, "battery LOW");
  assertStringIncludes(text, "ONBATT");
  assertStringIncludes(text, "LOWBATT");
  assertStringIncludes(text, "SHUTDOWNCMD would power this host off now");
  assert(
    text.indexOf("ONBATT") < text.indexOf("LOWBATT") &&
      text.indexOf("LOWBATT") < text.indexOf("SHUTDOWNCMD would"),
    "decisions out of order",
  );
  assertStringIncludes(text, "stopped: drivers, upsd and upsmon are gone");
});
