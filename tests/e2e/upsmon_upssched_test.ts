/** upssched as upsmon runs it: EXECUTE, timers through the daemon, CANCEL. */
import { assertEquals, assertStringIncludes } from "../assert.ts";
import { waitFor } from "../net.ts";
import { lines } from "../fixtures/upsmon/harness.ts";

const UPSSCHED = new URL("../../cli/upssched.ts", import.meta.url).pathname;

function run(dir: string, type: string, ups = "u@h") {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", UPSSCHED],
    env: {
      NUT_CONFPATH: dir,
      NOTIFYTYPE: type,
      UPSNAME: ups,
      UPSSCHED_IDLE_EXIT: "1",
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
}

Deno.test("upssched: EXECUTE, START-TIMER fires, CANCEL-TIMER stops", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/cmd.sh`,
      `echo "$1 $UPSNAME" >> ${dir}/cmd.log\n`,
    );
    await Deno.writeTextFile(
      `${dir}/upssched.conf`,
      `CMDSCRIPT "/bin/sh ${dir}/cmd.sh"
PIPEFN ${dir}/pipe
LOCKFN ${dir}/lock
AT ONBATT * EXECUTE now
AT ONBATT * START-TIMER onbatt 1
AT COMMBAD * START-TIMER commbad 2
AT COMMOK * CANCEL-TIMER commbad commok
AT ONLINE * START-TIMER marker 2
`,
    );
    assertEquals((await run(dir, "onbatt")).code, 0);
    assertEquals(await lines(`${dir}/cmd.log`), ["now u@h"]);
    await waitFor(
      async () => (await lines(`${dir}/cmd.log`)).length === 2,
      10_000,
    );
    assertEquals((await lines(`${dir}/cmd.log`))[1], "onbatt u@h");
    assertEquals((await run(dir, "COMMBAD")).code, 0);
    assertEquals((await run(dir, "COMMOK")).code, 0);
    // a timer as long as commbad's, started after the cancel: once it has
    // fired, commbad's would have fired before it had it not been cancelled
    assertEquals((await run(dir, "ONLINE")).code, 0);
    await waitFor(
      async () => (await lines(`${dir}/cmd.log`)).length === 3,
      10_000,
    );
    assertEquals((await lines(`${dir}/cmd.log`))[2], "marker u@h");
    // daemon idles out and removes its socket; CANCEL without a daemon runs the command
    await waitFor(async () => {
      try {
        await Deno.stat(`${dir}/pipe`);
        return false;
      } catch {
        return true;
      }
    }, 10_000);
    assertEquals((await run(dir, "COMMOK")).code, 0);
    assertEquals((await lines(`${dir}/cmd.log`)).slice(2), [
      "marker u@h",
      "commok u@h",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("upssched: needs UPSNAME and NOTIFYTYPE", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/upssched.conf`, "CMDSCRIPT /bin/true\n");
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", UPSSCHED],
      env: { NUT_CONFPATH: dir },
      clearEnv: true,
      stderr: "piped",
    }).output();
    assertEquals(out.code, 1);
    assertStringIncludes(
      new TextDecoder().decode(out.stderr),
      "Error: UPSNAME and NOTIFYTYPE must be set.",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
