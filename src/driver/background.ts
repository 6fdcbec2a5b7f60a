/**
 * Going to the background without fork() (toolchain.md): the foreground
 * process re-spawns its own entry point detached, relays the child's output
 * until the child reports that its socket is up, then exits 0 — or exits
 * with the child's status if it dies first, so upsdrvctl sees failures.
 *
 * @module
 */
import { selfCommand } from "../respawn.ts";

/** Environment variable that tells a re-spawned driver it is the background child. */
export const CHILD_ENV = "DENO_NUT_DRIVER_CHILD";
/** The line a child writes to stdout once it serves its socket. */
export const READY_LINE = "\u0001DRIVER-READY\n";

/**
 * Spawns the detached child and waits for READY_LINE. Output before it is
 * copied to `out`/`err`. Returns 0 when ready, else the child's exit code.
 */
export async function spawnBackground(
  args: readonly string[],
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<number> {
  const [cmd, cmdArgs] = selfCommand(args);
  const child = new Deno.Command(cmd, {
    args: cmdArgs,
    env: { [CHILD_ENV]: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    detached: true,
  }).spawn();
  const decoder = new TextDecoder();
  let ready = false;
  const errReader = child.stderr.getReader();
  const relayErr = (async () => {
    while (true) {
      const r = await errReader.read().catch(() => ({ done: true as const }));
      if (r.done) return;
      err(decoder.decode(r.value));
    }
  })();
  const outReader = child.stdout.getReader();
  let pending = "";
  while (!ready) {
    const r = await outReader.read().catch(() => ({ done: true as const }));
    if (r.done) break;
    pending += decoder.decode(r.value, { stream: true });
    const at = pending.indexOf(READY_LINE);
    if (at >= 0) {
      out(pending.slice(0, at));
      ready = true;
    } else {
      const keep = pending.lastIndexOf("\u0001");
      const cut = keep >= 0 ? keep : pending.length;
      out(pending.slice(0, cut));
      pending = pending.slice(cut);
    }
  }
  if (ready) {
    // let stderr written before the marker through, then let go of the child
    await new Promise((r) => setTimeout(r, 10));
    await outReader.cancel().catch(() => {});
    await errReader.cancel().catch(() => {});
    await relayErr;
    child.unref();
    return 0;
  }
  await relayErr;
  const status = await child.status;
  return status.signal ? 1 : status.code;
}
