/**
 * The DDL corpus, served twice: every .dev file of
 * tests/fixtures/corpus/ddl by NUT's dummy-ups + NUT's upsd, and by our
 * dummy-ups (hosted ~100 instances per process, the same per-instance path
 * as a lone driver) + upsd. `upsc` output must be the same for each UPS
 * except for differences this test classifies as deliberate.
 */
import { corpusPath } from "../corpus.ts";
import { assert, assertEquals } from "../assert.ts";
import { freePort, haveNut } from "../net.ts";
import { compare, type UpscResult } from "./ddl_compare.ts";

const DDL = corpusPath("ddl");
const HOST = new URL("../fixtures/dummy/host.ts", import.meta.url).pathname;
const OUR_UPSD = new URL("../../cli/upsd.ts", import.meta.url).pathname;
const PER_HOST = 100;
const NUT_BATCH = 64;
const UPSC_PARALLEL = 8;

/** Every .dev file outside the `_*` helper folders, sorted. */
function devFiles(): string[] {
  const out: string[] = [];
  for (const d of Deno.readDirSync(DDL)) {
    if (!d.isDirectory || d.name.startsWith("_")) continue;
    for (const f of Deno.readDirSync(`${DDL}/${d.name}`)) {
      if (f.isFile && f.name.endsWith(".dev")) {
        out.push(`${DDL}/${d.name}/${f.name}`);
      }
    }
  }
  return out.sort();
}

function quote(s: string): string {
  return `"${s.replace(/[\\"#]/g, "\\$&")}"`;
}

function writeConf(dir: string, files: string[], port: number): void {
  const conf = files.map((f, i) =>
    `[ddl${i}]\n  driver = dummy-ups\n  port = ${quote(f)}\n`
  ).join("");
  Deno.writeTextFileSync(`${dir}/ups.conf`, conf);
  Deno.writeTextFileSync(`${dir}/upsd.conf`, `LISTEN 127.0.0.1 ${port}\n`);
  Deno.writeTextFileSync(`${dir}/upsd.users`, "");
}

function envFor(dir: string, state = dir): Record<string, string> {
  return { NUT_CONFPATH: dir, NUT_STATEPATH: state, NUT_ALTPIDPATH: state };
}

async function pool<T>(
  items: T[],
  width: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

/** NUT drivers background themselves; their PIDs are in the PID files. */
async function startNutDrivers(dir: string, n: number): Promise<number> {
  let failed = 0;
  const names = Array.from({ length: n }, (_, i) => `ddl${i}`);
  for (let i = 0; i < n; i += NUT_BATCH) {
    const batch = names.slice(i, i + NUT_BATCH);
    await Promise.all(batch.map(async (name) => {
      const r = await new Deno.Command("/lib/nut/dummy-ups", {
        args: ["-a", name, "-u", "root"],
        env: envFor(dir),
        stdout: "null",
        stderr: "null",
      }).output();
      if (!r.success) failed++;
    }));
  }
  return failed;
}

function stopNutDrivers(dir: string, n: number): void {
  for (let i = 0; i < n; i++) {
    try {
      const pid = Number(
        Deno.readTextFileSync(`${dir}/dummy-ups-ddl${i}.pid`).trim(),
      );
      if (pid > 0) Deno.kill(pid, "SIGTERM");
    } catch {
      // not running
    }
  }
}

/** Starts our hosts; resolves once every host printed READY. */
async function startOurDrivers(
  dir: string,
  n: number,
  children: Deno.ChildProcess[],
): Promise<number> {
  let failed = 0;
  const starts: Promise<void>[] = [];
  for (let i = 0; i < n; i += PER_HOST) {
    const names = [];
    for (let j = i; j < Math.min(n, i + PER_HOST); j++) names.push(`ddl${j}`);
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", HOST, ...names],
      env: envFor(dir),
      stdout: "piped",
      stderr: "null",
    }).spawn();
    children.push(child);
    starts.push((async () => {
      const reader = child.stdout.pipeThrough(new TextDecoderStream())
        .getReader();
      let text = "";
      while (!text.includes("\n")) {
        const r = await reader.read();
        if (r.done) break;
        text += r.value;
      }
      reader.releaseLock();
      child.stdout.cancel().catch(() => {});
      const m = /^READY (\d+) (\d+)/.exec(text);
      assert(m, `host did not start: ${text}`);
      failed += Number(m[2]);
    })());
  }
  await Promise.all(starts);
  return failed;
}

async function upsc(target: string): Promise<UpscResult> {
  const r = await new Deno.Command("/usr/bin/upsc", {
    args: [target],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    ok: r.success,
    out: new TextDecoder("latin1").decode(r.stdout) +
      (r.success ? "" : new TextDecoder().decode(r.stderr)),
  };
}

/** upsc for every UPS, retrying while upsd has not got the driver's data yet. */
async function collect(port: number, n: number): Promise<UpscResult[]> {
  const out: UpscResult[] = Array.from({ length: n }, () => ({
    ok: false,
    out: "",
  }));
  await pool(
    Array.from({ length: n }, (_, i) => i),
    UPSC_PARALLEL,
    async (i) => {
      const end = Date.now() + 20_000;
      while (true) {
        const r = await upsc(`ddl${i}@127.0.0.1:${port}`);
        // upsd answers "ups.status: WAIT" until the driver's dump starts and
        // may serve a dump still in progress: take an answer seen twice
        const waiting = /^ups\.status: WAIT$/m.test(r.out);
        const stable = r.out === out[i]!.out;
        out[i] = r;
        if ((r.ok && !waiting && stable) || Date.now() > end) return;
        if (r.ok && !waiting) continue;
        await new Promise((res) => setTimeout(res, 100));
      }
    },
  );
  return out;
}

/** Runs `fn` while an upsd (NUT's, or ours when `ours`) serves `dir`. */
async function withUpsd<T>(
  confDir: string,
  stateDir: string,
  ours: boolean,
  fn: () => Promise<T>,
): Promise<T> {
  const [cmd, pre] = ours
    ? [Deno.execPath(), ["run", "--allow-all", OUR_UPSD]]
    : ["/lib/nut/upsd", []];
  const upsd = new Deno.Command(cmd, {
    args: [...pre, "-u", "root", "-F"],
    env: envFor(confDir, stateDir),
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    return await fn();
  } finally {
    upsd.kill("SIGTERM");
    await upsd.status;
  }
}

Deno.test({
  name: "ddl corpus: our dummy-ups gives the same upsc output as NUT's",
  ignore: !haveNut(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const files = devFiles();
    const n = files.length;
    const nutDir = Deno.makeTempDirSync({ prefix: "ddl-nut-" });
    const ourDir = Deno.makeTempDirSync({ prefix: "ddl-ours-" });
    const upsdDir = Deno.makeTempDirSync({ prefix: "ddl-upsd-" });
    const nutPort = freePort();
    const ourPort = freePort();
    const upsdPort = freePort();
    writeConf(nutDir, files, nutPort);
    writeConf(ourDir, files, ourPort);
    writeConf(upsdDir, files, upsdPort);
    const children: Deno.ChildProcess[] = [];
    let nut: UpscResult[] = [];
    let ours: UpscResult[] = [];
    let oursOurUpsd: UpscResult[] = [];
    try {
      const t0 = Date.now();
      const nutFailed = await startNutDrivers(nutDir, n);
      nut = await withUpsd(nutDir, nutDir, false, () => collect(nutPort, n));
      stopNutDrivers(nutDir, n);
      const t1 = Date.now();
      const ourFailed = await startOurDrivers(ourDir, n, children);
      ours = await withUpsd(ourDir, ourDir, false, () => collect(ourPort, n));
      const t2 = Date.now();
      oursOurUpsd = await withUpsd(
        upsdDir,
        ourDir,
        true,
        () => collect(upsdPort, n),
      );
      console.log(
        `ddl: ${n} files; NUT leg ${
          t1 - t0
        } ms (${nutFailed} failed to start), ours ${
          t2 - t1
        } ms (${ourFailed} failed)`,
      );
      assertEquals([nutFailed, ourFailed], [0, 0]);
    } finally {
      stopNutDrivers(nutDir, n);
      for (const c of children) {
        try {
          c.kill("SIGTERM");
        } catch {
          // gone
        }
        await c.status;
      }
      for (const d of [nutDir, ourDir, upsdDir]) {
        Deno.removeSync(d, { recursive: true });
      }
    }
    const a = compare("our dummy-ups + NUT upsd", files, nut, ours);
    const b = compare("our dummy-ups + our upsd", files, nut, oursOurUpsd);
    console.log([...a.lines, ...b.lines].join("\n"));
    // upsc failing the same way on both sides proves nothing: a failure
    assertEquals(a.bothFailed, []);
    assertEquals(b.bothFailed, []);
    assertEquals(a.unexplained, []);
    assertEquals(b.unexplained, []);
    // the comparison is real: most files give identical output
    assert(a.same > files.length * 0.9, `only ${a.same} identical`);
  },
});
