/**
 * The README's main command: `deno task demo` shows the simulated outage,
 * upsmon's notifications and its shutdown decision, then stops everything.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { alive } from "../../scripts/stack.ts";
import { waitFor } from "../net.ts";

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

const root = new URL("../..", import.meta.url).pathname;

/** PIDs of live processes whose environment names `confPath` as NUT_CONFPATH. */
function stackPids(confPath: string): number[] {
  const want = `NUT_CONFPATH=${confPath}\0`;
  const pids: number[] = [];
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const env = Deno.readTextFileSync(`/proc/${e.name}/environ`);
      if (env.includes(want) && alive(Number(e.name))) {
        pids.push(Number(e.name));
      }
    } catch { /* gone or not ours */ }
  }
  return pids;
}

/**
 * Starts the demo process itself (not through `deno task`), waits until
 * driver, upsd and upsmon run, then signals the demo process alone: once,
 * and again as soon as its teardown has visibly begun (as `timeout` plus
 * `deno task` do). Returns the stack's PIDs and the demo's exit.
 */
async function signalDemo(sig: Deno.Signal, twice: boolean) {
  const demo = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "scripts/demo.ts"],
    cwd: root,
    stdout: "piped",
    stderr: "null",
  }).spawn();
  let text = "";
  const drained = (async () => {
    const dec = new TextDecoder();
    for await (const chunk of demo.stdout) text += dec.decode(chunk);
  })();
  try {
    await waitFor(
      () => /state and logs in (\S+)/.test(text) && text.includes("T+"),
      60_000,
      50,
      "the demo to run",
    );
    const dir = text.match(/state and logs in (\S+)/)![1]!;
    let pids: number[] = [];
    // dummy-ups, upsd, upsmon (each a deno process started by a launcher)
    await waitFor(() => (pids = stackPids(dir)).length >= 3, 20_000, 50, "3");
    demo.kill(sig);
    if (twice) {
      await waitFor(() => !pids.every(alive), 10_000, 5, "teardown start");
      try {
        demo.kill(sig);
      } catch { /* already done */ }
    }
    const status = await demo.status;
    await drained;
    return { pids, dir, status, text };
  } finally {
    try {
      demo.kill("SIGKILL");
    } catch { /* gone */ }
  }
}

for (const sig of ["SIGINT", "SIGTERM"] as const) {
  Deno.test(`demo: ${sig} to the demo process alone ends every process it started`, async () => {
    const { pids, dir, status, text } = await signalDemo(sig, true);
    // Checked the moment the demo has exited: it waits for its children.
    const left = pids.filter(alive);
    for (const pid of left) Deno.kill(pid, "SIGKILL");
    assertEquals(left, [], `survivors of ${sig}`);
    assertEquals(status.code, 0);
    assertStringIncludes(text, "stopped: drivers, upsd and upsmon are gone");
    assertEquals(stackPids(dir), []);
  });
}

Deno.test("demo: even SIGKILL of the demo leaves no process behind (the guard ends them)", async () => {
  const { pids } = await signalDemo("SIGKILL", false);
  try {
    await waitFor(() => !pids.some(alive), 15_000, 50, "the guard cleanup");
  } finally {
    for (const pid of pids.filter(alive)) Deno.kill(pid, "SIGKILL");
  }
});
