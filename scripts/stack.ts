/**
 * Starts a whole NUT-style stack (drivers + upsd) in a temp dir, with the
 * same command lines for NUT's binaries (/lib/nut) and ours (launchers from
 * scripts/shims.ts). Used by the demo and the benchmarks.
 *
 * @module
 */
import { writeShims } from "./shims.ts";

/** Which implementation to run. */
export type Flavour = "nut" | "ours";

/** One UPS of the stack. */
export interface StackUps {
  name: string;
  /** File name of its .dev/.seq inside the stack dir. */
  file: string;
  /** File content. */
  content: string;
  desc?: string;
}

/** Options of startStack. */
export interface StackOptions {
  flavour: Flavour;
  ups: StackUps[];
  port: number;
  /** Extra upsd.conf lines. */
  upsdConf?: string[];
  /** Extra ups.conf global lines. */
  upsConfGlobals?: string[];
  /** Passwords: admin (SET/FSD/instcmds all) and monuser (upsmon primary). */
  adminPassword?: string;
  /** Where our launchers go (created once and reused). */
  shimDir?: string;
  /** Inherit the daemons' output instead of discarding it. */
  verbose?: boolean;
}

/** A running stack. */
export interface Stack extends AsyncDisposable {
  dir: string;
  port: number;
  /** PID of upsd (for CPU/RSS accounting). */
  upsdPid: number;
  /** PIDs of the (backgrounded) drivers, read from their PID files. */
  driverPids: number[];
  /** Directory of the binaries used. */
  binDir: string;
  /** Environment the daemons run with. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

let sharedShimDir: string | undefined;

/** Our launchers, written once per process. */
export function oursBinDir(dir?: string): string {
  if (dir) {
    writeShims(dir);
    return dir;
  }
  if (!sharedShimDir) {
    sharedShimDir = Deno.makeTempDirSync({ prefix: "deno-nut-bin-" });
    writeShims(sharedShimDir);
  }
  return sharedShimDir;
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      const c = await Deno.connect({ hostname: "127.0.0.1", port });
      c.close();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`upsd did not listen on port ${port}`);
}

async function waitForSocket(path: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      if (Deno.statSync(path).isSocket) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`driver socket ${path} did not appear`);
}

function readPid(path: string): number | undefined {
  try {
    return Number(Deno.readTextFileSync(path).trim()) || undefined;
  } catch {
    return undefined;
  }
}

/** True while `pid` names a live (not zombie) process. */
export function alive(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !==
      "Z";
  } catch {
    return false;
  }
}

/**
 * Waits until none of `pids` is alive; whatever still runs after
 * `timeoutMs` gets SIGKILL (a driver must never outlive its stack).
 */
export async function waitGone(pids: number[], timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (pids.some(alive)) {
    if (Date.now() > end) {
      for (const pid of pids.filter(alive)) {
        try {
          Deno.kill(pid, "SIGKILL");
        } catch { /* gone meanwhile */ }
      }
      return;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Starts drivers and upsd; stop() (or `await using`) tears everything down. */
export async function startStack(opts: StackOptions): Promise<Stack> {
  const dir = await Deno.makeTempDir({ prefix: `deno-nut-${opts.flavour}-` });
  const state = `${dir}/state`;
  await Deno.mkdir(state);
  const binDir = opts.flavour === "nut" ? "/lib/nut" : oursBinDir(opts.shimDir);
  const password = opts.adminPassword ?? "bench-secret";
  const ups = [...(opts.upsConfGlobals ?? [])];
  for (const u of opts.ups) {
    await Deno.writeTextFile(`${dir}/${u.file}`, u.content);
    ups.push(
      `[${u.name}]`,
      "  driver = dummy-ups",
      `  port = ${u.file}`,
      `  desc = "${u.desc ?? `Bench UPS ${u.name}`}"`,
    );
  }
  await Deno.writeTextFile(`${dir}/ups.conf`, ups.join("\n") + "\n");
  await Deno.writeTextFile(
    `${dir}/upsd.conf`,
    [`LISTEN 127.0.0.1 ${opts.port}`, ...(opts.upsdConf ?? [])].join("\n") +
      "\n",
  );
  await Deno.writeTextFile(
    `${dir}/upsd.users`,
    `[admin]\n  password = ${password}\n  actions = SET FSD\n  instcmds = ALL\n` +
      `[monuser]\n  password = ${password}\n  upsmon primary\n`,
  );
  for (const f of ["ups.conf", "upsd.conf", "upsd.users"]) {
    await Deno.chmod(`${dir}/${f}`, 0o640);
  }
  const env = {
    NUT_CONFPATH: dir,
    NUT_STATEPATH: state,
    NUT_ALTPIDPATH: state,
    NUT_PIDPATH: state,
  };
  const io = opts.verbose ? "inherit" : "null";
  const driverPids: number[] = [];
  await Promise.all(opts.ups.map(async (u) => {
    const { code } = await new Deno.Command(`${binDir}/dummy-ups`, {
      args: ["-a", u.name, "-u", "root"],
      env,
      stdout: io,
      stderr: io,
    }).output();
    if (code !== 0) throw new Error(`dummy-ups -a ${u.name} exited ${code}`);
    await waitForSocket(`${state}/dummy-ups-${u.name}`, 10_000);
    const pid = readPid(`${state}/dummy-ups-${u.name}.pid`);
    if (pid) driverPids.push(pid);
  }));
  const upsd = new Deno.Command(`${binDir}/upsd`, {
    args: ["-u", "root", "-F"],
    env,
    stdout: io,
    stderr: io,
  }).spawn();
  try {
    await waitForPort(opts.port, 15_000);
  } catch (e) {
    upsd.kill("SIGKILL");
    throw e;
  }
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      upsd.kill("SIGTERM");
    } catch { /* gone */ }
    await upsd.status;
    for (const pid of driverPids) {
      try {
        Deno.kill(pid, "SIGTERM");
      } catch { /* gone */ }
    }
    await waitGone(driverPids, 5000);
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  return {
    dir,
    port: opts.port,
    upsdPid: upsd.pid,
    driverPids,
    binDir,
    env,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
