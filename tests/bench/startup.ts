/**
 * Cold start of the clients, interleaved: every round runs each call once,
 * in a fresh random order, so a slow minute of the machine hits all of them
 * alike. Calls: `upsc ups var` and `upsc ups` against NUT 2.8.0's upsd and
 * ours (both fed by NUT's dummy-ups), `upsmon -K`, NUT's binaries for the
 * same, and the floor: `deno run` of an empty file, in a directory without
 * a deno.json. Ours run as the installed launchers (scripts/layout.ts) run
 * them: the bundle of scripts/bundle.ts with the binary's permissions. One
 * more row runs upsc from source as `deno task shims` launchers do. Prints a
 * Markdown table: medians, and ours as a ratio of the floor measured in the
 * same rounds.
 *
 *   deno run -A tests/bench/startup.ts [--rounds N]
 *
 * @module
 */
import { BINARIES } from "../../scripts/binaries.ts";
import {
  BUNDLE_RUN_FLAGS,
  bundleBinaries,
  bundledEntry,
} from "../../scripts/bundle.ts";
import { startNutServer } from "../e2e/clients_helpers.ts";

const dir = await Deno.makeTempDir({ prefix: "startup-bench-" });
const i = Deno.args.indexOf("--rounds");
const ROUNDS = i >= 0 ? Number(Deno.args[i + 1]) : 40;
const WARMUP = 3;
const ROOT = new URL("../../", import.meta.url).pathname;
const deno = Deno.execPath();

/** As the installed launcher runs it (bundled), or `source` as the shims do. */
function ours(name: string, args: string[], source = false): string[] {
  const bin = BINARIES.find((b) => b.name === name)!;
  const bundled = bin.bundle && !source;
  return [
    deno,
    "run",
    "--quiet",
    "--no-prompt",
    ...(bundled ? BUNDLE_RUN_FLAGS : [`--config=${ROOT}deno.json`]),
    ...bin.permissions,
    ...(bin.runtime ?? []),
    bundled ? `${dir}/bundle/${bundledEntry(bin)}` : `${ROOT}${bin.entry}`,
    ...args,
  ];
}

interface Call {
  label: string;
  argv: string[];
  env?: Record<string, string>;
  /** Ours: reported as a ratio of the floor. */
  ours: boolean;
}

async function once(c: Call): Promise<number> {
  const t0 = performance.now();
  const out = await new Deno.Command(c.argv[0]!, {
    args: c.argv.slice(1),
    ...(c.env ? { env: c.env } : {}),
    cwd: dir, // no deno.json to discover: the floor is the bare runtime
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  const ms = performance.now() - t0;
  if (out.code !== 0) {
    throw new Error(
      `${c.label} exited ${out.code}: ${new TextDecoder().decode(out.stderr)}`,
    );
  }
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const nut = await startNutServer("nut");
const mine = await startNutServer("ours");
try {
  await bundleBinaries(`${dir}/bundle`);
  await Deno.writeTextFile(`${dir}/empty.js`, "");
  await Deno.writeTextFile(
    `${dir}/upsmon.conf`,
    `MONITOR ups@localhost 1 mon pw primary\nSHUTDOWNCMD "/bin/true"\nPOWERDOWNFLAG ${dir}/killpower\n`,
  );
  await Deno.writeTextFile(`${dir}/killpower`, "upsmon-shutdown-file");
  const kEnv = { NUT_CONFPATH: dir, NUT_PIDPATH: dir };
  const calls: Call[] = [
    {
      label: "empty `deno run` (floor)",
      argv: [deno, "run", "--quiet", `${dir}/empty.js`],
      ours: false,
    },
  ];
  for (const [who, s] of [["NUT's", nut], ["our", mine]] as const) {
    const target = `dummy@127.0.0.1:${s.port}`;
    const forms: [string, string[]][] = [
      ["one var", ["ups.status"]],
      ["list", []],
    ];
    for (const [what, extra] of forms) {
      const label = `upsc ${what}, ${who} upsd`;
      calls.push({ label, argv: ours("upsc", [target, ...extra]), ours: true });
      calls.push({
        label: `NUT ${label}`,
        argv: ["/usr/bin/upsc", target, ...extra],
        ours: false,
      });
    }
  }
  const target = `dummy@127.0.0.1:${mine.port}`;
  calls.push({
    label: "upsc one var, our upsd, from source (shims)",
    argv: ours("upsc", [target, "ups.status"], true),
    ours: true,
  });
  calls.push({
    label: "upsmon -K",
    argv: ours("upsmon", ["-K"]),
    env: kEnv,
    ours: true,
  });
  calls.push({
    label: "NUT upsmon -K",
    argv: ["/lib/nut/upsmon", "-K"],
    env: kEnv,
    ours: false,
  });
  const times = new Map<string, number[]>(calls.map((c) => [c.label, []]));
  for (let r = 0; r < WARMUP + ROUNDS; r++) {
    const order = calls.map((c) => [Math.random(), c] as const)
      .sort((a, b) => a[0] - b[0]).map(([, c]) => c);
    for (const c of order) {
      const ms = await once(c);
      if (r >= WARMUP) times.get(c.label)!.push(ms);
    }
  }
  const floors = times.get(calls[0]!.label)!;
  const floor = median(floors);
  const rows = calls.filter((c) => c.ours).map((c) => {
    const mine = times.get(c.label)!;
    // paired: each round's time over the floor of the same round, so a slow
    // stretch of the machine weighs on both sides of the ratio
    const ratio = median(mine.map((t, r) => t / floors[r]!));
    const n = times.get(`NUT ${c.label}`);
    return `| ${c.label} | ${median(mine).toFixed(1)} | **${
      ratio.toFixed(2)
    }×** | ${n ? median(n).toFixed(1) : ""} |`;
  });
  console.log(
    [
      `| call (median of ${ROUNDS} interleaved rounds) | ours ms | ours ÷ empty \`deno run\` (median of per-round ratios) | NUT 2.8.0 ms |`,
      "|---|---:|---:|---:|",
      ...rows,
      `| empty \`deno run\` (floor) | ${floor.toFixed(1)} | 1.00× | |`,
    ].join("\n"),
  );
} finally {
  await nut.stop();
  await mine.stop();
  await Deno.remove(dir, { recursive: true });
}
