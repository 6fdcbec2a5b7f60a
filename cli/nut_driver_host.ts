/**
 * nut-driver-host: one process that hosts many driver instances (deno-nut
 * extension; NUT runs one process per driver). upsdrvctl starts it with
 * `-B` when the drivers are ours and sends it START/STOP per UPS; systemd or
 * a container runs it in the foreground with `-F [--all | ups...]`.
 *
 *   nut-driver-host [-F | -B] [-u user] [-D...] [--hang=SEC] [--retry=SEC] [--all | ups...]
 *
 * @module
 */
import { loadUpsConf } from "../src/config/load.ts";
import { nutPaths } from "../src/config/paths.ts";
import type { Io } from "../src/io.ts";
import { type LogSink } from "../src/log.ts";
import { syslogSink } from "../src/syslog.ts";
import { DriverHost, type DriverLoader } from "../src/driver/multi_host.ts";
import { dropPrivileges } from "../src/driver/privileges.ts";
import type { DriverDefinition } from "../src/driver/types.ts";
import { NUT_VERSION, versionNote } from "../src/version.ts";
import { runMain } from "./_io.ts";
import { importLate } from "../src/late_import.ts";
import { schedulePageOut } from "../src/pageout.ts";

/** The line printed on stdout once the control socket is up. */
export const HOST_READY = "DRIVER-HOST-READY";

/**
 * Each driver's module under drivers/ and the export holding its definition
 * (`def` unless named). They load through importLate: literal `import()`s
 * here made `deno run` fetch and parse all their graphs (npm:usb, net-snmp,
 * ...) before main ran, ~5 MiB and start-up time in every host, used or not.
 */
const MODULES: Readonly<Record<string, string | readonly [string, string]>> = {
  "apcmicrolink": "apcmicrolink.ts",
  "apcsmart": "apcsmart.ts",
  "apcupsd-ups": "apcupsd_ups.ts",
  "bcmxcp": "bcmxcp.ts",
  "bcmxcp_usb": "bcmxcp_usb.ts",
  "blazer_ser": "blazer_ser.ts",
  "blazer_usb": "blazer_usb.ts",
  "clone": "clone.ts",
  "clone-outlet": "clone_outlet.ts",
  "dummy-ups": ["dummy_ups.ts", "dummyUps"],
  "failover": "failover.ts",
  "genericups": "genericups.ts",
  "upscode2": "upscode2.ts",
  "al175": "al175.ts",
  "metasys": "metasys.ts",
  "liebert-esp2": "liebert_esp2.ts",
  "gamatronic": "gamatronic.ts",
  "liebert": "liebert.ts",
  "mge-shut": "mge_shut.ts",
  "netxml-ups": "netxml_ups.ts",
  "nut-ipmipsu": "nut_ipmipsu.ts",
  "nutdrv_atcl_usb": "nutdrv_atcl_usb.ts",
  "nutdrv_qx": "nutdrv_qx.ts",
  "mge-utalk": "mge_utalk.ts",
  "masterguard": "masterguard.ts",
  "powerpanel": "powerpanel.ts",
  "tripplitesu": "tripplitesu.ts",
  "liebert-gxe": "liebert_gxe.ts",
  "generic_modbus": "generic_modbus.ts",
  "phoenixcontact_modbus": "phoenixcontact_modbus.ts",
  "socomec_jbus": "socomec_jbus.ts",
  "huawei-ups2000": "huawei_ups2000.ts",
  "adelsystem_cbi": "adelsystem_cbi.ts",
  "must_ep2000pro": "must_ep2000pro.ts",
  "apc_modbus": "apc_modbus.ts",
  "bestups": "bestups.ts",
  "bestfortress": "bestfortress.ts",
  "etapro": "etapro.ts",
  "bestuferrups": "bestuferrups.ts",
  "bestfcom": "bestfcom.ts",
  "everups": "everups.ts",
  "oneac": "oneac.ts",
  "belkinunv": "belkinunv.ts",
  "isbmex": "isbmex.ts",
  "optiups": "optiups.ts",
  "ivtscd": "ivtscd.ts",
  "safenet": "safenet.ts",
  "belkin": "belkin.ts",
  "apcsmart-old": "apcsmart_old.ts",
  "microdowell": "microdowell.ts",
  "rhino": "rhino.ts",
  "solis": "solis.ts",
  "microsol-apc": "microsol_apc.ts",
  "nutdrv_siemens-sitop": "nutdrv_siemens_sitop.ts",
  "powercom": "powercom.ts",
  "richcomm_usb": "richcomm_usb.ts",
  "riello_ser": "riello_ser.ts",
  "riello_usb": "riello_usb.ts",
  "snmp-ups": ["snmp_ups.ts", "snmpUps"],
  "tripplite": "tripplite.ts",
  "tripplite_usb": "tripplite_usb.ts",
  "victronups": "victronups.ts",
  "usbhid-ups": ["usbhid_ups.ts", "usbhidUps"],
  "meanwell_ntu": "meanwell_ntu.ts",
  "nutdrv_hashx": "nutdrv_hashx.ts",
  "ragtech": "ragtech.ts",
  "sms_ser": "sms_ser.ts",
  "nhs_ser": "nhs_ser.ts",
  "bicker_ser": "bicker_ser.ts",
  "powervar_cx_ser": "powervar_cx_ser.ts",
  "powervar_cx_usb": "powervar_cx_usb.ts",
};

async function loadFrom(
  entry: string | readonly [string, string],
): Promise<DriverDefinition> {
  const [file, name] = typeof entry === "string" ? [entry, "def"] : entry;
  const mod = await importLate<Record<string, DriverDefinition>>(
    `../drivers/${file}`,
    import.meta.url,
  );
  const def = mod[name];
  if (!def) throw new Error(`drivers/${file} has no export ${name}`);
  return def;
}

/** The module files the host loads at run time (for `deno compile --include`). */
export const HOSTED_MODULE_FILES: readonly string[] = Object.values(MODULES)
  .map((e) => `drivers/${typeof e === "string" ? e : e[0]}`);

/** The driver names this host can run. */
export const HOSTABLE_DRIVERS: readonly string[] = Object.keys(MODULES);

/** Loads a driver definition by NUT name. */
export const loadDriver: DriverLoader = (name) =>
  Object.hasOwn(MODULES, name)
    ? loadFrom(MODULES[name]!)
    : Promise.resolve(undefined);

function usage(io: Io): number {
  io.err(
    "usage: nut-driver-host [-F | -B] [-u user] [-D...] [--hang=SEC] [--retry=SEC] [--all | ups...]\n",
  );
  return 1;
}

/** nut-driver-host's main. */
export function main(args: string[], io: Io): Promise<number> {
  return hostMain(args, io, loadDriver);
}

/** The host's life with a given driver loader (tests add faulty drivers). */
export async function hostMain(
  args: string[],
  io: Io,
  load: DriverLoader,
): Promise<number> {
  let background = false, all = false, debug = 0;
  let hangMs: number | undefined, retryDelay: number | undefined;
  let user: string | undefined;
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-u" && i + 1 < args.length) user = args[++i];
    else if (a === "-V") {
      io.out(`Network UPS Tools - driver host ${NUT_VERSION}\n`);
      io.err(versionNote());
      return 0;
    } else if (a === "-F") background = false;
    else if (a === "-B") background = true;
    else if (/^-D+$/.test(a)) debug += a.length - 1;
    else if (a === "--all") all = true;
    else if (a.startsWith("--hang=")) hangMs = Number(a.slice(7)) * 1000;
    else if (a.startsWith("--retry=")) retryDelay = Number(a.slice(8));
    else if (a.startsWith("-")) return usage(io);
    else names.push(a);
  }
  if (
    (hangMs !== undefined && !(hangMs > 0)) ||
    (retryDelay !== undefined && !Number.isFinite(retryDelay))
  ) return usage(io);
  const paths = nutPaths(io.env);
  let sink: LogSink = (_l, m) => {
    try {
      io.err(m + "\n");
    } catch {
      sink = syslogSink("nut-driver-host");
    }
  };
  const host = new DriverHost({
    paths,
    load,
    sink: (l, m) => sink(l, m),
    debug,
    exitWhenEmpty: background,
    ...(hangMs !== undefined ? { hangMs } : {}),
    ...(retryDelay !== undefined ? { retryDelay } : {}),
  });
  // one driver's stray exception must not end the others (failure isolation)
  const guard = (e: Event) => {
    e.preventDefault();
    const why = (e as PromiseRejectionEvent).reason ?? (e as ErrorEvent).error;
    sink("err", `uncaught in a hosted driver: ${why}`);
  };
  globalThis.addEventListener("unhandledrejection", guard);
  globalThis.addEventListener("error", guard);
  try {
    await host.listen();
  } catch (e) {
    io.err(`Can't listen on the driver host socket: ${e}\n`);
    return 1;
  }
  // As NUT's drivers: started as root, the host drops to `-u`, else to
  // ups.conf's global `user`, else to `nut` (after binding, as a driver does)
  if (user === undefined) {
    user = await loadUpsConf(paths).then((c) => c.globals.values.get("user"))
      .catch(() => undefined);
  }
  try {
    dropPrivileges(user);
  } catch (e) {
    io.err(`${e instanceof Error ? e.message : e}\n`);
    await host.close();
    return 1;
  }
  let failed = 0;
  if (all || names.length) {
    let conf;
    try {
      conf = await loadUpsConf(paths);
    } catch (e) {
      io.err(`Can't open ${paths.confPath}/ups.conf: ${e}\n`);
      await host.close();
      return 1;
    }
    const want = all ? conf.sections.map((s) => s.name) : names;
    for (const ups of want) {
      const driver = conf.sections.find((s) => s.name === ups)?.values.get(
        "driver",
      );
      if (!driver) {
        io.err(`UPS ${ups} not found in ups.conf\n`);
        failed++;
        continue;
      }
      const r = await host.start(driver, ups, (t) => io.err(`${ups}: ${t}\n`));
      if (!r.ok) {
        failed++;
        io.err(`${ups}: ${r.error ?? `start failed (exit ${r.code})`}\n`);
      }
    }
  }
  // the PID, then how many of the UPSes asked for on the command line failed
  io.out(`${HOST_READY} ${Deno.pid} ${failed}\n`);
  schedulePageOut(io.env); // start-up's code pages: see src/pageout.ts
  if (background) sink = syslogSink("nut-driver-host");
  const stop = () => void host.close();
  if (io.signal.aborted) stop();
  else io.signal.addEventListener("abort", stop, { once: true });
  let onHup: (() => void) | undefined;
  try {
    onHup = () => {
      for (const h of host.list()) {
        void host.handle({ cmd: "reload", ups: h.ups }).catch(() => {});
      }
    };
    Deno.addSignalListener("SIGHUP", onHup);
  } catch {
    onHup = undefined;
  }
  await host.closed;
  if (onHup) Deno.removeSignalListener("SIGHUP", onHup);
  globalThis.removeEventListener("unhandledrejection", guard);
  globalThis.removeEventListener("error", guard);
  return 0;
}

if (import.meta.main) runMain(main);
