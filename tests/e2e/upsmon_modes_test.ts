/**
 * upsmon's -B and NUT_DEBUG_LEVEL (NUT 2.8.1+, upsmon(8)): `-D -B` still goes
 * to the background (the command returns, the monitor lives on under the
 * PID file's PID); NUT_DEBUG_LEVEL without -D raises the debug level like -D,
 * so upsmon stays in the foreground and says why.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { waitFor } from "../net.ts";
import { processAlive, readPid } from "../../src/pidfile.ts";

const UPSMON = new URL("../../cli/upsmon.ts", import.meta.url).pathname;

async function setup(): Promise<{ dir: string; env: Record<string, string> }> {
  const dir = await Deno.makeTempDir({ prefix: "upsmon-modes-" });
  // a server that is never there: upsmon keeps trying, never shuts down
  await Deno.writeTextFile(
    `${dir}/upsmon.conf`,
    `MONITOR ups@127.0.0.1:1 1 mon pw primary\nMINSUPPLIES 1\n` +
      `SHUTDOWNCMD "/bin/true"\nPOWERDOWNFLAG ${dir}/killpower\n`,
  );
  await Deno.chmod(`${dir}/upsmon.conf`, 0o600);
  return {
    dir,
    env: {
      NUT_CONFPATH: dir,
      NUT_STATEPATH: dir,
      NUT_ALTPIDPATH: dir,
      NUT_PIDPATH: dir,
    },
  };
}

async function stop(pid: number | undefined): Promise<void> {
  if (pid === undefined || !processAlive(pid)) return;
  Deno.kill(pid, "SIGTERM");
  await waitFor(() => !processAlive(pid), 10_000, 50, `upsmon ${pid} exit`);
}

Deno.test("upsmon -D -B goes to the background", async () => {
  const { dir, env } = await setup();
  let pid: number | undefined;
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", "--allow-all", UPSMON, "-p", "-D", "-B"],
      env,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
    await waitFor(
      () => readPid(`${dir}/upsmon.pid`) !== undefined,
      15_000,
      50,
      "PID file",
    );
    pid = readPid(`${dir}/upsmon.pid`);
    assert(pid !== undefined && processAlive(pid), "background upsmon runs");
  } finally {
    await stop(pid);
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("upsmon with NUT_DEBUG_LEVEL stays in the foreground", async () => {
  const { dir, env } = await setup();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "--allow-all", UPSMON, "-p"],
    env: { ...env, NUT_DEBUG_LEVEL: "1" },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  try {
    // the process we started is the monitor: it writes its own PID
    await waitFor(
      () => readPid(`${dir}/upsmon.pid`) === child.pid,
      15_000,
      50,
      "own PID file",
    );
    child.kill("SIGTERM");
    const out = await child.output();
    const err = new TextDecoder().decode(out.stderr);
    assertStringIncludes(
      err,
      "Defaulting debug verbosity to NUT_DEBUG_LEVEL=1",
    );
  } finally {
    try {
      child.kill("SIGKILL");
    } catch { /* gone */ }
    await child.status;
    await Deno.remove(dir, { recursive: true });
  }
});
