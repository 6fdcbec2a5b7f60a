/**
 * hosts.conf (NUT's cgilib checkhost and upsstats load_hosts_conf): the
 * `MONITOR <system> "<description>"` lines; anything else is ignored.
 *
 * @module
 */
import { parseConfigText } from "../words.ts";
import type { HostEntry } from "./cgi_args.ts";

/** The MONITOR entries in file order, plus `file:line: error` notes. */
export function parseHostsConf(
  text: string,
  file = "hosts.conf",
): { hosts: HostEntry[]; errors: string[] } {
  const hosts: HostEntry[] = [];
  const errors: string[] = [];
  for (const line of parseConfigText(text)) {
    if (line.error) {
      errors.push(`${file}:${line.line}: ${line.error}`);
      continue;
    }
    const w = line.words;
    if (w.length < 3 || w[0] !== "MONITOR") continue;
    hosts.push({ sys: w[1]!, desc: w[2]! });
  }
  return { hosts, errors };
}

/** checkhost(): the description of `sys` when hosts.conf lists it. */
export function findHost(
  hosts: readonly HostEntry[],
  sys: string,
): HostEntry | undefined {
  return hosts.find((h) => h.sys === sys);
}
