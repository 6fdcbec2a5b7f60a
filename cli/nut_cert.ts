/**
 * nut-cert (beyond NUT): makes a self-signed certificate and key for upsd's
 * CERTFILE and prints its SHA-256 fingerprint for pinning (upsmon.conf
 * `CERTHOST <host> "SHA256:<fingerprint>" 1 1`, or NUT_CLIENT_PIN for the
 * tools); `-f FILE` prints the fingerprint of an existing certificate.
 *
 * @module
 */
import type { Io } from "../src/io.ts";
import { getopt } from "../src/client/getopt.ts";
import { makeSelfSigned, pemFingerprint } from "../src/tls/cert.ts";
import { NUT_VERSION, versionNote } from "../src/version.ts";
import { runMain } from "./_io.ts";

const USAGE =
  `usage: nut-cert [-n <name>] [-a <altname>]... [-d <days>] [-c <certfile>] -o <file>
       nut-cert -f <file>

Makes an ECDSA P-256 key and a self-signed certificate (CA:FALSE) and
writes both to <file> (mode 0600), ready for upsd.conf's CERTFILE, then
prints the certificate's SHA-256 fingerprint for pinning.

  -o <file>      write certificate and key here (refuses to overwrite)
  -n <name>      subject common name (default: localhost)
  -a <altname>   DNS name or IP address for subjectAltName (repeatable;
                 default: localhost, 127.0.0.1, ::1)
  -d <days>      validity in days (default: 3650)
  -c <certfile>  also write the certificate alone here (a CA file for clients)
  -f <file>      print the fingerprint of the first certificate in <file>
  -V             show the version
  -h             this help
`;

/** nut-cert's entry point. */
export async function main(args: string[], io: Io): Promise<number> {
  const { opts, rest } = getopt(args, "ho:n:a:d:c:f:V");
  let out: string | undefined;
  let name = "localhost";
  const alt: string[] = [];
  let days = 3650;
  let certOnly: string | undefined;
  let show: string | undefined;
  for (const o of opts) {
    switch (o.opt) {
      case "h":
        io.out(USAGE);
        return 0;
      case "V":
        io.out(`Network UPS Tools nut-cert ${NUT_VERSION}\n`);
        io.err(versionNote());
        return 0;
      case "o":
        out = o.arg!;
        break;
      case "n":
        name = o.arg!;
        break;
      case "a":
        alt.push(o.arg!);
        break;
      case "d":
        days = Number(o.arg);
        if (!Number.isInteger(days) || days < 1) {
          io.err(`nut-cert: invalid number of days: ${o.arg}\n`);
          return 2;
        }
        break;
      case "c":
        certOnly = o.arg!;
        break;
      case "f":
        show = o.arg!;
        break;
      default:
        io.err(`nut-cert: ${o.error}\n${USAGE}`);
        return 2;
    }
  }
  if (rest.length) {
    io.err(`nut-cert: unexpected argument ${rest[0]}\n${USAGE}`);
    return 2;
  }
  if (show !== undefined) {
    io.out(`SHA256:${pemFingerprint(await Deno.readTextFile(show))}\n`);
    return 0;
  }
  if (out === undefined) {
    io.err(`nut-cert: -o <file> is required\n${USAGE}`);
    return 2;
  }
  const cert = makeSelfSigned({
    commonName: name,
    altNames: alt.length ? alt : ["localhost", "127.0.0.1", "::1"],
    days,
  });
  try {
    await Deno.writeTextFile(out, cert.certPem + cert.keyPem, {
      createNew: true,
      mode: 0o600,
    });
    if (certOnly !== undefined) {
      await Deno.writeTextFile(certOnly, cert.certPem, { createNew: true });
    }
  } catch (e) {
    io.err(`nut-cert: ${e instanceof Error ? e.message : e}\n`);
    return 1;
  }
  io.err(`Wrote ${out} (upsd.conf: CERTFILE ${out})\n`);
  io.out(`SHA256:${cert.fingerprint}\n`);
  return 0;
}

if (import.meta.main) runMain(main);
