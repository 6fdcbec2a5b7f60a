/**
 * The driver socket as upsd sees it: a foreground dummy-ups (`-s … -F`)
 * answers DUMPALL/PING/SET/INSTCMD with TRACKING, broadcasts changes, and
 * removes its socket on SIGTERM.
 */
import { assertEquals, assertStringIncludes } from "../assert.ts";
import { waitFor } from "../net.ts";

const DRIVER = new URL("../../drivers/dummy_ups.ts", import.meta.url).pathname;

Deno.test({
  name: "driver socket: DUMPALL, PING, SET/INSTCMD tracking, SIGTERM cleanup",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = Deno.makeTempDirSync({ prefix: "drv-sock-" });
    Deno.writeTextFileSync(`${dir}/t.dev`, "ups.id: abc\nbattery.charge: 50\n");
    const sock = `${dir}/dummy-ups-t`;
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        DRIVER,
        "-s",
        "t",
        "-x",
        "port=t.dev",
        "-u",
        "root",
        "-F",
      ],
      env: { NUT_CONFPATH: dir, NUT_STATEPATH: dir, NUT_ALTPIDPATH: dir },
      stdout: "null",
      stderr: "null",
    }).spawn();
    let conn: Deno.UnixConn | undefined;
    try {
      await waitFor(() => Deno.statSync(sock).isSocket === true, 10_000);
      conn = await Deno.connect({ transport: "unix", path: sock });
      const c = conn;
      let got = "";
      const reader = (async () => {
        const buf = new Uint8Array(65536);
        while (true) {
          const n = await c.read(buf).catch(() => null);
          if (n === null) return;
          got += new TextDecoder().decode(buf.subarray(0, n));
        }
      })();
      const send = (t: string) => c.write(new TextEncoder().encode(t));
      await send("DUMPALL\n");
      await waitFor(() => got.includes("DUMPDONE\n"), 5000);
      assertStringIncludes(got, 'SETINFO ups.id "abc"\nSETAUX ups.id 16\n');
      assertStringIncludes(got, "SETFLAGS ups.id RW STRING\n");
      assertStringIncludes(got, "ADDCMD load.off\nDATAOK\nDUMPDONE\n");
      got = "";
      await send(
        'PING\nSET ups.id "x \\"y\\"" TRACKING 7\nINSTCMD load.off TRACKING 8\nINSTCMD a b c d e f\n',
      );
      await waitFor(() => got.includes("TRACKING 8"), 5000);
      assertEquals(
        got,
        'PONG\nSETINFO ups.id "x \\"y\\""\nTRACKING 7 0\nTRACKING 8 1\n',
      );
      child.kill("SIGTERM");
      assertEquals((await child.status).code, 0);
      await reader;
      assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["t.dev"]);
    } finally {
      conn?.close();
      try {
        child.kill("SIGKILL");
      } catch {
        // exited
      }
      await child.status;
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
