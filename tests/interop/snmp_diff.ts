/**
 * Differential harness for snmp-ups: one snmpsimd serves the recordings;
 * NUT 2.8.0's snmp-ups behind NUT's upsd and ours behind our upsd read them
 * (one ups.conf section per recording, community = recording name), and
 * `upsc` (NUT's client, driver.* aside) is compared.
 *
 * Script form, to debug one or a few recordings:
 *
 *   deno run -A tests/interop/snmp_diff.ts apc_smx750 [more...] [--mibs=NAME]
 *
 * @module
 */
import { freePort } from "../net.ts";
import { fixtureNames, type SnmpSim, startSnmpSim } from "../sim/snmpsim.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const dec = new TextDecoder();

/** One stack (driver + upsd) flavour. */
export type Flavour = "nut" | "ours";

/** Runs a command, returns its exit code and output. */
export async function run(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  const r = await new Deno.Command(cmd, {
    args,
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: r.code, out: dec.decode(r.stdout), err: dec.decode(r.stderr) };
}

/** A running upsd with one snmp-ups per section. */
export interface Stack {
  readonly flavour: Flavour;
  readonly port: number;
  readonly env: Record<string, string>;
  readonly dir: string;
  /** `name@127.0.0.1:port` */
  target(name: string): string;
  /** True once the section's driver has exited (it could not start). */
  exited(name: string): boolean;
  stop(): Promise<void>;
}

/** Section name for a recording (ups.conf names are [A-Za-z0-9_-.]). */
export function sectionName(recording: string): string {
  return recording.replace(/[^A-Za-z0-9_.-]/g, "_");
}

function driverArgv(flavour: Flavour): string[] {
  return flavour === "nut"
    ? ["/lib/nut/snmp-ups"]
    : [Deno.execPath(), "run", "-A", `${ROOT}drivers/snmp_ups.ts`];
}

function upsdArgv(flavour: Flavour): string[] {
  return flavour === "nut"
    ? ["/lib/nut/upsd"]
    : [Deno.execPath(), "run", "-A", `${ROOT}cli/upsd.ts`];
}

/**
 * Starts upsd and one driver per recording against `sim`. `extra` adds
 * ups.conf lines to every section (e.g. ` mibs = ietf`).
 */
export async function startStack(
  flavour: Flavour,
  sim: { port: number },
  recordings: readonly string[],
  extra: string | ((recording: string) => string) = "",
): Promise<Stack> {
  const dir = await Deno.makeTempDir({ prefix: `snmpdiff-${flavour}-` });
  const port = freePort();
  const env = { NUT_CONFPATH: dir, NUT_STATEPATH: dir, NUT_ALTPIDPATH: dir };
  let conf = "";
  for (const r of recordings) {
    conf +=
      `[${
        sectionName(r)
      }]\n driver = snmp-ups\n port = 127.0.0.1:${sim.port}\n` +
      ` community = ${r}\n${typeof extra === "string" ? extra : extra(r)}`;
  }
  await Deno.writeTextFile(`${dir}/ups.conf`, conf);
  await Deno.writeTextFile(`${dir}/upsd.conf`, `LISTEN 127.0.0.1 ${port}\n`);
  await Deno.writeTextFile(
    `${dir}/upsd.users`,
    "[admin]\n password = pw\n actions = SET\n instcmds = ALL\n",
  );
  const procs: Deno.ChildProcess[] = [];
  const gone = new Set<string>();
  const spawn = (argv: string[], name?: string) => {
    const p = new Deno.Command(argv[0]!, {
      args: argv.slice(1),
      env,
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    procs.push(p);
    if (name) p.status.then(() => gone.add(name));
  };
  for (const r of recordings) {
    const s = sectionName(r);
    spawn([...driverArgv(flavour), "-a", s, "-u", "root", "-F"], s);
  }
  spawn([...upsdArgv(flavour), "-u", "root", "-F"]);
  return {
    flavour,
    port,
    env,
    dir,
    target: (name) => `${sectionName(name)}@127.0.0.1:${port}`,
    exited: (name) => gone.has(sectionName(name)),
    async stop() {
      for (const p of procs.reverse()) {
        try {
          p.kill("SIGTERM");
        } catch { /* already gone */ }
        const t = setTimeout(() => {
          try {
            p.kill("SIGKILL");
          } catch { /* already gone */ }
        }, 5000);
        await p.status;
        clearTimeout(t);
      }
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** upsc's listing without driver.* lines, or the error it printed. */
export async function upscLines(stack: Stack, name: string): Promise<string[]> {
  const r = await run("/usr/bin/upsc", [stack.target(name)], stack.env);
  if (r.code !== 0) return [`ERROR: ${r.err.trim()}`];
  return r.out.split("\n").filter((l) => l && !l.startsWith("driver."));
}

/**
 * Waits until every section serves data (not WAIT) or its driver gave up,
 * then returns upsc's lines per recording.
 */
export async function collect(
  stack: Stack,
  recordings: readonly string[],
  timeoutMs = 120_000,
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const end = Date.now() + timeoutMs;
  const pending = new Set(recordings);
  while (pending.size && Date.now() < end) {
    for (const r of [...pending]) {
      const lines = await upscLines(stack, r);
      const waiting = lines.includes("ups.status: WAIT") ||
        lines[0]?.startsWith("ERROR: ");
      if (!waiting || stack.exited(r)) {
        out.set(r, lines);
        pending.delete(r);
      }
    }
    if (pending.size) await new Promise((r) => setTimeout(r, 500));
  }
  for (const r of pending) out.set(r, await upscLines(stack, r));
  return out;
}

/** Both stacks on one simulator; returns (theirs, ours) per recording. */
export async function diffRecordings(
  recordings: readonly string[],
  extra = "",
  sim?: SnmpSim,
  batch = 12,
  timeoutMs = 120_000,
): Promise<Map<string, { nut: string[]; ours: string[] }>> {
  const own = sim === undefined;
  const s = sim ?? await startSnmpSim({ recordings });
  const res = new Map<string, { nut: string[]; ours: string[] }>();
  try {
    const got: Record<Flavour, Map<string, string[]>> = {
      nut: new Map(),
      ours: new Map(),
    };
    // Batches keep the machine responsive (each of our drivers is a Deno process).
    for (let i = 0; i < recordings.length; i += batch) {
      const part = recordings.slice(i, i + batch);
      for (const flavour of ["nut", "ours"] as const) {
        const stack = await startStack(flavour, s, part, extra);
        try {
          for (const [k, v] of await collect(stack, part, timeoutMs)) {
            got[flavour].set(k, v);
          }
        } finally {
          await stack.stop();
        }
      }
    }
    for (const r of recordings) {
      res.set(r, { nut: got.nut.get(r) ?? [], ours: got.ours.get(r) ?? [] });
    }
  } finally {
    if (own) await s.stop();
  }
  return res;
}

/** Lines only in one side, marked "-" (NUT) and "+" (ours). */
export function lineDiff(nut: string[], ours: string[]): string[] {
  const a = new Set(nut);
  const b = new Set(ours);
  return [
    ...nut.filter((l) => !b.has(l)).map((l) => `- ${l}`),
    ...ours.filter((l) => !a.has(l)).map((l) => `+ ${l}`),
  ];
}

if (import.meta.main) {
  const mibs = Deno.args.find((a) => a.startsWith("--mibs="))?.slice(7);
  let names = Deno.args.filter((a) => !a.startsWith("--"));
  if (names.length === 0) names = fixtureNames();
  const res = await diffRecordings(
    names,
    mibs ? ` mibs = ${mibs}\n` : "",
  );
  for (const [name, { nut, ours }] of res) {
    const d = lineDiff(nut, ours);
    console.log(
      `== ${name}: ${
        d.length ? `${d.length} differences` : "same"
      } (${nut.length} lines; ${nut[0]})`,
    );
    for (const l of d) console.log(`   ${l}`);
  }
}
