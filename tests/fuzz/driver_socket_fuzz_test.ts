/**
 * Fuzz: 40,000+ generated and mutated lines (random bytes, NULs, over-long
 * lines and words, unbalanced quotes, malformed INSTCMD/SET, server-side
 * verbs, floods, slow, half-open and cut connections) thrown at our
 * dummy-ups' unix socket. Afterwards the same driver process must answer
 * DUMPALL exactly as before (fuzz SETs only touch `fuzz*` variables), PING,
 * and a NUT 2.8.0 upsd that stayed connected throughout must still serve
 * the UPS to NUT's upsc.
 */
import { assert, assertEquals } from "../assert.ts";
import { freePort, haveNut, waitFor } from "../net.ts";
import {
  alive,
  bytes,
  closeQuietly,
  concat,
  flip,
  int,
  killPid,
  LineReader,
  manyWords,
  pick,
  randomLineBytes,
  rng,
  sleep,
  start,
  truncate,
  withNuls,
  writeAll,
} from "./gen.ts";

const DRIVER = new URL("../../drivers/dummy_ups.ts", import.meta.url).pathname;

const DEV = `ups.status: OL
ups.mfr: Fuzz Works
ups.model: Socket 9000
ups.id: "quoted \\"id\\" \\# x"
battery.charge: 100
battery.runtime: 1800
input.voltage: 230.0
ups.delay.shutdown: 20
`;

/** Seeds that may be byte-mutated: none of them can become a SET. */
const SEEDS = [
  "DUMPALL",
  "PING",
  "INSTCMD load.off",
  "INSTCMD load.off 5",
  "INSTCMD load.off TRACKING 12",
  "INSTCMD load.off 5 TRACKING 13",
  "INSTCMD test.battery.start.quick now TRACKING abc",
  // server → driver verbs sent the wrong way must change nothing
  'SETINFO ups.mfr "evil"',
  "DELINFO ups.status",
  'ADDENUM ups.mfr "x"',
  "ADDCMD shutdown.now",
  "DELCMD load.off",
  "SETFLAGS ups.mfr RW NUMBER",
  "DATASTALE",
  "DUMPDONE",
  "TRACKING 1 0",
  "NOBROADCAST",
  "BROADCAST 0",
  "BROADCAST 1",
];

/** Structural SETs: every one names a variable starting with "fuzz". */
function setLine(r: () => number): string {
  const name = pick(r, ["fuzz.a", "fuzz.b", "FUZZ.A", "fuzz.long", "fuzz"]);
  const value = pick(r, [
    `"v${int(r, 1000)}"`,
    '""',
    `"${"L".repeat(200 + int(r, 800))}"`,
    '"esc \\" \\\\ \\# ok"',
    '"unbalanced',
    '"in # quotes"',
    `v${int(r, 9)}`,
  ]);
  switch (int(r, 8)) {
    case 0:
      return "SET";
    case 1:
      return `SET ${name}`;
    case 2:
      return `SET ${name} ${value} TRACKING`;
    case 3:
      return `SET ${name} ${value} TRACKING ${"9".repeat(1 + int(r, 600))}`;
    case 4:
      return `SET ${name} ${value} NOTTRACKING x`;
    case 5:
      return `SET ${name} ${value} ${manyWords(1 + int(r, 40))}`;
    default:
      return `SET ${name} ${value}`;
  }
}

function fuzzLine(r: () => number): Uint8Array {
  const seed = pick(r, SEEDS);
  switch (int(r, 11)) {
    case 0:
      return randomLineBytes(r, int(r, 120));
    case 1:
      return flip(r, seed);
    case 2:
      return withNuls(r, seed);
    case 3:
      return truncate(r, seed);
    case 4: // over-long word, over-long line
      return bytes(`INSTCMD ${"A".repeat(500 + int(r, 5000))} TRACKING 1`);
    case 5:
      return bytes(
        `${pick(r, ["INSTCMD", "PING", "DUMPALL"])} ${
          manyWords(20 + int(r, 80))
        }`,
      );
    case 6: // wrong INSTCMD word counts, huge TRACKING ids
      return bytes(pick(r, [
        "INSTCMD",
        "INSTCMD a b c d e f",
        `INSTCMD load.off TRACKING ${"7".repeat(1 + int(r, 1000))}`,
        "INSTCMD load.off x TRACKING",
        'INSTCMD "" "" TRACKING ""',
        "INSTCMD load.off TRACKING -1",
      ]));
    case 7:
      return bytes(pick(r, ['"', '"""', "\\", '\\"', '"#', "#", "=", "\r"]));
    case 8:
    case 9:
      return bytes(setLine(r));
    default:
      return bytes(seed);
  }
}

const MARK = /^TRACKING mark(\d+) 1$/;

function marker(n: number): string {
  // dummy-ups knows no instant command: it answers "unknown" (1)
  return `INSTCMD fuzz.mark TRACKING mark${n}\n`;
}

async function dumpAll(sock: string): Promise<string[]> {
  const c = await Deno.connect({ transport: "unix", path: sock });
  const r = new LineReader(c);
  try {
    await writeAll(c, "DUMPALL\n");
    await r.until((l) => l.includes("DUMPDONE"), 10_000, "DUMPDONE");
    const lines = r.lines.slice(0, r.lines.indexOf("DUMPDONE") + 1);
    return lines;
  } finally {
    closeQuietly(c);
    await r.done;
  }
}

/** DUMPALL lines minus the ones about variables the fuzz may SET. */
function stable(lines: string[]): string[] {
  return lines.filter((l) => !/^\S+ fuzz/i.test(l));
}

async function upsc(port: number): Promise<string[]> {
  const out = await new Deno.Command("/usr/bin/upsc", {
    args: [`ups@127.0.0.1:${port}`],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  return text.split("\n").filter((l) => l && !/^fuzz/i.test(l));
}

Deno.test({
  name: "dummy-ups socket survives 40,000 fuzzed lines; NUT upsd still served",
  ignore: !haveNut(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = Deno.makeTempDirSync({ prefix: "drvfuzz_" });
    const state = `${dir}/state`;
    Deno.mkdirSync(state);
    const port = freePort();
    Deno.writeTextFileSync(`${dir}/ups.dev`, DEV);
    Deno.writeTextFileSync(
      `${dir}/ups.conf`,
      '[ups]\n  driver = dummy-ups\n  port = ups.dev\n  desc = "fuzz"\n',
    );
    Deno.writeTextFileSync(`${dir}/upsd.conf`, `LISTEN 127.0.0.1 ${port}\n`);
    Deno.writeTextFileSync(`${dir}/upsd.users`, "[a]\n  password = b\n");
    Deno.chmodSync(`${dir}/upsd.users`, 0o600);
    const env = {
      NUT_CONFPATH: dir,
      NUT_STATEPATH: state,
      NUT_ALTPIDPATH: state,
    };
    const sock = `${state}/dummy-ups-ups`;
    let pid = 0;
    let upsd: ReturnType<typeof start> | undefined;
    const open: Deno.Conn[] = [];
    try {
      const launch = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", DRIVER, "-a", "ups", "-u", "root"],
        env,
        stdout: "piped",
        stderr: "piped",
      }).output();
      assertEquals(launch.code, 0, new TextDecoder().decode(launch.stderr));
      pid = Number(Deno.readTextFileSync(`${state}/dummy-ups-ups.pid`));
      assert(alive(pid), "driver running in the background");
      await waitFor(() => Deno.statSync(sock).isSocket === true, 10_000);

      const before = await dumpAll(sock);
      assert(before.includes('SETINFO ups.id "quoted \\"id\\" \\# x"'));
      assert(before.includes("ADDCMD load.off"));

      upsd = start("/lib/nut/upsd", ["-u", "root", "-F"], env);
      await waitFor(
        async () => (await upsc(port)).includes("ups.status: OL"),
        15_000,
        100,
        "NUT upsd serving the driver",
      );
      const upscBefore = await upsc(port);

      // a client that stays connected and silent the whole time
      const watcher = await Deno.connect({ transport: "unix", path: sock });
      open.push(watcher);
      const watched = new LineReader(watcher);

      const r = rng(0x5eed_d51);
      const LINES = 40_000;
      let sent = 0;
      let marksSent = 0;
      let marksSeen = 0;
      const kinds = { counted: 0, slow: 0, cut: 0, flood: 0 };
      const MARK_EVERY = 25;

      const counted = async () => {
        kinds.counted++;
        const c = await Deno.connect({ transport: "unix", path: sock });
        const rd = new LineReader(c, 4096);
        let mark = 0;
        const parts: Uint8Array[] = [];
        for (let i = 0; i < 600 && sent < LINES; i++, sent++) {
          parts.push(
            i % MARK_EVERY === MARK_EVERY - 1
              ? bytes(marker(mark++))
              : concat([fuzzLine(r), Uint8Array.of(10)]),
          );
        }
        await writeAll(c, concat(parts));
        // leave any open quote, escape or comment, then a last marker
        const last = mark++;
        await writeAll(c, `\n"#\n${marker(last)}`);
        await c.closeWrite();
        await rd.done; // the driver answers everything, then closes
        closeQuietly(c);
        const seen = rd.lines.map((l) => MARK.exec(l)).filter((m) => m)
          .map((m) => Number(m![1]));
        for (let i = 1; i < seen.length; i++) {
          assert(seen[i]! > seen[i - 1]!, `marker order: ${seen}`);
        }
        assertEquals(seen.at(-1), last, `last marker answered: ${seen}`);
        marksSent += mark;
        marksSeen += seen.length;
      };

      const slow = async () => {
        kinds.slow++;
        const c = await Deno.connect({ transport: "unix", path: sock });
        const rd = new LineReader(c);
        const text = concat([
          fuzzLine(r),
          bytes('\n"#\nPI'),
          Uint8Array.of(0),
          bytes("NG\n"),
          bytes(marker(0)),
        ]);
        for (const b of text) {
          await writeAll(c, Uint8Array.of(b));
          await sleep(int(r, 3));
        }
        sent += 2;
        await rd.until((l) => l.some((x) => MARK.test(x)), 5000, "slow mark");
        assert(rd.lines.includes("PONG"), "a NUL inside a verb is dropped");
        closeQuietly(c);
        await rd.done;
      };

      const cut = async () => {
        kinds.cut++;
        const c = await Deno.connect({ transport: "unix", path: sock });
        const rd = new LineReader(c);
        const lines: Uint8Array[] = [];
        for (let i = 0; i < 50; i++, sent++) {
          lines.push(fuzzLine(r), Uint8Array.of(10));
        }
        // end mid-line: half of a SET that must never be applied
        lines.push(bytes('SET fuzz.cut "never'));
        await writeAll(c, concat(lines));
        if (r() < 0.5) {
          await c.closeWrite(); // half-open: the driver must close its side
          const t = setTimeout(() => closeQuietly(c), 5000);
          await rd.done;
          clearTimeout(t);
          assert(rd.eof);
        }
        closeQuietly(c);
        await rd.done;
      };

      const flood = async () => {
        kinds.flood++;
        const c = await Deno.connect({ transport: "unix", path: sock });
        const rd = new LineReader(c);
        const n = 2000;
        // a 300 KB word without newline, then a PING flood
        await writeAll(c, bytes("INSTCMD " + "W".repeat(300_000)));
        await writeAll(c, bytes("\n" + "PING\n".repeat(n)));
        sent += n + 1;
        await rd.until(
          (l) => l.filter((x) => x === "PONG").length === n,
          10_000,
          "every PONG of the flood",
        );
        closeQuietly(c);
        await rd.done;
      };

      let conns = 0;
      const worker = async () => {
        while (sent < LINES) {
          const k = conns++ % 10;
          if (k < 6) await counted();
          else if (k < 8) await cut();
          else if (k < 9) await slow();
          else await flood();
        }
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
      assert(sent >= LINES, `sent ${sent}`);
      assert(Object.values(kinds).every((n) => n > 0), "every kind ran");
      console.log(
        `lines: ${sent}, markers ${marksSeen}/${marksSent}, ${
          JSON.stringify(kinds)
        }`,
      );
      // only open quotes and line continuations may swallow a marker
      assert(marksSeen >= marksSent * 0.6, `${marksSeen}/${marksSent}`);

      // the same process survived
      assert(alive(pid), "driver still alive");
      assertEquals(
        Number(Deno.readTextFileSync(`${state}/dummy-ups-ups.pid`)),
        pid,
      );
      // nothing already accepted was lost or changed
      const after = await dumpAll(sock);
      assertEquals(stable(after), stable(before));
      assert(!after.some((l) => /fuzz\.cut/i.test(l)), "a cut line is dropped");
      // values are capped as NUT's 256-byte dstate buffer
      for (const l of after) {
        const m = /^SETINFO (\S+) "(.*)"$/.exec(l);
        if (m) assert(m[2]!.replace(/\\(.)/g, "$1").length <= 255, l);
      }
      // the silent watcher is still served
      await writeAll(watcher, "PING\n");
      await watched.until((l) => l.includes("PONG"), 5000, "watcher PONG");
      // and a fresh one
      const c = await Deno.connect({ transport: "unix", path: sock });
      open.push(c);
      const rd = new LineReader(c);
      await writeAll(c, 'PING\nSET fuzz.done "yes" TRACKING 42\n');
      await rd.until((l) => l.includes("TRACKING 42 0"), 5000, "SET tracked");
      assertEquals(rd.lines[0], "PONG");
      // NUT's upsd, connected all along, still serves the UPS
      await waitFor(
        async () =>
          JSON.stringify(await upsc(port)) === JSON.stringify(upscBefore),
        10_000,
        100,
        "upsc output as before the fuzz",
      );
      const one = await new Deno.Command("/usr/bin/upsc", {
        args: [`ups@127.0.0.1:${port}`, "fuzz.done"],
        stdout: "piped",
      }).output();
      assertEquals(new TextDecoder().decode(one.stdout), "yes\n");
      for (const x of open) closeQuietly(x);
      await rd.done;
      await watched.done;
    } finally {
      for (const x of open) closeQuietly(x);
      await upsd?.stop();
      if (pid) await killPid(pid);
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
