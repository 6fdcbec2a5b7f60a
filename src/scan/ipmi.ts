/**
 * IPMI power supply discovery (NUT 2.8.0's scan_ipmi.c) through FreeIPMI's
 * command-line tools, as our nut-ipmipsu reads them: in-band when no
 * address is given, else IPMI 1.5 over LAN with `-b`/`-B`/`-d` (NUT opens
 * 1.5 sessions only; `-L` is accepted and unused, as there). FRU ids 0-255
 * are asked for their inventory area in one `ipmi-raw` session; each FRU
 * that has one is read with `ipmi-fru`, and a FRU with a power supply
 * multirecord becomes a nut-ipmipsu device, port `id<id>[@host]` (decimal,
 * as nut-ipmipsu reads it; NUT 2.8.0's scanner prints hex there).
 *
 * @module
 */
import { parseRaw } from "../ipmi/raw.ts";
import type { ScanDevice } from "./device.ts";
import { mapBounded } from "./pool.ts";

/** Runs one FreeIPMI tool: its exit status and stdout. */
export type IpmiToolRunner = (
  tool: string,
  args: string[],
) => Promise<{ ok: boolean; out: string }>;

/** Options of the IPMI scan (nutscan_ipmi_t). */
export interface IpmiScanOptions {
  username?: string;
  password?: string;
  /** IPMI 1.5 authentication type (`-d`): NONE, STRAIGHT_PASSWORD_KEY, MD2, MD5. */
  authType: string;
  /** Hosts probed at once (`-T`). */
  concurrency: number;
  /** Tool runner (default: /usr/sbin/<tool>). */
  run?: IpmiToolRunner;
}

/** The authentication types `-d` accepts (NUT's names, FreeIPMI's too). */
export const IPMI_AUTH_TYPES = ["NONE", "STRAIGHT_PASSWORD_KEY", "MD2", "MD5"];

/** The real runner: FreeIPMI's tools from Debian freeipmi-tools. */
export const runFreeIpmi: IpmiToolRunner = async (tool, args) => {
  try {
    const r = await new Deno.Command(`/usr/sbin/${tool}`, {
      args,
      stdin: "null",
      stdout: "piped",
      stderr: "null",
      signal: AbortSignal.timeout(60_000),
    }).output();
    return { ok: r.success, out: new TextDecoder().decode(r.stdout) };
  } catch {
    return { ok: false, out: "" };
  }
};

/** FreeIPMI's options to reach `host` as NUT's scan does (1.5, ADMIN). */
export function ipmiLanArgs(host: string, o: IpmiScanOptions): string[] {
  const args = ["-h", host, "--driver-type=LAN", `-a`, o.authType, "-l"];
  args.push("ADMIN", "--session-timeout=5000");
  if (o.username !== undefined) args.push("-u", o.username);
  if (o.password !== undefined) args.push("-p", o.password);
  return args;
}

/** The ids whose Get FRU Inventory Area Info reply has a non-empty area. */
export function fruIdsPresent(rawOut: string): number[] {
  const ids: number[] = [];
  const replies = rawOut.split("\n").filter((l) => l.includes("rcvd:"));
  replies.forEach((line, id) => {
    const r = parseRaw(line);
    if (r?.ccode === 0 && r.data.length >= 2 && (r.data[0]! | r.data[1]!)) {
      ids.push(id);
    }
  });
  return ids;
}

/** True when ipmi-fru's text shows a power supply information record. */
export function hasPowerSupplyRecord(fruText: string): boolean {
  return /^\s*FRU Power Supply /m.test(fruText);
}

/** The PSUs of one BMC: in-band when `host` is undefined. */
export async function scanIpmiHost(
  host: string | undefined,
  o: IpmiScanOptions,
): Promise<ScanDevice[]> {
  const run = o.run ?? runFreeIpmi;
  const conn = host === undefined ? [] : ipmiLanArgs(host, o);
  const dir = await Deno.makeTempDir({ prefix: "nut-scanner-ipmi-" });
  try {
    const file = `${dir}/fru-info`;
    let cmds = "";
    for (let id = 0; id <= 255; id++) {
      cmds += `0x00 0x0a 0x10 0x${id.toString(16)}\n`;
    }
    await Deno.writeTextFile(file, cmds);
    const raw = await run("ipmi-raw", [...conn, `--file=${file}`]);
    const found: ScanDevice[] = [];
    for (const id of fruIdsPresent(raw.out)) {
      const fru = await run("ipmi-fru", [
        ...conn,
        // --ignore-sdr-cache would make ipmi-fru ignore --device-id too
        `--sdr-cache-directory=${dir}`,
        "--skip-checks",
        `--device-id=${id}`,
      ]);
      if (!fru.ok || !hasPowerSupplyRecord(fru.out)) continue;
      // decimal: the driver reads the id with atoi (2.8.0's scanner writes
      // hex, so its section names another FRU from id 10 on)
      found.push({
        bus: "ipmi",
        driver: "nut-ipmipsu",
        port: host === undefined ? `id${id}` : `id${id}@${host}`,
        options: [],
      });
    }
    return found;
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/** Scans each host of a range over LAN, or the local BMC when `hosts` is undefined. */
export async function scanIpmi(
  hosts: Iterable<string> | undefined,
  o: IpmiScanOptions,
): Promise<ScanDevice[]> {
  if (hosts === undefined) return await scanIpmiHost(undefined, o);
  const found = await mapBounded(
    hosts,
    o.concurrency,
    (h) => scanIpmiHost(h, o),
  );
  return found.flat();
}
