/**
 * `deno task demo`: the whole stack on a simulated UPS. Our dummy-ups plays
 * tests/fixtures/demo.seq (the power fails, the battery runs down, the power
 * comes back), our upsd serves it on a free loopback port, our upsmon
 * watches it as primary with a harmless SHUTDOWNCMD, and this screen shows
 * the live status and upsmon's decisions. Ctrl-C stops everything.
 *
 *   deno task demo [--duration SECONDS] [--port N]
 *
 * @module
 */
import { oursBinDir, startStack, waitGone } from "./stack.ts";
import { NutClient } from "../src/client/mod.ts";
import { NOTIFY_TYPES } from "../src/monitor/notify.ts";
import { freePort } from "../tests/net.ts";

const args = Deno.args;
const durationArg = args.indexOf("--duration");
const duration = durationArg >= 0 ? Number(args[durationArg + 1]) : Infinity;
const portArg = args.indexOf("--port");
const port = portArg >= 0 ? Number(args[portArg + 1]) : freePort();
const color = Deno.stdout.isTerminal();
const paint = (code: string, s: string) =>
  color ? `\x1b[${code}m${s}\x1b[0m` : s;

/**
 * The guard: a tiny shell that outlives the demo only to clean up after it.
 * It learns the PIDs and directories through its stdin; when that pipe
 * closes without "done" (the demo was killed, even by SIGKILL, or exited
 * early) it ends every listed process and removes the directories. It
 * ignores the terminal's signals so a Ctrl-C to the whole group cannot
 * take it down first.
 */
const GUARD = `trap '' INT TERM HUP QUIT
pids=; dirs=
while read -r kind val; do
  case $kind in
    pid) pids="$pids $val" ;;
    dir) dirs="$dirs $val" ;;
    done) exit 0 ;;
  esac
done
[ -n "$pids" ] && kill -TERM $pids 2>/dev/null
i=0
while [ $i -lt 50 ]; do
  left=; for p in $pids; do kill -0 $p 2>/dev/null && left=1; done
  [ -z "$left" ] && break
  sleep 0.1; i=$((i + 1))
done
[ -n "$left" ] && kill -KILL $pids 2>/dev/null
[ -n "$dirs" ] && rm -rf $dirs
exit 0
`;
const guard = new Deno.Command("/bin/sh", {
  args: ["-c", GUARD],
  stdin: "piped",
  stdout: "null",
  stderr: "null",
}).spawn();
guard.unref();
const guardIn = guard.stdin.getWriter();
const tellGuard = (line: string) =>
  guardIn.write(new TextEncoder().encode(line + "\n")).catch(() => {});

// Signals are handled from the very start: one arriving while the stack is
// still starting stops it as soon as it is up. Every signal, first or
// repeated (`timeout` and `deno task` both deliver one), joins the same
// teardown; none exits before it is complete.
let teardown: Promise<void> | undefined;
let upsmon: Deno.ChildProcess | undefined;
const binDir = oursBinDir();
void tellGuard(`dir ${binDir}`);
const stackReady = startStack({
  flavour: "ours",
  port,
  ups: [{
    name: "demo",
    file: "demo.seq",
    content: Deno.readTextFileSync(
      new URL("../tests/fixtures/demo.seq", import.meta.url),
    ),
    desc: "Demo UPS",
  }],
  adminPassword: "demo",
});

async function stop(code: number): Promise<never> {
  teardown ??= (async () => {
    const stack = await stackReady.catch(() => undefined);
    try {
      upsmon?.kill("SIGTERM");
      await upsmon?.status;
    } catch { /* already gone */ }
    await stack?.stop();
    if (stack) await waitGone([stack.upsdPid, ...stack.driverPids], 5000);
    await Deno.remove(binDir, { recursive: true }).catch(() => {});
    await tellGuard("done");
    await guardIn.close().catch(() => {});
    await guard.status;
    console.log(paint("2", "\nstopped: drivers, upsd and upsmon are gone"));
  })();
  await teardown;
  Deno.exit(code);
}
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"] as const) {
  Deno.addSignalListener(sig, () => void stop(0));
}

const stack = await stackReady;
await tellGuard(`dir ${stack.dir}`);
for (const pid of [stack.upsdPid, ...stack.driverPids]) {
  await tellGuard(`pid ${pid}`);
}
if (teardown) await stop(0);

// upsmon as primary, one process (-p), harmless shutdown: it only writes a line.
const events = `${stack.dir}/upsmon-events.log`;
await Deno.writeTextFile(events, "");
const notify = `${stack.dir}/notify.sh`;
await Deno.writeTextFile(
  notify,
  `#!/bin/sh\necho "$(date +%H:%M:%S) $NOTIFYTYPE $*" >> ${events}\n`,
);
await Deno.chmod(notify, 0o755);
await Deno.writeTextFile(
  `${stack.dir}/upsmon.conf`,
  [
    `MONITOR demo@127.0.0.1:${port} 1 monuser demo primary`,
    "MINSUPPLIES 1",
    `SHUTDOWNCMD "echo \\"$(date +%H:%M:%S) SHUTDOWNCMD would power this host off now (demo: nothing done)\\" >> ${events}"`,
    `NOTIFYCMD ${notify}`,
    `POWERDOWNFLAG ${stack.dir}/killpower`,
    "POLLFREQ 2",
    "POLLFREQALERT 1",
    "HOSTSYNC 3",
    "FINALDELAY 0",
    ...NOTIFY_TYPES.filter((t) => t !== "NOPARENT" && t !== "CAL")
      .map((t) => `NOTIFYFLAG ${t} SYSLOG+EXEC`),
  ].join("\n") + "\n",
);
try {
  Deno.statSync(`${binDir}/upsmon`);
  upsmon = new Deno.Command(`${binDir}/upsmon`, {
    args: ["-p", "-F"],
    env: stack.env,
    stdout: "null",
    stderr: "null",
  }).spawn();
  await tellGuard(`pid ${upsmon.pid}`);
} catch {
  upsmon = undefined;
}
if (teardown) await stop(0);

console.log(paint("1", "deno-nut demo: a simulated UPS loses mains power"));
console.log(
  `  dummy-ups plays demo.seq · upsd on 127.0.0.1:${port} · upsmon ${
    upsmon ? "watching as primary" : "(not available yet)"
  }`,
);
console.log(
  `  try in another shell:  PATH=${binDir}:$PATH upsc demo@127.0.0.1:${port}`,
);
console.log(`  state and logs in ${stack.dir}`);
console.log("  Ctrl-C stops everything.\n");

function statusText(status: string): string {
  const t = status.split(" ");
  if (t.includes("FSD")) return paint("1;31", "forced shutdown");
  if (t.includes("OB") && t.includes("LB")) {
    return paint("1;31", "on battery, battery LOW");
  }
  if (t.includes("OB")) return paint("33", "on battery");
  if (t.includes("OL")) return paint("32", "on line power");
  if (t.includes("WAIT")) return "waiting for the driver";
  return status;
}

function bar(percent: number): string {
  const n = Math.max(0, Math.min(10, Math.round(percent / 10)));
  return "█".repeat(n) + "░".repeat(10 - n);
}

function minutes(sec: number): string {
  if (!Number.isFinite(sec)) return "?";
  return `${Math.floor(sec / 60)}m${
    String(Math.round(sec % 60)).padStart(2, "0")
  }s`;
}

const started = Date.now();
let seenEvents = 0;
let client: NutClient | undefined;
while ((Date.now() - started) / 1000 < duration) {
  try {
    client ??= await NutClient.connect({
      host: "127.0.0.1",
      port,
      timeoutMs: 2000,
    });
    const vars = new Map(await client.listVars("demo"));
    const status = vars.get("ups.status") ?? "?";
    const charge = Number(vars.get("battery.charge") ?? NaN);
    const t = Math.round((Date.now() - started) / 1000);
    console.log(
      `T+${String(t).padStart(3)}s  ${paint("2", `[${status}]`.padEnd(21))} ${
        statusText(status).padEnd(color ? 36 : 26)
      } charge ${String(charge).padStart(3)}% ${bar(charge)}  runtime ${
        minutes(Number(vars.get("battery.runtime")))
      }  load ${vars.get("ups.load") ?? "?"}%  input ${
        vars.get("input.voltage") ?? "?"
      } V`,
    );
  } catch (e) {
    console.log(
      paint("2", `  (waiting: ${e instanceof Error ? e.message : e})`),
    );
    await client?.close().catch(() => {});
    client = undefined;
  }
  const lines = (await Deno.readTextFile(events)).split("\n").filter(Boolean);
  for (const line of lines.slice(seenEvents)) {
    console.log(paint("1;36", `          upsmon: ${line}`));
    if (line.includes("SHUTDOWNCMD")) {
      console.log(paint(
        "2",
        "          (a real host powers off here; upsd keeps the FSD latch until it restarts, as NUT does)",
      ));
    }
  }
  seenEvents = lines.length;
  await new Promise((r) => setTimeout(r, 1000));
}
await client?.close().catch(() => {});
await stop(0);
