/**
 * snmp-ups side by side with NUT 2.8.0 in one run: snmpsimd serves the
 * 24-outlet APC rack PDU recording (snmpsim-data/apc-8641, mibs=apc_pdu)
 * through a relay that timestamps every request; each driver runs alone
 * (no upsd), polling every 2 s, and we measure over 5 full polls: the wall
 * time of one poll (first to last request of its burst), requests per poll,
 * the driver's CPU per poll (/proc/<pid>/stat) and its RSS (VmRSS).
 *
 *   deno run -A tests/bench/snmp_ups_bench.ts [--polls N]
 *
 * Prints a Markdown table (pasted into BENCHMARKS.md).
 *
 * @module
 */
import { startSnmpSim } from "../sim/snmpsim.ts";
import { startRelay } from "../sim/snmp_capture.ts";

const REC = "apc-8641";
const POLLS = Number(
  Deno.args[Deno.args.indexOf("--polls") + 1] ?? 5,
) || 5;
const ROOT = new URL("../../", import.meta.url).pathname;
const TICK = 100; // clock ticks per second (Linux USER_HZ)

function cpuTicks(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(f[11]) + Number(f[12]); // utime + stime
}

function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(Deno.readTextFileSync(`/proc/${pid}/status`));
  return m ? Number(m[1]) : 0;
}

type Burst = { start: number; end: number; n: number };

/** Bursts of requests separated by 500 ms or more. */
function allBursts(times: number[]): Burst[] {
  const out: Burst[] = [];
  for (const t of times) {
    const last = out.at(-1);
    if (last && t - last.end < 500) {
      last.end = t;
      last.n++;
    } else out.push({ start: t, end: t, n: 1 });
  }
  return out;
}

/** Full polls: bursts of more than 5 requests (our driver's one-GET
 * liveness checks between full polls are left out). */
function bursts(times: number[]): Burst[] {
  return allBursts(times).filter((b) => b.n > 5);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function measure(flavour: "nut" | "ours", agentPort: number) {
  const relay = await startRelay(agentPort);
  const dir = await Deno.makeTempDir({ prefix: "snmpbench-" });
  const argv = flavour === "nut"
    ? ["/lib/nut/snmp-ups"]
    : [Deno.execPath(), "run", "-A", `${ROOT}drivers/snmp_ups.ts`];
  const child = new Deno.Command(argv[0]!, {
    args: [
      ...argv.slice(1),
      "-s",
      "bench",
      "-x",
      `port=127.0.0.1:${relay.port}`,
      "-x",
      `community=${REC}`,
      "-x",
      "pollfreq=2",
      "-i",
      "1",
      "-F",
      "-u",
      "root",
    ],
    env: { NUT_STATEPATH: dir, NUT_ALTPIDPATH: dir, NUT_CONFPATH: dir },
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    // Start-up and the first walk, then POLLS measured polls.
    const want = POLLS + 2;
    const end = Date.now() + 120_000;
    let cpu0 = 0;
    let counted = 0;
    while (Date.now() < end) {
      const b = bursts(relay.times);
      if (
        cpu0 === 0 && b.length >= 2 && performance.now() - b.at(-1)!.end > 600
      ) {
        cpu0 = cpuTicks(child.pid);
        counted = b.length;
      }
      if (
        b.length >= counted + POLLS && cpu0 &&
        performance.now() - b.at(-1)!.end > 600
      ) break;
      if (b.length > want + 5) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const cpu1 = cpuTicks(child.pid);
    const rss = rssKiB(child.pid);
    const polls = bursts(relay.times).slice(counted, counted + POLLS);
    return {
      wallMs: median(polls.map((p) => p.end - p.start)),
      requests: median(polls.map((p) => p.n)),
      cpuMsPerPoll: ((cpu1 - cpu0) * 1000) / TICK / polls.length,
      rssKiB: rss,
      polls: polls.length,
    };
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await relay.close();
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) {
  const sim = await startSnmpSim({ recordings: [REC] });
  try {
    const nut = await measure("nut", sim.port);
    const ours = await measure("ours", sim.port);
    const r = (a: number, b: number) => (b ? (a / b).toFixed(2) : "-");
    console.log(
      `| driver | wall ms / full poll | SNMP requests / poll | CPU ms / poll | RSS MiB |\n` +
        `|---|---:|---:|---:|---:|\n` +
        `| NUT 2.8.0 snmp-ups | ${nut.wallMs.toFixed(1)} | ${nut.requests} | ${
          nut.cpuMsPerPoll.toFixed(1)
        } | ${(nut.rssKiB / 1024).toFixed(1)} |\n` +
        `| ours | ${ours.wallMs.toFixed(1)} | ${ours.requests} | ${
          ours.cpuMsPerPoll.toFixed(1)
        } | ${(ours.rssKiB / 1024).toFixed(1)} |\n` +
        `| ratio ours/NUT | ${r(ours.wallMs, nut.wallMs)} | ${
          r(ours.requests, nut.requests)
        } | ${r(ours.cpuMsPerPoll, nut.cpuMsPerPoll)} | ${
          r(ours.rssKiB, nut.rssKiB)
        } |`,
    );
    console.log(
      `(${nut.polls}/${ours.polls} polls measured, median wall/requests)`,
    );
  } finally {
    await sim.stop();
  }
}
