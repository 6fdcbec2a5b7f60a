/**
 * src/pageout.ts in a running daemon: upsd pages out its start-up code
 * DENO_NUT_PAGEOUT ms after it serves, its file-backed RSS falls to what it
 * still runs, and it keeps answering; with DENO_NUT_PAGEOUT=0 nothing falls.
 * Each runs on its own copy of the runtime, as the installed package does,
 * so no other process shares its pages (the kernel leaves shared pages).
 */
import { assert, assertEquals } from "../assert.ts";
import {
  freePort,
  LineClient,
  makeTree,
  type Proc,
  spawn,
  upsConf,
  UPSD_ENTRY,
  UPSD_USERS,
  waitPort,
} from "../fixtures/upsd/harness.ts";

function rssFileKiB(proc: Proc): number {
  const st = Deno.readTextFileSync(`/proc/${proc.child.pid}/status`);
  return Number(/RssFile:\s+(\d+)/.exec(st)?.[1] ?? NaN);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("upsd pages out its start-up code and keeps serving", async () => {
  const runtime = await Deno.makeTempDir({ prefix: "pageout-runtime-" });
  const procs: Proc[] = [];
  const trees: { remove(): void }[] = [];
  try {
    const start = async (pageout: string) => {
      const deno = `${runtime}/deno-${pageout}`;
      await Deno.copyFile(Deno.execPath(), deno);
      await Deno.chmod(deno, 0o755);
      const port = freePort();
      const tree = makeTree({
        "ups.conf": upsConf(["dummy"]), // no driver: upsd serves regardless
        "upsd.users": UPSD_USERS,
        "upsd.conf": `LISTEN 127.0.0.1 ${port}\n`,
      });
      trees.push(tree);
      const p = spawn(deno, [
        "run",
        "--allow-all",
        UPSD_ENTRY,
        "-F",
        "-u",
        "root",
      ], { ...tree.env, DENO_NUT_PAGEOUT: pageout });
      procs.push(p);
      await waitPort(port, "our upsd", p);
      return { p, port };
    };
    const paged = await start("2000");
    const kept = await start("0");
    await sleep(500);
    const before = [rssFileKiB(paged.p), rssFileKiB(kept.p)];
    await sleep(2500); // past the page-out
    for (const { port } of [paged, kept]) {
      const c = await LineClient.connect(port);
      try {
        for (let i = 0; i < 20; i++) {
          await c.write("LIST UPS\n");
          assertEquals(await c.line(), "BEGIN LIST UPS");
          assertEquals(await c.line(), 'UPS dummy "Description unavailable"');
          assertEquals(await c.line(), "END LIST UPS");
        }
      } finally {
        c.close();
      }
    }
    const after = [rssFileKiB(paged.p), rssFileKiB(kept.p)];
    const [pb, kb] = before as [number, number];
    const [pa, ka] = after as [number, number];
    assert(
      pa < pb - 4096,
      `paged out: file RSS ${pb} → ${pa} KiB, expected a fall of 4 MiB or more`,
    );
    assert(
      ka > kb - 2048,
      `DENO_NUT_PAGEOUT=0: file RSS ${kb} → ${ka} KiB, expected no fall`,
    );
  } finally {
    for (const p of procs) await p.kill();
    for (const t of trees) t.remove();
    await Deno.remove(runtime, { recursive: true });
  }
});
