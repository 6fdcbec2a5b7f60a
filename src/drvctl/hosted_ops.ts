/**
 * upsdrvctl with a shared driver host: when the driver directory holds our
 * `nut-driver-host` (the deno-nut launchers do; NUT's /lib/nut does not),
 * `start` hands each of our drivers to one host process instead of one
 * process per UPS, and `stop` stops only that instance there. Anything
 * else (NUT's drivers, `-k`, `-u`, `-r`, DENO_NUT_DRIVER_HOST=0) runs the
 * driver binary as NUT's upsdrvctl does.
 *
 * @module
 */
import { hostCall, type HostReply } from "../driver/host_client.ts";
import type { DrvOps, ExitResult } from "./upsdrvctl.ts";

/** The host binary's name next to the drivers. */
export const HOST_BINARY = "nut-driver-host";

/** Our drivers a host can run (cli/nut_driver_host.ts MODULES; a test checks). */
export const HOSTED_DRIVERS: readonly string[] = [
  "apcmicrolink",
  "apcsmart",
  "apcupsd-ups",
  "bcmxcp",
  "bcmxcp_usb",
  "belkin",
  "belkinunv",
  "blazer_ser",
  "blazer_usb",
  "clone",
  "clone-outlet",
  "dummy-ups",
  "failover",
  "genericups",
  "upscode2",
  "al175",
  "metasys",
  "liebert-esp2",
  "gamatronic",
  "liebert",
  "isbmex",
  "ivtscd",
  "mge-shut",
  "netxml-ups",
  "nut-ipmipsu",
  "nutdrv_atcl_usb",
  "nutdrv_qx",
  "mge-utalk",
  "masterguard",
  "powerpanel",
  "tripplitesu",
  "liebert-gxe",
  "generic_modbus",
  "phoenixcontact_modbus",
  "socomec_jbus",
  "huawei-ups2000",
  "adelsystem_cbi",
  "must_ep2000pro",
  "apc_modbus",
  "bestups",
  "bestfortress",
  "etapro",
  "bestuferrups",
  "bestfcom",
  "everups",
  "oneac",
  "optiups",
  "apcsmart-old",
  "microdowell",
  "rhino",
  "solis",
  "microsol-apc",
  "nutdrv_siemens-sitop",
  "powercom",
  "richcomm_usb",
  "riello_ser",
  "riello_usb",
  "safenet",
  "snmp-ups",
  "tripplite",
  "tripplite_usb",
  "usbhid-ups",
  "victronups",
  "meanwell_ntu",
  "nutdrv_hashx",
  "ragtech",
  "sms_ser",
  "bicker_ser",
  "powervar_cx_ser",
  "powervar_cx_usb",
  "nhs_ser",
];

/** What hostedOps needs besides the plain ops. */
export interface HostedOpsOptions {
  statePath: string;
  env: (name: string) => string | undefined;
  out: (text: string) => void;
  err: (text: string) => void;
}

function dirOf(path: string): string {
  const at = path.lastIndexOf("/");
  return at > 0 ? path.slice(0, at) : at === 0 ? "/" : ".";
}

/** The UPS and -D count of a start argv, or undefined when not hostable. */
export function hostableStart(
  argv: readonly string[],
): HostableStart | undefined {
  const driver = argv[0]!.slice(argv[0]!.lastIndexOf("/") + 1);
  if (!HOSTED_DRIVERS.includes(driver)) return undefined;
  let ups: string | undefined, user: string | undefined, debug = 0;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-a") ups = argv[++i];
    else if (a === "-u") user = argv[++i];
    else if (/^-D+$/.test(a)) debug += a.length - 1;
    else return undefined; // -k, -r: a process of its own
  }
  if (ups === undefined) return undefined;
  return { driver, ups, debug, ...(user !== undefined ? { user } : {}) };
}

/** A start upsdrvctl may hand to the host. */
export interface HostableStart {
  driver: string;
  ups: string;
  debug: number;
  /** -u: the host runs as this user (it is started with it). */
  user?: string;
}

/** Spawns `nut-driver-host -B` and waits for its ready line. */
async function spawnHost(
  path: string,
  user: string | undefined,
  timeoutMs: number,
  err: (text: string) => void,
): Promise<boolean> {
  const child = new Deno.Command(path, {
    args: ["-B", ...(user !== undefined ? ["-u", user] : [])],
    stdin: "null",
    stdout: "piped",
    // piped, not inherited: our caller's pipes must not stay open in the host
    stderr: "piped",
    detached: true,
  }).spawn();
  const errReader = child.stderr.getReader();
  const relay = (async () => {
    const d = new TextDecoder();
    while (true) {
      const r = await errReader.read().catch(() => ({ done: true as const }));
      if (r.done) return;
      err(d.decode(r.value));
    }
  })();
  const reader = child.stdout.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((r) => {
    timer = setTimeout(() => r("timeout"), timeoutMs);
  });
  let ready = false;
  while (!ready) {
    const r = await Promise.race([reader.read(), timeout]);
    if (r === "timeout" || r.done) break;
    text += decoder.decode(r.value, { stream: true });
    ready = text.includes("DRIVER-HOST-READY");
  }
  clearTimeout(timer);
  await reader.cancel().catch(() => {});
  await errReader.cancel().catch(() => {});
  await relay;
  child.unref();
  if (!ready) {
    try {
      child.kill("SIGTERM");
    } catch {
      // gone already
    }
  }
  return ready;
}

/**
 * Wraps upsdrvctl's ops so our drivers share one host process. Falls back
 * to `base` whenever hosting does not apply.
 */
export function hostedOps(base: DrvOps, opts: HostedOpsOptions): DrvOps {
  const enabled = opts.env("DENO_NUT_DRIVER_HOST") !== "0";
  const hostPath = (argv0: string) => `${dirOf(argv0)}/${HOST_BINARY}`;

  async function startHosted(
    argv: string[],
    want: HostableStart,
    timeoutSec: number,
  ): Promise<ExitResult> {
    const reply = async (): Promise<HostReply | undefined> => {
      const req = {
        cmd: "start" as const,
        driver: want.driver,
        ups: want.ups,
        debug: want.debug,
      };
      const log = (t: string) => base.log(t);
      const r = await hostCall(opts.statePath, req, log);
      if (r !== undefined) return r;
      const limit = timeoutSec >= 0 ? timeoutSec * 1000 : 45_000;
      await spawnHost(hostPath(argv[0]!), want.user, limit, opts.err);
      // ours, or one that another upsdrvctl started meanwhile; undefined
      // (no host at all) falls back to a driver process of its own
      return await hostCall(opts.statePath, req, log);
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<"timeout">((r) => {
      if (timeoutSec >= 0) {
        timer = setTimeout(() => r("timeout"), timeoutSec * 1000);
      }
    });
    const r = await Promise.race([reply(), timeout]);
    clearTimeout(timer);
    if (r === "timeout") return { kind: "timeout" };
    if (r === undefined) return await base.run(argv, timeoutSec, true);
    if (r.out) opts.out(r.out);
    if (!r.ok && r.error) base.log(r.error);
    return { kind: "exit", code: r.ok ? 0 : r.code ?? 1 };
  }

  return {
    ...base,
    exists: (path) => base.exists(path),
    run(argv, timeoutSec, wait) {
      const want = enabled ? hostableStart(argv) : undefined;
      if (!want || !base.exists(hostPath(argv[0]!))) {
        return base.run(argv, timeoutSec, wait);
      }
      // even with nowait the request must reach the host before we exit
      void wait;
      return startHosted(argv, want, timeoutSec);
    },
    async signalPidFile(pidFile, signal = "SIGTERM") {
      // a hosted instance is reached through the host's control socket,
      // never by signalling the shared process
      const cmd = signal === "SIGTERM"
        ? "stop" as const
        : signal === "SIGHUP" || signal === "SIGUSR1"
        ? "reload" as const
        : undefined;
      if (enabled && cmd) {
        const r = await hostCall(opts.statePath, { cmd, pidfile: pidFile });
        if (r?.ok) return;
        if (r && !r.unknown) throw new Error(r.error ?? `${cmd} failed`);
      }
      await base.signalPidFile(pidFile, signal);
    },
  };
}
