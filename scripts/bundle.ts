/**
 * Bundles the binaries marked `bundle` in scripts/binaries.ts: one
 * JavaScript file per binary, plus a chunk for each module it imports only
 * when needed (node:tls, upsmon's daemon), so a cold `upsc` parses one
 * module instead of a TypeScript graph. The installed tree
 * (scripts/layout.ts) runs these; tests/bench/startup.ts measures them.
 *
 *   deno run -A scripts/bundle.ts OUTDIR
 *
 * @module
 */
import { availableBinaries, type Binary, repoRoot } from "./binaries.ts";

/** Where a bundled binary's entry file lies, relative to the bundle dir. */
export function bundledEntry(bin: Binary): string {
  const base = bin.entry.slice(bin.entry.lastIndexOf("/") + 1);
  return `${bin.name}/${base.replace(/\.ts$/, ".js")}`;
}

/** Deno flags of a bundled binary's run: it needs no config and no npm. */
export const BUNDLE_RUN_FLAGS: readonly string[] = ["--no-config"];

/**
 * Writes the bundles of every available `bundle` binary under `outDir`
 * (one directory each, so their chunks never mix); returns the binaries.
 */
export async function bundleBinaries(
  outDir: string,
  root = repoRoot(),
  deno = Deno.execPath(),
): Promise<Binary[]> {
  const bins = availableBinaries(root).filter((b) => b.bundle);
  for (const bin of bins) {
    const { code, stderr } = await new Deno.Command(deno, {
      args: [
        "bundle",
        "--quiet",
        "--platform=deno",
        "--code-splitting",
        "--no-config",
        "--outdir",
        `${outDir}/${bin.name}`,
        `${root}/${bin.entry}`,
      ],
      stdout: "null",
      stderr: "piped",
    }).output();
    if (code !== 0) {
      throw new Error(
        `deno bundle ${bin.entry} failed: ${new TextDecoder().decode(stderr)}`,
      );
    }
  }
  return bins;
}

if (import.meta.main) {
  const out = Deno.args[0];
  if (!out) {
    console.error("usage: deno run -A scripts/bundle.ts OUTDIR");
    Deno.exit(2);
  }
  const bins = await bundleBinaries(out);
  for (const b of bins) console.log(`${out}/${bundledEntry(b)}`);
}
