/**
 * The epoll listener (src/server/listen_epoll.ts; the default without
 * CERTFILE, DENO_NUT_UPSD_EPOLL=0 turns it off) against NUT 2.8.0's upsd
 * on the same driver: the same replies over IPv4
 * and IPv6, pipelined bursts answered in order, a client that stops reading
 * (short writes, EPOLLOUT) still gets every reply, LOGOUT closes.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import {
  DUMMY_DEV,
  freePort,
  LineClient,
  makeTree,
  type Proc,
  startDummy,
  startNutUpsd,
  startOurUpsd,
  upsConf,
  UPSD_USERS,
  waitFor,
} from "../fixtures/upsd/harness.ts";
import { epollUsable } from "../../src/server/listen_epoll.ts";
import { peerName } from "../../src/server/sockaddr.ts";

Deno.test({
  name: "epoll listener: peer names as Deno spells them, literal-only LISTEN",
  permissions: "none",
  fn() {
    const v4 = new Uint8Array(16);
    v4.set([2, 0, 0x1f, 0x90, 127, 0, 0, 1]);
    assertEquals(peerName(v4), "127.0.0.1");
    const v6 = new Uint8Array(28);
    v6[0] = 10;
    v6[23] = 1;
    assertEquals(peerName(v6), "::1");
    v6.set([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 1, 2, 3], 8);
    assertEquals(peerName(v6), "::ffff:10.1.2.3");
    v6.set([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5], 8);
    assertEquals(peerName(v6), "2001:db8::5");
    assert(
      epollUsable([{ addr: "127.0.0.1", port: 1 }, { addr: "::1", port: 1 }]),
    );
    assert(epollUsable([{ addr: "::ffff:127.0.0.1", port: 1 }]));
    assert(!epollUsable([{ addr: "localhost", port: 1 }]));
    assert(!epollUsable([{ addr: "127.0.0.256", port: 1 }]));
  },
});

Deno.test("epoll listener answers as NUT 2.8.0's upsd does", async () => {
  if (!haveNut()) return;
  const nutPort = freePort();
  const ourPort = freePort();
  const base = {
    "ups.conf": upsConf(["dummy"]),
    "upsd.users": UPSD_USERS,
    // 200 extra variables: one LIST VAR reply is ~10 KB
    "dummy.dev": DUMMY_DEV + Array.from(
      { length: 200 },
      (_, i) => `test.filler${i}: some-longer-value-${i}-abcdefghij\n`,
    ).join(""),
  };
  const listen = (p: number) => `LISTEN 127.0.0.1 ${p}\nLISTEN ::1 ${p}\n`;
  const nut = makeTree({ ...base, "upsd.conf": listen(nutPort) });
  const ours = makeTree({ ...base, "upsd.conf": listen(ourPort) }, nut.state);
  // no DENO_NUT_UPSD_EPOLL: the default path is the one checked
  const procs: Proc[] = [];
  const clients: LineClient[] = [];
  const connect = async (port: number, host = "127.0.0.1") => {
    const c = await LineClient.connect(port, host);
    clients.push(c);
    return c;
  };
  try {
    procs.push(await startDummy(nut, "dummy"));
    procs.push(await startNutUpsd(nut, nutPort));
    const our = await startOurUpsd(ours, ourPort, ["-D"]);
    procs.push(our);
    for (const port of [nutPort, ourPort]) {
      const c = await connect(port);
      await waitFor(
        async () =>
          (await c.ask("GET VAR dummy ups.status")) ===
            'VAR dummy ups.status "OL"',
        15_000,
        50,
        `dummy served on ${port}`,
      );
    }
    assert(
      our.output().includes("epoll listener"),
      `our upsd did not take the epoll path:\n${our.output()}`,
    );

    // single requests, both families
    const asks = [
      "GET VAR dummy ups.status",
      "GET VAR dummy battery.charge",
      "GET VAR dummy no.such",
      "GET VAR nosuch ups.status",
      "GET UPSDESC dummy",
      "NETVER",
      "FOO",
    ];
    for (const host of ["127.0.0.1", "::1"]) {
      const n = await connect(nutPort, host);
      const o = await connect(ourPort, host);
      for (const a of asks) assertEquals(await o.ask(a), await n.ask(a), a);
      assertEquals(
        await o.list("LIST VAR dummy"),
        await n.list("LIST VAR dummy"),
      );
    }

    // a pipelined burst in one write: every reply, in order
    const burst = Array.from(
      { length: 300 },
      (_, i) => `GET VAR dummy ${i % 2 ? "ups.status" : "battery.charge"}\n`,
    ).join("");
    const replies = async (port: number) => {
      const c = await connect(port);
      await c.write(burst);
      const out: string[] = [];
      for (let i = 0; i < 300; i++) out.push((await c.line())!);
      return out;
    };
    assertEquals(await replies(ourPort), await replies(nutPort));

    // a client that does not read: the kernel buffers fill, upsd waits for
    // EPOLLOUT, and every reply still arrives whole and in order
    const one = await (await connect(nutPort)).list("LIST VAR dummy");
    assert(one.length > 200, `LIST VAR has ${one.length} lines`);
    const lazy = await connect(ourPort);
    // ~20 MB of replies to 30 KB of requests: more than loopback buffers hold
    const count = 2000;
    await lazy.write("LIST VAR dummy\n".repeat(count));
    for (let i = 0; i < count * one.length; i++) {
      const l = await lazy.line();
      assertEquals(l, one[i % one.length], `line ${i}`);
    }
    // the same connection still answers afterwards
    assertEquals(
      await lazy.ask("GET VAR dummy ups.status"),
      await (await connect(nutPort)).ask("GET VAR dummy ups.status"),
    );

    // LOGOUT: the goodbye, then the server closes
    for (const port of [nutPort, ourPort]) {
      const c = await connect(port);
      assertEquals(await c.ask("LOGOUT"), "OK Goodbye");
      assertEquals(await c.line(), undefined);
    }
  } finally {
    for (const c of clients) c.close();
    for (const p of procs.reverse()) await p.kill();
    ours.remove();
    nut.remove();
  }
});

Deno.test("DENO_NUT_UPSD_EPOLL=0 keeps Deno's own listener", async () => {
  const port = freePort();
  const tree = makeTree({
    "ups.conf": upsConf(["dummy"]),
    "upsd.users": UPSD_USERS,
    "upsd.conf": `LISTEN 127.0.0.1 ${port}\n`,
  });
  tree.env.DENO_NUT_UPSD_EPOLL = "0";
  const upsd = await startOurUpsd(tree, port, ["-D"]);
  try {
    const c = await LineClient.connect(port);
    try {
      assertEquals(await c.ask("LIST UPS"), "BEGIN LIST UPS");
    } finally {
      c.close();
    }
    assert(!upsd.output().includes("epoll listener"), upsd.output());
  } finally {
    await upsd.kill();
    tree.remove();
  }
});
