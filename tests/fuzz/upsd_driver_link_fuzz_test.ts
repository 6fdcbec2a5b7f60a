/**
 * Fuzz, upsd side of the driver socket: a fake driver listed in ups.conf
 * answers our upsd's DUMPALL with garbage mixed into valid SETINFO lines,
 * then sends endless lines without newline, giant values, thousands of
 * ADDENUM/ADDRANGE, junk SETFLAGS, TRACKING with unknown ids, then valid
 * lines again. Meanwhile a well-behaved fake driver keeps publishing and a
 * client keeps polling it. upsd must stay up, never drop either link,
 * serve the other UPS without errors throughout, keep its memory bounded
 * (values capped at 512 chars, no growth from endless lines), and serve
 * every value the bad driver ever sent validly.
 */
import { assert, assertEquals } from "../assert.ts";
import {
  freePort,
  LineClient,
  makeTree,
  startOurUpsd,
  waitFor,
} from "../fixtures/upsd/harness.ts";
import {
  alive,
  bytes,
  closeQuietly,
  concat,
  flip,
  int,
  LineReader,
  manyWords,
  pick,
  randomBytes,
  randomLineBytes,
  rng,
  rssKiB,
  sleep,
  truncate,
  withNuls,
  writeAll,
} from "./gen.ts";

/** A driver socket served by the test. */
class FakeDriver {
  accepted = 0;
  conns: Deno.UnixConn[] = [];
  #listener: Deno.UnixListener;
  #tasks: Promise<void>[] = [];
  #loop: Promise<void>;

  constructor(path: string, onDumpAll: (c: Deno.UnixConn) => Promise<void>) {
    const listener = Deno.listen({ transport: "unix", path });
    this.#listener = listener;
    this.#loop = (async () => {
      for await (const c of listener) {
        this.accepted++;
        this.conns.push(c);
        this.#tasks.push(this.#serve(c, onDumpAll));
      }
    })().catch(() => {});
  }

  async #serve(
    c: Deno.UnixConn,
    onDumpAll: (c: Deno.UnixConn) => Promise<void>,
  ) {
    const rd = new LineReader(c);
    let done = 0;
    while (!rd.eof) {
      while (done < rd.lines.length) {
        const l = rd.lines[done++]!;
        if (l === "DUMPALL") await onDumpAll(c).catch(() => {});
        if (l === "PING") await writeAll(c, "PONG\n").catch(() => {});
      }
      await sleep(5);
    }
  }

  async close() {
    closeQuietly(this.#listener);
    for (const c of this.conns) closeQuietly(c);
    await this.#loop;
    await Promise.all(this.#tasks);
  }
}

/** Seeds for the bad driver's garbage; none names an `anchor.*` variable. */
const SEEDS = [
  'SETINFO ups.status "OL"',
  'SETINFO battery.charge "100"',
  'SETINFO ups.mfr "Bad"',
  "DELINFO battery.charge",
  'ADDENUM ups.mfr "A"',
  'DELENUM ups.mfr "A"',
  "ADDRANGE battery.charge 0 100",
  "DELRANGE battery.charge 0 100",
  "SETAUX ups.mfr 99",
  "SETFLAGS ups.mfr RW STRING",
  "ADDCMD load.off",
  "DELCMD load.off",
  "DATAOK",
  "DATASTALE",
  "DUMPDONE",
  "PONG",
  "TRACKING 123 0",
  "PID 42",
];

function garbageLine(r: () => number): Uint8Array {
  const seed = pick(r, SEEDS);
  switch (int(r, 10)) {
    case 0:
      return randomLineBytes(r, int(r, 200));
    case 1:
      return flip(r, seed);
    case 2:
      return withNuls(r, seed);
    case 3:
      return truncate(r, seed);
    case 4:
      return bytes(
        `${pick(r, ["SETINFO", "ADDENUM", "SETFLAGS"])} ups.mfr ${
          manyWords(30 + int(r, 60))
        }`,
      );
    case 5:
      return bytes(pick(r, [
        "SETINFO",
        "SETINFO x",
        "ADDRANGE battery.charge",
        "ADDRANGE battery.charge 100 0",
        "ADDRANGE battery.charge abc -",
        `ADDRANGE battery.charge ${"9".repeat(40)} -${"9".repeat(40)}`,
        "SETAUX ups.mfr -99999999999999",
        "TRACKING",
        `TRACKING ${"F".repeat(600)} ${"1".repeat(30)}`,
        "SETFLAGS nosuch.var RW",
        'SETFLAGS ups.mfr "RW STRING" junk ""',
      ]));
    case 6:
      return bytes(pick(r, ['"', '"""', "\\", '"#', "#", "="]));
    default:
      return bytes(seed);
  }
}

const RESYNC = '\n"#\n';

async function send(c: Deno.UnixConn, text: string | Uint8Array) {
  await writeAll(c, typeof text === "string" ? bytes(text) : text);
}

Deno.test({
  name: "upsd survives a garbage-speaking driver; other UPSes unaffected",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const port = freePort();
    const tree = makeTree({
      "ups.conf": "[bad]\n  driver = fakedrv\n  port = x\n" +
        "[good]\n  driver = fakedrv\n  port = y\n",
      "upsd.conf": `LISTEN 127.0.0.1 ${port}\n`,
      "upsd.users": "[admin]\n  password = secret\n  actions = SET\n",
    });
    const r = rng(0xd21ab);
    let goodLoad = 0;
    const good = new FakeDriver(`${tree.state}/fakedrv-good`, async (c) => {
      await send(
        c,
        `SETINFO ups.status "OL"\nSETINFO ups.load "${goodLoad}"\nDATAOK\nDUMPDONE\n`,
      );
    });
    const ANCHORS = Array.from({ length: 20 }, (_, i) => `anchor.v${i}`);
    const bad = new FakeDriver(`${tree.state}/fakedrv-bad`, async (c) => {
      // valid lines with garbage between them; each valid one after a resync
      for (const [i, a] of ANCHORS.entries()) {
        const junk: Uint8Array[] = [];
        for (let k = 0; k < 50; k++) junk.push(garbageLine(r), bytes("\n"));
        await send(c, concat(junk));
        await send(c, `${RESYNC}SETINFO ${a} "value ${i} \\"q\\" \\#"\n`);
      }
      await send(c, `${RESYNC}SETINFO ups.status "OL"\nDATAOK\nDUMPDONE\n`);
    });
    const upsd = await startOurUpsd(tree, port);
    const pid = upsd.child.pid;
    const clients: LineClient[] = [];
    try {
      const watcher = await LineClient.connect(port);
      clients.push(watcher);
      await waitFor(
        async () =>
          (await watcher.ask("GET VAR good ups.status")) ===
            'VAR good ups.status "OL"',
        10_000,
        50,
        "good UPS served",
      );
      await waitFor(
        async () =>
          (await watcher.ask("GET VAR bad anchor.v19")) ===
            'VAR bad anchor.v19 "value 19 \\"q\\" \\#"',
        15_000,
        50,
        "bad UPS dump done",
      );
      const badConn = bad.conns[0]!;

      // the well-behaved side: a driver publishing, a client polling
      let stop = false;
      const publisher = (async () => {
        const c = good.conns[0]!;
        while (!stop) {
          goodLoad++;
          await send(c, `SETINFO ups.load "${goodLoad}"\n`);
          await sleep(20);
        }
      })();
      const poller = await LineClient.connect(port);
      clients.push(poller);
      let polls = 0;
      let maxLatency = 0;
      let lastSeen = 0;
      const polling = (async () => {
        while (!stop) {
          const t = Date.now();
          const reply = await poller.ask("GET VAR good ups.load", 10_000);
          maxLatency = Math.max(maxLatency, Date.now() - t);
          const m = /^VAR good ups\.load "(\d+)"$/.exec(reply ?? "");
          assert(m, `good UPS answer during the fuzz: ${reply}`);
          assert(Number(m[1]) >= lastSeen, "values never go back");
          lastSeen = Number(m[1]);
          polls++;
          await sleep(10);
        }
      })();

      const rssBefore = rssKiB(pid);
      // 1. 20,000 garbage lines
      for (let batch = 0; batch < 40; batch++) {
        const parts: Uint8Array[] = [];
        for (let i = 0; i < 500; i++) parts.push(garbageLine(r), bytes("\n"));
        await send(badConn, concat(parts));
      }
      // 2. endless lines without newline: plain, blanks, inside quotes
      const MB = 1 << 20;
      for (const fill of ["X", " ", '"', "\t"]) {
        const chunk = bytes(
          (fill === '"' ? '"' : "") + (fill === '"' ? "q" : fill).repeat(MB),
        );
        for (let i = 0; i < 8; i++) await send(badConn, chunk);
        await send(badConn, RESYNC);
      }
      // random bytes with no line structure at all
      await send(badConn, randomBytes(r, 4 * MB));
      await send(badConn, RESYNC);
      // 3. giant values
      // (48 MB: kept whole, they would show in the RSS check below)
      for (let i = 0; i < 48; i++) {
        await send(badConn, `SETINFO giant.v${i} "${"G".repeat(MB)}"\n`);
      }
      await send(
        badConn,
        `SETINFO giant.escaped "${'\\"'.repeat(5000)}"\n` +
          `SETINFO giant.short "${"S".repeat(400)}"\n`,
      );
      // 4. thousands of ADDENUM / ADDRANGE, many duplicates
      const lines: string[] = [
        'SETINFO enum.var "a0"',
        'SETINFO range.var "5"',
      ];
      for (let i = 0; i < 5000; i++) {
        lines.push(`ADDENUM enum.var "a${i % 50}"`);
        lines.push(`ADDRANGE range.var ${i % 40} ${100 + (i % 40)}`);
        lines.push(`ADDRANGE range.var ${200 + i} ${100 + i}`); // min > max
      }
      lines.push('ADDENUM no.such.var "x"', "ADDRANGE no.such.var 1 2");
      // 5. SETFLAGS with junk, 6. TRACKING with unknown ids
      lines.push(
        'SETFLAGS enum.var RW junk NUMBER!! "" string',
        "SETFLAGS no.such.var RW",
        ...Array.from({ length: 1000 }, (_, i) => `TRACKING unknown-${i} ${i}`),
        `TRACKING ${"Z".repeat(5000)} 0`,
      );
      await send(badConn, lines.join("\n") + "\n");
      // 7. valid lines again
      await send(
        badConn,
        `${RESYNC}SETINFO ups.status "OB LB"\nSETINFO battery.charge "42"\nDATAOK\n`,
      );
      await waitFor(
        async () =>
          (await watcher.ask("GET VAR bad battery.charge")) ===
            'VAR bad battery.charge "42"',
        20_000,
        50,
        "valid lines after the garbage",
      );
      stop = true;
      await publisher;
      await polling;
      const rssAfter = rssKiB(pid);
      console.log(
        `polls ${polls}, max latency ${maxLatency} ms, RSS ${rssBefore} -> ${rssAfter} KiB`,
      );

      assert(alive(pid), "upsd alive");
      // neither link was dropped and re-dumped
      assertEquals(bad.accepted, 1);
      assertEquals(good.accepted, 1);
      // the other UPS was served throughout and is current
      assert(polls >= 5, `polls ${polls}`);
      assert(maxLatency < 3000, `max latency ${maxLatency} ms`);
      assertEquals(
        await watcher.ask("GET VAR good ups.load"),
        `VAR good ups.load "${goodLoad}"`,
      );
      // memory stays bounded: 44 MB of endless lines and 48 MB of giant
      // values left no trace (values are capped at parseconf's 512 chars)
      assert(
        rssAfter - rssBefore < 24 * 1024,
        `RSS grew ${rssBefore}→${rssAfter}`,
      );
      // giant values: kept (capped), and served as NUT does, through a
      // 512-byte reply buffer that cuts the line and its newline
      const head = 'VAR bad giant.v7 "';
      assertEquals(await watcher.exchange("GET VAR bad giant.v7"), [
        head + "G".repeat(512 - head.length) + "<no newline>",
      ]);
      const eh = 'VAR bad giant.escaped "';
      assertEquals(await watcher.exchange("GET VAR bad giant.escaped"), [
        (eh + '\\"'.repeat(300)).slice(0, 512) + "<no newline>",
      ]);
      assertEquals(
        await watcher.ask("GET VAR bad giant.short"),
        `VAR bad giant.short "${"S".repeat(400)}"`,
      );
      // duplicates ignored: 50 enums, 40 ranges, no min>max range
      const enums = await watcher.list("LIST ENUM bad enum.var");
      assertEquals(enums.length, 52, enums.slice(-3).join("|"));
      const ranges = await watcher.list("LIST RANGE bad range.var");
      assertEquals(ranges.length, 42, ranges.slice(-3).join("|"));
      assertEquals(
        await watcher.ask("GET TYPE bad enum.var"),
        "TYPE bad enum.var RW ENUM STRING:0",
      );
      // every value accepted before the garbage is still served
      for (const [i, a] of ANCHORS.entries()) {
        assertEquals(
          await watcher.ask(`GET VAR bad ${a}`),
          `VAR bad ${a} "value ${i} \\"q\\" \\#"`,
        );
      }
      assertEquals(
        await watcher.ask("GET VAR bad ups.status"),
        'VAR bad ups.status "OB LB"',
      );
      // a new client gets correct answers
      const fresh = await LineClient.connect(port);
      clients.push(fresh);
      assertEquals(await fresh.list("LIST UPS"), [
        "BEGIN LIST UPS",
        'UPS bad "Description unavailable"',
        'UPS good "Description unavailable"',
        "END LIST UPS",
      ]);
    } finally {
      for (const c of clients) c.close();
      await upsd.kill();
      await bad.close();
      await good.close();
      tree.remove();
    }
  },
});
