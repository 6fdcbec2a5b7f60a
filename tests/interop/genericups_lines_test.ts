/**
 * genericups side by side with NUT 2.8.0's on modem lines: a pty has none,
 * so NUT's binary reads and sets them through tests/sim/modem_lines.c
 * (LD_PRELOAD) and ours through the same two files
 * (tests/sim/lined_driver.ts). For every cable type, with no line raised
 * and with every line raised, and for a few types with each line alone,
 * the `-d 1` dumps (driver.* aside) and the DTR/RTS changes (cable power)
 * must match; `-k` must change the lines the same way.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { openPty } from "../../src/transport/pty.ts";
import { parseDump } from "../sim/harness.ts";
import {
  LineFiles,
  modemLinesLib,
  runNutLined,
  runOurLined,
} from "../sim/modem_lines.ts";
import { UPSTAB } from "../../drivers/genericups/types.ts";

const nut = haveNut();
const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (path: string, type: number) =>
  `[sim]\n driver = genericups\n port = ${path}\n upstype = ${type}\n`;

/** One run on each side: dump lines (or exit code) and line changes. */
async function both(type: number, raised: string, args: string[]) {
  const pa = openPty(), pb = openPty();
  const la = await LineFiles.create(raised),
    lb = await LineFiles.create(raised);
  try {
    const [t, o] = await Promise.all([
      runNutLined("genericups", conf(pa.path, type), args, la),
      runOurLined("genericups", conf(pb.path, type), args, lb),
    ]);
    const label = `upstype ${type}, lines "${raised}", ${args.join(" ")}`;
    assertEquals(o.code, t.code, `${label}\n${t.stderr}\n${o.stderr}`);
    const theirs = parseDump(t.stdout);
    assertEquals(parseDump(o.stdout), theirs, label);
    if (args[0] === "-d") {
      assert(theirs.some((l) => l.startsWith("ups.status: ")), label);
    }
    assertEquals(await lb.changes(), await la.changes(), label);
  } finally {
    pa.close();
    pb.close();
    await la.remove();
    await lb.remove();
  }
}

/** Runs `jobs` a few at a time (each pair starts two drivers). */
async function batch(jobs: Array<() => Promise<void>>, width = 4) {
  for (let i = 0; i < jobs.length; i += width) {
    await Promise.all(jobs.slice(i, i + width).map((j) => j()));
  }
}

Deno.test({
  name:
    "genericups -d 1 matches NUT 2.8.0 for every cable type (no line, all lines)",
  ignore: !nut,
  ...opts,
  fn: async () => {
    await modemLinesLib();
    const jobs: Array<() => Promise<void>> = [];
    for (let type = 0; type < UPSTAB.length; type++) {
      for (const raised of ["", "cts dcd dsr rng"]) {
        jobs.push(() => both(type, raised, ["-d", "1"]));
      }
    }
    await batch(jobs);
  },
});

Deno.test({
  name:
    "genericups: each line alone, and -k, match NUT 2.8.0 (types 0, 2, 7, 13)",
  ignore: !nut,
  ...opts,
  fn: async () => {
    await modemLinesLib();
    const jobs: Array<() => Promise<void>> = [];
    for (const type of [0, 2, 7, 13]) {
      for (const raised of ["cts", "dcd", "dsr", "rng"]) {
        jobs.push(() => both(type, raised, ["-d", "1"]));
      }
      jobs.push(() => both(type, "", ["-k"]));
    }
    await batch(jobs);
  },
});
