/**
 * upslog as a long-running logger: PID file under NUT_PIDPATH, SIGHUP reopens
 * the log (so logrotate can move it away), SIGUSR1 logs at once, SIGTERM
 * removes the PID file. Real process, real signals, NUT's upsd.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut, waitFor } from "../net.ts";
import { CLIENT_PERMS, startNutServer } from "./clients_helpers.ts";

Deno.test("upslog writes its PID file, reopens its log on SIGHUP and cleans up on SIGTERM", async () => {
  if (!haveNut()) return;
  const server = await startNutServer("nut");
  const dir = await Deno.makeTempDir({ prefix: "upslog-" });
  const log = `${dir}/ups.log`;
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      ...CLIENT_PERMS.upslog!,
      new URL("../../cli/upslog.ts", import.meta.url).pathname,
      "-s",
      `dummy@127.0.0.1:${server.port}`,
      "-l",
      log,
      "-i",
      "1",
      "-f",
      "%VAR ups.status% %ETIME%",
      "-F", // logging to a file: NUT would go to the background without it
    ],
    env: { NUT_PIDPATH: dir },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const lines = (path: string) => {
    try {
      return Deno.readTextFileSync(path).split("\n").filter(Boolean);
    } catch {
      return [];
    }
  };
  try {
    const pidFile = `${dir}/upslog.pid`;
    await waitFor(() => lines(log).length >= 1, 10_000, 50, "first log line");
    assertEquals(Deno.readTextFileSync(pidFile).trim(), String(child.pid));
    assert(/^OL \d+$/.test(lines(log)[0]!), lines(log)[0]);

    // logrotate's move: the old file keeps what it had, a new one appears on HUP
    Deno.renameSync(log, `${log}.1`);
    Deno.kill(child.pid, "SIGHUP");
    await waitFor(() => lines(log).length >= 1, 10_000, 50, "reopened log");
    const rotated = lines(`${log}.1`).length;
    // one more interval's line lands in the new file, none in the old one
    const reopened = lines(log).length;
    await waitFor(() => lines(log).length > reopened, 10_000, 50, "next line");
    assertEquals(lines(`${log}.1`).length, rotated, "old file still written");

    // SIGUSR1: one line now, without waiting for the interval
    const before = lines(log).length;
    Deno.kill(child.pid, "SIGUSR1");
    await waitFor(() => lines(log).length > before, 900, 10, "SIGUSR1 line");

    Deno.kill(child.pid, "SIGTERM");
    const status = await child.status;
    assertEquals(status.code, 0);
    let pidGone = false;
    try {
      Deno.statSync(pidFile);
    } catch {
      pidGone = true;
    }
    assert(pidGone, "PID file left behind");
  } finally {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
    await child.stderr.cancel().catch(() => {});
    await child.status;
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
