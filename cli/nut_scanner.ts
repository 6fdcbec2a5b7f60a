/**
 * nut-scanner: finds power devices and prints them as ups.conf sections
 * (`-N`, default) or parsable lines (`-P`), like NUT 2.8.0's, or JSON (`-J`,
 * ours). Buses: NUT upsd (`-O`), NUT simulation files (`-n`, from master),
 * USB (`-U`), SNMP v1/v3 (`-S`), NetXML cards (`-M`, UDP discovery), IPMI
 * power supplies (`-I`, through FreeIPMI's tools, in-band or over LAN) and
 * Eaton serial, Q1 step (`-E`). Avahi is not built in: `-A` shows the
 * usage as NUT does when the library is missing.
 *
 * @module
 */
import { runMain } from "./_io.ts";
import type { Io } from "../src/io.ts";
import { getopt, type Opt } from "../src/client/getopt.ts";
import { nutPaths } from "../src/config/paths.ts";
import { NUT_VERSION, versionNote } from "../src/version.ts";
import {
  type Bus,
  cidrToRange,
  expandRange,
  formatJson,
  formatParsable,
  formatUpsConf,
  inDisplayOrder,
  IPMI_AUTH_TYPES,
  ipRange,
  type ScanDevice,
  scanEatonSerial,
  scanIpmi,
  scanNut,
  scanSimulation,
  scanSnmp,
  scanUsb,
  scanXml,
  type SerialOpener,
  serialPortsList,
  type SnmpSecurity,
  type UpsLister,
  type UsbEnumerator,
  type UsbIdEntry,
  usbIdTable,
} from "../src/scan/mod.ts";
import type { SnmpConnector } from "../src/transport/snmp_link.ts";
import { DRIVERS } from "../drivers/mod.ts";
import { takeSetupArgs, writeSetup } from "./_scanner_setup.ts";
import { SUBDRIVERS } from "../drivers/usbhid/list.ts";
import { DEFAULT_THREADS, DEFAULT_TIMEOUT_S, USAGE } from "./_scanner_usage.ts";

const OPTSTRING = "?ht:T:s:e:E:c:l:u:W:X:w:x:p:b:B:d:L:CUSMOAm:nNPJqIVaD";

/** Long option → short letter (getopt_long table of 2.8.0, plus -n). */
const LONG: Readonly<Record<string, string>> = {
  timeout: "t",
  thread: "T",
  start_ip: "s",
  end_ip: "e",
  eaton_serial: "E",
  mask_cidr: "m",
  community: "c",
  secLevel: "l",
  secName: "u",
  authPassword: "W",
  privPassword: "X",
  authProtocol: "w",
  privProtocol: "x",
  username: "b",
  password: "B",
  authType: "d",
  cipher_suite_id: "L",
  port: "p",
  complete_scan: "C",
  usb_scan: "U",
  snmp_scan: "S",
  xml_scan: "M",
  oldnut_scan: "O",
  avahi_scan: "A",
  nut_simulation_scan: "n",
  ipmi_scan: "I",
  disp_nut_conf: "N",
  disp_parsable: "P",
  json: "J",
  disp_json: "J",
  quiet: "q",
  help: "h",
  version: "V",
  available: "a",
  nut_debug_level: "D",
};

/** Letters of buses (and their options) that this build does not have. */
const UNAVAILABLE = new Set(["A"]);

const BAD_ARGS = "\n\n" +
  "WARNING: Some error has occurred while processing 'nut-scanner' command-line\n" +
  "arguments, see more details above the usage help text.\n\n";

/** What the scanners talk to; tests replace parts of it. */
export interface ScannerDeps {
  /** The USB ID table (vendor, product, driver). */
  usbIds: Iterable<UsbIdEntry>;
  usbEnumerate?: UsbEnumerator;
  nutLister?: UpsLister;
  serialOpen?: SerialOpener;
  /** SNMP sessions (default: real UDP on port 161). */
  snmpConnect?: SnmpConnector;
  /** SNMP agents' UDP port (161; tests move it). */
  snmpPort?: number;
  /** The XML scan (default: UDP to port 4679). */
  xmlScan?: typeof scanXml;
  /** The IPMI scan (default: FreeIPMI's tools). */
  ipmiScan?: typeof scanIpmi;
}

/** The USB IDs of the drivers we ship (usbhid-ups subdriver tables). */
export function shippedUsbIds(): UsbIdEntry[] {
  if (!DRIVERS["usbhid-ups"]) return [];
  return SUBDRIVERS.flatMap((s) =>
    s.devices.map((d) => ({
      vendor: d.vendor,
      product: d.product,
      driver: "usbhid-ups",
    }))
  );
}

/** Turns `--name[=value]` into the short form getopt understands. */
function expandLong(args: readonly string[]): string[] | string {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      out.push(...args.slice(i));
      break;
    }
    if (!a.startsWith("--")) {
      out.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
    const letter = Object.hasOwn(LONG, name) ? LONG[name] : undefined;
    if (!letter) return `unrecognized option '${a}'`;
    out.push(`-${letter}`);
    if (eq >= 0) out.push(a.slice(eq + 1));
  }
  return out;
}

interface Settings {
  buses: Set<Bus | "all">;
  timeoutS: number;
  threads: number;
  start?: string;
  end?: string;
  port: string;
  serialPorts?: string;
  format: "conf" | "parsable" | "json";
  quiet: boolean;
  snmp: SnmpSecurity;
  ipmi: { username?: string; password?: string; authType: string };
}

type Parsed = { settings: Settings } | { exit: number };

function usage(io: Io, opt: string, code: number): { exit: number } {
  io.out(USAGE);
  if (opt !== "h" || code !== 0) io.err(BAD_ARGS);
  return { exit: code };
}

function parseArgs(args: readonly string[], io: Io): Parsed {
  const expanded = expandLong(args);
  if (typeof expanded === "string") {
    io.err(`nut-scanner: ${expanded}\n`);
    return usage(io, "?", 255);
  }
  const s: Settings = {
    buses: new Set(),
    timeoutS: DEFAULT_TIMEOUT_S,
    threads: DEFAULT_THREADS,
    port: "3493",
    format: "conf",
    quiet: false,
    snmp: {},
    ipmi: { authType: "MD5" },
  };
  for (const o of getopt(expanded, OPTSTRING).opts) {
    const r = applyOpt(o, s, io);
    if (r !== undefined) return r;
  }
  return { settings: s };
}

function applyOpt(o: Opt, s: Settings, io: Io): { exit: number } | undefined {
  const arg = o.arg ?? "";
  if (UNAVAILABLE.has(o.opt)) return usage(io, o.opt, 0);
  switch (o.opt) {
    case "?":
      io.err(`nut-scanner: ${o.error}\n`);
      return usage(io, "?", 255);
    case "t": {
      const v = parseInt(arg, 10);
      if (!(v > 0)) {
        io.err(`Illegal timeout value, using default ${DEFAULT_TIMEOUT_S}s\n`);
        s.timeoutS = DEFAULT_TIMEOUT_S;
      } else s.timeoutS = v;
      return;
    }
    case "T": {
      const v = parseInt(arg, 10);
      if (/^\s*[+-]?\d+$/.test(arg) && v > 0) s.threads = v;
      else {
        io.err(
          `WARNING: Requested max scanning thread count ${arg} (${
            Number.isNaN(v) ? 0 : v
          }) is out of range, using default ${s.threads}\n`,
        );
      }
      return;
    }
    case "s":
      s.start = arg;
      return;
    case "e":
      s.end = arg;
      return;
    case "m": {
      const r = cidrToRange(arg);
      delete s.start;
      delete s.end;
      if ("error" in r) io.err(r.error + "\n");
      else [s.start, s.end] = [r.start, r.end];
      return;
    }
    case "p":
      s.port = arg;
      return;
    case "c":
      s.snmp.community = arg;
      return;
    case "l":
      s.snmp.secLevel = arg;
      return;
    case "u":
      s.snmp.secName = arg;
      return;
    case "W":
      s.snmp.authPassword = arg;
      return;
    case "X":
      s.snmp.privPassword = arg;
      return;
    case "w":
      s.snmp.authProtocol = arg;
      return;
    case "x":
      s.snmp.privProtocol = arg;
      return;
    case "b":
      s.ipmi.username = arg;
      return;
    case "B":
      s.ipmi.password = arg;
      return;
    case "d":
      if (IPMI_AUTH_TYPES.includes(arg)) s.ipmi.authType = arg;
      else {
        io.err(`Unknown authentication type (${arg}). Defaulting to MD5\n`);
        s.ipmi.authType = "MD5";
      }
      return;
    case "L":
      // NUT opens IPMI 1.5 sessions only: the cipher suite goes unused
      return;
    case "S":
      s.buses.add("snmp");
      return;
    case "M":
      s.buses.add("xml");
      return;
    case "I":
      s.buses.add("ipmi");
      return;
    case "E":
      s.serialPorts = arg;
      s.buses.add("serial");
      return;
    case "C":
      s.buses.add("all");
      return;
    case "U":
      s.buses.add("usb");
      return;
    case "O":
      s.buses.add("nut");
      return;
    case "n":
      s.buses.add("simulation");
      return;
    case "N":
      s.format = "conf";
      return;
    case "P":
      s.format = "parsable";
      return;
    case "J":
      s.format = "json";
      return;
    case "q":
      s.quiet = true;
      return;
    case "D":
      return;
    case "V":
      io.out(`Network UPS Tools - ${NUT_VERSION}\n`);
      io.err(versionNote());
      return { exit: 0 };
    case "a":
      io.out("OLDNUT\nUSB\nSNMP\nXML\nIPMI\nEATON_SERIAL\n");
      return { exit: 0 };
    default:
      return usage(io, o.opt, 0);
  }
}

/** nut-scanner with injectable scanner back ends. */
export async function scannerMain(
  args: string[],
  io: Io,
  deps: ScannerDeps,
): Promise<number> {
  const setup = takeSetupArgs(args);
  if (typeof setup === "string") {
    io.err(`nut-scanner: ${setup}\n`);
    return 255;
  }
  const parsed = parseArgs(setup.rest, io);
  if ("exit" in parsed) return parsed.exit;
  const s = parsed.settings;
  const all = s.buses.has("all") || s.buses.size === 0;
  const want = (b: Bus) => all || s.buses.has(b);
  const say = (text: string) => {
    if (!s.quiet) io.err(text + "\n");
  };
  const jobs: Promise<ScanDevice[]>[] = [];

  if (want("usb")) {
    say("Scanning USB bus.");
    jobs.push(
      scanUsb(usbIdTable(deps.usbIds), deps.usbEnumerate).then((r) => {
        if (r.seen === 0) io.err("No USB device found\n");
        return r.devices;
      }, (e) => {
        io.err(
          `Cannot load USB library (libusb-1.0) : ${errText(e)}. ` +
            "USB search disabled.\n",
        );
        return [];
      }),
    );
  }
  if (want("snmp")) {
    if (s.start === undefined && s.end === undefined) {
      say("No start IP, skipping SNMP");
    } else {
      say("Scanning SNMP bus.");
      const r = ipRange(s.start, s.end);
      if ("error" in r) io.err(r.error + "\n");
      else {
        jobs.push(scanSnmp(expandRange(r.range), {
          ...s.snmp,
          timeoutMs: s.timeoutS * 1000,
          concurrency: s.threads,
          connector: deps.snmpConnect ?? realSnmp,
          ...(deps.snmpPort ? { port: deps.snmpPort } : {}),
          warn: (line) => io.err(line + "\n"),
        }));
      }
    }
  }
  // no address: NUT broadcasts (XML) and probes the local BMC (IPMI)
  const hosts = () => {
    if (s.start === undefined && s.end === undefined) return undefined;
    const r = ipRange(s.start, s.end);
    if ("error" in r) {
      io.err(r.error + "\n");
      return [];
    }
    return expandRange(r.range);
  };
  if (want("xml")) {
    say("Scanning XML/HTTP bus.");
    // one address goes out as given, unchecked, as NUT's does
    const one = s.start === undefined || s.end === undefined ||
      s.start === s.end;
    const only = s.start ?? s.end;
    const targets = one && only !== undefined ? [only] : hosts();
    jobs.push((deps.xmlScan ?? scanXml)(targets, {
      timeoutMs: s.timeoutS * 1000,
      concurrency: s.threads,
      warn: (line) => io.err(line + "\n"),
    }));
  }
  if (want("nut")) {
    if (s.start === undefined && s.end === undefined) {
      say("No start IP, skipping NUT bus (old connect method)");
    } else {
      say("Scanning NUT bus (old connect method).");
      const r = ipRange(s.start, s.end);
      if ("error" in r) io.err(r.error + "\n");
      else {
        jobs.push(scanNut(expandRange(r.range), {
          port: parseInt(s.port, 10),
          timeoutMs: s.timeoutS * 1000,
          concurrency: s.threads,
          ...(deps.nutLister ? { lister: deps.nutLister } : {}),
        }));
      }
    }
  }
  if (want("simulation")) {
    say("Scanning NUT simulation devices.");
    const dir = nutPaths((n) => io.env(n)).confPath;
    jobs.push(
      scanSimulation(dir).catch((e) => {
        io.err(`Failed to scandir: ${errText(e)}\n`);
        return [];
      }),
    );
  }
  if (want("ipmi")) {
    say("Scanning IPMI bus.");
    jobs.push(
      (deps.ipmiScan ?? scanIpmi)(hosts(), {
        ...s.ipmi,
        concurrency: s.threads,
      }),
    );
  }
  if (s.buses.has("serial")) {
    say("Scanning serial bus for Eaton devices.");
    try {
      const ports = serialPortsList(s.serialPorts);
      jobs.push(scanEatonSerial(ports, deps.serialOpen));
    } catch (e) {
      io.err(errText(e) + "\n");
    }
  }
  const devices = inDisplayOrder((await Promise.all(jobs)).flat());
  if (setup.dir !== undefined) {
    return await writeSetup(setup.dir, devices, setup.port, io);
  }
  io.out(
    s.format === "json"
      ? formatJson(devices)
      : s.format === "parsable"
      ? formatParsable(devices)
      : formatUpsConf(devices),
  );
  return 0;
}

/** UDP SNMP, loaded on first use: npm:net-snmp costs ~45 ms of start-up. */
export const realSnmp: SnmpConnector = async (options) => {
  const { snmpConnector } = await import("../src/transport/snmp.ts");
  return await snmpConnector()(options);
};

function errText(e: unknown): string {
  if (e instanceof Deno.errors.NotFound) return "No such file or directory";
  if (e instanceof Deno.errors.PermissionDenied) return "Permission denied";
  return e instanceof Error ? e.message : String(e);
}

/** nut-scanner's entry point. */
export function main(args: string[], io: Io): Promise<number> {
  return scannerMain(args, io, { usbIds: shippedUsbIds() });
}

if (import.meta.main) runMain(main);
