/**
 * The `-w` wait of upsrw/upscmd: after `OK TRACKING <id>`, poll
 * `GET TRACKING <id>` once a second while it says PENDING, for at most the
 * `-t` timeout (clients/upsrw.c do_set, clients/upscmd.c do_cmd).
 *
 * @module
 */
import type { NutClient } from "./mod.ts";
import { Fatal } from "./tool.ts";

/** Length of NUT's tracking ids (UUID4_LEN - 1). */
const UUID_LEN = 36;

/** The tracking id of an `OK TRACKING <id>` reply, or undefined. */
export function trackingId(reply: string): string | undefined {
  const prefix = "OK TRACKING ";
  if (reply.length !== prefix.length + UUID_LEN) return undefined;
  return reply.startsWith(prefix) ? reply.slice(prefix.length) : undefined;
}

/**
 * Polls until the status is not PENDING; returns the final line. Throws
 * NUT's fatal message on timeout or a lost connection.
 */
export async function waitForTracking(
  client: NutClient,
  id: string,
  timeoutSecs: number,
  sleep: (ms: number) => Promise<void> = (ms) =>
    new Promise((r) => setTimeout(r, ms)),
): Promise<string> {
  const start = Math.floor(Date.now() / 1000);
  while (true) {
    if (Math.floor(Date.now() / 1000) - start >= timeoutSecs) {
      throw new Fatal("Can't receive status tracking information: timeout");
    }
    let status: string;
    try {
      status = await client.trackingStatus(id);
    } catch (e) {
      throw new Fatal(
        `Can't receive status tracking information: ${
          e instanceof Error ? e.message : String(e)
        }`,
      );
    }
    if (!status.startsWith("PENDING")) return status;
    await sleep(1000);
  }
}
