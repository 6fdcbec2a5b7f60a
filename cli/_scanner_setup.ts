/**
 * nut-scanner's `--write-config DIR [--listen-port N]`: writes the setup
 * of src/scan/setup.ts for the devices found, refusing to overwrite files.
 *
 * @module
 */
import type { Io } from "../src/io.ts";
import type { ScanDevice } from "../src/scan/device.ts";
import {
  buildSetup,
  generatePassword,
  SECRET_SETUP_FILES,
} from "../src/scan/setup.ts";

/** Removes the setup options from the arguments (getopt never sees them). */
export function takeSetupArgs(
  args: readonly string[],
): { rest: string[]; dir?: string; port?: number } | string {
  const rest: string[] = [];
  const out: { rest: string[]; dir?: string; port?: number } = { rest };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const m = /^--(write-config|listen-port)(?:=(.*))?$/.exec(a);
    if (!m) {
      rest.push(a);
      continue;
    }
    const value = m[2] ?? args[++i];
    if (value === undefined || value === "") return `${a} needs a value`;
    if (m[1] === "write-config") out.dir = value;
    else {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        return `invalid --listen-port ${value}`;
      }
      out.port = port;
    }
  }
  return out;
}

/** Writes the setup files into `dir`; exit code 0, or 1 when nothing was found or a file exists. */
export async function writeSetup(
  dir: string,
  devices: readonly ScanDevice[],
  port: number | undefined,
  io: Io,
): Promise<number> {
  if (devices.length === 0) {
    io.err("nut-scanner: no device found, no setup written\n");
    return 1;
  }
  const files = buildSetup(devices, {
    ...(port === undefined ? {} : { port }),
    adminPassword: generatePassword(),
    upsmonPassword: generatePassword(),
    date: new Date().toISOString(),
  });
  await Deno.mkdir(dir, { recursive: true });
  for (const name of Object.keys(files)) {
    try {
      await Deno.lstat(`${dir}/${name}`);
      io.err(`nut-scanner: ${dir}/${name} exists; not overwriting anything\n`);
      return 1;
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  for (const [name, text] of Object.entries(files)) {
    const mode = SECRET_SETUP_FILES.has(name) ? 0o600 : 0o640;
    await Deno.writeTextFile(`${dir}/${name}`, text, { mode, createNew: true });
  }
  io.err(
    `Wrote ${
      Object.keys(files).join(", ")
    } to ${dir} for ${devices.length} device(s).\n` +
      "The passwords are in upsd.users and upsmon.conf (readable by their owner only).\n",
  );
  return 0;
}
