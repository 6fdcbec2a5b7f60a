/**
 * nutconf: NUT 2.8.2's configuration tool (read and set the mode, set or
 * add monitors, listen addresses, devices, notify settings and users,
 * scan for devices), editing files in place without losing comments or
 * layout; plus `--check`, a lint of every config file (`file:line:
 * message`, exit 1 on any error).
 *
 * @module
 */
import { runMain } from "./_io.ts";
import type { Io } from "../src/io.ts";
import { DEFAULT_PATHS } from "../src/config/paths.ts";
import { NUT_VERSION, versionNote } from "../src/version.ts";
import { parseNutconfArgs } from "../src/nutconf/options.ts";
import {
  configWord,
  monitorLine,
  replaceDirective,
  setDevices,
  setNotifyFlags,
  setNutMode,
  setUsers,
} from "../src/nutconf/edit.ts";
import { checkConfigs } from "../src/nutconf/check.ts";
import { parseCmdvartab } from "../src/server/descriptions.ts";
import { hashPassword } from "../src/config/password_hash.ts";
import {
  CHECKED_FILES,
  type CheckedFile,
  type ConfigInput,
  formatProblem,
} from "../src/nutconf/problems.ts";
import {
  expandRange,
  inDisplayOrder,
  ipRange,
  PARSABLE_TYPE,
  type ScanDevice,
  scanEatonSerial,
  scanNut,
  scanSnmp,
  scanUsb,
  serialPortsList,
  usbIdTable,
} from "../src/scan/mod.ts";
import { findDriver } from "../drivers/mod.ts";
import { realSnmp, shippedUsbIds } from "./nut_scanner.ts";
import { parseSnmpScanAttrs } from "../src/nutconf/scan_snmp.ts";

const USAGE = `Usage: nutconf [OPTIONS]

OPTIONS:
    -h  -help
    --help                              Display this help and exit
    -V
    --version                           Display tool version on stdout and exit
    --is-configured                     Checks whether NUT is configured
    --local <directory>                 Sets configuration directory
    --system                            Sets configuration directory to ${DEFAULT_PATHS.confPath} (default)
                                        NOTE: If NUT_CONFPATH envvar is set,
                                        it is the default unless overridden by
                                        --system (lower prio) or --local DIR
    --check                             Lints every config file: file:line: message
    --hash-password [<password>]        Prints a $scrypt$ hash for upsd.users
                                        (asks for the password when none is given)
    --get-mode                          Gets NUT mode (see below)
    --set-mode <NUT mode>               Sets NUT mode (see below)
    --set-monitor <spec>                Configures one monitor (see below)
    --add-monitor <spec>                Same as --set-monitor, but keeps existing entries
    --set-listen <addr> [<port>]        Configures one listen address for the NUT daemon
    --add-listen <addr> [<port>]        Same as --set-listen, but keeps existing entries
    --set-device <spec>                 Configures one UPS device (see below)
    --add-device <spec>                 Same as --set-device, but keeps existing devices
    --set-notifyflags <type> <flag>+    Configures notify flags for notification type
    --add-notifyflags <type> <flag>+    Same as --set-notifyflags, but keeps existing flags
    --set-notifymsg <type> <message>    Configures notification message for the type
    --set-notifycmd <command>           Configures notification command
    --set-shutdowncmd <command>         Configures shutdown command
    --set-minsupplies <supp_no>         Configures minimum of required power supplies
    --set-powerdownflag <file>          Configures powerdown flag file
    --set-user <spec>                   Configures one user (see below)
    --add-user <spec>                   Same as --set-user, but keeps existing users
    -v
    --verbose                           Increase verbosity of output one level
    --scan-snmp <spec>                  Scan SNMP devices (see below)
                                        May be specified multiple times
    --scan-usb                          Scan USB devices
    --scan-nut <spec>                   Scan NUT devices (see below for the specs)
    --scan-serial <port>*               Scan for serial devices on specified ports

NUT modes: standalone, netserver, netclient, controlled, manual, none
Monitor is specified by the following sequence:
    <ups_ID> <host>[:<port>] <power_value> <user> <passwd> ("primary"|"secondary")
UPS device is specified by the following sequence:
    <ups_ID> <driver> <port> [<key>=<value>]*
Notification flags:
    SYSLOG, WALL, EXEC, IGNORE
User specification:
    <username> [password=<pw>] [actions=<SET|FSD>] [instcmds=<cmd>]*
    for the upsmon user: upsmon={primary|secondary} [password=<pw>]
SNMP device scan specification:
    <start IP> <stop IP> [<attr>=<val>]*
Known attributes are:
    timeout (in us), community, sec-level, sec-name, auth-password, priv-password,
    auth-protocol, priv-protocol, peer-name
NUT device scan specification:
    <start IP> <stop IP> <port> [<us_timeout>]
`;

/** Reads a file, or "" when it does not exist. */
async function readOrEmpty(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return "";
    throw e;
  }
}

/** Rewrites a file; a new file holding secrets is created without access for others. */
async function edit(
  dir: string,
  name: string,
  change: (text: string) => string,
): Promise<void> {
  const path = `${dir}/${name}`;
  const existed = await Deno.stat(path).then(() => true, () => false);
  const before = existed ? await Deno.readTextFile(path) : "";
  const after = change(before);
  if (after === before) return;
  // Deno applies `mode` to existing files too: only a new file gets one.
  await Deno.writeTextFile(path, after, existed ? {} : { mode: 0o640 });
}

/** Reads the config files that exist, with their permissions. */
export async function readConfigs(
  dir: string,
): Promise<Partial<Record<CheckedFile, ConfigInput>>> {
  const out: Partial<Record<CheckedFile, ConfigInput>> = {};
  for (const f of CHECKED_FILES) {
    try {
      const text = await Deno.readTextFile(`${dir}/${f}`);
      const mode = (await Deno.stat(`${dir}/${f}`)).mode;
      out[f] = mode === null ? { text } : { text, mode };
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  return out;
}

/** MODE as NUT's nutconf reports it: "unknown" without a (valid) MODE line. */
function getMode(text: string): string {
  const line = text.split("\n").find((l) => /^\s*(?:export\s+)?MODE=/.test(l));
  if (line === undefined) return "unknown";
  const v = line.replace(/^\s*(?:export\s+)?MODE=/, "").trim().replace(
    /^["']|["']$/g,
    "",
  );
  return [
      "none",
      "standalone",
      "netserver",
      "netclient",
      "controlled",
      "manual",
    ].includes(v)
    ? v
    : "unknown";
}

async function scan(
  o: ReturnType<typeof parseNutconfArgs>,
  io: Io,
): Promise<void> {
  const jobs: Promise<ScanDevice[]>[] = [];
  for (const spec of o.scanSnmp) {
    const a = parseSnmpScanAttrs(spec.attrs);
    const r = ipRange(spec.start, spec.end);
    for (const e of a.errors) io.err(e + "\n");
    if (a.errors.length > 0) continue;
    if ("error" in r) io.err(`Error: ${r.error}\n`);
    else {
      jobs.push(scanSnmp(expandRange(r.range), {
        ...a.security,
        timeoutMs: Math.max(1, Math.round(a.timeoutUs / 1000)),
        concurrency: 64,
        // npm:net-snmp loads only when an SNMP scan is asked for.
        connector: realSnmp,
        warn: (line) => io.err(line + "\n"),
      }));
    }
  }
  if (o.scanUsb) {
    jobs.push(scanUsb(usbIdTable(shippedUsbIds())).then((r) => r.devices));
  }
  for (const n of o.scanNut) {
    const r = ipRange(n.start, n.end);
    if ("error" in r) io.err(`Error: ${r.error}\n`);
    else {
      jobs.push(scanNut(expandRange(r.range), {
        port: n.port,
        timeoutMs: Math.max(1, Math.round((n.timeoutUs ?? 1_000_000) / 1000)),
        concurrency: 64,
      }));
    }
  }
  if (o.scanSerial) {
    jobs.push(scanEatonSerial(serialPortsList(o.scanSerial.join(","))));
  }
  const devices = inDisplayOrder((await Promise.all(jobs)).flat());
  let n = 0;
  for (const d of devices) {
    const type = PARSABLE_TYPE[d.bus];
    if (o.verbose === 0) {
      io.out(`${type} ${d.driver} ${d.port}\n`);
      continue;
    }
    io.out(`[device_type_${type}_no_${String(++n).padStart(3, "0")}]\n`);
    for (
      const [k, v] of [["driver", d.driver], ["port", d.port], ...d.options]
    ) {
      io.out(`\t${k} = ${configWord(v!)}\n`);
    }
    io.out("\n");
  }
}

/** nutconf's entry point. */
export async function main(args: string[], io: Io): Promise<number> {
  const o = parseNutconfArgs(args);
  if (o.help) {
    io.err(`Network UPS Tools nutconf ${NUT_VERSION}\n\n${USAGE}`);
    return 0;
  }
  if (o.version) {
    io.out(`Network UPS Tools nutconf ${NUT_VERSION}\n`);
    io.err(versionNote());
    return 0;
  }
  if (o.errors.length > 0) {
    io.err(o.errors.map((e) => e + "\n").join("") + USAGE);
    return 1;
  }
  if (o.hashPassword !== false) {
    // sec-a's scrypt hash (src/config/password_hash.ts) for upsd.users.
    const pw = typeof o.hashPassword === "string"
      ? o.hashPassword
      : await io.prompt("Password: ", true);
    if (!pw) {
      io.err("Error: no password given\n");
      return 1;
    }
    io.out(hashPassword(pw) + "\n");
    return 0;
  }
  const envDir = io.env("NUT_CONFPATH");
  const dir = o.local ??
    (envDir && !o.system ? envDir : DEFAULT_PATHS.confPath);
  try {
    if (!(await Deno.stat(dir)).isDirectory) throw new Error();
  } catch {
    io.err(`Error: Configuration directory ${dir} isn't available\n`);
    return 1;
  }
  try {
    if (o.isConfigured) {
      const mode = getMode(await readOrEmpty(`${dir}/nut.conf`));
      const ok = mode !== "none" && mode !== "unknown";
      io.out(`${ok}\n`);
      return ok ? 0 : 1;
    }
    if (o.check) {
      const files = await readConfigs(dir);
      if (Object.keys(files).length === 0) {
        io.err(`Error: no NUT configuration file in ${dir}\n`);
        return 1;
      }
      const dataDir = io.env("NUT_DATADIR") || DEFAULT_PATHS.dataPath;
      const cmdvartab = await readOrEmpty(`${dataDir}/cmdvartab`);
      const known = cmdvartab === ""
        ? undefined
        : new Set(parseCmdvartab(cmdvartab).cmds.keys());
      const problems = checkConfigs(files, findDriver, known);
      for (const p of problems) io.out(formatProblem(p) + "\n");
      const errors = problems.filter((p) => p.severity === "error").length;
      io.err(`${errors} error(s), ${problems.length - errors} warning(s)\n`);
      return errors > 0 ? 1 : 0;
    }
    if (o.getMode) io.out(getMode(await readOrEmpty(`${dir}/nut.conf`)) + "\n");
    if (o.mode !== undefined) {
      await edit(dir, "nut.conf", (t) => setNutMode(t, o.mode!));
    }
    if (o.monitors.length > 0) {
      await edit(
        dir,
        "upsmon.conf",
        (t) =>
          replaceDirective(t, "MONITOR", o.monitors.map(monitorLine), {
            keep: o.addMonitor,
          }),
      );
    }
    if (o.listen.length > 0) {
      const lines = o.listen.map((l) =>
        `LISTEN ${configWord(l.addr)}${
          l.port === undefined ? "" : ` ${l.port}`
        }`
      );
      await edit(
        dir,
        "upsd.conf",
        (t) => replaceDirective(t, "LISTEN", lines, { keep: o.addListen }),
      );
    }
    if (o.devices.length > 0) {
      await edit(dir, "ups.conf", (t) => setDevices(t, o.devices, o.addDevice));
    }
    await edit(dir, "upsmon.conf", (text) => {
      let t = text;
      for (const f of o.notifyFlags) {
        t = setNotifyFlags(t, f.type, f.flags, f.keep);
      }
      for (const m of o.notifyMsgs) {
        t = replaceDirective(t, "NOTIFYMSG", [
          `NOTIFYMSG ${m.type} ${configWord(m.message)}`,
        ], {
          match: (w) => w[1]?.toUpperCase() === m.type,
        });
      }
      const single: Array<[string, string | undefined]> = [
        ["NOTIFYCMD", o.notifyCmd],
        ["SHUTDOWNCMD", o.shutdownCmd],
        ["POWERDOWNFLAG", o.powerDownFlag],
        [
          "MINSUPPLIES",
          o.minSupplies === undefined ? undefined : String(o.minSupplies),
        ],
      ];
      for (const [key, v] of single) {
        if (v !== undefined) {
          t = replaceDirective(t, key, [`${key} ${configWord(v)}`]);
        }
      }
      return t;
    });
    if (o.users.length > 0) {
      await edit(dir, "upsd.users", (t) => setUsers(t, o.users, o.addUser));
    }
    await scan(o, io);
    return 0;
  } catch (e) {
    io.err(`Error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

if (import.meta.main) runMain(main);
