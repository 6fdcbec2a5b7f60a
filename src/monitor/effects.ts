/**
 * upsmon's real effects: notification delivery (syslog via the logger,
 * wall(1), NOTIFYCMD through the shell as NUT 2.8.0's system()),
 * POWERDOWNFLAG, SHUTDOWNCMD, the PID file. Everything the pure policy
 * decides ends up here.
 *
 * @module
 */
import type { Logger } from "../log.ts";
import { SHUTDOWN_MAGIC } from "../config/upsmon_conf.ts";
import type { Delivery } from "./notify.ts";
import {
  type Channels,
  fireEmail,
  fireWebhook,
  notifyEvent,
} from "./notify_channels.ts";

/** Runs `sh -c <command>`; resolves to the exit code (127 if sh is missing). */
export async function system(
  command: string,
  env: Record<string, string> = {},
  stdin?: string,
): Promise<number> {
  try {
    const child = new Deno.Command("/bin/sh", {
      args: ["-c", command],
      env,
      stdin: stdin === undefined ? "null" : "piped",
      stdout: "inherit",
      stderr: "inherit",
    }).spawn();
    if (stdin !== undefined) {
      const w = child.stdin.getWriter();
      await w.write(new TextEncoder().encode(stdin)).catch(() => {});
      await w.close().catch(() => {});
    }
    return (await child.status).code;
  } catch {
    return 127;
  }
}

/** Delivers notifications; tracks the spawned helpers so exit can wait for them. */
export class Notifier {
  #log: Logger;
  #notifyCmd: string | undefined;
  #pending = new Set<Promise<unknown>>();
  /** EXEC deliveries run one after another, in event order. */
  #execChain: Promise<unknown> = Promise.resolve();
  #channels: Channels | undefined;

  constructor(
    log: Logger,
    notifyCmd: string | undefined,
    channels?: Channels,
  ) {
    this.#log = log;
    this.#notifyCmd = notifyCmd;
    this.#channels = channels;
  }

  /** NOTIFYURL/NOTIFYSMTP/NOTIFYMAIL (replaced on reload). */
  set channels(ch: Channels | undefined) {
    this.#channels = ch;
  }

  set notifyCmd(cmd: string | undefined) {
    this.#notifyCmd = cmd;
  }

  /** SYSLOG now; WALL and EXEC in the background (NUT forks for them). */
  deliver(d: Delivery): void {
    if (d.syslog) this.#log.notice(d.message);
    if (d.wall) this.wall(d.message);
    if (d.exec && this.#notifyCmd !== undefined) {
      const cmd = `${this.#notifyCmd} "${d.message}"`;
      const env = { NOTIFYTYPE: d.type, UPSNAME: d.system };
      this.#execChain = this.#execChain.then(() => system(cmd, env));
      this.#track(this.#execChain);
    }
    const ch = this.#channels;
    if (ch && (d.webhook || d.email)) {
      const ev = notifyEvent(d.type, d.system, d.message);
      // In the background (as NUT forks for EXEC): a slow server never stalls polling.
      if (d.webhook) this.#track(this.#fire("WEBHOOK", fireWebhook(ch, ev)));
      if (d.email) this.#track(this.#fire("EMAIL", fireEmail(ch, ev)));
    }
  }

  async #fire(what: string, p: Promise<string>): Promise<void> {
    try {
      this.#log.debug(1, `${what}: ${await p}`);
    } catch (e) {
      this.#log.error(
        `${what} notification failed: ${e instanceof Error ? e.message : e}`,
      );
    }
  }

  /** Sends `text` to every terminal with wall(1). */
  wall(text: string): void {
    this.#track(system("wall", {}, text.endsWith("\n") ? text : text + "\n"));
  }

  #track(p: Promise<unknown>): void {
    this.#pending.add(p);
    p.finally(() => this.#pending.delete(p));
  }

  /** Waits (at most `ms`) for spawned notifiers to finish. */
  async settle(ms = 5000): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.allSettled([...this.#pending]),
      new Promise((r) => timer = setTimeout(r, ms)),
    ]);
    clearTimeout(timer);
  }
}

/** What `pdflag_status` finds: 1 proper flag, 0 none, -1 foreign content. */
export function powerDownFlagStatus(path: string | undefined): 1 | 0 | -1 {
  if (path === undefined) return 0;
  let text: string;
  try {
    text = new TextDecoder("latin1").decode(Deno.readFileSync(path));
  } catch {
    return 0;
  }
  return text.startsWith(SHUTDOWN_MAGIC) ? 1 : -1;
}

/**
 * Startup: remove our own flag left from a previous boot; a file with other
 * content disables POWERDOWNFLAG for this run (returns undefined).
 */
export function clearStaleFlag(
  path: string | undefined,
  log: Logger,
): string | undefined {
  const status = powerDownFlagStatus(path);
  if (status === -1) {
    log.error(
      `POWERDOWNFLAG (${path}) does not contain the upsmon magic string - disabling!`,
    );
    return undefined;
  }
  if (status === 1) {
    try {
      Deno.removeSync(path!);
    } catch (e) {
      log.error(`Failed to remove power down flag ${path}: ${String(e)}`);
    }
  }
  return path;
}

/** Creates POWERDOWNFLAG with NUT's magic (no newline). */
export function setPowerDownFlag(path: string | undefined, log: Logger): void {
  if (path === undefined) return;
  try {
    Deno.writeTextFileSync(path, SHUTDOWN_MAGIC);
  } catch {
    log.error("Failed to create power down flag!");
  }
}

/**
 * The privileged shutdown: flag, then SHUTDOWNCMD once. A failing command
 * is logged as NUT does (no retry: the system is going down either way).
 */
export async function runShutdown(
  flag: string | undefined,
  shutdownCmd: string | undefined,
  log: Logger,
  prefix = "",
): Promise<boolean> {
  setPowerDownFlag(flag, log);
  if (shutdownCmd === undefined) {
    log.error(`${prefix}Unable to call shutdown command: (none)`);
    return false;
  }
  const code = await system(shutdownCmd);
  if (code !== 0) {
    log.error(`${prefix}Unable to call shutdown command: ${shutdownCmd}`);
    return false;
  }
  return true;
}

/** `<pidPath>/upsmon.pid`. */
export function pidFilePath(pidPath: string): string {
  return `${pidPath}/upsmon.pid`;
}
