/**
 * upssched: upsmon's NOTIFYCMD helper with timers (NUT 2.8.0). Reads
 * UPSNAME and NOTIFYTYPE from the environment, runs every matching AT rule
 * of upssched.conf, and talks to (starting if needed) the timer daemon on
 * PIPEFN.
 *
 * @module
 */
import { selfCommand as respawnCommand } from "../src/respawn.ts";
import type { Io } from "../src/io.ts";
import { runMain } from "./_io.ts";
import { confFile, nutPaths } from "../src/config/paths.ts";
import {
  parseUpsschedConf,
  type UpsschedConf,
} from "../src/config/upssched_conf.ts";
import {
  dueTimers,
  handleRequest,
  matchRules,
  requestLine,
  type SchedAction,
  type Timer,
} from "../src/monitor/sched.ts";
import { system } from "../src/monitor/effects.ts";
import { WordParser } from "../src/words.ts";
import { NUT_VERSION, versionNote } from "../src/version.ts";
import { strerror } from "../src/client/errors.ts";

/** Internal marker: this process is the timer daemon. */
const DAEMON_ENV = "DENO_NUT_UPSSCHED_DAEMON";
const MAX_TRIES = 30;

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function runCmd(conf: UpsschedConf, arg: string): Promise<number> {
  return system(`${conf.cmdScript} ${arg}`);
}

async function exchange(path: string, line: string): Promise<string> {
  const conn = await Deno.connect({ transport: "unix", path });
  try {
    await conn.write(new TextEncoder().encode(line));
    const buf = new Uint8Array(512);
    let text = "";
    while (!text.includes("\n")) {
      const n = await conn.read(buf);
      if (n === null) break;
      text += new TextDecoder().decode(buf.subarray(0, n));
    }
    return text.trim();
  } finally {
    conn.close();
  }
}

function selfCommand(): { cmd: string; args: string[] } {
  const [cmd, args] = respawnCommand([], { entry: import.meta.url });
  return { cmd, args };
}

/** Sends one START/CANCEL, starting the daemon for START if none runs. */
async function sendCmd(
  conf: UpsschedConf,
  action: SchedAction,
  io: Io,
): Promise<void> {
  const line = requestLine(action)!;
  let ownLock = false;
  try {
    await sendWithRetries(conf, action, line, io, () => ownLock = true);
  } finally {
    // the client that started the daemon holds the lock until it was served
    if (ownLock) await Deno.remove(conf.lockFn!).catch(() => {});
  }
}

async function sendWithRetries(
  conf: UpsschedConf,
  action: SchedAction,
  line: string,
  io: Io,
  lockTaken: () => void,
): Promise<void> {
  for (let i = 0; i < MAX_TRIES; i++) {
    let reply: string;
    try {
      reply = await exchange(conf.pipeFn!, line);
    } catch {
      if (action.kind === "cancel") {
        // no daemon: nothing to cancel; run the fallback command if given
        if (action.cmd !== undefined) await runCmd(conf, action.cmd);
        return;
      }
      if (await startDaemon(conf, io)) lockTaken();
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    if (reply.startsWith("OK")) return;
    io.err(`read confirmation got [${reply}]\n`);
  }
  io.err(`Unable to connect to daemon: ${conf.pipeFn}\n`);
}

/** A lock older than this was left by a client that died while starting a daemon. */
const STALE_LOCK_MS = 10_000;

/** Starts the daemon unless another client is doing so; true when this one took the lock. */
async function startDaemon(conf: UpsschedConf, io: Io): Promise<boolean> {
  const lock = conf.lockFn!;
  try {
    const f = await Deno.open(lock, { createNew: true, write: true });
    f.close();
  } catch {
    const age = Date.now() -
      ((await Deno.stat(lock).catch(() => null))?.mtime?.getTime() ??
        Date.now());
    if (age < STALE_LOCK_MS) return false; // another client is starting it
    await Deno.remove(lock).catch(() => {});
    return startDaemon(conf, io);
  }
  const self = selfCommand();
  const env: Record<string, string> = { [DAEMON_ENV]: "1" };
  const confPath = io.env("NUT_CONFPATH");
  if (confPath) env.NUT_CONFPATH = confPath;
  new Deno.Command(self.cmd, {
    args: self.args,
    env,
    detached: true,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn().unref();
  return true;
}

/** Whether a live daemon listens on `path` (a stale socket file refuses). */
async function answers(path: string): Promise<boolean> {
  try {
    (await Deno.connect({ transport: "unix", path })).close();
    return true;
  } catch {
    return false;
  }
}

/** The timer daemon: serves PIPEFN until idle. */
async function runDaemon(conf: UpsschedConf, io: Io): Promise<number> {
  const path = conf.pipeFn!;
  if (await answers(path)) return 0; // another daemon serves this pipe
  try {
    await Deno.remove(path);
  } catch { /* none left over */ }
  const listener = Deno.listen({ transport: "unix", path });
  await Deno.chmod(path, 0o660).catch(() => {});
  let timers: Timer[] = [];
  const idleLimit = Number(io.env("UPSSCHED_IDLE_EXIT") ?? "15") * 1000;
  let idleSince = Date.now();
  const tick = setInterval(() => {
    const now = Date.now();
    const { due, rest } = dueTimers(timers, now);
    timers = rest;
    for (const name of due) runCmd(conf, name);
    if (timers.length > 0) idleSince = now;
    else if (now - idleSince >= idleLimit) listener.close();
  }, 250);
  // SIGTERM/SIGINT end the daemon as idling out does (socket removed)
  const stop = () => listener.close();
  io.signal.addEventListener("abort", stop, { once: true });
  try {
    for await (const conn of listener) {
      serve(conn).catch(() => {});
    }
  } catch {
    // listener closed
  } finally {
    clearInterval(tick);
    io.signal.removeEventListener("abort", stop);
    await Deno.remove(path).catch(() => {});
  }
  return 0;

  async function serve(conn: Deno.Conn): Promise<void> {
    const parser = new WordParser();
    const buf = new Uint8Array(512);
    try {
      while (true) {
        const n = await conn.read(buf);
        if (n === null) return;
        for (
          const l of parser.push(new TextDecoder().decode(buf.subarray(0, n)))
        ) {
          const r = handleRequest(timers, l.error ? [] : l.words, Date.now());
          timers = r.timers;
          for (const cmd of r.run) runCmd(conf, cmd);
          await conn.write(new TextEncoder().encode(r.reply));
        }
      }
    } finally {
      conn.close();
    }
  }
}

/** upssched's entry point. */
export async function main(args: string[], io: Io): Promise<number> {
  if (args.includes("-V")) {
    io.out(`Network UPS Tools upssched ${NUT_VERSION}\n`);
    io.err(versionNote());
    return 0;
  }
  const file = confFile(nutPaths(io.env), "upssched.conf");
  let conf: UpsschedConf;
  try {
    conf = parseUpsschedConf(
      new TextDecoder("latin1").decode(await Deno.readFile(file)),
      file,
    );
  } catch (e) {
    io.err(
      e instanceof Deno.errors.NotFound
        ? `Can't open ${file}: ${strerror(e)}\n`
        : `${errText(e)}\n`,
    );
    return 1;
  }
  for (const w of conf.warnings) io.err(`${w.message}\n`);
  if (io.env(DAEMON_ENV) === "1") {
    // CMDSCRIPT runs must not carry the daemon's own marker
    try {
      Deno.env.delete(DAEMON_ENV);
    } catch { /* no env permission: the marker stays, harmless */ }
    return await runDaemon(conf, io);
  }
  const upsName = io.env("UPSNAME");
  const notifyType = io.env("NOTIFYTYPE");
  if (!upsName || !notifyType) {
    io.err("Error: UPSNAME and NOTIFYTYPE must be set.\n");
    io.err("This program should only be run from upsmon.\n");
    return 1;
  }
  if (conf.cmdScript === undefined) {
    io.err("CMDSCRIPT must be set before any ATs in the config file!\n");
    return 1;
  }
  for (const action of matchRules(conf.rules, notifyType, upsName)) {
    if (action.kind === "error") io.err(`${action.message}\n`);
    else if (action.kind === "execute") await runCmd(conf, action.cmd);
    else await sendCmd(conf, action, io);
  }
  return 0;
}

if (import.meta.main) runMain(main);
