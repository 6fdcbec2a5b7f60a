/**
 * Quick A/B of upsd: NUT 2.8.0's stack and ours side by side on the same
 * data, each point run alternately (NUT, ours, ours, NUT, ...) and reported
 * as medians and ratios. For iterating on the server's hot path; the full
 * report is `deno task bench`.
 *
 *   deno run -A tests/bench/ab.ts [--runs N] [--duration S] [--deno-ops] POINT...
 *
 * POINT is `get:C[:DEPTH]`, `list:C`, `idle:N` (one GET client while N
 * idle connections are held) or `held:N` (N connections held, then probed).
 *
 * @module
 */
import { type Flavour, type Stack, startStack } from "../../scripts/stack.ts";
import { freePort } from "../net.ts";
import { servesAll } from "./ready.ts";

const NUTLOAD = new URL("nutload.mjs", import.meta.url)
  .pathname;
const DEV = await Deno.readTextFile(
  new URL("../fixtures/bench/ups.dev", import.meta.url),
);

interface LoadResult {
  rps: number;
  latencyMs?: { p50: number; p99: number };
  serverCpuPct?: number;
  clientCpuPct?: number;
  serverCpuTickPct?: number;
  machineCpuPct?: number;
  serverHeld?: { rssKiB: number };
  serverEnd?: { rssKiB: number };
  answeredProbe?: number;
  connected?: number;
  errors: number;
}

function option(name: string, fallback: number): number {
  const i = Deno.args.indexOf(name);
  return i >= 0 ? Number(Deno.args[i + 1]) : fallback;
}

const RUNS = option("--runs", 3);
const DURATION = option("--duration", 5);
/**
 * Also run a third stack: ours with DENO_NUT_UPSD_EPOLL=0, serving through
 * Deno's own sockets instead of the default epoll listener.
 */
const DENO_OPS = Deno.args.includes("--deno-ops");
const POINTS = Deno.args.filter((a, i) =>
  !a.startsWith("--") &&
  !["--runs", "--duration"].includes(Deno.args[i - 1] ?? "")
);

async function nutload(args: string[]): Promise<LoadResult> {
  const { stdout, stderr, code } = await new Deno.Command("node", {
    args: [NUTLOAD, "--json", ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(stdout).trim().split("\n").at(-1);
  if (code !== 0 || !text) {
    throw new Error(`nutload failed: ${new TextDecoder().decode(stderr)}`);
  }
  return JSON.parse(text);
}

function rssKiB(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

function median(xs: number[]): number {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function base(s: Stack): string[] {
  return [
    "--host",
    "127.0.0.1",
    "--port",
    String(s.port),
    "--pid",
    String(s.upsdPid),
    "--connect-concurrency",
    "16",
    "--connect-rate",
    "1000",
  ];
}

interface Sample {
  rps: number;
  /** Server main-thread CPU per request (schedstat). */
  cpuUs: number;
  /** Server CPU of all its threads per request (utime+stime ticks). */
  cpuAllUs: number;
  p50: number;
  extra: string;
}

async function runPoint(point: string, s: Stack): Promise<Sample> {
  const [kind, a, b] = point.split(":");
  const n = Number(a);
  const timed = ["--duration", String(DURATION), "--warmup", "1"];
  if (kind === "get" || kind === "list") {
    const r = await nutload([
      ...base(s),
      ...timed,
      "--mode",
      kind,
      "--conns",
      String(n),
      ...(b ? ["--depth", b] : []),
    ]);
    return {
      rps: r.rps,
      cpuUs: (r.serverCpuPct ?? 0) / 100 / r.rps * 1e6,
      cpuAllUs: (r.serverCpuTickPct ?? 0) / 100 / r.rps * 1e6,
      p50: r.latencyMs?.p50 ?? NaN,
      extra:
        `err ${r.errors} srv ${r.serverCpuPct}% (all threads ${r.serverCpuTickPct}%) gen ${r.clientCpuPct}% ` +
        `machine ${r.machineCpuPct}% rss ${
          r.serverEnd?.rssKiB ?? rssKiB(s.upsdPid)
        }`,
    };
  }
  if (kind === "idle") {
    const alone = await nutload([
      ...base(s),
      ...timed,
      "--mode",
      "get",
      "--conns",
      "1",
    ]);
    const ramp = Math.ceil(n / 1000) + 2;
    const holder = new Deno.Command("node", {
      args: [
        NUTLOAD,
        "--json",
        ...base(s),
        "--mode",
        "idle",
        "--conns",
        String(n),
        "--hold",
        String(ramp + DURATION + 4),
        "--keepalive",
        "20",
      ],
      stdout: "null",
      stderr: "null",
    }).spawn();
    try {
      await new Promise((r) => setTimeout(r, ramp * 1000 + 1000));
      const r = await nutload([
        ...base(s),
        ...timed,
        "--mode",
        "get",
        "--conns",
        "1",
      ]);
      return {
        rps: r.rps,
        cpuUs: (r.serverCpuPct ?? 0) / 100 / r.rps * 1e6,
        cpuAllUs: (r.serverCpuTickPct ?? 0) / 100 / r.rps * 1e6,
        p50: r.latencyMs?.p50 ?? NaN,
        extra: `alone ${alone.rps.toFixed(0)} /s, kept ${
          (r.rps / alone.rps * 100).toFixed(0)
        }%, rss ${rssKiB(s.upsdPid)}`,
      };
    } finally {
      await holder.status;
    }
  }
  if (kind === "held") {
    const r = await nutload([
      ...base(s),
      "--mode",
      "idle",
      "--conns",
      String(n),
      "--hold",
      "3",
      "--keepalive",
      "5",
    ]);
    return {
      rps: r.answeredProbe ?? 0,
      cpuUs: NaN,
      cpuAllUs: NaN,
      p50: NaN,
      extra: `connected ${r.connected} rss ${r.serverHeld?.rssKiB}`,
    };
  }
  throw new Error(`unknown point ${point}`);
}

const ups = [{ name: "ups1", file: "ups1.dev", content: DEV }];
type Name = Flavour | "deno-ops";
const stacks = new Map<Name, Stack>();
try {
  stacks.set(
    "nut",
    await startStack({ flavour: "nut", ups, port: freePort() }),
  );
  stacks.set(
    "ours",
    await startStack({ flavour: "ours", ups, port: freePort() }),
  );
  if (DENO_OPS) {
    // the launcher inherits our environment: this upsd uses Deno's sockets
    Deno.env.set("DENO_NUT_UPSD_EPOLL", "0");
    stacks.set(
      "deno-ops",
      await startStack({ flavour: "ours", ups, port: freePort() }),
    );
    Deno.env.delete("DENO_NUT_UPSD_EPOLL");
  }
  const all = [...stacks.entries()];
  await servesAll(all.map(([, s]) => s), ups.map((u) => u.name));
  console.log(
    `idle RSS KiB: ${
      all.map(([n, s]) => `${n} ${rssKiB(s.upsdPid)}`).join(", ")
    }`,
  );
  for (const p of POINTS) {
    const got = new Map<Name, Sample[]>(all.map(([n]) => [n, []]));
    for (let run = 0; run < RUNS; run++) {
      const order = run % 2 ? [...all].reverse() : all;
      for (const [f, stack] of order) {
        let r: Sample;
        try {
          r = await runPoint(p, stack);
        } catch (e) {
          // e.g. NUT's slow accept path trips nutload's watchdog at 10k
          console.log(`  ${p} ${f}: failed: ${(e as Error).message.trim()}`);
          continue;
        }
        got.get(f)!.push(r);
        console.log(
          `  ${p} ${f}: ${r.rps.toFixed(0)} /s, ${
            r.cpuUs.toFixed(2)
          } µs/req (all threads ${r.cpuAllUs.toFixed(2)}), ` +
            `p50 ${r.p50.toFixed(3)} ms, ${r.extra}`,
        );
      }
    }
    const m = (f: Name, k: "rps" | "cpuUs" | "cpuAllUs") =>
      median(got.get(f)!.map((x) => x[k]));
    for (const [f] of all) {
      if (f === "nut") continue;
      console.log(
        `${p} ${f}: rps nut ${m("nut", "rps").toFixed(0)} ${f} ${
          m(f, "rps").toFixed(0)
        } (×${
          (m(f, "rps") / m("nut", "rps")).toFixed(2)
        }); all-thread µs/req nut ${m("nut", "cpuAllUs").toFixed(2)} ${f} ${
          m(f, "cpuAllUs").toFixed(2)
        } (×${(m(f, "cpuAllUs") / m("nut", "cpuAllUs")).toFixed(2)})`,
      );
    }
  }
  console.log(
    `final RSS KiB: ${
      all.map(([n, s]) => `${n} ${rssKiB(s.upsdPid)}`).join(", ")
    }`,
  );
} finally {
  for (const s of stacks.values()) await s.stop();
}
