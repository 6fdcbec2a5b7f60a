/**
 * `deno task compile [OUTDIR]`: builds a standalone binary per entry of the
 * binaries table with `deno compile`, baking in that binary's permissions.
 * Compile sees every statically named module; the ones loaded through
 * src/late_import.ts (the driver host's drivers, the MQTT publisher) are
 * passed with `--include`.
 * `deno compile` downloads a `denort` runtime first; where that download is
 * blocked (no package ships denort, and pointing DENORT_BIN at the full
 * `deno` binary gives a binary that does not run the program) this fails per
 * binary and says so. Every entry point therefore also runs as `deno run`
 * with exactly the permissions its compiled form gets (scripts/binaries.ts).
 *
 * @module
 */
import { availableBinaries, repoRoot } from "./binaries.ts";
import { HOSTED_MODULE_FILES } from "../cli/nut_driver_host.ts";

/** Modules each binary imports late (src/late_import.ts), by binary name. */
const LATE: Readonly<Record<string, readonly string[]>> = {
  "nut-driver-host": HOSTED_MODULE_FILES,
  "nut-allinone": [...HOSTED_MODULE_FILES, "src/mqtt/publisher.ts"],
  "upsd": ["src/mqtt/publisher.ts"],
};

/** Terminal colour codes in deno's messages. */
const ANSI_REGEXP = new RegExp("\x1b\\[[0-9;]*m", "g");

const root = repoRoot();
const out = Deno.args[0] ?? `${root}/dist`;
Deno.mkdirSync(out, { recursive: true });
let failed = 0;
for (const bin of availableBinaries(root)) {
  const args = [
    "compile",
    "--quiet",
    `--config=${root}/deno.json`,
    "--no-prompt",
    ...bin.permissions,
    ...(bin.runtime ?? []),
    ...(LATE[bin.name] ?? []).flatMap((f) => ["--include", `${root}/${f}`]),
    "--output",
    `${out}/${bin.name}`,
    `${root}/${bin.entry}`,
  ];
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args,
    stdout: "inherit",
    stderr: "piped",
  }).output();
  if (code === 0) {
    console.log(`built ${out}/${bin.name}`);
  } else {
    failed++;
    const text = new TextDecoder().decode(stderr).replace(ANSI_REGEXP, "");
    const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
    const first = lines.findIndex((l) => l.startsWith("error:"));
    // the longest numbered "Caused by" line says the most (e.g. the failed download)
    const cause = lines.filter((l) => /^\d+:/.test(l))
      .sort((a, b) => b.length - a.length)[0];
    const why = [lines[first], cause].filter(Boolean).join(" ");
    console.error(`failed ${bin.name}: ${why}`);
  }
}
Deno.exit(failed ? 1 : 0);
