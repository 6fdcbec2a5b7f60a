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

/** The table, in the order `deno task shims` writes it. */
export const BINARIES: readonly Binary[] = [
  {
    name: "upsd",
    entry: "cli/upsd.ts",
    permissions: [...DAEMON, "--allow-run"],
    // as cli/upsd.ts's background re-spawn: a 1 MiB young generation
    runtime: ["--v8-flags=--max-semi-space-size=1"],
  },
  { name: "upsc", entry: "cli/upsc.ts", permissions: CLIENT },
  {
    name: "upsrw",
    entry: "cli/upsrw.ts",
    permissions: [...CLIENT, "--allow-sys=uid"],
  },
  {
    name: "upscmd",
    entry: "cli/upscmd.ts",
    permissions: [...CLIENT, "--allow-sys=uid"],
  },
  {
    name: "upslog",
    entry: "cli/upslog.ts",
    permissions: [...CLIENT, "--allow-write", "--allow-sys=hostname"],
  },
  {
    name: "upsmon",
    entry: "cli/upsmon.ts",
    permissions: [...DAEMON, "--allow-run"],
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
    permissions: ["--allow-net", "--allow-env", "--allow-read", "--allow-ffi"],
  },
  { name: "dummy-ups", entry: "drivers/dummy_ups.ts", permissions: DRIVER },
  { name: "usbhid-ups", entry: "drivers/usbhid_ups.ts", permissions: DRIVER },
  { name: "nutdrv_qx", entry: "drivers/nutdrv_qx.ts", permissions: DRIVER },
  { name: "blazer_ser", entry: "drivers/blazer_ser.ts", permissions: DRIVER },
  { name: "apcsmart", entry: "drivers/apcsmart.ts", permissions: DRIVER },
  { name: "genericups", entry: "drivers/genericups.ts", permissions: DRIVER },
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
