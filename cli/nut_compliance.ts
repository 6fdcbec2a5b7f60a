/**
 * nut-compliance HOST[:PORT] [--user U --password P] [--ups NAME]
 * [--timeout SECONDS] [--cafile PEM]: tests a NUT server against protocol
 * 1.3 (RFC 9271) as NUT's upsd answers it, prints a verdict per check and
 * exits 0 only when no check fails.
 *
 * @module
 */
import { runMain } from "./_io.ts";
import type { Io } from "../src/io.ts";
import { formatVerdict, runCompliance } from "../src/compliance/mod.ts";
import type { ComplianceOptions } from "../src/compliance/run.ts";
import { NUT_VERSION, versionNote } from "../src/version.ts";

const USAGE = `Usage: nut-compliance HOST[:PORT] [OPTIONS]

Tests a NUT server (upsd or any other) against the NUT network protocol.

  --user NAME        log in as NAME for the checks that need a login
  --password PASS    its password
  --ups NAME         the UPS to test (default: the first one listed)
  --timeout SECONDS  wait this long for each reply (default 5)
  --cafile FILE      CA certificate (PEM) to verify STARTTLS with
  -q                 print failures and the summary only
  -V, --version      the version
  -h, --help         this text

Exit status: 0 when the server complies, 1 when a check fails, 2 on usage errors.
`;

/** Splits `host[:port]` / `[v6]:port`. */
export function parseHostPort(
  text: string,
): { host: string; port: number } | undefined {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(text) ??
    /^([^:]+)(?::(\d+))?$/.exec(text) ??
    (text.split(":").length > 2 ? [text, text, undefined] : null);
  if (!m || !m[1]) return undefined;
  const port = m[2] === undefined ? 3493 : Number(m[2]);
  if (!(port >= 1 && port <= 65535)) return undefined;
  return { host: m[1], port };
}

/** nut-compliance's entry point. */
export async function main(args: string[], io: Io): Promise<number> {
  const opts: Partial<ComplianceOptions> = { timeoutMs: 5000 };
  let quiet = false;
  let target: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    try {
      if (a === "-h" || a === "--help") {
        io.out(USAGE);
        return 0;
      } else if (a === "-V" || a === "--version") {
        io.out(`Network UPS Tools nut-compliance ${NUT_VERSION}\n`);
        io.err(versionNote());
        return 0;
      } else if (a === "-q") quiet = true;
      else if (a === "--user") opts.user = value();
      else if (a === "--password") opts.password = value();
      else if (a === "--ups") opts.ups = value();
      else if (a === "--timeout") opts.timeoutMs = Number(value()) * 1000;
      else if (a === "--cafile") opts.caCert = await Deno.readTextFile(value());
      else if (a.startsWith("-") || target !== undefined) {
        throw new Error(`unexpected argument ${a}`);
      } else target = a;
    } catch (e) {
      io.err(`nut-compliance: ${(e as Error).message}\n${USAGE}`);
      return 2;
    }
  }
  const hp = target === undefined ? undefined : parseHostPort(target);
  if (!hp || !(opts.timeoutMs! > 0)) {
    io.err(USAGE);
    return 2;
  }
  try {
    const probe = await Deno.connect({ hostname: hp.host, port: hp.port });
    probe.close();
  } catch (e) {
    io.err(
      `nut-compliance: cannot connect to ${target}: ${(e as Error).message}\n`,
    );
    return 1;
  }
  const verdicts = await runCompliance(
    { ...opts, ...hp } as ComplianceOptions,
    (v) => {
      if (!quiet || v.status === "fail") io.out(formatVerdict(v) + "\n");
    },
  );
  const n = (s: string) => verdicts.filter((v) => v.status === s).length;
  const failed = n("fail");
  io.out(
    `${n("pass")} passed, ${failed} failed, ${n("skip")} skipped: ${
      failed === 0 ? "COMPLIANT" : "NOT COMPLIANT"
    }\n`,
  );
  return failed === 0 ? 0 : 1;
}

if (import.meta.main) runMain(main);
