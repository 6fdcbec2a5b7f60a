/**
 * nut-scanner's setup writer: from the devices a scan found, a complete
 * standalone configuration (nut.conf, ups.conf, upsd.conf, upsd.users with
 * generated passwords, upsmon.conf) that `nutconf --check` accepts and
 * that NUT's daemons (and ours) start as is. upsd listens on 127.0.0.1
 * only (IPv6 loopback may be missing, and 2.8.0's upsd stops when a
 * LISTEN fails).
 *
 * @module
 */
import { formatUpsConf } from "./display.ts";
import type { ScanDevice } from "./device.ts";

/** What the writer needs besides the devices. */
export interface SetupOptions {
  /** upsd's TCP port (default 3493). */
  port?: number;
  /** Password of the `admin` user (SET, FSD, every instant command). */
  adminPassword: string;
  /** Password of the `upsmon` user (upsmon primary). */
  upsmonPassword: string;
  /** SHUTDOWNCMD (default `/sbin/shutdown -h +0`). */
  shutdownCmd?: string;
  /** When the files were made (a comment line). */
  date?: string;
}

/** A random password of 24 URL-safe characters (144 bits). */
export function generatePassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(
    /\//g,
    "_",
  );
}

/** The files of a setup, by name; upsd.users and upsmon.conf hold passwords. */
export function buildSetup(
  devices: readonly ScanDevice[],
  opts: SetupOptions,
): Record<string, string> {
  const port = opts.port ?? 3493;
  const head = `# Written by nut-scanner${
    opts.date ? ` on ${opts.date}` : ""
  }.\n`;
  const names = devices.map((_, i) => `nutdev${i + 1}`);
  const portSuffix = port === 3493 ? "" : `:${port}`;
  const monitors = names.map((n) =>
    `MONITOR ${n}@127.0.0.1${portSuffix} 1 upsmon "${opts.upsmonPassword}" primary\n`
  ).join("");
  return {
    "nut.conf":
      `${head}# upsd, the drivers and upsmon all run on this machine.\nMODE=standalone\n`,
    "ups.conf": `${head}# One section per device found.\n${
      formatUpsConf(devices)
    }`,
    "upsd.conf":
      `${head}# Loopback only: nothing outside this machine can reach upsd.\n` +
      `LISTEN 127.0.0.1 ${port}\n`,
    "upsd.users": `${head}[admin]\n\tpassword = "${opts.adminPassword}"\n` +
      "\tactions = SET FSD\n\tinstcmds = ALL\n\n" +
      `[upsmon]\n\tpassword = "${opts.upsmonPassword}"\n\tupsmon primary\n`,
    "upsmon.conf": `${head}${monitors}MINSUPPLIES 1\n` +
      `SHUTDOWNCMD "${opts.shutdownCmd ?? "/sbin/shutdown -h +0"}"\n`,
  };
}

/** Files that must not be readable by other users. */
export const SECRET_SETUP_FILES = new Set(["upsd.users", "upsmon.conf"]);
