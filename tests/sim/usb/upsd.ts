/**
 * NUT's upsd serving one USB driver (NUT's binary on the libusb stand-in, or
 * ours on the simulator backend), for instant-command traffic comparisons
 * with NUT's upscmd: tests/sim/upsd_serve.ts with `port = auto` and a wait
 * for the command list.
 *
 * @module
 */
import { runCmd } from "../apc_smart.ts";
import { withUpsdFor } from "../upsd_serve.ts";

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
 * simulator environment `simEnv`, and NUT's upsd; waits for data and the
 * command list, runs `fn`, stops both.
 */
export function withUsbUpsd<T>(
  driver: string,
  argv: string[],
  simEnv: Record<string, string>,
  fn: (s: UsbServed) => Promise<T>,
  extraConf = "",
): Promise<T> {
  return withUpsdFor(
    driver,
    argv,
    "auto",
    async ({ target, env }) => {
      // a driver may add its commands after its first status
      const end = Date.now() + 30_000;
      while (
        !(await runCmd("/usr/bin/upscmd", ["-l", target], env)).out
          .includes(" - ")
      ) {
        if (Date.now() > end) throw new Error(`no command list from ${target}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const cmd = async (name: string, value?: string) => {
        const args = ["-u", "admin", "-p", "pw", "-w", target, name];
        if (value !== undefined) args.push(value);
        const r = await runCmd("/usr/bin/upscmd", args, env);
        return (r.out + r.err).trim();
      };
      return await fn({ target, env, cmd });
    },
    extraConf,
    simEnv,
  );
}
