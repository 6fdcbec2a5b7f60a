/**
 * Every binary we ship: its NUT name, entry file and the permissions its
 * compiled form gets. The shims (`deno task shims`) and `deno task compile`
 * both read this table, so a binary has exactly one set of permissions.
 *
 * @module
 */

/** One binary: NUT name, entry module (relative to the repo) and Deno flags. */
export interface Binary {
  name: string;
  entry: string;
  permissions: readonly string[];
  /** Runtime flags beyond permissions (e.g. V8 heap tuning). */
  runtime?: readonly string[];
  /**
   * Installed as one bundled JavaScript file (scripts/bundle.ts): for the
   * short-lived clients whose cold start is their cost. A bundle must not
   * need npm packages or paths relative to its own modules.
   */
  bundle?: true;
}

const CLIENT = ["--allow-net", "--allow-env", "--allow-read"];
const DAEMON = [
  "--allow-net",
  "--allow-env",
  "--allow-read",
  "--allow-write",
  "--allow-ffi",
  "--allow-sys",
];
const DRIVER = [...DAEMON, "--allow-run"];
/**
 * Long-lived hosts of many small state machines: a 1 MiB young generation
 * and no optimising compiler cut a 100-driver host from 64 to 51 MiB RSS
 * (tests/bench/scale.ts); their work per poll is too small to need TurboFan.
 */
const SMALL_HEAP = ["--v8-flags=--max-semi-space-size=1,--lite-mode"];
/**
 * Short-lived clients: no optimising compiler (`--lite-mode`), and each
 * function compiled with its module (`--no-lazy`; Deno's code cache keeps
 * the result) rather than at its first call. Together ~3 ms off a ~30 ms
 * cold `upsc` (tests/bench/startup.ts).
 */
const QUICK_START = ["--v8-flags=--lite-mode,--no-lazy"];

/** The table, in the order `deno task shims` writes it. */
export const BINARIES: readonly Binary[] = [
  {
    name: "upsd",
    entry: "cli/upsd.ts",
    permissions: [...DAEMON, "--allow-run"],
    // as cli/upsd.ts gives its background child (a small young generation)
    runtime: ["--v8-flags=--max-semi-space-size=1"],
  },
  {
    name: "upsc",
    entry: "cli/upsc.ts",
    permissions: CLIENT,
    runtime: QUICK_START,
    bundle: true,
  },
  {
    name: "upsrw",
    entry: "cli/upsrw.ts",
    permissions: [...CLIENT, "--allow-sys=uid"],
    runtime: QUICK_START,
    bundle: true,
  },
  {
    name: "upscmd",
    entry: "cli/upscmd.ts",
    permissions: [...CLIENT, "--allow-sys=uid"],
    runtime: QUICK_START,
    bundle: true,
  },
  {
    name: "upslog",
    entry: "cli/upslog.ts",
    // --allow-run: re-spawns itself to go to the background (no fork)
    permissions: [
      ...CLIENT,
      "--allow-write",
      "--allow-sys=hostname",
      "--allow-run",
    ],
  },
  {
    name: "upsmon",
    entry: "cli/upsmon.ts",
    permissions: [...DAEMON, "--allow-run"],
    // shutdown scripts call `upsmon -K`; the daemon's work per poll is small
    runtime: QUICK_START,
    bundle: true,
  },
  {
    name: "upssched",
    entry: "cli/upssched.ts",
    permissions: [...DAEMON, "--allow-run"],
  },
  {
    name: "upsdrvctl",
    entry: "cli/upsdrvctl.ts",
    permissions: [...DAEMON, "--allow-run"],
  },
  {
    // deno-nut extension: many driver instances in one process
    name: "nut-driver-host",
    entry: "cli/nut_driver_host.ts",
    permissions: DRIVER,
    runtime: SMALL_HEAP,
  },
  {
    // deno-nut extension: drivers, upsd and upsmon in one process
    name: "nut-allinone",
    entry: "cli/nut_allinone.ts",
    permissions: DRIVER,
    runtime: SMALL_HEAP,
  },
  {
    name: "nut-scanner",
    entry: "cli/nut_scanner.ts",
    // --allow-write: --write-config DIR, -I's temp command file;
    // --allow-run: -I runs FreeIPMI's ipmi-raw and ipmi-fru
    permissions: [
      "--allow-net",
      "--allow-env",
      "--allow-read",
      "--allow-ffi",
      "--allow-write",
      "--allow-run=/usr/sbin/ipmi-raw,/usr/sbin/ipmi-fru",
    ],
  },
  {
    name: "nutconf",
    entry: "cli/nutconf.ts",
    // edits config files; --scan-nut/--scan-usb/--scan-serial as nut-scanner
    permissions: [
      "--allow-read",
      "--allow-write",
      "--allow-env",
      "--allow-net",
      "--allow-ffi",
    ],
  },
  {
    name: "nut-compliance",
    entry: "cli/nut_compliance.ts",
    permissions: ["--allow-net", "--allow-read"],
  },
  {
    name: "nut-cert",
    entry: "cli/nut_cert.ts",
    permissions: ["--allow-read", "--allow-write"],
  },
  {
    name: "nut-driver-enumerator",
    entry: "cli/nut_driver_enumerator.ts",
    permissions: [
      "--allow-read",
      "--allow-write",
      "--allow-env",
      "--allow-run",
    ],
  },
  {
    name: "upsdrvsvcctl",
    entry: "cli/upsdrvsvcctl.ts",
    permissions: [
      "--allow-read",
      "--allow-write",
      "--allow-env",
      "--allow-run",
    ],
  },
  // NUT's CGI programs (nut-cgi): QUERY_STRING in, a page out
  { name: "upsstats.cgi", entry: "cli/upsstats_cgi.ts", permissions: CLIENT },
  {
    name: "upsimage.cgi",
    entry: "cli/upsimage_cgi.ts",
    // the system zlib through FFI makes the PNG bytes identical to NUT's
    permissions: [...CLIENT, "--allow-ffi"],
  },
  { name: "upsset.cgi", entry: "cli/upsset_cgi.ts", permissions: CLIENT },
  { name: "dummy-ups", entry: "drivers/dummy_ups.ts", permissions: DRIVER },
  { name: "usbhid-ups", entry: "drivers/usbhid_ups.ts", permissions: DRIVER },
  { name: "snmp-ups", entry: "drivers/snmp_ups.ts", permissions: DRIVER },
  { name: "nutdrv_qx", entry: "drivers/nutdrv_qx.ts", permissions: DRIVER },
  { name: "blazer_ser", entry: "drivers/blazer_ser.ts", permissions: DRIVER },
  { name: "blazer_usb", entry: "drivers/blazer_usb.ts", permissions: DRIVER },
  { name: "apcsmart", entry: "drivers/apcsmart.ts", permissions: DRIVER },
  { name: "clone", entry: "drivers/clone.ts", permissions: DRIVER },
  { name: "apcupsd-ups", entry: "drivers/apcupsd_ups.ts", permissions: DRIVER },
  {
    name: "clone-outlet",
    entry: "drivers/clone_outlet.ts",
    permissions: DRIVER,
  },
  { name: "failover", entry: "drivers/failover.ts", permissions: DRIVER },
  { name: "genericups", entry: "drivers/genericups.ts", permissions: DRIVER },
  { name: "mge-shut", entry: "drivers/mge_shut.ts", permissions: DRIVER },
  { name: "netxml-ups", entry: "drivers/netxml_ups.ts", permissions: DRIVER },
  {
    name: "nut-ipmipsu",
    entry: "drivers/nut_ipmipsu.ts",
    permissions: DRIVER,
  },
  { name: "bcmxcp", entry: "drivers/bcmxcp.ts", permissions: DRIVER },
  { name: "bcmxcp_usb", entry: "drivers/bcmxcp_usb.ts", permissions: DRIVER },
  { name: "mge-utalk", entry: "drivers/mge_utalk.ts", permissions: DRIVER },
  { name: "masterguard", entry: "drivers/masterguard.ts", permissions: DRIVER },
  { name: "powerpanel", entry: "drivers/powerpanel.ts", permissions: DRIVER },
  { name: "tripplitesu", entry: "drivers/tripplitesu.ts", permissions: DRIVER },
  { name: "liebert-gxe", entry: "drivers/liebert_gxe.ts", permissions: DRIVER },
  {
    name: "generic_modbus",
    entry: "drivers/generic_modbus.ts",
    permissions: DRIVER,
  },
  {
    name: "phoenixcontact_modbus",
    entry: "drivers/phoenixcontact_modbus.ts",
    permissions: DRIVER,
  },
  {
    name: "socomec_jbus",
    entry: "drivers/socomec_jbus.ts",
    permissions: DRIVER,
  },
  {
    name: "huawei-ups2000",
    entry: "drivers/huawei_ups2000.ts",
    permissions: DRIVER,
  },
  {
    name: "adelsystem_cbi",
    entry: "drivers/adelsystem_cbi.ts",
    permissions: DRIVER,
  },
  {
    name: "must_ep2000pro",
    entry: "drivers/must_ep2000pro.ts",
    permissions: DRIVER,
  },
  { name: "apc_modbus", entry: "drivers/apc_modbus.ts", permissions: DRIVER },
  { name: "bestups", entry: "drivers/bestups.ts", permissions: DRIVER },
  {
    name: "bestfortress",
    entry: "drivers/bestfortress.ts",
    permissions: DRIVER,
  },
  { name: "etapro", entry: "drivers/etapro.ts", permissions: DRIVER },
  {
    name: "bestuferrups",
    entry: "drivers/bestuferrups.ts",
    permissions: DRIVER,
  },
  { name: "bestfcom", entry: "drivers/bestfcom.ts", permissions: DRIVER },
  { name: "everups", entry: "drivers/everups.ts", permissions: DRIVER },
  { name: "oneac", entry: "drivers/oneac.ts", permissions: DRIVER },
  { name: "upscode2", entry: "drivers/upscode2.ts", permissions: DRIVER },
  { name: "al175", entry: "drivers/al175.ts", permissions: DRIVER },
  { name: "metasys", entry: "drivers/metasys.ts", permissions: DRIVER },
  {
    name: "liebert-esp2",
    entry: "drivers/liebert_esp2.ts",
    permissions: DRIVER,
  },
  { name: "gamatronic", entry: "drivers/gamatronic.ts", permissions: DRIVER },
  { name: "liebert", entry: "drivers/liebert.ts", permissions: DRIVER },
  { name: "belkinunv", entry: "drivers/belkinunv.ts", permissions: DRIVER },
  { name: "isbmex", entry: "drivers/isbmex.ts", permissions: DRIVER },
  { name: "optiups", entry: "drivers/optiups.ts", permissions: DRIVER },
  { name: "ivtscd", entry: "drivers/ivtscd.ts", permissions: DRIVER },
  { name: "safenet", entry: "drivers/safenet.ts", permissions: DRIVER },
  { name: "belkin", entry: "drivers/belkin.ts", permissions: DRIVER },
  {
    name: "apcsmart-old",
    entry: "drivers/apcsmart_old.ts",
    permissions: DRIVER,
  },
  {
    name: "microdowell",
    entry: "drivers/microdowell.ts",
    permissions: DRIVER,
  },
  {
    name: "rhino",
    entry: "drivers/rhino.ts",
    permissions: DRIVER,
  },
  {
    name: "solis",
    entry: "drivers/solis.ts",
    permissions: DRIVER,
  },
  {
    name: "microsol-apc",
    entry: "drivers/microsol_apc.ts",
    permissions: DRIVER,
  },
  {
    name: "nutdrv_siemens-sitop",
    entry: "drivers/nutdrv_siemens_sitop.ts",
    permissions: DRIVER,
  },
  {
    name: "apcmicrolink",
    entry: "drivers/apcmicrolink.ts",
    permissions: DRIVER,
  },
  { name: "powercom", entry: "drivers/powercom.ts", permissions: DRIVER },
  { name: "riello_ser", entry: "drivers/riello_ser.ts", permissions: DRIVER },
  { name: "riello_usb", entry: "drivers/riello_usb.ts", permissions: DRIVER },
  {
    name: "nutdrv_atcl_usb",
    entry: "drivers/nutdrv_atcl_usb.ts",
    permissions: DRIVER,
  },
  { name: "tripplite", entry: "drivers/tripplite.ts", permissions: DRIVER },
  { name: "victronups", entry: "drivers/victronups.ts", permissions: DRIVER },
  {
    name: "tripplite_usb",
    entry: "drivers/tripplite_usb.ts",
    permissions: DRIVER,
  },
  {
    name: "richcomm_usb",
    entry: "drivers/richcomm_usb.ts",
    permissions: DRIVER,
  },
  {
    name: "meanwell_ntu",
    entry: "drivers/meanwell_ntu.ts",
    permissions: DRIVER,
  },
  {
    name: "nutdrv_hashx",
    entry: "drivers/nutdrv_hashx.ts",
    permissions: DRIVER,
  },
  { name: "ragtech", entry: "drivers/ragtech.ts", permissions: DRIVER },
  { name: "sms_ser", entry: "drivers/sms_ser.ts", permissions: DRIVER },
  { name: "nhs_ser", entry: "drivers/nhs_ser.ts", permissions: DRIVER },
  { name: "bicker_ser", entry: "drivers/bicker_ser.ts", permissions: DRIVER },
  {
    name: "powervar_cx_ser",
    entry: "drivers/powervar_cx_ser.ts",
    permissions: DRIVER,
  },
  {
    name: "powervar_cx_usb",
    entry: "drivers/powervar_cx_usb.ts",
    permissions: DRIVER,
  },
];

/** Absolute path of the repository root. */
export function repoRoot(): string {
  return new URL("..", import.meta.url).pathname.replace(/\/$/, "");
}

/** The binaries whose entry file exists in this checkout. */
export function availableBinaries(root = repoRoot()): Binary[] {
  return BINARIES.filter((b) => {
    try {
      return Deno.statSync(`${root}/${b.entry}`).isFile;
    } catch {
      return false;
    }
  });
}
