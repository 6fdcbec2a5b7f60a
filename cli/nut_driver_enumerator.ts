/**
 * nut-driver-enumerator: keeps one `nut-driver@<instance>.service` per
 * ups.conf section (NUT's nut-driver-enumerator.sh, run by
 * nut-driver-enumerator.service whenever ups.conf changes).
 *
 *   (no args) | --reconfigure     bring the units in line with ups.conf
 *   --get-device-for-service X    the section a unit instance stands for
 *   --list-devices                section names
 *   --list-services               unit names
 *
 * Environment: NUT_CONFPATH, NUT_SYSTEMD_UNITDIR (default
 * /etc/systemd/system), SYSTEMCTL (default systemctl).
 *
 * @module
 */
import type { Io } from "../src/io.ts";
import { runMain } from "./_io.ts";
import { loadUpsConf } from "../src/config/load.ts";
import { nutPaths } from "../src/config/paths.ts";
import type { UpsConf } from "../src/config/ups_conf.ts";
import {
  applyPlan,
  makePlan,
  readManaged,
  sectionForInstance,
  type Systemctl,
  unitName,
} from "../src/drvctl/svc.ts";
import { NUT_VERSION, versionNote } from "../src/version.ts";

const USAGE = "usage: nut-driver-enumerator [--reconfigure | " +
  "--get-device-for-service <instance> | --list-devices | --list-services]\n";

/** Loads ups.conf; a line that cannot be parsed is fatal here (file:line). */
export async function strictUpsConf(io: Io): Promise<UpsConf | undefined> {
  let conf: UpsConf;
  try {
    conf = await loadUpsConf(nutPaths(io.env));
  } catch (e) {
    io.err(`${e instanceof Error ? e.message : String(e)}\n`);
    return undefined;
  }
  for (const e of conf.errors) io.err(`${e.message}\n`);
  return conf.errors.length ? undefined : conf;
}

/** systemctl as a child process (SYSTEMCTL overrides the command). */
export function realSystemctl(io: Io): Systemctl {
  const cmd = io.env("SYSTEMCTL") || "systemctl";
  return async (args) => {
    try {
      const { code } = await new Deno.Command(cmd, {
        args,
        stdin: "null",
        stdout: "inherit",
        stderr: "inherit",
      }).output();
      return code;
    } catch (e) {
      io.err(`${cmd}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 127;
    }
  };
}

/** Brings the units in line with ups.conf; returns an exit code. */
export async function reconfigure(io: Io, conf: UpsConf): Promise<number> {
  const unitDir = io.env("NUT_SYSTEMD_UNITDIR") || "/etc/systemd/system";
  const plan = await makePlan(conf, readManaged(unitDir));
  for (const a of plan.add) io.out(`Adding ${unitName(a.section)}\n`);
  for (const c of plan.change) io.out(`Updating ${unitName(c.section)}\n`);
  for (const r of plan.remove) io.out(`Removing nut-driver@${r}.service\n`);
  const failed = await applyPlan(plan, unitDir, realSystemctl(io));
  return failed ? 1 : 0;
}

/** Entry point. */
export async function main(args: string[], io: Io): Promise<number> {
  const cmd = args[0] ?? "--reconfigure";
  if (cmd === "-V" || cmd === "--version") {
    io.out(`Network UPS Tools nut-driver-enumerator ${NUT_VERSION}\n`);
    io.err(versionNote());
    return 0;
  }
  if (cmd === "-h" || cmd === "--help") {
    io.out(USAGE);
    return 0;
  }
  const known = [
    "--reconfigure",
    "--daemon-once",
    "--get-device-for-service",
    "--list-devices",
    "--list-services",
  ];
  if (!known.includes(cmd)) {
    io.err(USAGE);
    return 2;
  }
  const conf = await strictUpsConf(io);
  if (!conf) return 1;
  switch (cmd) {
    case "--get-device-for-service": {
      const name = args[1] ? sectionForInstance(conf, args[1]) : undefined;
      if (name === undefined) return 1;
      io.out(`${name}\n`);
      return 0;
    }
    case "--list-devices":
      for (const s of conf.sections) io.out(`${s.name}\n`);
      return 0;
    case "--list-services":
      for (const s of conf.sections) io.out(`${unitName(s.name)}\n`);
      return 0;
    default:
      return await reconfigure(io, conf);
  }
}

if (import.meta.main) runMain(main);
