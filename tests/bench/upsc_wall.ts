/**
 * Wall time of one `upsc ups@127.0.0.1:<port>` (full variable list) call:
 * ours (`deno run` with upsc's permissions) against NUT 2.8.0's /usr/bin/upsc,
 * against NUT's upsd and against ours (both fed by NUT's dummy-ups);
 * median of 30 after 3 warm-ups.
 * Also the single-variable form. Prints a Markdown table.
 */
import { CLIENT_PERMS, startNutServer } from "../e2e/clients_helpers.ts";

const RUNS = 30;
const upscEntry = new URL("../../cli/upsc.ts", import.meta.url).pathname;

async function wall(cmd: string, args: string[]): Promise<number> {
  const t0 = performance.now();
  const out = await new Deno.Command(cmd, {
    args,
    stdout: "null",
    stderr: "null",
  })
    .output();
  const ms = performance.now() - t0;
  if (out.code !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} exited ${out.code}`);
  }
  return ms;
}

async function median(cmd: string, args: string[]): Promise<number> {
  for (let i = 0; i < 3; i++) await wall(cmd, args);
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) xs.push(await wall(cmd, args));
  xs.sort((a, b) => a - b);
  return (xs[RUNS / 2 - 1]! + xs[RUNS / 2]!) / 2;
}

const deno = Deno.execPath();
const rows: Array<[string, number, number]> = [];
for (const upsd of ["nut", "ours"] as const) {
  const server = await startNutServer(upsd);
  try {
    const target = `dummy@127.0.0.1:${server.port}`;
    const ours = (extra: string[]) => [
      "run",
      "--quiet",
      ...CLIENT_PERMS.upsc!,
      upscEntry,
      target,
      ...extra,
    ];
    for (
      const [label, extra] of [["list", []], ["one var", [
        "ups.status",
      ]]] as const
    ) {
      rows.push([
        `upsc ${label}, ${upsd === "nut" ? "NUT's" : "our"} upsd`,
        await median(deno, ours([...extra])),
        await median("/usr/bin/upsc", [target, ...extra]),
      ]);
    }
  } finally {
    await server.stop();
  }
}
const bare = await median(deno, ["run", "--quiet", "data:,"]);
// start-up plus upsc's module graph, main not run: what loading costs
const graph = await median(deno, [
  "run",
  "--quiet",
  ...CLIENT_PERMS.upsc!,
  new URL("./import_only.ts", import.meta.url).pathname,
  upscEntry,
]);
console.log(`| call (median of ${RUNS}) | ours ms | NUT 2.8.0 ms |`);
console.log("|---|---:|---:|");
for (const [name, a, b] of rows) {
  console.log(`| ${name} | ${a.toFixed(1)} | ${b.toFixed(1)} |`);
}
console.log(
  `| upsc's module graph loaded, main not run | ${graph.toFixed(1)} | |`,
);
console.log(`| empty \`deno run\` (floor) | ${bare.toFixed(1)} | |`);
