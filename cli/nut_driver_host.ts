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

/** The line printed on stdout once the control socket is up. */
export const HOST_READY = "DRIVER-HOST-READY";

/**
 * Literal dynamic imports: a host for dummy-ups never loads usbhid-ups's
 * USB stack, and `deno compile` still embeds every module.
 */
const LOADERS: Readonly<Record<string, () => Promise<DriverDefinition>>> = {
  "apcmicrolink": async () => (await import("../drivers/apcmicrolink.ts")).def,
  "apcsmart": async () => (await import("../drivers/apcsmart.ts")).def,
  "apcupsd-ups": async () => (await import("../drivers/apcupsd_ups.ts")).def,
  "bcmxcp": async () => (await import("../drivers/bcmxcp.ts")).def,
  "bcmxcp_usb": async () => (await import("../drivers/bcmxcp_usb.ts")).def,
  "blazer_ser": async () => (await import("../drivers/blazer_ser.ts")).def,
  "blazer_usb": async () => (await import("../drivers/blazer_usb.ts")).def,
  "clone": async () => (await import("../drivers/clone.ts")).def,
  "clone-outlet": async () => (await import("../drivers/clone_outlet.ts")).def,
  "dummy-ups": async () => (await import("../drivers/dummy_ups.ts")).dummyUps,
  "failover": async () => (await import("../drivers/failover.ts")).def,
  "genericups": async () => (await import("../drivers/genericups.ts")).def,
  "upscode2": async () => (await import("../drivers/upscode2.ts")).def,
  "al175": async () => (await import("../drivers/al175.ts")).def,
  "metasys": async () => (await import("../drivers/metasys.ts")).def,
  "liebert-esp2": async () => (await import("../drivers/liebert_esp2.ts")).def,
  "gamatronic": async () => (await import("../drivers/gamatronic.ts")).def,
  "liebert": async () => (await import("../drivers/liebert.ts")).def,
  "mge-shut": async () => (await import("../drivers/mge_shut.ts")).def,
  "netxml-ups": async () => (await import("../drivers/netxml_ups.ts")).def,
  "nut-ipmipsu": async () => (await import("../drivers/nut_ipmipsu.ts")).def,
  "nutdrv_atcl_usb": async () =>
    (await import("../drivers/nutdrv_atcl_usb.ts")).def,
  "nutdrv_qx": async () => (await import("../drivers/nutdrv_qx.ts")).def,
  "mge-utalk": async () => (await import("../drivers/mge_utalk.ts")).def,
  "masterguard": async () => (await import("../drivers/masterguard.ts")).def,
  "powerpanel": async () => (await import("../drivers/powerpanel.ts")).def,
  "tripplitesu": async () => (await import("../drivers/tripplitesu.ts")).def,
  "liebert-gxe": async () => (await import("../drivers/liebert_gxe.ts")).def,
  "generic_modbus": async () =>
    (await import("../drivers/generic_modbus.ts")).def,
  "phoenixcontact_modbus": async () =>
    (await import("../drivers/phoenixcontact_modbus.ts")).def,
  "socomec_jbus": async () => (await import("../drivers/socomec_jbus.ts")).def,
  "huawei-ups2000": async () =>
    (await import("../drivers/huawei_ups2000.ts")).def,
  "adelsystem_cbi": async () =>
    (await import("../drivers/adelsystem_cbi.ts")).def,
  "must_ep2000pro": async () =>
    (await import("../drivers/must_ep2000pro.ts")).def,
  "apc_modbus": async () => (await import("../drivers/apc_modbus.ts")).def,
  "bestups": async () => (await import("../drivers/bestups.ts")).def,
  "bestfortress": async () => (await import("../drivers/bestfortress.ts")).def,
  "etapro": async () => (await import("../drivers/etapro.ts")).def,
  "bestuferrups": async () => (await import("../drivers/bestuferrups.ts")).def,
  "bestfcom": async () => (await import("../drivers/bestfcom.ts")).def,
  "everups": async () => (await import("../drivers/everups.ts")).def,
  "oneac": async () => (await import("../drivers/oneac.ts")).def,
  "belkinunv": async () => (await import("../drivers/belkinunv.ts")).def,
  "isbmex": async () => (await import("../drivers/isbmex.ts")).def,
  "optiups": async () => (await import("../drivers/optiups.ts")).def,
  "ivtscd": async () => (await import("../drivers/ivtscd.ts")).def,
  "safenet": async () => (await import("../drivers/safenet.ts")).def,
  "belkin": async () => (await import("../drivers/belkin.ts")).def,
  "apcsmart-old": async () => (await import("../drivers/apcsmart_old.ts")).def,
  "microdowell": async () => (await import("../drivers/microdowell.ts")).def,
  "rhino": async () => (await import("../drivers/rhino.ts")).def,
  "solis": async () => (await import("../drivers/solis.ts")).def,
  "microsol-apc": async () => (await import("../drivers/microsol_apc.ts")).def,
  "nutdrv_siemens-sitop": async () =>
    (await import("../drivers/nutdrv_siemens_sitop.ts")).def,
  "powercom": async () => (await import("../drivers/powercom.ts")).def,
  "richcomm_usb": async () => (await import("../drivers/richcomm_usb.ts")).def,
  "riello_ser": async () => (await import("../drivers/riello_ser.ts")).def,
  "riello_usb": async () => (await import("../drivers/riello_usb.ts")).def,
  "snmp-ups": async () => (await import("../drivers/snmp_ups.ts")).snmpUps,
  "tripplite": async () => (await import("../drivers/tripplite.ts")).def,
  "tripplite_usb": async () =>
    (await import("../drivers/tripplite_usb.ts")).def,
  "victronups": async () => (await import("../drivers/victronups.ts")).def,
  "usbhid-ups": async () =>
    (await import("../drivers/usbhid_ups.ts")).usbhidUps,
  "meanwell_ntu": async () => (await import("../drivers/meanwell_ntu.ts")).def,
  "nutdrv_hashx": async () => (await import("../drivers/nutdrv_hashx.ts")).def,
  "ragtech": async () => (await import("../drivers/ragtech.ts")).def,
  "sms_ser": async () => (await import("../drivers/sms_ser.ts")).def,
  "nhs_ser": async () => (await import("../drivers/nhs_ser.ts")).def,
  "bicker_ser": async () => (await import("../drivers/bicker_ser.ts")).def,
  "powervar_cx_ser": async () =>
    (await import("../drivers/powervar_cx_ser.ts")).def,
  "powervar_cx_usb": async () =>
    (await import("../drivers/powervar_cx_usb.ts")).def,
};

/** The driver names this host can run. */
export const HOSTABLE_DRIVERS: readonly string[] = Object.keys(LOADERS);

/** Loads a driver definition by NUT name. */
export const loadDriver: DriverLoader = (name) =>
  Object.hasOwn(LOADERS, name) ? LOADERS[name]!() : Promise.resolve(undefined);

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
