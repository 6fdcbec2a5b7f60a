/**
 * upsd ⇄ driver socket, with a small fake driver on a unix socket: WAIT and
 * DUMPALL on connect, PING after MAXAGE/3, DATA-STALE after MAXAGE+1 and on
 * DATASTALE, DRIVER-NOT-CONNECTED and reconnect, TRACKING results, idle
 * disconnect and MAXCONN. The server runs in-process (createServer).
 */
import { assert, assertEquals, assertMatch } from "../assert.ts";
import { Logger } from "../../src/log.ts";
import { nutPaths } from "../../src/config/paths.ts";
import { createServer } from "../../src/server/mod.ts";
import {
  freePort,
  LineClient,
  makeTree,
  waitFor,
} from "../fixtures/upsd/harness.ts";

/** A fake driver: answers DUMPALL from `lines`, PONGs when `pong` is set. */
class FakeDriver {
  listener: Deno.Listener;
  received: string[] = [];
  conns: Deno.Conn[] = [];
  pong = true;
  lines: string[];
  #loops: Promise<void>[] = [];

  constructor(path: string, lines: string[]) {
    this.listener = Deno.listen({ transport: "unix", path });
    this.lines = lines;
    this.#loops.push(this.#accept());
  }

  async #accept() {
    try {
      for await (const c of this.listener) {
        this.conns.push(c);
        this.#loops.push(this.#serve(c));
      }
    } catch {
      // closed
    }
  }

  async #serve(c: Deno.Conn) {
    const dec = new TextDecoder();
    let buf = "";
    try {
      for await (const chunk of c.readable) {
        buf += dec.decode(chunk);
        let i;
        while ((i = buf.indexOf("\n")) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          this.received.push(line);
          if (line === "DUMPALL") {
            await this.send(c, [...this.lines, "DATAOK", "DUMPDONE"]);
          } else if (line === "PING" && this.pong) await this.send(c, ["PONG"]);
        }
      }
    } catch {
      // closed
    }
  }

  async send(c: Deno.Conn, lines: string[]) {
    try {
      await c.write(new TextEncoder().encode(lines.join("\n") + "\n"));
    } catch {
      // peer gone
    }
  }

  async broadcast(lines: string[]) {
    for (const c of this.conns) await this.send(c, lines);
  }

  async close() {
    this.listener.close();
    for (const c of this.conns) {
      try {
        c.close();
      } catch {
        // closed
      }
    }
    this.conns = [];
    await Promise.all(this.#loops);
  }
}

const DEV = [
  'SETINFO ups.status "OL"',
  'SETINFO ups.id "fake"',
  "SETFLAGS ups.id RW STRING",
  "SETAUX ups.id 10",
  "ADDCMD test.battery.start",
];

async function withServer(
  upsdConf: string,
  fn: (
    ctx: {
      port: number;
      driver: FakeDriver;
      sock: string;
      logs: string[];
    },
  ) => Promise<void>,
  opts: { idleTimeoutMs?: number } = {},
) {
  const port = freePort();
  const tree = makeTree({
    "ups.conf": "[fake]\n driver = fakedrv\n port = none\n",
    "upsd.conf": `LISTEN 127.0.0.1 ${port}\n${upsdConf}`,
    "upsd.users": "[admin]\n password = s\n actions = SET\n instcmds = ALL\n",
  });
  const sock = `${tree.state}/fakedrv-fake`;
  const driver = new FakeDriver(sock, DEV);
  const logs: string[] = [];
  const log = new Logger((_l, m) => logs.push(m), 1);
  const server = await createServer({
    paths: nutPaths((n) => tree.env[n]),
    env: (n) => tree.env[n],
    log,
    tickMs: 100,
    ...opts,
  });
  try {
    await fn({ port, driver, sock, logs });
  } finally {
    await server.close();
    await driver.close();
    tree.remove();
  }
}

const san = { sanitizeOps: true, sanitizeResources: true };

Deno.test({
  name: "driver link: DUMPALL, staleness by silence and by DATASTALE",
  ...san,
  async fn() {
    await withServer("MAXAGE 3\n", async ({ port, driver, logs }) => {
      const c = await LineClient.connect(port);
      try {
        await waitFor(async () =>
          (await c.ask("GET VAR fake ups.id")) === 'VAR fake ups.id "fake"'
        );
        assertEquals(driver.received[0], "DUMPALL");
        assertEquals(
          await c.ask("GET TYPE fake ups.id"),
          "TYPE fake ups.id RW STRING:10",
        );
        // live update
        await driver.broadcast(['SETINFO ups.status "OB LB"']);
        await waitFor(async () =>
          (await c.ask("GET VAR fake ups.status")) ===
            'VAR fake ups.status "OB LB"'
        );
        // silence: upsd PINGs after MAXAGE/3; with PONGs it stays fresh
        await waitFor(() => driver.received.includes("PING"), 5000);
        // driver says stale
        await driver.broadcast(["DATASTALE"]);
        await waitFor(async () =>
          (await c.ask("GET VAR fake ups.status")) === "ERR DATA-STALE"
        );
        assertEquals(
          await c.ask("GET UPSDESC fake"),
          'UPSDESC fake "Unavailable"',
        );
        await driver.broadcast(["DATAOK"]);
        await waitFor(async () =>
          (await c.ask("GET VAR fake ups.status")) ===
            'VAR fake ups.status "OB LB"'
        );
        // no PONG any more: stale after MAXAGE+1 s of silence
        driver.pong = false;
        await waitFor(
          async () =>
            (await c.ask("GET VAR fake ups.status")) === "ERR DATA-STALE",
          8000,
          200,
        );
        assert(logs.includes("Data for UPS [fake] is stale - check driver"));
        await driver.broadcast(["PONG"]);
        await waitFor(async () =>
          (await c.ask("GET VAR fake ups.status")) ===
            'VAR fake ups.status "OB LB"'
        );
        assert(logs.includes("UPS [fake] data is no longer stale"));
      } finally {
        c.close();
      }
    });
  },
});

Deno.test({
  name: "driver link: disconnect gives DRIVER-NOT-CONNECTED, then reconnects",
  ...san,
  async fn() {
    await withServer("", async ({ port, driver }) => {
      const c = await LineClient.connect(port);
      try {
        await waitFor(async () =>
          (await c.ask("GET VAR fake ups.status")) ===
            'VAR fake ups.status "OL"'
        );
        for (const conn of driver.conns) conn.close();
        driver.conns = [];
        await waitFor(async () =>
          (await c.ask("GET VAR fake ups.status")) ===
            "ERR DRIVER-NOT-CONNECTED"
        );
        // the listener is still there: upsd reconnects on its next loop
        await waitFor(async () =>
          (await c.ask("GET VAR fake ups.status")) ===
            'VAR fake ups.status "OL"'
        );
        assertEquals(driver.received.filter((l) => l === "DUMPALL").length, 2);
      } finally {
        c.close();
      }
    });
  },
});

Deno.test({
  name: "driver link: SET and INSTCMD are forwarded with TRACKING ids",
  ...san,
  async fn() {
    await withServer("", async ({ port, driver }) => {
      const c = await LineClient.connect(port);
      try {
        await waitFor(async () =>
          (await c.ask("GET VAR fake ups.id")) === 'VAR fake ups.id "fake"'
        );
        for (const l of ["USERNAME admin", "PASSWORD s", "SET TRACKING ON"]) {
          assertEquals(await c.ask(l), "OK");
        }
        const r = await c.ask('SET VAR fake ups.id "a b"');
        assertMatch(r!, /^OK TRACKING [0-9A-F-]{36}$/);
        const id = r!.slice(12);
        await waitFor(() =>
          driver.received.includes(`SET ups.id "a b" TRACKING ${id}`)
        );
        assertEquals(await c.ask(`GET TRACKING ${id}`), "PENDING");
        await driver.broadcast([`TRACKING ${id} 0`]);
        await waitFor(async () =>
          (await c.ask(`GET TRACKING ${id}`)) === "SUCCESS"
        );
        const r2 = await c.ask("INSTCMD fake test.battery.start");
        const id2 = r2!.slice(12);
        await waitFor(() =>
          driver.received.includes(`INSTCMD test.battery.start TRACKING ${id2}`)
        );
        await driver.broadcast([`TRACKING ${id2} 2`]);
        await waitFor(async () =>
          (await c.ask(`GET TRACKING ${id2}`)) === "ERR INVALID-ARGUMENT"
        );
      } finally {
        c.close();
      }
    });
  },
});

Deno.test({
  name: "idle clients are dropped and MAXCONN refuses extra connections",
  ...san,
  async fn() {
    await withServer("MAXCONN 2\n", async ({ port }) => {
      const a = await LineClient.connect(port);
      const b = await LineClient.connect(port);
      const extra = await LineClient.connect(port);
      try {
        assertEquals(await a.ask("NETVER"), "1.3");
        assertEquals(await b.ask("NETVER"), "1.3");
        // the third connection is closed at once
        assertEquals(await extra.line(), undefined);
        // a silent client is dropped after the idle timeout (shortened
        // here), while one that keeps talking stays
        let gone = false;
        const bGone = b.line(4000).then((l) => {
          gone = l === undefined;
        });
        const start = Date.now();
        while (!gone && Date.now() - start < 4000) {
          assertEquals(await a.ask("NETVER"), "1.3");
          await new Promise((r) => setTimeout(r, 200));
        }
        await bGone;
        assert(gone);
        assert(Date.now() - start >= 1000);
        assertEquals(await a.ask("NETVER"), "1.3");
      } finally {
        a.close();
        b.close();
        extra.close();
      }
    }, { idleTimeoutMs: 1500 });
  },
});
