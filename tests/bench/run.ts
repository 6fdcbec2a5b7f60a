/**
 * `deno task bench`: our stack and NUT 2.8.0's side by side in one run, on
 * the same data, runs alternated, results as ratios in BENCHMARKS.md.
 *
 *   deno task bench [--quick] [--runs N] [--duration SECONDS] [--out FILE]
 *
 * The load generator is tests/bench/nutload.mjs (Node). Every load goes
 * to 127.0.0.1 only and is bounded in time.
 *
 * @module
 */
import { type Flavour, type Stack, startStack } from "../../scripts/stack.ts";
import { freePort } from "../net.ts";
import { servesAll } from "./ready.ts";

const QUICK = Deno.args.includes("--quick");
function option(name: string): string | undefined {
  const i = Deno.args.indexOf(name);
  return i >= 0 ? Deno.args[i + 1] : undefined;
}
const OUT = option("--out") ??
  new URL("../../BENCHMARKS.md", import.meta.url).pathname;
const NUTLOAD = new URL("nutload.mjs", import.meta.url)
  .pathname;
const RUNS = Number(option("--runs") ?? (QUICK ? 1 : 3));
const DURATION = Number(option("--duration") ?? (QUICK ? 3 : 10));
const DEV = await Deno.readTextFile(
  new URL("../fixtures/bench/ups.dev", import.meta.url),
);

interface LoadResult {
  rps: number;
  latencyMs?: { p50: number; p99: number };
  serverCpuPct?: number;
  serverRssKiB?: number;
  serverHeld?: { rssKiB: number };
  answeredProbe?: number;
  connected?: number;
  errors: number;
}

async function nutload(args: string[]): Promise<LoadResult> {
  const { stdout, stderr, code } = await new Deno.Command("node", {
    args: [NUTLOAD, "--json", ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(stdout).trim().split("\n").at(-1);
  if (code !== 0 || !text) {
    throw new Error(
      `nutload ${args.join(" ")} failed: ${new TextDecoder().decode(stderr)}`,
    );
  }
  return JSON.parse(text);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function rssKiB(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

async function withStacks<T>(
  fn: (stacks: Record<Flavour, Stack>) => Promise<T>,
  upsCount = 1,
): Promise<T> {
  const ups = Array.from({ length: upsCount }, (_, i) => ({
    name: `ups${i + 1}`,
    file: `ups${i + 1}.dev`,
    content: DEV,
  }));
  const nut = await startStack({ flavour: "nut", ups, port: freePort() });
  const ours = await startStack({ flavour: "ours", ups, port: freePort() });
  try {
    await servesAll([nut, ours], ups.map((u) => u.name));
    return await fn({ nut, ours });
  } finally {
    await nut.stop();
    await ours.stop();
  }
}

interface Point {
  label: string;
  nut: LoadResult[];
  ours: LoadResult[];
}

async function alternate(
  stacks: Record<Flavour, Stack>,
  label: string,
  args: (s: Stack) => string[],
): Promise<Point> {
  const point: Point = { label, nut: [], ours: [] };
  for (let run = 0; run < RUNS; run++) {
    const order: Flavour[] = run % 2 ? ["ours", "nut"] : ["nut", "ours"];
    for (const f of order) {
      const r = await nutload(args(stacks[f])).catch((e): LoadResult => {
        console.error(`${label} ${f} run ${run + 1} failed: ${e.message}`);
        return { rps: NaN, errors: -1 };
      });
      point[f].push(r);
      console.error(
        `${label} ${f} run ${run + 1}: ${r.rps} req/s, cpu ${r.serverCpuPct}%`,
      );
    }
  }
  return point;
}

function cpuUsPerReq(r: LoadResult): number {
  return r.rps > 0 ? ((r.serverCpuPct ?? 0) / 100) / r.rps * 1e6 : NaN;
}

function fmt(n: number, digits = 0): string {
  return Number.isFinite(n)
    ? n.toLocaleString("en-US", {
      maximumFractionDigits: digits,
      minimumFractionDigits: digits,
    })
    : "–";
}

function throughputRows(points: Point[]): string[] {
  const rows = [
    "| load | NUT req/s | ours req/s | ratio | NUT p50 ms | ours p50 ms | NUT CPU µs/req | ours CPU µs/req | CPU ratio (ours/NUT) |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const p of points) {
    const nr = median(p.nut.map((r) => r.rps));
    const or = median(p.ours.map((r) => r.rps));
    const nl = median(p.nut.map((r) => r.latencyMs?.p50 ?? NaN));
    const ol = median(p.ours.map((r) => r.latencyMs?.p50 ?? NaN));
    const nc = median(p.nut.map(cpuUsPerReq));
    const oc = median(p.ours.map(cpuUsPerReq));
    rows.push(
      `| ${p.label} | ${fmt(nr)} | ${fmt(or)} | **${fmt(or / nr, 2)}×** | ${
        fmt(nl, 3)
      } | ${fmt(ol, 3)} | ${fmt(nc, 1)} | ${fmt(oc, 1)} | ${fmt(oc / nc, 2)} |`,
    );
  }
  return rows;
}

const common = (s: Stack) => [
  "--host",
  "127.0.0.1",
  "--port",
  String(s.port),
  "--pid",
  String(s.upsdPid),
  "--duration",
  String(DURATION),
  "--warmup",
  "2",
  "--connect-concurrency",
  "16",
  "--connect-rate",
  "1000",
];

async function throughput(): Promise<
  { get: Point[]; list: Point[]; pipe: Point[] }
> {
  return await withStacks(async (stacks) => {
    const get: Point[] = [];
    const list: Point[] = [];
    const pipe: Point[] = [];
    for (const c of [1, 10, 100, 1000]) {
      get.push(
        await alternate(stacks, `GET VAR, C=${c}`, (s) => [
          ...common(s),
          "--mode",
          "get",
          "--conns",
          String(c),
        ]),
      );
    }
    for (const c of [1, 10, 100, 1000]) {
      list.push(
        await alternate(stacks, `LIST VAR (51 vars), C=${c}`, (s) => [
          ...common(s),
          "--mode",
          "list",
          "--conns",
          String(c),
        ]),
      );
    }
    for (const c of [1, 10, 100]) {
      pipe.push(
        await alternate(stacks, `GET VAR depth 16, C=${c}`, (s) => [
          ...common(s),
          "--mode",
          "get",
          "--depth",
          "16",
          "--conns",
          String(c),
        ]),
      );
    }
    return { get, list, pipe };
  });
}

interface IdleResult {
  flavour: Flavour;
  baseRps: number;
  loadedRps: number;
  heldRssKiB: number;
  idleRssKiB: number;
}

async function idleCost(idle: number): Promise<IdleResult[]> {
  return await withStacks(async (stacks) => {
    const out: IdleResult[] = [];
    for (const f of ["nut", "ours"] as Flavour[]) {
      const s = stacks[f];
      const idleRssKiB = rssKiB(s.upsdPid);
      const base = await nutload([
        ...common(s),
        "--mode",
        "get",
        "--conns",
        "1",
      ]);
      const ramp = Math.ceil(idle / 1000) + 2;
      const hold = ramp + DURATION + 6;
      const holder = new Deno.Command("node", {
        args: [
          NUTLOAD,
          "--json",
          "--host",
          "127.0.0.1",
          "--port",
          String(s.port),
          "--mode",
          "idle",
          "--conns",
          String(idle),
          "--hold",
          String(hold),
          "--keepalive",
          "20",
          "--connect-concurrency",
          "16",
          "--connect-rate",
          "1000",
        ],
        stdout: "null",
        stderr: "null",
      }).spawn();
      await new Promise((r) => setTimeout(r, ramp * 1000 + 1000));
      const loaded = await nutload([
        ...common(s),
        "--mode",
        "get",
        "--conns",
        "1",
      ]);
      const heldRssKiB = rssKiB(s.upsdPid);
      await holder.status;
      out.push({
        flavour: f,
        baseRps: base.rps,
        loadedRps: loaded.rps,
        heldRssKiB,
        idleRssKiB,
      });
      console.error(
        `idle ${idle} ${f}: ${base.rps} → ${loaded.rps} req/s, RSS ${heldRssKiB} KiB`,
      );
    }
    return out;
  });
}

async function connectionsHeld(
  conns: number,
): Promise<Record<Flavour, LoadResult>> {
  return await withStacks(async (stacks) => {
    const out = {} as Record<Flavour, LoadResult>;
    for (const f of ["nut", "ours"] as Flavour[]) {
      const s = stacks[f];
      out[f] = await nutload([
        "--host",
        "127.0.0.1",
        "--port",
        String(s.port),
        "--pid",
        String(s.upsdPid),
        "--mode",
        "idle",
        "--conns",
        String(conns),
        "--hold",
        QUICK ? "3" : "10",
        "--keepalive",
        "5",
        "--connect-concurrency",
        "32",
        "--connect-rate",
        "1000",
      ]);
      console.error(
        `held ${conns} ${f}: answered ${out[f].answeredProbe}, RSS ${
          out[f].serverHeld?.rssKiB
        } KiB`,
      );
    }
    return out;
  });
}

/** Time from an atomic .dev rewrite to a polling client seeing the new status. */
async function devEditLatency(): Promise<Record<Flavour, number[]>> {
  return await withStacks(async (stacks) => {
    const out: Record<Flavour, number[]> = { nut: [], ours: [] };
    const trials = QUICK ? 4 : 12;
    for (let t = 0; t < trials; t++) {
      for (
        const f of (t % 2 ? ["ours", "nut"] : ["nut", "ours"]) as Flavour[]
      ) {
        const s = stacks[f];
        const conn = await Deno.connect({
          hostname: "127.0.0.1",
          port: s.port,
        });
        conn.setNoDelay(true);
        const enc = new TextEncoder();
        const dec = new TextDecoder();
        const buf = new Uint8Array(4096);
        const status = async () => {
          await conn.write(enc.encode("GET VAR ups1 ups.status\n"));
          let text = "";
          while (!text.endsWith("\n")) {
            const n = await conn.read(buf);
            if (n === null) throw new Error("upsd closed the connection");
            text += dec.decode(buf.subarray(0, n));
          }
          return text;
        };
        const before = await status();
        const next = before.includes('"OL"') ? "OB DISCHRG" : "OL";
        await new Promise((r) => setTimeout(r, 1100 + Math.random() * 1500));
        const tmp = `${s.dir}/ups1.dev.tmp`;
        await Deno.writeTextFile(
          tmp,
          DEV.replace(/^ups\.status: .*$/m, `ups.status: ${next}`),
        );
        const t0 = performance.now();
        await Deno.rename(tmp, `${s.dir}/ups1.dev`);
        const deadline = t0 + 5000;
        let seen = NaN;
        while (performance.now() < deadline) {
          if ((await status()).includes(`"${next}"`)) {
            seen = performance.now() - t0;
            break;
          }
          await new Promise((r) => setTimeout(r, 2));
        }
        conn.close();
        out[f].push(seen);
        console.error(`.dev edit ${f} trial ${t + 1}: ${fmt(seen, 1)} ms`);
      }
    }
    return out;
  });
}

async function sideScript(path: string): Promise<string> {
  try {
    await Deno.stat(new URL(path, import.meta.url));
  } catch {
    return `_${path} is not there yet._`;
  }
  const { stdout, stderr, code } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL(path, import.meta.url).pathname],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(stdout).trim();
  if (code !== 0) {
    return `_${path} failed: ${new TextDecoder().decode(stderr).trim()}_`;
  }
  return text;
}

/** Why the figures look as they do; appended to every BENCHMARKS.md. */
const NOTES = [
  "## Performance notes",
  "",
  "- Repeated `GET VAR` and `LIST VAR` requests are answered from encoded",
  "  replies cached under the request line's bytes (`src/server/reply_cache.ts`).",
  "  An entry is valid while its UPS's version is unchanged; every tree, FSD or",
  "  availability change bumps the version and a reload empties the cache. A",
  "  cached GET costs about 0.1 µs of JavaScript, a 51-variable LIST about the same.",
  "- All replies to one read go out in one `write()` with TCP_NODELAY, so a LIST",
  "  returns in about 0.1 ms where NUT 2.8.0 waits ~44 ms on Nagle's algorithm",
  "  and delayed ACKs (it writes line by line), and pipelined GETs cost less than",
  "  half of NUT's CPU each.",
  "- GET at depth 1 costs about NUT's server CPU (ratio ≈ 1.0–1.1). The target",
  "  of 2/3 of NUT's CPU per GET (≈ 5.8 µs) is below this VM's floor: `perf`",
  "  shows ~70% of our per-GET cost is the kernel's loopback TCP work, and a",
  "  minimal C epoll server answering a fixed reply measured 6.9–7.3 µs per GET",
  "  in the same minute (a bare `Deno.listen` echo server: 8.0–8.9 µs). At",
  "  C ≥ 10 req/s is capped by the single Node load generator.",
  "- C=1 rows follow the machine more than the code: each request wakes an",
  "  idle server. On the Intel VM of 2026-12-07 that cost ours ~65 µs of CPU",
  "  per GET against NUT's ~36 µs (`tests/bench/ab.ts get:1`; the tree of the",
  "  day before measured the same there), where the AMD VM of 2026-11-21 gave",
  "  ours 1.39× NUT's req/s.",
  "- We use epoll, so idle connections cost the active ones nothing; NUT",
  "  rebuilds and polls its whole fd array every loop.",
  "- Memory is mostly Deno's floor: an empty `deno run` is ~34 MiB RSS by",
  "  itself (~24 MiB of the deno binary's pages, ~10 MiB anonymous), 2.5× NUT's",
  "  whole small stack. Above it we keep the start-up graph small: `deno run`",
  "  fetches and parses every module a literal `import()` names before main",
  "  runs, so the driver host loads drivers and upsd the MQTT publisher through",
  "  `src/late_import.ts` (−5 MiB), and Deno's node layer (~7 MiB, ~20 ms) loads",
  "  only for TLS, `$scrypt$` passwords or SNMP (tests/startup_graph_test.ts",
  "  keeps it so). Together: nut-allinone 56.9 → 51.9 MiB. upsd runs with a",
  "  1 MB V8 young generation (`--max-semi-space-size=1`), which cut RSS under",
  "  load by about a third at the same CPU; tried without gain: `--jitless`,",
  "  `--single-threaded`, MALLOC_ARENA_MAX, malloc_trim, a",
  "  `deno bundle` of the daemons, `--no-config` (−1.5 MiB; daemons with npm",
  "  drivers need the config).",
  "- Daemons page out their start-up code 10 s after start (src/pageout.ts:",
  "  madvise(MADV_PAGEOUT) on read-only file mappings; what is still used is",
  "  read back on its next touch). nut-allinone: ~52 → ~32 MiB. The kernel",
  "  skips pages another process maps, so footprints are read 15 s after a",
  "  stack serves (NUT's too) and ours runs on its own copy of the runtime, as",
  "  the package installs it; processes of one stack share theirs, so the",
  "  separate-binaries stack gains little.",
  "- Client cold start: the installed tree runs upsc, upsrw, upscmd and upsmon",
  "  from bundles (scripts/bundle.ts): one JavaScript file (upsmon: plus one",
  "  chunk it shares with its daemon), node:tls in a chunk loaded only for",
  "  STARTTLS, run with `--no-config`. Each module more costs ~0.25 ms, so the",
  "  code avoids what splits a bundle into chunks (node_tls.ts imports none of",
  "  the client's modules). V8 flags `--lite-mode,--no-lazy` compile every",
  "  function with its module, kept in Deno's code cache, instead of at its",
  "  first call: ~3 ms off. One timer serves all of a connection's deadlines",
  "  (a fresh AbortSignal.timeout per read cost ~0.5 ms; a first `setTimeout`",
  "  costs ~7 ms in Deno 2.9, so clients use neither). Against the source form",
  "  (12 TypeScript modules, deno.json, default flags) that is ~3–4 ms of",
  "  ~28. `Deno.exit` ends ~2–4 ms sooner than a natural exit; every binary",
  "  uses it.",
  "",
];

const started = new Date();
const tp = await throughput();
const idle = await idleCost(QUICK ? 1000 : 5000);
const held = await connectionsHeld(QUICK ? 2000 : 10000);
const edits = await devEditLatency();
const startup = await sideScript("./startup.ts");
const scale = await sideScript("./scale.ts");
const cpuInfo = (await Deno.readTextFile("/proc/cpuinfo")).match(
  /model name\s*:\s*(.*)/,
)?.[1] ?? "?";

const idleRows = idle.map((r) =>
  `| ${r.flavour === "nut" ? "NUT 2.8.0" : "deno-nut"} | ${fmt(r.baseRps)} | ${
    fmt(r.loadedRps)
  } | **${fmt(100 * r.loadedRps / r.baseRps)}%** | ${fmt(r.idleRssKiB)} | ${
    fmt(r.heldRssKiB)
  } |`
);
const editRow = (f: Flavour) => {
  const xs = edits[f].filter(Number.isFinite);
  return `| ${f === "nut" ? "NUT 2.8.0" : "deno-nut"} | ${
    fmt(Math.min(...xs), 1)
  } | **${fmt(median(xs), 1)}** | ${fmt(Math.max(...xs), 1)} | ${
    edits[f].length - xs.length
  } |`;
};
const heldRow = (f: Flavour) =>
  `| ${f === "nut" ? "NUT 2.8.0" : "deno-nut"} | ${held[f].connected} | ${
    held[f].answeredProbe
  } | ${fmt(held[f].serverHeld?.rssKiB ?? NaN)} |`;

const md = [
  "# Benchmarks: deno-nut against NUT 2.8.0",
  "",
  "Generated by `deno task bench`" + (QUICK ? " --quick" : "") +
  ` on ${started.toISOString()} (${cpuInfo}, ${navigator.hardwareConcurrency} cores).`,
  "Both stacks run side by side in one run on the same data: one dummy-ups",
  "driver serving the 44-variable `tests/fixtures/bench/ups.dev` (51 variables",
  "with driver.*) behind upsd on 127.0.0.1. NUT is Debian's 2.8.0",
  "(`/lib/nut/dummy-ups`, `/lib/nut/upsd`); ours is started with the same",
  "command lines through the `deno task shims` launchers. Load comes from",
  "`tests/bench/nutload.mjs` (one Node process on the same 2 cores, so",
  "req/s at C≥10 is a joint client+server limit; server CPU µs per request is",
  "the fairer figure). Runs alternate NUT/ours; medians of " +
  `${RUNS} run(s) of ${DURATION} s.`,
  "Ratios are ours ÷ NUT: above 1 is better for req/s, below 1 is better for CPU.",
  "",
  "## GET VAR throughput",
  "",
  ...throughputRows(tp.get),
  "",
  "## LIST VAR (a stock client's view: NUT stalls ~44 ms per LIST on Nagle/delayed ACK)",
  "",
  ...throughputRows(tp.list),
  "",
  "## Pipelined GET (16 requests in flight per connection)",
  "",
  ...throughputRows(tp.pipe),
  "",
  `## One active client while ${QUICK ? 1000 : 5000} idle connections are held`,
  "",
  "| server | GET C=1 req/s, no idle | with idle held | kept | RSS KiB idle | RSS KiB held |",
  "|---|---:|---:|---:|---:|---:|",
  ...idleRows,
  "",
  `## ${QUICK ? 2000 : 10000} concurrent connections (keepalive VER every 5 s)`,
  "",
  "| server | connected | answered after hold | RSS KiB held |",
  "|---|---:|---:|---:|",
  heldRow("nut"),
  heldRow("ours"),
  "",
  "## Time from a `.dev` edit (atomic rename) to a client seeing it",
  "",
  "| server | min ms | median ms | max ms | not seen in 5 s |",
  "|---|---:|---:|---:|---:|",
  editRow("nut"),
  editRow("ours"),
  "",
  "## Client cold start (tests/bench/startup.ts)",
  "",
  "Every round runs each call once in a random order; ours run as the",
  "installed launchers do (the bundle of scripts/bundle.ts, `--no-config`,",
  "the binary's permissions), one row from source as `deno task shims`",
  "launchers do. The floor is `deno run` of an empty file in a directory",
  "without deno.json, in the same rounds; the ratio is the median of each",
  "round's time over that round's floor.",
  "",
  startup,
  "",
  "## Footprint: many UPSes, and the small stack (tests/bench/scale.ts)",
  "",
  "Sum over every process of the stack (found by its NUT_CONFPATH), 15 s after",
  "upsd serves every UPS (our daemons page out their start-up code at 10 s;",
  "see the notes). RSS counts shared pages once per process (NUT's libc,",
  "Deno's binary); PSS splits them. Ours runs on its own copy of the runtime,",
  "as the package installs it, and starts drivers through upsdrvctl into one",
  "nut-driver-host; the small stack is one dummy-ups, upsd and upsmon.",
  "",
  scale,
  "",
  ...NOTES,
].join("\n");
// Sections other benchmarks own (e.g. `deno task bench:http`) are kept.
const previous = await Deno.readTextFile(OUT).catch(() => "");
const kept = previous.match(/<!-- ([a-z-]+) -->[\s\S]*?<!-- \/\1 -->/g) ?? [];
await Deno.writeTextFile(
  OUT,
  kept.length ? md.trimEnd() + "\n\n" + kept.join("\n\n") + "\n" : md,
);
console.error(`wrote ${OUT}`);
