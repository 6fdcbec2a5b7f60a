/**
 * Benchmarks start measuring once both stacks serve every UPS (the drivers
 * have dumped their data into upsd), not after a fixed delay.
 *
 * @module
 */
import type { Stack } from "../../scripts/stack.ts";
import { waitFor } from "../net.ts";
import { query } from "../fixtures/upsmon/harness.ts";

/** Resolves once each stack answers `GET VAR <ups> ups.status` for every UPS. */
export async function servesAll(
  stacks: Stack[],
  names: string[],
): Promise<void> {
  for (const stack of stacks) {
    for (const name of names) {
      await waitFor(
        async () =>
          (await query(stack.port, `GET VAR ${name} ups.status`).catch(() =>
            ""
          )).startsWith(`VAR ${name} ups.status`),
        30_000,
        50,
        `${name} served on port ${stack.port}`,
      );
    }
  }
}
