/**
 * Network helpers for tests: free loopback ports, temp dirs.
 *
 * @module
 */

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** Waits until `probe` resolves true, polling every `stepMs`, or throws after `timeoutMs`. */
export async function waitFor(
  probe: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  stepMs = 20,
  what = "condition",
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      if (await probe()) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** True when Debian's NUT 2.8.0 is installed (tests must not skip it in CI). */
export function haveNut(): boolean {
  try {
    Deno.statSync("/lib/nut/upsd");
    return true;
  } catch {
    if (Deno.env.get("CI")) {
      throw new Error(
        "NUT 2.8.0 is required in CI (apt-get install nut-server nut-client)",
      );
    }
    return false;
  }
}
