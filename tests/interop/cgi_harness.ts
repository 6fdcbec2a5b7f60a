/**
 * Shared fixture of the CGI tests: our upsd serving several of our
 * dummy-ups devices in different states, and runners for Debian's nut-cgi
 * programs and ours with the same CGI environment.
 *
 * @module
 */
import {
  makeTree,
  type NutTree,
  type Proc,
  spawn,
  startOurUpsd,
} from "../fixtures/upsd/harness.ts";
import { freePort, waitFor } from "../net.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const DRIVER = `${ROOT}drivers/dummy_ups.ts`;
/** Debian's nut-cgi programs. */
export const NUT_CGI_DIR = "/usr/lib/cgi-bin/nut";
/** How runCgi enters a mount namespace (set by unshareFlags()). */
let etcNutFlags = ["-m"];

/** The devices: name -> dummy-ups .dev text. */
export const DEVICES: Record<string, string> = {
  online: `ups.status: OL CHRG
ups.mfr: Example Corp
ups.model: Smart 1500
battery.charge: 100
battery.charge.low: 20
battery.runtime: 3725
battery.voltage: 27.1
battery.voltage.nominal: 24
input.voltage: 231.4
input.voltage.nominal: 230
input.transfer.low: 180
input.transfer.high: 264
input.frequency: 50.1
output.voltage: 230.0
output.frequency: 50.0
ups.load: 37
ups.temperature: 31.25
ambient.temperature: 22.5
ambient.humidity: 41
battery.temperature: 29
`,
  onbatt: `ups.status: OB DISCHRG
ups.mfr: Example Corp
ups.model: Smart 700
battery.charge: 63
battery.runtime: 914
battery.voltage: 12.4
input.voltage: 0.0
output.voltage: 229.1
ups.load: 58
ups.temperature: 35
`,
  lowbatt: `ups.status: OB LB DISCHRG
battery.charge: 8
battery.runtime: 59
battery.voltage: 10.9
input.voltage: 0
ups.load: 61
`,
  trim: `ups.status: OL TRIM RB
input.frequency: 59.8
input.frequency.nominal: 60
output.frequency: 61.5
battery.voltage: 51.2
battery.voltage.low: 44
battery.voltage.high: 56
ambient.humidity: 77
ambient.humidity.high: 70
battery.charge: 97
battery.runtime: 120000
input.voltage: 252
ups.load: 112
ups.temperature: -4.75
`,
  minimal: `ups.status: OL
`,
};

/** A running fixture. */
export interface CgiFixture {
  tree: NutTree;
  port: number;
  /** A port nothing listens on. */
  deadPort: number;
  stop(): Promise<void>;
}

/** Starts our dummy-ups for each device and our upsd. */
export async function startFixture(): Promise<CgiFixture> {
  const port = freePort();
  const deadPort = freePort();
  const names = Object.keys(DEVICES);
  const files: Record<string, string> = {
    "upsd.conf": `LISTEN 127.0.0.1 ${port}\n`,
    "upsd.users": "[admin]\n password = pw\n actions = SET\n instcmds = ALL\n",
  };
  let conf = "";
  for (const n of names) {
    files[`${n}.dev`] = DEVICES[n]!;
    conf += `[${n}]\n driver = dummy-ups\n port = ${n}.dev\n desc = "${n}"\n`;
  }
  files["ups.conf"] = conf;
  const tree = makeTree(files);
  const procs: Proc[] = [];
  const stop = async () => {
    for (const p of procs.reverse()) await p.kill();
    tree.remove();
  };
  try {
    for (const n of names) {
      const p = spawn(
        Deno.execPath(),
        [
          "run",
          "-A",
          DRIVER,
          "-a",
          n,
          "-u",
          "root",
          "-F",
        ],
        tree.env,
        tree.dir,
      );
      procs.push(p);
      await waitFor(
        () => Deno.statSync(`${tree.state}/dummy-ups-${n}`) !== null,
        15_000,
        20,
        `dummy-ups ${n}`,
      );
    }
    procs.push(await startOurUpsd(tree, port));
    await waitFor(
      async () => {
        const c = await Deno.connect({ hostname: "127.0.0.1", port });
        try {
          // the last variable of each device: the driver's whole dump is in
          const last = (n: string) =>
            DEVICES[n]!.trim().split("\n").at(-1)!.split(":")[0];
          const w = new TextEncoder().encode(
            names.map((n) => `GET VAR ${n} ${last(n)}\n`).join(""),
          );
          await c.write(w);
          let text = "";
          const buf = new Uint8Array(4096);
          while (text.split("\n").length <= names.length) {
            const k = await c.read(buf);
            if (k === null) break;
            text += new TextDecoder().decode(buf.subarray(0, k));
          }
          return !text.includes("ERR");
        } finally {
          c.close();
        }
      },
      15_000,
      50,
      "upsd serving every device",
    );
  } catch (e) {
    await stop();
    throw e;
  }
  return { tree, port, deadPort, stop };
}

/** One CGI run's result. */
export interface CgiResult {
  code: number;
  stdout: Uint8Array;
  stderr: string;
}

const dec = new TextDecoder();

/** Text of a result's stdout (for failure messages). */
export function text(r: CgiResult): string {
  return dec.decode(r.stdout);
}

/**
 * Runs a CGI program as a web server would: REQUEST_METHOD, QUERY_STRING,
 * optional POST body on stdin. `etcNut` bind-mounts that directory over
 * /etc/nut in a private mount namespace (NUT 2.8.0's upsstats reads
 * hosts.conf only from its compiled-in path).
 */
export async function runCgi(
  argv: string[],
  opts: {
    query?: string | undefined;
    method?: string;
    body?: string | undefined;
    env: Record<string, string>;
    etcNut?: string | undefined;
  },
): Promise<CgiResult> {
  let cmd = argv[0]!;
  let args = argv.slice(1);
  if (opts.etcNut) {
    args = [
      ...etcNutFlags,
      "--propagation",
      "private",
      "sh",
      "-c",
      'mount --bind "$0" /etc/nut && exec "$@"',
      opts.etcNut,
      cmd,
      ...args,
    ];
    cmd = "unshare";
  }
  const child = new Deno.Command(cmd, {
    args,
    env: {
      PATH: "/usr/bin:/bin:/usr/sbin:/sbin",
      TZ: "UTC",
      GATEWAY_INTERFACE: "CGI/1.1",
      REQUEST_METHOD: opts.method ?? "GET",
      ...(opts.query !== undefined ? { QUERY_STRING: opts.query } : {}),
      ...(opts.body !== undefined
        ? { CONTENT_LENGTH: String(opts.body.length) }
        : {}),
      ...opts.env,
    },
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const w = child.stdin.getWriter();
  try {
    if (opts.body !== undefined) {
      await w.write(new TextEncoder().encode(opts.body));
    }
    await w.close();
  } catch {
    // the program exited without reading its input (NUT's guard does)
  }
  const out = await child.output();
  return { code: out.code, stdout: out.stdout, stderr: dec.decode(out.stderr) };
}

/** The argv that runs one of our CGI entry points. */
export function ours(entry: string): string[] {
  return [Deno.execPath(), "run", "-A", "--no-check", `${ROOT}cli/${entry}`];
}

/**
 * The unshare flags that let this machine bind-mount over /etc/nut in a
 * private namespace (as root, else in a user namespace), or undefined.
 */
export async function unshareFlags(): Promise<string[] | undefined> {
  for (const flags of [["-m"], ["-Urm"]]) {
    try {
      const r = await new Deno.Command("unshare", {
        args: [
          ...flags,
          "--propagation",
          "private",
          "sh",
          "-c",
          "mount --bind /tmp /mnt",
        ],
        stdout: "null",
        stderr: "null",
      }).output();
      if (r.success) {
        etcNutFlags = flags;
        return flags;
      }
    } catch {
      // no unshare binary
    }
  }
  return undefined;
}
