/**
 * failover passes an upstream driver's DELENUM and DELRANGE on at once, as
 * NUT master's ups_del_enum/ups_del_range do (dstate_delenum/delrange
 * while primary): a fake upstream driver on a Unix socket, our failover,
 * and NUT 2.8.0's upsd, whose LIST ENUM / LIST RANGE lose the value
 * without any switch of primary (before, only a full export did it).
 */
import { assertEquals } from "../assert.ts";
import { freePort, haveNut, waitFor } from "../net.ts";
import { LineClient } from "../fixtures/upsd/harness.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const opts = { sanitizeOps: false, sanitizeResources: false };
const enc = new TextEncoder();

const DUMP = [
  'SETINFO ups.mfr "Fake"',
  'SETINFO ups.status "OL"',
  'SETINFO input.transfer.low "90"',
  "SETFLAGS input.transfer.low RW NUMBER",
  'ADDENUM input.transfer.low "90"',
  'ADDENUM input.transfer.low "100"',
  'SETINFO ups.delay.shutdown "20"',
  "SETFLAGS ups.delay.shutdown RW NUMBER",
  "ADDRANGE ups.delay.shutdown 0 60",
  "ADDRANGE ups.delay.shutdown 120 300",
  "DATAOK",
  "DUMPDONE",
];

/** An upstream driver's socket: answers DUMPALL and PING, broadcasts. */
class FakeUpstream {
  #listener: Deno.Listener;
  #conns: Deno.Conn[] = [];

  constructor(path: string) {
    this.#listener = Deno.listen({ transport: "unix", path });
    this.#accept();
  }

  async #accept(): Promise<void> {
    for await (const conn of this.#listener) {
      this.#conns.push(conn);
      this.#serve(conn);
    }
  }

  async #serve(conn: Deno.Conn): Promise<void> {
    const dec = new TextDecoder();
    const buf = new Uint8Array(4096);
    let text = "";
    try {
      while (true) {
        const n = await conn.read(buf);
        if (n === null) break;
        text += dec.decode(buf.subarray(0, n));
        let i;
        while ((i = text.indexOf("\n")) >= 0) {
          const line = text.slice(0, i).trim();
          text = text.slice(i + 1);
          if (line === "DUMPALL") await this.#send(conn, DUMP);
          else if (line === "PING") await this.#send(conn, ["PONG"]);
        }
      }
    } catch { /* closed */ }
  }

  async #send(conn: Deno.Conn, lines: string[]): Promise<void> {
    await conn.write(enc.encode(lines.map((l) => l + "\n").join("")));
  }

  async broadcast(lines: string[]): Promise<void> {
    for (const c of this.#conns) await this.#send(c, lines).catch(() => {});
  }

  close(): void {
    for (const c of this.#conns) {
      try {
        c.close();
      } catch { /* closed */ }
    }
    this.#listener.close();
  }
}

Deno.test({
  name: "failover passes DELENUM and DELRANGE on to upsd at once",
  ignore: !haveNut(),
  ...opts,
  async fn() {
    const dir = Deno.makeTempDirSync({ prefix: "fo-del-" });
    const port = freePort();
    const env = { NUT_CONFPATH: dir, NUT_STATEPATH: dir, NUT_ALTPIDPATH: dir };
    Deno.writeTextFileSync(
      `${dir}/ups.conf`,
      "[fo]\n driver = failover\n port = fake-up\n pollinterval = 1\n" +
        " inittime = 10\n",
    );
    Deno.writeTextFileSync(`${dir}/upsd.conf`, `LISTEN 127.0.0.1 ${port}\n`);
    Deno.writeTextFileSync(`${dir}/upsd.users`, "");
    const up = new FakeUpstream(`${dir}/fake-up`);
    const procs: Deno.ChildProcess[] = [];
    const spawn = (argv: string[]) =>
      procs.push(
        new Deno.Command(argv[0]!, {
          args: [...argv.slice(1), "-u", "root", "-F"],
          env,
          stdin: "null",
          stdout: "null",
          stderr: "null",
        }).spawn(),
      );
    let c: LineClient | undefined;
    try {
      spawn([
        Deno.execPath(),
        "run",
        "-A",
        `${ROOT}drivers/failover.ts`,
        "-a",
        "fo",
      ]);
      spawn(["/lib/nut/upsd"]);
      await waitFor(
        async () => {
          try {
            c ??= await LineClient.connect(port);
            return true;
          } catch {
            return false;
          }
        },
        20_000,
        100,
        "upsd",
      );
      const enums = async () =>
        (await c!.list("LIST ENUM fo input.transfer.low")).slice(1, -1);
      const ranges = async () =>
        (await c!.list("LIST RANGE fo ups.delay.shutdown")).slice(1, -1);
      await waitFor(
        async () =>
          (await enums()).length === 2 && (await ranges()).length === 2,
        20_000,
        100,
        "enums and ranges through failover",
      );
      assertEquals(await enums(), [
        'ENUM fo input.transfer.low "90"',
        'ENUM fo input.transfer.low "100"',
      ]);

      await up.broadcast([
        'DELENUM input.transfer.low "100"',
        "DELRANGE ups.delay.shutdown 120 300",
        // unknown ones are ignored, as NUT's failover does
        'DELENUM input.transfer.low "999"',
        "DELRANGE ups.delay.shutdown 1 2",
      ]);
      await waitFor(
        async () =>
          (await enums()).length === 1 && (await ranges()).length === 1,
        5_000,
        100,
        "deletions passed on",
      );
      assertEquals(await enums(), ['ENUM fo input.transfer.low "90"']);
      assertEquals(await ranges(), ['RANGE fo ups.delay.shutdown "0" "60"']);
      // the primary never changed: no full export did it
      assertEquals(
        await c!.ask("GET VAR fo driver.primary.socketname"),
        'VAR fo driver.primary.socketname "fake-up"',
      );
    } finally {
      c?.close();
      for (const p of procs.reverse()) {
        try {
          p.kill("SIGTERM");
        } catch { /* gone */ }
        await p.status;
      }
      up.close();
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
