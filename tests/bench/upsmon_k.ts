/**
 * `upsmon -K` wall time, ours against NUT 2.8.0's: median of 30 runs each,
 * printed as a Markdown table. Run: deno run --allow-all tests/bench/upsmon_k.ts
 */
const RUNS = 30;
const REPO = new URL("../../", import.meta.url).pathname;

async function median(
  cmd: string,
  args: string[],
  env: Record<string, string>,
) {
  const times: number[] = [];
  let code = -1;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const out = await new Deno.Command(cmd, {
      args,
      env,
      stdout: "null",
      stderr: "null",
    }).output();
    times.push(performance.now() - t0);
    code = out.code;
  }
  times.sort((a, b) => a - b);
  return { ms: (times[14]! + times[15]!) / 2, code };
}

const dir = await Deno.makeTempDir({ prefix: "upsmon-bench-" });
try {
  await Deno.writeTextFile(
    `${dir}/upsmon.conf`,
    `MONITOR ups@localhost 1 mon pw primary\nSHUTDOWNCMD "/bin/true"\nPOWERDOWNFLAG ${dir}/killpower\n`,
  );
  await Deno.writeTextFile(`${dir}/killpower`, "upsmon-shutdown-file");
  const env = { NUT_CONFPATH: dir, NUT_PIDPATH: dir };
  const ours = await median(Deno.execPath(), [
    "run",
    "--allow-net",
    "--allow-env",
    "--allow-read",
    "--allow-write",
    "--allow-ffi",
    "--allow-sys",
    "--allow-run",
    `${REPO}cli/upsmon.ts`,
    "-K",
  ], env);
  const rows = [
    `| deno-nut \`upsmon -K\` | ${ours.ms.toFixed(1)} | ${ours.code} |`,
  ];
  try {
    Deno.statSync("/lib/nut/upsmon");
    const nut = await median("/lib/nut/upsmon", ["-K"], env);
    rows.push(
      `| NUT 2.8.0 \`upsmon -K\` | ${nut.ms.toFixed(1)} | ${nut.code} |`,
    );
  } catch {
    rows.push("| NUT 2.8.0 `upsmon -K` | not installed | |");
  }
  console.log(
    `| upsmon -K (median of ${RUNS}) | ms | exit |\n|---|---:|---:|\n${
      rows.join("\n")
    }`,
  );
} finally {
  await Deno.remove(dir, { recursive: true });
}
