/**
 * Footprint at scale, ours against NUT 2.8.0 in one run (issue 16), printed
 * as Markdown for BENCHMARKS.md:
 *
 * - N UPSes: `upsdrvctl -u root start` of N dummy-ups sections, then
 *   `upsd -F`; once upsd serves every UPS, the processes of each stack are
 *   counted and their RSS (and PSS) summed. Ours runs every driver in one
 *   nut-driver-host.
 * - A big run of ours alone (default 1000 UPSes), every UPS served.
 * - The small stack (one driver, upsd, upsmon): NUT's four processes,
 *   ours as separate binaries, ours as one nut-allinone.
 *
 * A process belongs to a stack when its environment holds the stack's
 * NUT_CONFPATH (that also finds upsmon's and drivers' forks).
 *
 *   deno run -A tests/bench/scale.ts [--n 100] [--big 1000] [--settle MS] [--json]
 */
import { writeShims } from "../../scripts/shims.ts";
import { freePort, waitFor } from "../net.ts";
import { waitNutPidFree } from "../fixtures/upsmon/harness.ts";

const DEV = new URL("../fixtures/bench/ups.dev", import.meta.url).pathname;

function option(name: string, dflt: number): number {
  const i = Deno.args.indexOf(name);
  return i >= 0 ? Number(Deno.args[i + 1]) : dflt;
}
const N = option("--n", 100);
/**
 * How long after a stack serves its footprint is read: our daemons page out
 * their start-up code 10 s after start (src/pageout.ts); the rest of the
 * wait lets the working set come back. NUT's stacks wait as long.
 */
const SETTLE_MS = option("--settle", 15_000);
const BIG = option("--big", 1000);

interface Footprint {
  processes: number;
  rssKiB: number;
  pssKiB: number;
}

/** Processes whose environment names `dir` as NUT_CONFPATH. */
function stackPids(dir: string): number[] {
  const want = `NUT_CONFPATH=${dir}`;
  const out: number[] = [];
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const env = Deno.readFileSync(`/proc/${e.name}/environ`);
      if (new TextDecoder().decode(env).split("\0").includes(want)) {
        out.push(Number(e.name));
      }
    } catch {
      // gone or not ours to read
    }
  }
  return out;
}

function footprint(dir: string): Footprint {
  let rss = 0, pss = 0, n = 0;
  for (const pid of stackPids(dir)) {
    try {
      const st = Deno.readTextFileSync(`/proc/${pid}/status`);
      const roll = Deno.readTextFileSync(`/proc/${pid}/smaps_rollup`);
      rss += Number(/VmRSS:\s+(\d+)/.exec(st)?.[1] ?? 0);
      pss += Number(/^Pss:\s+(\d+)/m.exec(roll)?.[1] ?? 0);
      n++;
    } catch {
      // exited meanwhile
    }
  }
  return { processes: n, rssKiB: rss, pssKiB: pss };
}

async function killStack(dir: string): Promise<void> {
  for (const sig of ["SIGTERM", "SIGKILL"] as const) {
    for (const pid of stackPids(dir)) {
      try {
        Deno.kill(pid, sig);
      } catch { /* gone */ }
    }
    try {
      await waitFor(() => stackPids(dir).length === 0, 10_000, 50);
      return;
    } catch { /* next signal */ }
  }
}

/** One TCP session asking every UPS's ups.status until all answer. */
async function servedAll(port: number, names: string[]): Promise<boolean> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    const req = names.map((n) => `GET VAR ${n} ups.status\n`).join("");
    await conn.write(new TextEncoder().encode(req));
    let text = "";
    const buf = new Uint8Array(65536);
    let lines = 0;
    while (lines < names.length) {
      const n = await conn.read(buf);
      if (n === null) return false;
      const chunk = new TextDecoder().decode(buf.subarray(0, n));
      text += chunk;
      lines += chunk.split("\n").length - 1;
    }
    return text.split("\n").filter((l) => l.startsWith("VAR ")).length ===
        names.length && !text.includes("WAIT");
  } finally {
    conn.close();
  }
}

async function setup(prefix: string, count: number, driverPath: string) {
  const dir = await Deno.makeTempDir({ prefix });
  const port = freePort();
  await Deno.copyFile(DEV, `${dir}/ups.dev`);
  const names = Array.from({ length: count }, (_, i) => `ups${i + 1}`);
  await Deno.writeTextFile(
    `${dir}/ups.conf`,
    `driverpath = ${driverPath}\nmaxstartdelay = 120\n` +
      names.map((n) => `[${n}]\n driver = dummy-ups\n port = ups.dev\n`).join(
        "",
      ),
  );
  await Deno.writeTextFile(`${dir}/upsd.conf`, `LISTEN 127.0.0.1 ${port}\n`);
  await Deno.writeTextFile(
    `${dir}/upsd.users`,
    `[mon]\n password = pw\n upsmon primary\n`,
  );
  await Deno.writeTextFile(
    `${dir}/upsmon.conf`,
    `MONITOR ups1@127.0.0.1:${port} 1 mon pw primary\n` +
      `SHUTDOWNCMD "/bin/true"\nPOWERDOWNFLAG ${dir}/killpower\n`,
  );
  for (const f of ["ups.conf", "upsd.conf", "upsd.users", "upsmon.conf"]) {
    await Deno.chmod(`${dir}/${f}`, 0o640);
  }
  const env = {
    NUT_CONFPATH: dir,
    NUT_STATEPATH: dir,
    NUT_ALTPIDPATH: dir,
    NUT_PIDPATH: dir,
  };
  return { dir, port, names, env };
}

function spawn(cmd: string, args: string[], env: Record<string, string>) {
  return new Deno.Command(cmd, {
    args,
    env,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
}

interface ManyResult extends Footprint {
  startMs: number;
  served: boolean;
}

/** upsdrvctl start of `count` UPSes + upsd; footprint once all are served. */
async function many(
  flavour: "nut" | "ours",
  count: number,
  bin: string,
): Promise<ManyResult> {
  const driverPath = flavour === "nut" ? "/lib/nut" : bin;
  const s = await setup(`scale-${flavour}-`, count, driverPath);
  try {
    const drvctl = flavour === "nut" ? "/sbin/upsdrvctl" : `${bin}/upsdrvctl`;
    const t0 = performance.now();
    const r = await new Deno.Command(drvctl, {
      args: ["-u", "root", "start"],
      env: s.env,
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).output();
    const startMs = performance.now() - t0;
    if (r.code !== 0) throw new Error(`${flavour} upsdrvctl exited ${r.code}`);
    const upsd = flavour === "nut" ? "/lib/nut/upsd" : `${bin}/upsd`;
    spawn(upsd, ["-F", "-u", "root"], s.env).unref();
    let served = true;
    await waitFor(() => servedAll(s.port, s.names), 120_000, 200).catch(() =>
      served = false
    );
    // let start-up garbage settle before reading RSS
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    return { ...footprint(s.dir), startMs, served };
  } finally {
    await killStack(s.dir);
    await Deno.remove(s.dir, { recursive: true }).catch(() => {});
  }
}

/** One driver + upsd + upsmon; a run that did not come up is tried again once. */
async function small(
  kind: "nut" | "ours" | "allinone",
  bin: string,
): Promise<Footprint & { served: boolean }> {
  const first = await smallOnce(kind, bin);
  return first.served ? first : await smallOnce(kind, bin);
}

async function smallOnce(
  kind: "nut" | "ours" | "allinone",
  bin: string,
): Promise<Footprint & { served: boolean }> {
  const dir = kind === "nut" ? "/lib/nut" : bin;
  const s = await setup(`scale-small-${kind}-`, 1, dir);
  try {
    if (kind === "allinone") {
      spawn(`${bin}/nut-allinone`, [], s.env).unref();
    } else {
      const drvctl = kind === "nut" ? "/sbin/upsdrvctl" : `${bin}/upsdrvctl`;
      await new Deno.Command(drvctl, {
        args: ["-u", "root", "start"],
        env: s.env,
        stdout: "null",
        stderr: "null",
      }).output();
      spawn(`${dir}/upsd`, ["-F", "-u", "root"], s.env).unref();
      // NUT 2.8.0's upsmon refuses to start while another holds /run/nut
      if (kind === "nut") await waitNutPidFree();
      // split mode (privileged parent + child), as installed; -F: no fork
      spawn(`${dir}/upsmon`, ["-F", "-u", "root"], s.env).unref();
    }
    let served = true;
    await waitFor(() => servedAll(s.port, s.names), 60_000, 100).catch(() =>
      served = false
    );
    // upsmon logged in: upsd lists it as a client of ups1
    await waitFor(
      async () => {
        const c = await Deno.connect({ hostname: "127.0.0.1", port: s.port });
        try {
          await c.write(new TextEncoder().encode("LIST CLIENT ups1\n"));
          const buf = new Uint8Array(4096);
          const n = await c.read(buf);
          return new TextDecoder().decode(buf.subarray(0, n ?? 0)).includes(
            "CLIENT ups1 ",
          );
        } finally {
          c.close();
        }
      },
      30_000,
      100,
    ).catch(() => served = false);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    return { ...footprint(s.dir), served };
  } finally {
    await killStack(s.dir);
    await Deno.remove(s.dir, { recursive: true }).catch(() => {});
  }
}

const mib = (kib: number) => (kib / 1024).toFixed(1);
// Ours runs on its own copy of the runtime, as the installed package does
// (/lib/deno-nut/deno): the Deno running this script then shares no pages
// of it, which would count in both and keep them from being paged out.
const runtime = await Deno.makeTempDir({ prefix: "deno-nut-runtime-" });
await Deno.copyFile(Deno.execPath(), `${runtime}/deno`);
await Deno.chmod(`${runtime}/deno`, 0o755);
const bin = `${runtime}/bin`;
writeShims(bin, undefined, `${runtime}/deno`);
// --n 0: the small stack only
const nutMany = N > 0 ? await many("nut", N, bin) : undefined;
const oursMany = N > 0 ? await many("ours", N, bin) : undefined;
const oursBig = BIG > 0 ? await many("ours", BIG, bin) : undefined;
const smallNut = await small("nut", bin);
const smallOurs = await small("ours", bin);
const smallAio = await small("allinone", bin);
await Deno.remove(runtime, { recursive: true }).catch(() => {});

if (Deno.args.includes("--json")) {
  console.log(JSON.stringify({
    nutMany,
    oursMany,
    oursBig,
    smallNut,
    smallOurs,
    smallAio,
  }));
} else {
  const row = (name: string, f: ManyResult, ref?: ManyResult) =>
    `| ${name} | ${f.processes} | ${mib(f.rssKiB)} | ${
      ref ? `**${(f.rssKiB / ref.rssKiB).toFixed(2)}×**` : ""
    } | ${mib(f.pssKiB)} | ${(f.startMs / 1000).toFixed(1)} | ${
      f.served ? "all" : "NOT ALL"
    } |`;
  const srow = (name: string, f: Footprint & { served: boolean }) =>
    `| ${name} | ${f.processes} | ${mib(f.rssKiB)} | **${
      (f.rssKiB / smallNut.rssKiB).toFixed(2)
    }×** | ${mib(f.pssKiB)} | ${f.served ? "yes" : "NO"} |`;
  const manyRows = [
    ...(nutMany && oursMany
      ? [
        row("NUT 2.8.0", nutMany),
        row("deno-nut (nut-driver-host)", oursMany, nutMany),
      ]
      : []),
    ...(oursBig ? [row(`deno-nut, ${BIG} UPSes`, oursBig)] : []),
  ];
  const manyTable = manyRows.length
    ? [
      `| ${N} dummy-ups UPSes + upsd | processes | RSS MiB | RSS ratio (ours/NUT) | PSS MiB | upsdrvctl start s | served |`,
      "|---|---:|---:|---:|---:|---:|---|",
      ...manyRows,
      "",
    ]
    : [];
  console.log([
    ...manyTable,
    "| one driver + upsd + upsmon | processes | RSS MiB | RSS ratio (ours/NUT) | PSS MiB | served, upsmon logged in |",
    "|---|---:|---:|---:|---:|---|",
    srow("NUT 2.8.0", smallNut),
    srow("deno-nut, separate binaries", smallOurs),
    srow("deno-nut, nut-allinone", smallAio),
  ].join("\n"));
}
