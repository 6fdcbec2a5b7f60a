/**
 * Fuzz: 20,000+ garbage lines (bad verbs, missing and extra args, huge
 * timer names and seconds, NULs, random bytes, unbalanced quotes, floods,
 * slow and cut connections) thrown at the upssched timer daemon's PIPEFN.
 * The daemon is started the real way (an upssched client that needs it);
 * afterwards that same process must still be running, a timer started
 * before the fuzz must still fire its CMDSCRIPT, and a valid START/CANCEL
 * through upssched must still start/cancel timers.
 *
 * The CMDSCRIPT is run through the shell with the timer name, as NUT
 * 2.8.0's system(): the fuzz timers get a PATH with no programs and a temp
 * working directory, so a mutated name can only reach shell builtins there.
 */
import { assert, assertEquals } from "../assert.ts";
import { waitFor } from "../net.ts";
import { lines } from "../fixtures/upsmon/harness.ts";
import {
  alive,
  bytes,
  closeQuietly,
  concat,
  flip,
  int,
  killPid,
  LineReader,
  pick,
  randomLineBytes,
  rng,
  sleep,
  truncate,
  withNuls,
  writeAll,
} from "./gen.ts";

const UPSSCHED = new URL("../../cli/upssched.ts", import.meta.url).pathname;

const SEEDS = [
  'START "fz1" "999999"',
  "START fz2 86400",
  'CANCEL "fz1"',
  "CANCEL fz2",
  'CANCEL "nosuch"',
  "LIST-TIMERS",
  'START-SHARED "fz3" "999999"',
  "CANCEL-MATCHED fz3",
];

function fuzzLine(r: () => number): Uint8Array {
  const seed = pick(r, SEEDS);
  switch (int(r, 10)) {
    case 0:
      return randomLineBytes(r, int(r, 100));
    case 1:
      return flip(r, seed);
    case 2:
      return withNuls(r, seed);
    case 3:
      return truncate(r, seed);
    case 4: // huge names and seconds; never due during the test
      return bytes(pick(r, [
        `START "${"N".repeat(300 + int(r, 3000))}" "999999"`,
        `START big ${"9".repeat(1 + int(r, 700))}`,
        `START "fz4" "99999999999999999999999"`,
        `CANCEL "${"N".repeat(600)}"`,
      ]));
    case 5: // missing / extra args, bad verbs
      return bytes(pick(r, [
        "START",
        "START onlyname",
        "CANCEL",
        "start lower 99999",
        "STOP fz1",
        'START "a" "99999" extra words here',
        '"" "" ""',
        "",
      ]));
    case 6:
      return bytes(pick(r, ['"', '"""', "\\", '"#', "#", "=", "\r"]));
    default:
      return bytes(seed);
  }
}

function run(dir: string, type: string, env: Record<string, string>) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", UPSSCHED],
    cwd: dir,
    env: { ...env, NOTIFYTYPE: type, UPSNAME: "fz@localhost" },
    stdout: "piped",
    stderr: "piped",
  }).output();
}

/** PIDs of timer daemons serving this config dir. */
function daemons(dir: string): number[] {
  const out: number[] = [];
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const env = Deno.readTextFileSync(`/proc/${e.name}/environ`).split("\0");
      if (
        env.includes("DENO_NUT_UPSSCHED_DAEMON=1") &&
        env.includes(`NUT_CONFPATH=${dir}`)
      ) out.push(Number(e.name));
    } catch {
      // gone, or not ours
    }
  }
  return out;
}

const REPLY = /^(OK|ERR UNKNOWN)$/;

Deno.test({
  name: "upssched timer daemon survives 20,000 fuzzed lines; timers still fire",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "schedfuzz_" });
    const pipe = `${dir}/pipe`;
    Deno.mkdirSync(`${dir}/bin`);
    await Deno.writeTextFile(
      `${dir}/cmd.sh`,
      `echo "$1" >> ${dir}/fired.log\n`,
    );
    await Deno.writeTextFile(
      `${dir}/upssched.conf`,
      `CMDSCRIPT "/bin/sh ${dir}/cmd.sh"
PIPEFN ${pipe}
LOCKFN ${dir}/lock
AT ONBATT * START-TIMER early_zz 7
AT ONLINE * START-TIMER late_zz 3
AT COMMBAD * START-TIMER cancelme_zz 2
AT COMMOK * CANCEL-TIMER cancelme_zz
`,
    );
    // no programs on PATH for whatever the fuzz makes the shell run
    const env = { NUT_CONFPATH: dir, PATH: `${dir}/bin` };
    let pid = 0;
    try {
      const first = await run(dir, "ONBATT", env);
      assertEquals(first.code, 0, new TextDecoder().decode(first.stderr));
      const started = Date.now();
      const found = daemons(dir);
      assertEquals(found.length, 1, `daemons: ${found}`);
      pid = found[0]!;

      const r = rng(0x5c4ed);
      const LINES = 20_000;
      let sent = 0;
      let replies = 0;
      let conns = 0;

      const counted = async () => {
        const c = await Deno.connect({ transport: "unix", path: pipe });
        const rd = new LineReader(c, 4096);
        const parts: Uint8Array[] = [];
        for (let i = 0; i < 500 && sent < LINES; i++, sent++) {
          parts.push(fuzzLine(r), Uint8Array.of(10));
        }
        await writeAll(c, concat(parts));
        // resync, then a request whose answer is known
        await writeAll(c, '\n"#\nCANCEL "mark_zz"\n');
        await c.closeWrite(); // the daemon answers all, then closes
        await rd.done;
        closeQuietly(c);
        assertEquals(rd.lines.at(-1), "OK", "the last request is answered");
        assert(
          rd.lines.every((l) => REPLY.test(l)),
          rd.lines.find((l) => !REPLY.test(l)),
        );
        replies += rd.lines.length;
      };
      const cut = async () => {
        const c = await Deno.connect({ transport: "unix", path: pipe });
        const parts: Uint8Array[] = [];
        for (let i = 0; i < 40; i++, sent++) {
          parts.push(fuzzLine(r), Uint8Array.of(10));
        }
        parts.push(bytes('START "cut_zz" "0'));
        await writeAll(c, concat(parts)).catch(() => {});
        closeQuietly(c);
      };
      const slow = async () => {
        const c = await Deno.connect({ transport: "unix", path: pipe });
        const rd = new LineReader(c);
        for (
          const b of bytes('ST\0ART "slow_zz" "999999"\nCANCEL "slow_zz"\n')
        ) {
          await writeAll(c, Uint8Array.of(b));
          await sleep(1);
        }
        sent += 2;
        await rd.until((l) => l.length === 2, 5000, "slow replies");
        assertEquals(rd.lines, ["OK", "OK"]);
        closeQuietly(c);
        await rd.done;
      };
      const flood = async () => {
        // writes everything before reading anything back
        const c = await Deno.connect({ transport: "unix", path: pipe });
        const n = 3000;
        await writeAll(c, "START\n".repeat(n));
        sent += n;
        const rd = new LineReader(c);
        await rd.until((l) => l.length === n, 10_000, "every flood reply");
        assert(rd.lines.every((l) => l === "ERR UNKNOWN"));
        closeQuietly(c);
        await rd.done;
      };
      const worker = async () => {
        while (sent < LINES) {
          const k = conns++ % 8;
          if (k < 5) await counted();
          else if (k < 6) await cut();
          else if (k < 7) await slow();
          else await flood();
        }
      };
      await Promise.all([worker(), worker(), worker()]);
      console.log(`lines ${sent}, replies ${replies}, connections ${conns}`);
      assert(sent >= LINES);
      assert(replies >= sent / 4, `replies ${replies}`);

      // the same daemon is still serving
      assert(alive(pid), "timer daemon alive");
      assertEquals(daemons(dir), [pid]);
      // valid START and CANCEL through upssched still work
      assertEquals((await run(dir, "COMMBAD", env)).code, 0);
      assertEquals((await run(dir, "ONLINE", env)).code, 0);
      assertEquals((await run(dir, "COMMOK", env)).code, 0);
      await waitFor(
        async () => (await lines(`${dir}/fired.log`)).includes("late_zz"),
        10_000,
        50,
        "late_zz to fire",
      );
      // the timer accepted before the fuzz was not lost
      await waitFor(
        async () => (await lines(`${dir}/fired.log`)).includes("early_zz"),
        15_000,
        50,
        "early_zz to fire",
      );
      assert(Date.now() - started >= 6500, "early_zz fired on time, not early");
      // late_zz (3 s) started after cancelme_zz (2 s) and has fired: a
      // second later than cancelme_zz would have, had it not been
      // cancelled; cut_zz (0 s) would have fired during the fuzz
      const fired = await lines(`${dir}/fired.log`);
      assert(!fired.includes("cancelme_zz"), "a cancelled timer never fires");
      assert(!fired.includes("cut_zz"), "a cut line is never run");
      assertEquals(daemons(dir), [pid]);
    } finally {
      for (const p of [pid, ...daemons(dir)]) if (p) await killPid(p);
      await Deno.remove(dir, { recursive: true });
    }
  },
});
