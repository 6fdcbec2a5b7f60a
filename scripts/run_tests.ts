/**
 * Runs every test and ends with the plain `N passed, N failed` line CI reads.
 * Extra arguments go to `deno test` (e.g. a path or `--filter`).
 *
 * @module
 */

const args = [
  "test",
  "--allow-all",
  "--no-prompt",
  ...Deno.args,
];
const child = new Deno.Command(Deno.execPath(), {
  args,
  stdout: "piped",
  stderr: "inherit",
}).spawn();

let tail = "";
const decoder = new TextDecoder();
for await (const chunk of child.stdout) {
  await Deno.stdout.write(chunk);
  tail = (tail + decoder.decode(chunk, { stream: true })).slice(-4000);
}
const status = await child.status;
// deno test ends with e.g. "ok | 12 passed (3 steps) | 0 failed | 1 ignored (…)".
// deno-lint-ignore no-control-regex
const plain = tail.replace(/\x1b\[[0-9;]*m/g, "");
const m = /(\d+) passed[^|]*\| (\d+) failed(?:[^|]*\| (\d+) ignored)?/.exec(
  plain.split("\n").filter((l) => /passed.*failed/.test(l)).at(-1) ?? "",
);
const passed = m ? Number(m[1]) : 0;
const failed = m ? Number(m[2]) : (status.success ? 0 : 1);
const ignored = m && m[3] ? `, ${m[3]} skipped` : "";
console.log(`\n${passed} passed, ${failed} failed${ignored}`);
Deno.exit(status.code);
