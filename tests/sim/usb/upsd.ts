/**
 * NUT's upsd serving one USB driver (NUT's binary on the libusb stand-in, or
 * ours on the simulator backend), for instant-command traffic comparisons
 * with NUT's upscmd.
 *
 * @module
 */
import { runCmd } from "../apc_smart.ts";

/** What a test gets while a driver is served. */
export interface UsbServed {
  /** `sim@127.0.0.1:<port>` */
  target: string;
  env: Record<string, string>;
  /** Runs `upscmd -u admin -p pw -w <target> <cmd> [value]`; what it printed. */
  cmd(name: string, value?: string): Promise<string>;
}

/**
 * Starts `argv -a sim` (`driver` names it in ups.conf, port auto) with the
 * simulator environment `simEnv`, and NUT's upsd; waits for data, runs
 * `fn`, stops both.
 */
export async function withUsbUpsd<T>(
  driver: string,
  argv: string[],
  simEnv: Record<string, string>,
  fn: (s: UsbServed) => Promise<T>,
  extraConf = "",
): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "usb-upsd-" });
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const tcp = (l.addr as Deno.NetAddr).port;
  l.close();
  const env = { NUT_CONFPATH: dir, NUT_STATEPATH: dir, NUT_ALTPIDPATH: dir };
  await Deno.writeTextFile(
    `${dir}/ups.conf`,
    `[sim]\n driver = ${driver}\n port = auto\n${extraConf}`,
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
    spawn([...argv, "-a", "sim", "-u", "root", "-F"], simEnv);
    spawn(["/lib/nut/upsd", "-u", "root", "-F"]);
    const end = Date.now() + 30_000;
    while (true) {
      // data and the command list (a driver may add commands after status)
      const r = await runCmd("/usr/bin/upsc", [target, "ups.status"], env);
      const l = await runCmd("/usr/bin/upscmd", ["-l", target], env);
      if (r.code === 0 && r.out.trim() && l.out.includes(" - ")) break;
      if (Date.now() > end) throw new Error(`no data from ${target}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const cmd = async (name: string, value?: string) => {
      const args = ["-u", "admin", "-p", "pw", "-w", target, name];
      if (value !== undefined) args.push(value);
      const r = await runCmd("/usr/bin/upscmd", args, env);
      return (r.out + r.err).trim();
    };
    return await fn({ target, env, cmd });
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
