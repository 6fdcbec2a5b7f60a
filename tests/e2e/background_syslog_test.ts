/**
 * Daemons in the background log to syslog (through logger(1)), not into the
 * void: a fake `logger` first on PATH records what upsd and a driver send.
 */
import { assertMatch } from "../assert.ts";
import { freePort, waitFor } from "../net.ts";

Deno.test("backgrounded upsd and dummy-ups log through logger(1)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "deno-nut-syslog-" });
  const record = `${dir}/syslog.txt`;
  await Deno.mkdir(`${dir}/bin`);
  await Deno.writeTextFile(
    `${dir}/bin/logger`,
    `#!/bin/sh\necho "$*" >> ${record}\n`,
  );
  await Deno.chmod(`${dir}/bin/logger`, 0o755);
  await Deno.mkdir(`${dir}/state`);
  const port = freePort();
  await Deno.writeTextFile(`${dir}/ups.dev`, "ups.status: OL\n");
  await Deno.writeTextFile(
    `${dir}/ups.conf`,
    `[ups]\n driver = dummy-ups\n port = ups.dev\n`,
  );
  await Deno.writeTextFile(`${dir}/upsd.conf`, `LISTEN 127.0.0.1 ${port}\n`);
  await Deno.writeTextFile(`${dir}/upsd.users`, "");
  const env = {
    PATH: `${dir}/bin:${Deno.env.get("PATH")}`,
    NUT_CONFPATH: dir,
    NUT_STATEPATH: `${dir}/state`,
    NUT_ALTPIDPATH: `${dir}/state`,
  };
  const run = (entry: string, args: string[]) =>
    new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", new URL(entry, import.meta.url).pathname, ...args],
      env,
      stdout: "null",
      stderr: "null",
    }).output();
  const logged = () => {
    try {
      return Deno.readTextFileSync(record);
    } catch {
      return "";
    }
  };
  try {
    // both go to the background: the foreground processes exit 0
    const driver = await run("../../drivers/dummy_ups.ts", [
      "-a",
      "ups",
      "-u",
      "root",
    ]);
    if (driver.code !== 0) throw new Error(`dummy-ups exited ${driver.code}`);
    const upsd = await run("../../cli/upsd.ts", ["-u", "root"]);
    if (upsd.code !== 0) throw new Error(`upsd exited ${upsd.code}`);
    // the driver logs an unknown instant command; upsd logs the driver link
    const sock = await Deno.connect({
      transport: "unix",
      path: `${dir}/state/dummy-ups-ups`,
    });
    await sock.write(new TextEncoder().encode("INSTCMD no.such.cmd\n"));
    await waitFor(
      () =>
        /dummy-ups\[\d+\].*unknown command \[no\.such\.cmd\]/.test(logged()),
      10_000,
      50,
      "driver log line in syslog",
    );
    sock.close();
    await waitFor(
      () => /upsd\[\d+\]/.test(logged()),
      10_000,
      50,
      "upsd log line",
    );
    assertMatch(logged(), /-p daemon\.\w+/);
  } finally {
    const pids: number[] = [];
    for (const pidFile of ["upsd.pid", "dummy-ups-ups.pid"]) {
      try {
        const pid = Number(
          Deno.readTextFileSync(`${dir}/state/${pidFile}`).trim(),
        );
        Deno.kill(pid, "SIGTERM");
        pids.push(pid);
      } catch { /* not running */ }
    }
    // the daemons are not our children: wait until their /proc entries go
    // (a zombie is reaped by init) before removing their directory
    const gone = (pid: number) => {
      try {
        return /^\d+ \(.*\) Z/.test(Deno.readTextFileSync(`/proc/${pid}/stat`));
      } catch {
        return true;
      }
    };
    await waitFor(() => pids.every(gone), 10_000, 20, "daemons to exit");
    await Deno.remove(dir, { recursive: true });
  }
});
