/**
 * upsmon's privilege split for nut-allinone: the process that runs drivers,
 * upsd and upsmon drops root, and a 1 MB root `/bin/sh` started before the
 * drop keeps the privileged half — as NUT's upsmon parent does, it waits on
 * a pipe, and on request writes POWERDOWNFLAG and runs SHUTDOWNCMD. The
 * in-process upsmon reaches it through a SHUTDOWNCMD that signals its own
 * process (SIGUSR2); the helper ends when the pipe closes.
 *
 * @module
 */
import { SHUTDOWN_MAGIC } from "../config/upsmon_conf.ts";

/** The root half: $1 flag path ("" = none), $2 SHUTDOWNCMD ("" = none). */
const SCRIPT = `
while IFS= read -r line; do
  [ "$line" = shutdown ] || continue
  if [ -n "$1" ]; then printf '%s' "$3" > "$1" || echo "Failed to create power down flag!" >&2; fi
  [ -n "$2" ] || { echo "Unable to call shutdown command: (none)" >&2; exit 1; }
  /bin/sh -c "$2" || echo "parent: Unable to call shutdown command: $2" >&2
  exit 0
done`;

/** The root helper process. */
export class ShutdownHelper {
  #child: Deno.ChildProcess;
  #writer: WritableStreamDefaultWriter<Uint8Array>;
  #requested = false;

  private constructor(child: Deno.ChildProcess) {
    this.#child = child;
    this.#writer = child.stdin.getWriter();
  }

  /** Starts the helper (call while still root). */
  static spawn(
    flag: string | undefined,
    shutdownCmd: string | undefined,
  ): ShutdownHelper {
    const child = new Deno.Command("/bin/sh", {
      args: ["-c", SCRIPT, "sh", flag ?? "", shutdownCmd ?? "", SHUTDOWN_MAGIC],
      stdin: "piped",
      stdout: "inherit",
      stderr: "inherit",
    }).spawn();
    return new ShutdownHelper(child);
  }

  /** Asks for the shutdown (once); resolves when the helper has finished. */
  async request(): Promise<void> {
    if (this.#requested) return;
    this.#requested = true;
    await this.#writer.write(new TextEncoder().encode("shutdown\n"));
    await this.#writer.close().catch(() => {});
    await this.#child.status;
  }

  /** Lets the helper go (pipe closed: it exits without doing anything). */
  async close(): Promise<void> {
    if (!this.#requested) await this.#writer.close().catch(() => {});
    await this.#child.status;
  }
}

/**
 * The upsmon.conf the unprivileged upsmon reads: the same lines without
 * SHUTDOWNCMD and POWERDOWNFLAG (the helper holds them, as NUT's parent
 * does: a reload cannot change them), plus a SHUTDOWNCMD that asks the
 * helper through SIGUSR2 to this process.
 */
export function derivedUpsmonConf(text: string, pid: number): string {
  const kept = text.split("\n").filter((line) =>
    !/^\s*(SHUTDOWNCMD|POWERDOWNFLAG)(\s|$)/.test(line)
  );
  return [...kept, `SHUTDOWNCMD "kill -USR2 ${pid}"`, ""].join("\n");
}
