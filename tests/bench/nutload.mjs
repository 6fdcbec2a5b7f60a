#!/usr/bin/env node
// nutload.mjs — tiny, dependency-free load generator for the NUT network
// protocol (upsd, RFC 9271 style line protocol).  Loopback targets only.
//
// Modes
//   get   : closed loop of "GET VAR <ups> <var>"           (1 response line)
//   list  : closed loop of "LIST VAR <ups>"                (BEGIN ... END block)
//   raw   : closed loop of --cmd "<line>" (single-line answers, e.g. VER)
//   idle  : open C connections, hold them --hold seconds, then probe each
//           with "VER" (or --cmd) and count how many still answer.
//           --keepalive S sends one "VER" per connection every S s meanwhile
//           (upsd 2.8.0 drops clients that stay silent for more than 60 s).
//
// Each connection keeps --depth requests outstanding (1 = strictly sequential
// request/response, >1 = pipelined).  Latency = time from writing a request
// to parsing its complete answer.  Every run is bounded by --duration seconds
// (<= 120) and --max-requests, and a hard watchdog exits the process.
//
// usage examples
//   node nutload.mjs --mode get  --conns 10 --duration 10 --pid $(pidof upsd)
//   node nutload.mjs --mode list --conns 100 --depth 1 --ups-count 50
//   node nutload.mjs --mode idle --conns 5000 --hold 10 --connect-rate 1000 --pid <upsd pid>
//
// Connection ramp: at most --connect-concurrency connects in flight and, if
// --connect-rate > 0, at most that many new connections per second.  (upsd
// 2.8.0 listens with backlog 16 and accepts one connection per poll() loop,
// so unthrottled bursts overflow its accept queue and cost 1 s SYN retries.)
import net from "node:net";
import fs from "node:fs";
import { performance } from "node:perf_hooks";

// ---------------------------------------------------------------- options
const defaults = {
  host: "127.0.0.1",
  port: 13493,
  mode: "get",
  ups: "ups1",
  "ups-count": 1,
  var: "battery.charge",
  cmd: "VER",
  conns: 1,
  depth: 1,
  duration: 10,
  warmup: 1,
  "max-requests": 20_000_000,
  "connect-concurrency": 8,
  "connect-timeout": 5000,
  "connect-rate": 0,
  hold: 10,
  keepalive: 0,
  pid: 0,
  json: false,
  label: "",
};
const opt = { ...defaults };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (!a.startsWith("--")) die(`bad argument ${a}`);
  const k = a.slice(2);
  if (!(k in defaults)) die(`unknown option --${k}`);
  if (typeof defaults[k] === "boolean") {
    opt[k] = true;
    continue;
  }
  const v = argv[++i];
  if (v === undefined) die(`missing value for --${k}`);
  opt[k] = typeof defaults[k] === "number" ? Number(v) : v;
}
function die(msg) {
  console.error(`nutload: ${msg}`);
  process.exit(2);
}

// safety: loopback only, bounded in time and count
const loopback = /^127\.\d+\.\d+\.\d+$/.test(opt.host) || opt.host === "::1" ||
  opt.host === "localhost";
if (!loopback) die(`refusing non-loopback target ${opt.host}`);
if (!(opt.duration > 0 && opt.duration <= 120)) {
  die("--duration must be in (0,120]");
}
if (!(opt.hold >= 0 && opt.hold <= 120)) die("--hold must be in [0,120]");
if (!(opt.conns >= 1 && opt.conns <= 20000)) {
  die("--conns must be in [1,20000]");
}
if (!(opt.depth >= 1 && opt.depth <= 1000)) die("--depth must be in [1,1000]");
if (!(opt["max-requests"] >= 1 && opt["max-requests"] <= 1e9)) {
  die("--max-requests must be in [1,1e9]");
}
if (!["get", "list", "raw", "idle"].includes(opt.mode)) {
  die(`bad --mode ${opt.mode}`);
}

// hard watchdog: ramp + warmup + duration/hold + generous slack
const rampBudgetS = Math.ceil(opt.conns / 50) + 30;
const watchdogS = rampBudgetS + opt.warmup + Math.max(opt.duration, opt.hold) +
  30;
const watchdog = setTimeout(() => {
  console.error(`nutload: watchdog fired after ${watchdogS}s`);
  process.exit(3);
}, watchdogS * 1000);
watchdog.unref();

// ---------------------------------------------------------------- /proc sampling
const CLK_TCK = 100; // Linux USER_HZ
function procSample(pid) {
  if (!pid) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(f[11]) + Number(f[12]); // utime + stime
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    const fds = fs.readdirSync(`/proc/${pid}/fd`).length;
    let runNs = NaN;
    try {
      runNs = Number(
        fs.readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0],
      );
    } catch { /* schedstat absent: no run time */ }
    return {
      t: performance.now(),
      ticks,
      runNs,
      rssKiB: rss,
      hwmKiB: hwm,
      fds,
    };
  } catch {
    return null;
  }
}

// whole-machine CPU (all cores) from /proc/stat, to expose background load
function sysCpu() {
  try {
    const f = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(
      /\s+/,
    ).slice(1).map(Number);
    const idle = f[3] + (f[4] || 0), total = f.reduce((a, b) => a + b, 0);
    return { idle, total };
  } catch {
    return null;
  }
}
const NCPU =
  (fs.readFileSync("/proc/cpuinfo", "utf8").match(/^processor/gm) || [1])
    .length;

// ---------------------------------------------------------------- latency store
// Fixed-capacity sample buffer with reservoir sampling beyond capacity.
const CAP = 4_000_000;
const samples = new Float64Array(CAP);
let nSamples = 0, nSeen = 0;
function record(ms) {
  nSeen++;
  if (nSamples < CAP) samples[nSamples++] = ms;
  else {
    const j = Math.floor(Math.random() * nSeen);
    if (j < CAP) samples[j] = ms;
  }
}
function percentiles() {
  const s = samples.subarray(0, nSamples).sort();
  const q = (
    p,
  ) => (s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN);
  return {
    p50: q(0.5),
    p90: q(0.9),
    p99: q(0.99),
    p999: q(0.999),
    max: s.length ? s[s.length - 1] : NaN,
    mean: s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN,
  };
}

// ---------------------------------------------------------------- state
let phase = "ramp"; // ramp -> warmup -> measure -> done
let completedTotal = 0, completedMeasured = 0, sentTotal = 0, errors = 0;
const errSamples = [];
let protoErrors = 0,
  listLinesMeasured = 0,
  bytesIn = 0,
  kaAnswers = 0,
  kaSent = 0;
let measureStart = 0, measureEnd = 0;
const conns = [];

function requestLine(c) {
  if (opt.mode === "get") return `GET VAR ${c.ups} ${opt.var}\n`;
  if (opt.mode === "list") return `LIST VAR ${c.ups}\n`;
  return `${opt.cmd}\n`;
}

function makeConn(idx) {
  return new Promise((resolve) => {
    const ups = `ups${(idx % opt["ups-count"]) + 1}`;
    const c = {
      idx,
      ups,
      sock: null,
      buf: "",
      pend: [],
      pendHead: 0,
      inList: false,
      listCount: 0,
      open: false,
      req: "",
    };
    c.req = requestLine(c);
    const sock = net.createConnection({
      host: opt.host,
      port: opt.port,
      noDelay: true,
    });
    c.sock = sock;
    const t = setTimeout(() => {
      sock.destroy(new Error("connect timeout"));
    }, opt["connect-timeout"]);
    sock.setEncoding("latin1");
    sock.once("connect", () => {
      clearTimeout(t);
      c.open = true;
      resolve(c);
    });
    sock.on("error", (e) => {
      clearTimeout(t);
      if (!c.open) resolve(null);
      if (errSamples.length < 5) {
        errSamples.push(`conn ${idx}: ${e.code ?? e.message}`);
      }
      errors++;
    });
    sock.on("close", () => {
      if (c.open && phase !== "done" && opt.mode !== "idle") {
        errors++;
        if (errSamples.length < 5) {
          errSamples.push(`conn ${idx}: closed by peer`);
        }
      }
      c.open = false;
    });
    sock.on("data", (d) => onData(c, d));
  });
}

function sendMore(c, n) {
  if (!c.open || n <= 0) return;
  if (sentTotal >= opt["max-requests"]) return;
  n = Math.min(n, opt["max-requests"] - sentTotal);
  const now = performance.now();
  for (let i = 0; i < n; i++) c.pend.push(now);
  sentTotal += n;
  c.sock.write(n === 1 ? c.req : c.req.repeat(n));
}

function complete(c, ok) {
  const t0 = c.pend[c.pendHead++];
  if (c.pendHead > 1024) {
    c.pend = c.pend.slice(c.pendHead);
    c.pendHead = 0;
  }
  completedTotal++;
  if (!ok) protoErrors++;
  if (phase === "measure") {
    completedMeasured++;
    record(performance.now() - t0);
  }
}

function onData(c, d) {
  bytesIn += d.length;
  const data = c.buf + d;
  let start = 0, nl, done = 0;
  while ((nl = data.indexOf("\n", start)) !== -1) {
    const line = data.slice(start, nl);
    start = nl + 1;
    if (opt.mode === "list") {
      if (c.inList) {
        if (line.startsWith("END LIST")) {
          c.inList = false;
          if (phase === "measure") listLinesMeasured += c.listCount;
          complete(c, true);
          done++;
        } else c.listCount++;
      } else if (line.startsWith("BEGIN LIST")) {
        c.inList = true;
        c.listCount = 0;
      } else {
        complete(c, false);
        done++;
        noteErr(line);
      }
    } else if (opt.mode === "get") {
      const ok = line.startsWith("VAR ");
      if (!ok) noteErr(line);
      complete(c, ok);
      done++;
    } else { // raw / idle probe: one line per answer
      const ok = !line.startsWith("ERR");
      if (!ok) noteErr(line);
      if (opt.mode === "idle") {
        if (c.kaPending > 0) {
          c.kaPending--;
          kaAnswers++;
          continue;
        } // answer to a keepalive
        c.probeOk = ok;
        c.probeDone = true;
        continue;
      }
      complete(c, ok);
      done++;
    }
  }
  c.buf = data.slice(start);
  if (done && phase !== "done" && opt.mode !== "idle") {
    if (sentTotal >= opt["max-requests"]) {
      maybeFinishEarly();
      return;
    }
    sendMore(c, done);
  }
}
function noteErr(line) {
  if (errSamples.length < 5) errSamples.push(`answer: ${line}`);
}
let earlyDone = null;
function maybeFinishEarly() {
  if (earlyDone && completedTotal >= sentTotal) earlyDone();
}

async function ramp() {
  const t0 = performance.now();
  let next = 0, ok = 0;
  const K = Math.max(1, opt["connect-concurrency"]);
  const rate = opt["connect-rate"]; // max new connections per second (0 = unlimited)
  async function worker() {
    while (next < opt.conns) {
      const i = next++;
      if (rate > 0) {
        const due = t0 + (i * 1000) / rate;
        const w = due - performance.now();
        if (w > 0) await sleep(w);
      }
      const c = await makeConn(i);
      if (c) {
        conns.push(c);
        ok++;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(K, opt.conns) }, worker));
  return { connected: ok, rampMs: performance.now() - t0 };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- main
const result = {
  tool: "nutload",
  label: opt.label,
  mode: opt.mode,
  host: opt.host,
  port: opt.port,
  conns: opt.conns,
  depth: opt.depth,
  upsCount: opt["ups-count"],
  node: process.version,
  options: {
    duration: opt.duration,
    warmup: opt.warmup,
    connectRate: opt["connect-rate"],
    connectConcurrency: opt["connect-concurrency"],
    hold: opt.hold,
    keepalive: opt.keepalive,
    cmd: opt.cmd,
    var: opt.var,
  },
};
const srv0 = procSample(opt.pid);
result.serverBefore = srv0 && { rssKiB: srv0.rssKiB, fds: srv0.fds };
// idle mode --keepalive S: every connection sends one "VER" every S seconds
// (staggered over S one-second slots) so that upsd's 60 s idle-client
// shedding does not interfere with holding many connections.
let kaTimer = null;
if (opt.mode === "idle" && opt.keepalive > 0) {
  let tick = 0;
  kaTimer = setInterval(() => {
    const slot = tick++ % opt.keepalive;
    for (const c of conns) {
      if (c.open && c.idx % opt.keepalive === slot) {
        c.kaPending = (c.kaPending || 0) + 1;
        kaSent++;
        c.sock.write("VER\n");
      }
    }
  }, 1000);
}
const { connected, rampMs } = await ramp();
result.connected = connected;
result.rampMs = +rampMs.toFixed(1);
const srvAfterRamp = procSample(opt.pid);
result.serverAfterRamp = srvAfterRamp &&
  { rssKiB: srvAfterRamp.rssKiB, fds: srvAfterRamp.fds };

if (opt.mode === "idle") {
  await sleep(opt.hold * 1000);
  const srvHeld = procSample(opt.pid);
  result.serverHeld = srvHeld &&
    { rssKiB: srvHeld.rssKiB, hwmKiB: srvHeld.hwmKiB, fds: srvHeld.fds };
  if (kaTimer) {
    clearInterval(kaTimer);
    result.keepaliveSent = kaSent;
  }
  result.stillOpenBeforeProbe = conns.filter((c) => c.open).length;
  // probe: every open connection sends one command; count answers (5 s max)
  const probeT0 = performance.now();
  for (const c of conns) if (c.open) c.sock.write(`${opt.cmd}\n`);
  while (
    performance.now() - probeT0 < 5000 &&
    conns.some((c) => c.open && !c.probeDone)
  ) await sleep(50);
  result.answeredProbe = conns.filter((c) => c.probeDone && c.probeOk).length;
  result.probeMs = +(performance.now() - probeT0).toFixed(1);
  if (kaTimer) result.keepaliveAnswered = kaAnswers;
  phase = "done";
} else {
  // start the closed loops
  phase = opt.warmup > 0 ? "warmup" : "measure";
  for (const c of conns) sendMore(c, opt.depth);
  if (opt.warmup > 0) {
    await sleep(opt.warmup * 1000);
    phase = "measure";
  }
  const srvA = procSample(opt.pid);
  const cpuA = process.cpuUsage();
  const sysA = sysCpu();
  measureStart = performance.now();
  await Promise.race([
    sleep(opt.duration * 1000),
    new Promise((r) => {
      earlyDone = r;
      maybeFinishEarly();
    }),
  ]);
  measureEnd = performance.now();
  phase = "done";
  const srvB = procSample(opt.pid);
  const cpuB = process.cpuUsage(cpuA);
  const sysB = sysCpu();
  const secs = (measureEnd - measureStart) / 1000;
  const pc = percentiles();
  Object.assign(result, {
    measuredSeconds: +secs.toFixed(3),
    requests: completedMeasured,
    rps: Math.round(completedMeasured / secs),
    latencyMs: Object.fromEntries(
      Object.entries(pc).map(([k, v]) => [k, +v.toFixed(3)]),
    ),
    avgListLines: opt.mode === "list" && completedMeasured
      ? +(listLinesMeasured / completedMeasured).toFixed(1)
      : undefined,
    protoErrors,
    clientCpuPct: +(((cpuB.user + cpuB.system) / 1000 / (secs * 1000)) * 100)
      .toFixed(1),
  });
  if (sysA && sysB) {
    // busy share of all cores, expressed in "percent of one core" like the others
    const busy = 1 - (sysB.idle - sysA.idle) / (sysB.total - sysA.total);
    result.machineCpuPct = +(busy * NCPU * 100).toFixed(1);
    result.ncpu = NCPU;
  }
  if (srvA && srvB) {
    // serverCpuPct: precise on-CPU time from /proc/PID/schedstat (ns);
    // serverCpuTickPct: utime+stime from /proc/PID/stat (tick-sampled, kept for reference)
    result.serverCpuPct = +(((srvB.runNs - srvA.runNs) / 1e9) / secs * 100)
      .toFixed(1);
    result.serverCpuTickPct =
      +(((srvB.ticks - srvA.ticks) / CLK_TCK) / secs * 100).toFixed(1);
    result.serverRssKiB = srvB.rssKiB;
    result.serverHwmKiB = srvB.hwmKiB;
  }
}
result.errors = errors;
result.errSamples = errSamples;
result.totalSent = sentTotal;
for (const c of conns) c.sock.destroy();
{ // human-readable summary always goes to stderr; JSON to stdout
  const l = result.latencyMs ?? {};
  console.error(
    opt.mode === "idle"
      ? `[${opt.label}] idle conns=${opt.conns} connected=${connected} ramp=${result.rampMs}ms answered=${result.answeredProbe} srvRSS=${result.serverHeld?.rssKiB}KiB`
      : `[${opt.label}] ${opt.mode} C=${opt.conns} depth=${opt.depth} rps=${result.rps} p50=${l.p50}ms p99=${l.p99}ms max=${l.max}ms srvCPU=${result.serverCpuPct}% cliCPU=${result.clientCpuPct}% machine=${result.machineCpuPct}%/${
        NCPU * 100
      }% err=${errors}/${protoErrors}`,
  );
}
console.log(JSON.stringify(result));
process.exit(0);
