/**
 * NUT's upsd serving one driver (NUT's or ours) named in ups.conf, for
 * side-by-side listings and upscmd traffic; any driver family can use it
 * (apc_smart.ts's withUpsd is fixed to apcsmart).
 *
 * @module
 */
import { runCmd, type Served } from "./apc_smart.ts";

export type { Served };

/**
 * Starts `argv -a sim` (ups.conf `[sim]` with `driver = name`, `port` and
 * `extraConf`; `driverEnv` added to the driver's environment) and NUT's
 * upsd, waits for data, runs `fn`, stops both.
 */
export async function withUpsdFor<T>(
  name: string,
  argv: string[],
  port: string,
  fn: (s: Served) => Promise<T>,
  extraConf = "",
  driverEnv: Record<string, string> = {},
): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: `${name}-upsd-` });
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const tcp = (l.addr as Deno.NetAddr).port;
  l.close();
  const env = { NUT_CONFPATH: dir, NUT_STATEPATH: dir, NUT_ALTPIDPATH: dir };
  await Deno.writeTextFile(
    `${dir}/ups.conf`,
    `[sim]\n driver = ${name}\n port = ${port}\n${extraConf}`,
  );
  await Deno.writeTextFile(`${dir}/upsd.conf`, `LISTEN 127.0.0.1 ${tcp}\n`);
  await Deno.writeTextFile(
    `${dir}/upsd.users`,
    "[admin]\n password = pw\n actions = SET\n instcmds = ALL\n",
  );
  const procs: Deno.ChildProcess[] = [];
  const spawn = (cmd: string[], extra: Record<string, string> = {}) => {
    procs.push(
      new Deno.Command(cmd[0]!, {
        args: cmd.slice(1),
        env: { ...env, ...extra },
        stdout: "null",
        stderr: "null",
      }).spawn(),
    );
  };
  const target = `sim@127.0.0.1:${tcp}`;
  try {
    spawn([...argv, "-a", "sim", "-u", "root", "-F"], driverEnv);
    spawn(["/lib/nut/upsd", "-u", "root", "-F"]);
    const end = Date.now() + 30_000;
    while (true) {
      const r = await runCmd("/usr/bin/upsc", [target, "ups.status"], env);
      // upsd answers WAIT until the driver's data arrived
      if (r.code === 0 && r.out.trim() && r.out.trim() !== "WAIT") break;
      if (Date.now() > end) throw new Error(`no data from ${target}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return await fn({ target, env, dir });
  } finally {
    for (const p of procs.reverse()) {
      try {
        p.kill("SIGTERM");
      } catch { /* gone */ }
      const timer = setTimeout(() => {
        try {
          p.kill("SIGKILL");
        } catch { /* gone */ }
      }, 5000);
      await p.status;
      clearTimeout(timer);
    }
    await Deno.remove(dir, { recursive: true });
  }
}
