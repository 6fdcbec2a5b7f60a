/**
 * NUT "old method" scan (scan_nut.c): connect to upsd on each address of a
 * range (STARTTLS tried, plaintext otherwise), `LIST UPS`, one device per
 * UPS. Output follows 2.8.0: driver `nutclient`, port `ups@host` (2.8.0
 * drops a non-default upsd port; IPv6 hosts are bracketed as master does).
 *
 * @module
 */
import { NutClient } from "../client/mod.ts";
import type { ScanDevice } from "./device.ts";
import { mapBounded } from "./pool.ts";

/** Lists the UPS names of one upsd, or throws when it cannot be reached. */
export type UpsLister = (
  host: string,
  port: number,
  timeoutMs: number,
) => Promise<string[]>;

/** The real lister: NutClient connect, LIST UPS, LOGOUT. */
export async function listUpsNames(
  host: string,
  port: number,
  timeoutMs: number,
): Promise<string[]> {
  const client = await NutClient.connect({ host, port, timeoutMs, tls: "try" });
  try {
    return (await client.list(["UPS"])).map((w) => w[1] ?? "");
  } finally {
    await client.close();
  }
}

/** Options of scanNut. */
export interface NutScanOptions {
  /** upsd port (3493). */
  port: number;
  /** Per-host connect and reply deadline. */
  timeoutMs: number;
  /** Hosts probed at once (`-T`). */
  concurrency: number;
  /** How to ask one host (tests inject a fake). */
  lister?: UpsLister;
}

/** The `port =` value for a UPS found on `host`. */
export function nutPort(ups: string, host: string): string {
  return host.includes(":") ? `${ups}@[${host}]` : `${ups}@${host}`;
}

/** Scans `hosts` in order; unreachable hosts are silently skipped. */
export async function scanNut(
  hosts: Iterable<string>,
  opts: NutScanOptions,
): Promise<ScanDevice[]> {
  const lister = opts.lister ?? listUpsNames;
  const found = await mapBounded(hosts, opts.concurrency, async (host) => {
    try {
      const names = await lister(host, opts.port, opts.timeoutMs);
      return names.map((ups): ScanDevice => ({
        bus: "nut",
        driver: "nutclient",
        port: nutPort(ups, host),
        options: [],
      }));
    } catch {
      return [];
    }
  });
  return found.flat();
}
