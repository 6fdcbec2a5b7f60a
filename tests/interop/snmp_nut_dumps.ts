/**
 * Records what NUT 2.8.0's own `snmp-ups` reads from each SNMP recording:
 * snmpsimd serves the recordings, `/lib/nut/snmp-ups -s NAME -d 1` dumps
 * its variables once, and the dump is written to
 * tests/fixtures/corpus/snmp/nut-2.8.0/[augmented/]<recording>[.<mibs>].txt. These
 * dumps are the reference the mapping tests compare our tables against
 * (NUT's output, never ours).
 *
 *   deno run -A tests/interop/snmp_nut_dumps.ts [--mibs=NAME] [--version=v1]
 *     [recording...]
 *
 * Without recordings, every fixture recording and every augmented one
 * (augment.tsv) is dumped with mibs=auto; v1 is NUT's default.
 *
 * @module
 */
import { fixtureNames, startSnmpSim } from "../sim/snmpsim.ts";
import {
  augmentations,
  dumpPath,
  recordingText,
  syntheticNames,
} from "../sim/snmp_reference.ts";

const OUT = new URL("../fixtures/corpus/snmp/nut-2.8.0/", import.meta.url)
  .pathname;

/** Runs NUT's snmp-ups once against one community; returns its dump (or ""). */
export async function nutDump(
  port: number,
  community: string,
  mibs = "auto",
  version = "v1",
  timeoutMs = 60_000,
): Promise<{ dump: string; log: string; code: number }> {
  const state = await Deno.makeTempDir({ prefix: "nutdump" });
  try {
    const cmd = new Deno.Command("/lib/nut/snmp-ups", {
      args: [
        "-s",
        "dump",
        "-d",
        "1",
        "-u",
        "root",
        "-x",
        `port=127.0.0.1:${port}`,
        "-x",
        `community=${community}`,
        "-x",
        `mibs=${mibs}`,
        "-x",
        `snmp_version=${version}`,
        "-x",
        "snmp_retries=1",
        "-x",
        "snmp_timeout=2",
      ],
      env: { NUT_STATEPATH: state, NUT_ALTPIDPATH: state },
      stdout: "piped",
      stderr: "piped",
    });
    const child = cmd.spawn();
    const timer = setTimeout(() => {
      try {
        child.kill("SIGKILL");
      } catch {
        // already gone
      }
    }, timeoutMs);
    const out = await child.output();
    clearTimeout(timer);
    const dec = new TextDecoder();
    return {
      dump: dec.decode(out.stdout),
      log: dec.decode(out.stderr),
      code: out.code,
    };
  } finally {
    await Deno.remove(state, { recursive: true });
  }
}

async function run(args: string[]): Promise<void> {
  let mibs = "auto";
  let version = "v1";
  const names: string[] = [];
  for (const a of args) {
    if (a.startsWith("--mibs=")) mibs = a.slice(7);
    else if (a.startsWith("--version=")) version = a.slice(10);
    else names.push(a);
  }
  const extra = [...augmentations().map((a) => a.name), ...syntheticNames()];
  const all = [...fixtureNames(), ...extra];
  const wanted = names.length ? names : all;
  const augmented = new Set(extra);
  const files: Record<string, string> = {};
  for (const n of wanted) if (augmented.has(n)) files[n] = recordingText(n);
  await Deno.mkdir(OUT + "synthetic", { recursive: true });
  const sim = await startSnmpSim({
    recordings: wanted.filter((n) => !augmented.has(n)),
    files,
  });
  const recordings = wanted;
  try {
    for (const name of recordings) {
      const r = await nutDump(sim.port, name, mibs, version);
      const file = mibs === "auto"
        ? dumpPath(name)
        : `${OUT}${name}.${mibs}.txt`;
      // A dump holds more than the banner line only when the driver read data.
      if (r.dump.trim().split("\n").length > 2) {
        await Deno.writeTextFile(file, r.dump);
        const mib = /driver\.parameter\.mibs: (.*)/.exec(r.dump)?.[1] ??
          "?";
        console.log(`${name}: ${r.dump.split("\n").length} lines (${mib})`);
      } else {
        const last = r.log.trim().split("\n").slice(-1)[0];
        console.log(`${name}: nothing (exit ${r.code}): ${last}`);
      }
    }
  } finally {
    await sim.stop();
  }
}

if (import.meta.main) await run(Deno.args);
