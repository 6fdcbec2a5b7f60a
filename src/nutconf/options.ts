/**
 * nutconf's command line (NUT 2.8.2's tools/nutconf): every word that does
 * not start with `-` is an argument of the option before it, so options
 * take any number of arguments (`--add-device ups1 usbhid-ups auto
 * vendorid=0463`). Errors are collected with NUT's wording.
 *
 * @module
 */
import type { DeviceSpec, MonitorSpec, UserSpec } from "./edit.ts";
import { CHECK_MODES } from "./check_files.ts";
import { NOTIFY_TYPES } from "../monitor/notify.ts";

/** Everything nutconf was asked to do. */
export interface NutconfOptions {
  help: boolean;
  version: boolean;
  verbose: number;
  isConfigured: boolean;
  system: boolean;
  local?: string;
  getMode: boolean;
  mode?: string;
  check: boolean;
  /** `--hash-password [PASSWORD]`: true, or the password given. */
  hashPassword: boolean | string;
  monitors: MonitorSpec[];
  addMonitor: boolean;
  listen: Array<{ addr: string; port?: number }>;
  addListen: boolean;
  devices: DeviceSpec[];
  addDevice: boolean;
  notifyFlags: Array<{ type: string; flags: string[]; keep: boolean }>;
  notifyMsgs: Array<{ type: string; message: string }>;
  notifyCmd?: string;
  shutdownCmd?: string;
  minSupplies?: number;
  powerDownFlag?: string;
  users: UserSpec[];
  addUser: boolean;
  scanUsb: boolean;
  /** `--scan-snmp <start IP> <stop IP> [<attr>=<val>]*`, once per use. */
  scanSnmp: Array<{ start: string; end: string; attrs: string[] }>;
  scanNut: Array<
    { start: string; end: string; port: number; timeoutUs?: number }
  >;
  scanSerial?: string[];
  /** Unknown options, option errors and stray arguments, as NUT prints them. */
  errors: string[];
}

const FLAGS = ["SYSLOG", "WALL", "EXEC", "IGNORE"];

function single(
  o: NutconfOptions,
  name: string,
  args: string[],
  seen: Set<string>,
): string | undefined {
  if (seen.has(name)) {
    o.errors.push(`Option error: --${name} option specified more than once`);
  } else if (args.length === 0) {
    o.errors.push(`Option error: --${name} option requires an argument`);
  } else if (args.length > 1) {
    o.errors.push(`Option error: Too many arguments for the --${name} option`);
  } else return args[0];
  return undefined;
}

function parseMonitor(o: NutconfOptions, a: string[]): void {
  if (a.length !== 6) {
    o.errors.push(
      "Option error: --set-monitor/--add-monitor option requires exactly 6 arguments",
    );
    return;
  }
  const [ups, hostPort, pv, user, password, mode] = a as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const m = /^(?:\[([^\]]+)\]|([^:]*))(?::(\d+))?$/.exec(hostPort);
  const power = Number(pv);
  if (!m || !(m[1] ?? m[2])) {
    o.errors.push(
      `Option error: failed to parse host specification "${hostPort}"`,
    );
  } else if (!/^\d+$/.test(pv)) {
    o.errors.push(`Option error: failed to parse power value "${pv}"`);
  } else if (!["primary", "master", "secondary", "slave"].includes(mode)) {
    o.errors.push(
      `Option error: Invalid monitor mode "${mode}" (primary or secondary)`,
    );
  } else {
    o.monitors.push({
      ups,
      host: (m[1] ?? m[2])!,
      ...(m[3] ? { port: Number(m[3]) } : {}),
      powerValue: power,
      user,
      password,
      primary: mode === "primary" || mode === "master",
    });
  }
}

function parseUser(o: NutconfOptions, a: string[]): void {
  const [name = "", ...attrs] = a;
  const u: UserSpec = { name, actions: [], instcmds: [] };
  if (name === "upsmon") {
    o.errors.push(
      "Option error: upsmon user specification requires monitor mode",
    );
    return;
  }
  const um = /^upsmon=(.*)$/.exec(name);
  if (um) {
    const mode = um[1]!;
    if (["primary", "master"].includes(mode)) u.upsmon = "primary";
    else if (["secondary", "slave"].includes(mode)) u.upsmon = "secondary";
    else {
      o.errors.push(
        `Option error: Invalid upsmon mode specification: "${mode}"`,
      );
      return;
    }
    u.name = "upsmon";
  }
  for (const attr of attrs) {
    const eq = attr.indexOf("=");
    const key = attr.slice(0, eq);
    const value = attr.slice(eq + 1);
    if (eq < 0) {
      o.errors.push(
        `Option error: Illegal user attribute specification: "${attr}"`,
      );
    } else if (key === "password") u.password = value;
    else if (key === "actions") {
      u.actions.push(...value.split(/[\s,]+/).filter(Boolean));
    } else if (key === "instcmds") {
      u.instcmds.push(...value.split(/[\s,]+/).filter(Boolean));
    } else o.errors.push(`Option error: Unknown user attribute: "${key}"`);
  }
  o.users.push(u);
}

/** Parses nutconf's arguments. */
export function parseNutconfArgs(argv: readonly string[]): NutconfOptions {
  const o: NutconfOptions = {
    help: false,
    version: false,
    verbose: 0,
    isConfigured: false,
    system: false,
    getMode: false,
    check: false,
    hashPassword: false,
    monitors: [],
    addMonitor: false,
    listen: [],
    addListen: false,
    devices: [],
    addDevice: false,
    notifyFlags: [],
    notifyMsgs: [],
    users: [],
    addUser: false,
    scanUsb: false,
    scanSnmp: [],
    scanNut: [],
    errors: [],
  };
  // Group: each option with the words after it.
  const groups: Array<[string, string[]]> = [];
  for (const a of argv) {
    if (a.startsWith("-") && a.length > 1) groups.push([a, []]);
    else if (groups.length > 0) groups[groups.length - 1]![1].push(a);
    else o.errors.push(`Unexpected argument: ${a}`);
  }
  const seen = new Set<string>();
  const counts = {
    monitor: new Set<string>(),
    listen: new Set<string>(),
    device: new Set<string>(),
    user: new Set<string>(),
  };
  for (const [opt, args] of groups) {
    const name = opt.replace(/^--?/, "");
    const value = () => single(o, name, args, seen);
    switch (opt) {
      case "-h":
      case "-help":
      case "--help":
        o.help = true;
        break;
      case "-V":
      case "--version":
        o.version = true;
        break;
      case "-v":
      case "--verbose":
        o.verbose++;
        break;
      case "-D":
        break;
      case "--is-configured":
        o.isConfigured = true;
        break;
      case "--system":
        o.system = true;
        break;
      case "--local": {
        const v = value();
        if (v !== undefined) o.local = v;
        break;
      }
      case "--get-mode":
        o.getMode = true;
        break;
      case "--check":
        o.check = true;
        break;
      case "--hash-password":
        if (args.length > 1) {
          o.errors.push(
            "Option error: --hash-password takes at most one argument",
          );
        } else o.hashPassword = args[0] ?? true;
        break;
      case "--set-mode": {
        const v = value();
        if (v !== undefined && !CHECK_MODES.includes(v)) {
          o.errors.push(`Option error: Unknown NUT mode: "${v}"`);
        } else if (v !== undefined) o.mode = v;
        break;
      }
      case "--set-monitor":
      case "--add-monitor":
        counts.monitor.add(opt.slice(2, 5));
        parseMonitor(o, args);
        break;
      case "--set-listen":
      case "--add-listen": {
        counts.listen.add(opt.slice(2, 5));
        const [addr, port] = args;
        if (addr === undefined || args.length > 2) {
          o.errors.push(
            `Option error: --${name} option requires 1 or 2 arguments`,
          );
        } else if (
          port !== undefined && !(/^\d+$/.test(port) && Number(port) <= 65535)
        ) {
          o.errors.push(
            `Option error: failed to parse port specification "${port}"`,
          );
        } else o.listen.push({ addr, ...(port ? { port: Number(port) } : {}) });
        break;
      }
      case "--set-device":
      case "--add-device": {
        counts.device.add(opt.slice(2, 5));
        const [id, driver, port, ...rest] = args;
        if (port === undefined) {
          o.errors.push(
            `Option error: --${name} option requires at least 3 arguments`,
          );
          break;
        }
        const settings: Array<[string, string]> = [];
        for (const kv of rest) {
          const eq = kv.indexOf("=");
          if (eq <= 0) {
            o.errors.push(`Option error: Illegal device setting "${kv}"`);
          } else settings.push([kv.slice(0, eq), kv.slice(eq + 1)]);
        }
        o.devices.push({ id: id!, driver: driver!, port, settings });
        break;
      }
      case "--set-notifyflags":
      case "--add-notifyflags": {
        const [type, ...rest] = args;
        const flags = rest.flatMap((f) => f.split("+")).filter(Boolean);
        if (type === undefined || flags.length === 0) {
          o.errors.push(
            `Option error: --${name} option requires at least 2 arguments`,
          );
        } else if (!(NOTIFY_TYPES as readonly string[]).includes(type)) {
          o.errors.push(
            `Option error: failed to parse notification type specification "${type}"`,
          );
        } else if (flags.some((f) => !FLAGS.includes(f))) {
          o.errors.push(
            `Option error: Unknown notify flag in "${rest.join(" ")}"`,
          );
        } else {o.notifyFlags.push({
            type,
            flags,
            keep: opt.startsWith("--add"),
          });}
        break;
      }
      case "--set-notifymsg": {
        const [type, message] = args;
        if (args.length !== 2) {
          o.errors.push(
            "Option error: --set-notifymsg option requires 2 arguments",
          );
        } else if (!(NOTIFY_TYPES as readonly string[]).includes(type!)) {
          o.errors.push(
            `Option error: failed to parse notification type specification "${type}"`,
          );
        } else o.notifyMsgs.push({ type: type!, message: message! });
        break;
      }
      case "--set-notifycmd":
      case "--set-shutdowncmd":
      case "--set-powerdownflag":
      case "--set-minsupplies": {
        const v = value();
        if (v === undefined) break;
        if (opt === "--set-notifycmd") o.notifyCmd = v;
        else if (opt === "--set-shutdowncmd") o.shutdownCmd = v;
        else if (opt === "--set-powerdownflag") o.powerDownFlag = v;
        else if (/^\d+$/.test(v)) o.minSupplies = Number(v);
        else {o.errors.push(
            `Option error: invalid min. power supplies specification: "${v}"`,
          );}
        break;
      }
      case "--set-user":
      case "--add-user":
        counts.user.add(opt.slice(2, 5));
        if (args.length === 0) {
          o.errors.push(`Option error: --${name} option requires arguments`);
        } else parseUser(o, args);
        break;
      case "--scan-usb":
        o.scanUsb = true;
        break;
      case "--scan-snmp": {
        const [start, end, ...attrs] = args;
        if (args.length < 2) {
          o.errors.push(
            "Option error: --scan-snmp option requires at least 2 arguments",
          );
        } else o.scanSnmp.push({ start: start!, end: end!, attrs });
        break;
      }
      case "--scan-nut": {
        const [start, end, port, timeout] = args;
        if (args.length < 3) {
          o.errors.push(
            "Option error: --scan-nut option requires at least 3 arguments",
          );
        } else if (args.length > 4) {
          o.errors.push(
            "Option error: --scan-nut option requires at most 4 arguments",
          );
        } else {
          o.scanNut.push({
            start: start!,
            end: end!,
            port: Number(port),
            ...(timeout ? { timeoutUs: Number(timeout) } : {}),
          });
        }
        break;
      }
      case "--scan-serial":
        if (o.scanSerial) {
          o.errors.push(
            "Option error: --scan-serial option specified more than once",
          );
        } else o.scanSerial = args;
        break;
      default:
        o.errors.push(`Unknown option: ${opt}`);
    }
    if (
      [
        "--local",
        "--set-mode",
        "--set-notifycmd",
        "--set-shutdowncmd",
        "--set-powerdownflag",
        "--set-minsupplies",
      ].includes(opt)
    ) {
      seen.add(name);
    }
  }
  for (const [what, set] of Object.entries(counts)) {
    if (set.size > 1) {
      o.errors.push(
        `Option error: --set-${what} and --add-${what} options can't both be specified`,
      );
    }
  }
  o.addMonitor = counts.monitor.has("add");
  o.addListen = counts.listen.has("add");
  o.addDevice = counts.device.has("add");
  o.addUser = counts.user.has("add");
  return o;
}
