/**
 * upsstats.cgi `?json` (NUT 2.8.5).
 *
 * @module
 */
import type { CgiEnv } from "./upsstats.ts";
import type { UpsLink } from "./link.ts";

/** Prints the JSON document; returns the exit code. */
export function statsJson(
  _env: CgiEnv,
  _link: UpsLink,
  _host: string | undefined,
): Promise<number> {
  return Promise.resolve(1);
}
