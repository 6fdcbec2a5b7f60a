/**
 * upsd's command line as a user runs it (`deno run cli/upsd.ts` with the
 * binary's permissions): background start and PID file, the duplicate
 * check, `-c reload` / SIGHUP (a new UPS section appears; a broken or
 * missing upsd.users keeps the old users, with the reason logged),
 * `-c stop`, `-i`/`-p`, LISTEN on ::1, and the loopback-only default.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import {
  LineClient,
  makeTree,
  type NutTree,
  type Proc,
  spawn,
  UPSD_ENTRY,
  waitFor,
} from "../fixtures/upsd/harness.ts";
import { freePort } from "../net.ts";
import { run, runOurs } from "./clients_helpers.ts";
import { BINARIES } from "../../scripts/binaries.ts";

const UPSD_ARGS = [
  "run",
  "--quiet",
  ...BINARIES.find((b) => b.name === "upsd")!.permissions,
  UPSD_ENTRY,
];

const USERS = `[monp]
  password = pw1
  upsmon primary
`;

function upsd(tree: NutTree, args: string[]) {
  return run(Deno.execPath(), [...UPSD_ARGS, ...args], {
    env: tree.env,
    timeoutMs: 30_000,
  });
}

function spawnUpsd(tree: NutTree, args: string[]): Proc {
  return spawn(Deno.execPath(), [...UPSD_ARGS, ...args], tree.env);
}

function readPid(path: string): number | undefined {
  try {
    const n = parseInt(Deno.readTextFileSync(path), 10);
    return Number.isFinite(n) ? n : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    // a zombie is not a running upsd
    return !/^State:\s+Z/m.test(Deno.readTextFileSync(`/proc/${pid}/status`));
  } catch {
    return false;
  }
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

async function answers(port: number, hostname = "127.0.0.1") {
  const c = await LineClient.connect(port, hostname);
  try {
    return (await c.ask("NETVER")) === "1.3";
  } finally {
    c.close();
  }
}

/** UPS names from `upsc -l` (ours, plaintext). */
async function upscList(port: number): Promise<string[]> {
  const r = await runOurs("upsc", ["-l", `127.0.0.1:${port}`], {
    env: { NUT_CLIENT_TLS: "off" },
  });
  assertEquals(r.code, 0, r.stderr);
  return r.stdout.split("\n").filter((l) => l);
}

/** Answer to PRIMARY for a user/password on a fresh connection. */
async function primary(port: number, user: string, pass: string) {
  const c = await LineClient.connect(port);
  try {
    await c.ask(`USERNAME ${user}`);
    await c.ask(`PASSWORD ${pass}`);
    return await c.ask("PRIMARY ups1");
  } finally {
    c.close();
  }
}

function tree(upsdConf: string): NutTree {
  return makeTree({
    "ups.conf": "[ups1]\n driver = dummy-ups\n port = a.dev\n",
    "upsd.conf": upsdConf,
    "upsd.users": USERS,
  });
}

Deno.test({
  name: "upsd background start, PID file, duplicate refused, -c stop",
  sanitizeOps: true,
  sanitizeResources: true,
  async fn() {
    const port = freePort();
    const t = tree(`LISTEN 127.0.0.1 ${port}\n`);
    const pidFile = `${t.dir}/upsd.pid`;
    let pid: number | undefined;
    try {
      const start = await upsd(t, ["-u", "root"]);
      assertEquals(start.code, 0, start.stderr);
      assertEquals(start.stdout, "Network UPS Tools upsd 2.8.0\n");
      pid = readPid(pidFile);
      assert(pid !== undefined, "PID file written");
      assert(alive(pid), "background upsd runs");
      await waitFor(() => answers(port), 10_000, 25, "background upsd");

      for (const extra of [[], ["-F"]]) {
        const again = await upsd(t, ["-u", "root", ...extra]);
        assertEquals(again.code, 1);
        assertStringIncludes(
          again.stderr,
          "Fatal error: A previous upsd instance is already running!\n",
        );
      }
      assert(alive(pid), "the first instance is untouched");
      assert(await answers(port));

      const stop = await upsd(t, ["-c", "stop"]);
      assertEquals(stop.code, 0, stop.stderr);
      await waitFor(() => !alive(pid!), 10_000, 25, "upsd to exit");
      await waitFor(() => !exists(pidFile), 5000, 25, "PID file removal");
      // -c with nothing running says so
      const none = await upsd(t, ["-c", "reload"]);
      assertEquals(none.code, 1);
      assertStringIncludes(none.stderr, `Can't open PID file ${pidFile}`);
    } finally {
      if (pid !== undefined && alive(pid)) {
        Deno.kill(pid, "SIGKILL");
        await waitFor(() => !alive(pid!), 5000);
      }
      t.remove();
    }
  },
});

Deno.test({
  name: "upsd -c reload and SIGHUP: new sections, broken upsd.users kept out",
  sanitizeOps: true,
  sanitizeResources: true,
  async fn() {
    const port = freePort();
    const t = tree(`LISTEN 127.0.0.1 ${port}\n`);
    const pidFile = `${t.dir}/upsd.pid`;
    // -FF: foreground (so the log is ours to read) and still a PID file
    const p = spawnUpsd(t, ["-FF", "-u", "root"]);
    try {
      await waitFor(() => answers(port), 20_000, 25, "upsd");
      await waitFor(() => readPid(pidFile) !== undefined, 5000);
      const pid = readPid(pidFile)!;
      assertEquals(await upscList(port), ["ups1"]);
      assertEquals(await primary(port, "monp", "pw1"), "OK PRIMARY-GRANTED");

      // 1. -c reload picks up a new section
      t.write(
        "ups.conf",
        "[ups1]\n driver = dummy-ups\n port = a.dev\n" +
          '[ups2]\n driver = dummy-ups\n port = b.dev\n desc = "Second"\n',
      );
      const r1 = await upsd(t, ["-c", "reload"]);
      assertEquals(r1.code, 0, r1.stderr);
      await waitFor(
        async () => (await upscList(port)).length === 2,
        10_000,
        50,
        "ups2 after reload",
      );
      assertEquals(await upscList(port), ["ups1", "ups2"]);

      // 2. a broken upsd.users (and another new section): old config kept
      t.write("upsd.users", "[monp]\n  password = pw9\n  upsmon boss\n");
      t.write(
        "ups.conf",
        "[ups1]\n driver = dummy-ups\n port = a.dev\n" +
          "[ups2]\n driver = dummy-ups\n port = b.dev\n" +
          "[ups3]\n driver = dummy-ups\n port = c.dev\n",
      );
      const before = p.output().length;
      const r2 = await upsd(t, ["-c", "reload"]);
      assertEquals(r2.code, 0, r2.stderr);
      await waitFor(
        () => p.output().slice(before).includes("Reload failed"),
        10_000,
        25,
        "reload failure log",
      );
      const log2 = p.output().slice(before);
      assertStringIncludes(log2, "upsd.users:3: Invalid upsmon type boss");
      assertStringIncludes(
        log2,
        "Reload failed: configuration has errors; keeping the old configuration",
      );
      assertEquals(await primary(port, "monp", "pw1"), "OK PRIMARY-GRANTED");
      assertEquals(await upscList(port), ["ups1", "ups2"]);

      // 3. a missing upsd.users: NUT keeps the old users (check_file)
      Deno.removeSync(`${t.dir}/upsd.users`);
      const before3 = p.output().length;
      Deno.kill(pid, "SIGHUP");
      await waitFor(
        () => p.output().slice(before3).includes("keeping the old users"),
        10_000,
        25,
        "missing upsd.users log",
      );
      assertStringIncludes(
        p.output().slice(before3),
        `Reload failed: Can't open ${t.dir}/upsd.users: No such file or directory; keeping the old users`,
      );
      assertEquals(await primary(port, "monp", "pw1"), "OK PRIMARY-GRANTED");
      // the rest of that reload was applied (ups.conf is fine)
      assertEquals(await upscList(port), ["ups1", "ups2", "ups3"]);

      // 4. SIGHUP with good files: new password, one section gone
      t.write("upsd.users", "[monp]\n  password = pw9\n  upsmon primary\n");
      t.write("ups.conf", "[ups1]\n driver = dummy-ups\n port = a.dev\n");
      Deno.kill(pid, "SIGHUP");
      await waitFor(
        async () => (await upscList(port)).length === 1,
        10_000,
        50,
        "sections removed after SIGHUP",
      );
      assertEquals(await primary(port, "monp", "pw9"), "OK PRIMARY-GRANTED");
      assertEquals(await primary(port, "monp", "pw1"), "ERR ACCESS-DENIED");
      assertStringIncludes(p.output(), "Signal 1: reloading");

      // 5. -c stop: exits 0 and removes the PID file
      const stop = await upsd(t, ["-c", "stop"]);
      assertEquals(stop.code, 0, stop.stderr);
      assertEquals((await p.child.status).code, 0);
      assert(!exists(pidFile), "PID file removed");
    } finally {
      await p.kill();
      t.remove();
    }
  },
});

Deno.test({
  name: "upsd -i / -p are fatal with NUT's message",
  sanitizeOps: true,
  sanitizeResources: true,
  async fn() {
    const t = tree("");
    try {
      for (const args of [["-i", "127.0.0.1"], ["-p", "3493"], ["-p3493"]]) {
        const r = await upsd(t, args);
        assertEquals(r.code, 1);
        assertEquals(r.stdout, "Network UPS Tools upsd 2.8.0\n");
        assertEquals(
          r.stderr,
          "Specifying a listening addresses with '-i <address>' and '-p <port>'\n" +
            "is deprecated. Use 'LISTEN <address> [<port>]' in 'upsd.conf' instead.\n" +
            "See 'man 8 upsd.conf' for more information.\n",
        );
      }
    } finally {
      t.remove();
    }
  },
});

function haveIpv6Loopback(): boolean {
  try {
    Deno.listen({ hostname: "::1", port: 0 }).close();
    return true;
  } catch {
    return false;
  }
}

Deno.test({
  name: "upsd LISTEN ::1 serves IPv6 clients",
  ignore: !haveIpv6Loopback(),
  sanitizeOps: true,
  sanitizeResources: true,
  async fn() {
    const port = freePort();
    const t = tree(`LISTEN ::1 ${port}\n`);
    const p = spawnUpsd(t, ["-F", "-u", "root"]);
    try {
      await waitFor(() => answers(port, "::1"), 20_000, 25, "upsd on ::1");
      assertStringIncludes(p.output(), `listening on ::1 port ${port}`);
      const c = await LineClient.connect(port, "::1");
      try {
        assertEquals(await c.ask("USERNAME monp"), "OK");
        assertEquals(await c.ask("PASSWORD pw1"), "OK");
        assertEquals(await c.ask("LOGIN ups1"), "OK");
        assertEquals(await c.list("LIST CLIENT ups1"), [
          "BEGIN LIST CLIENT ups1",
          "CLIENT ups1 ::1",
          "END LIST CLIENT ups1",
        ]);
      } finally {
        c.close();
      }
      const r = await runOurs("upsc", ["-l", `[::1]:${port}`], {
        env: { NUT_CLIENT_TLS: "off" },
      });
      assertEquals(r.stdout, "ups1\n", r.stderr);
      // nothing on IPv4
      await Deno.connect({ hostname: "127.0.0.1", port }).then(
        (c) => {
          c.close();
          throw new Error("upsd answered on 127.0.0.1");
        },
        () => {},
      );
    } finally {
      await p.kill();
      t.remove();
    }
  },
});

/** Listening sockets on `port` from /proc/net/tcp{,6}: local address hex. */
function listenersOn(port: number): string[] {
  const out: string[] = [];
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  for (const f of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = Deno.readTextFileSync(f);
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === "0A" && cols[1]?.endsWith(`:${hexPort}`)) {
        out.push(cols[1].slice(0, -5));
      }
    }
  }
  return out;
}

Deno.test({
  name: "upsd without LISTEN listens on loopback only (port 3493)",
  sanitizeOps: true,
  sanitizeResources: true,
  async fn(ctx) {
    if (listenersOn(3493).length) {
      if (Deno.env.get("CI")) throw new Error("port 3493 is busy");
      console.log("skipped: something already listens on port 3493");
      return;
    }
    const t = tree("");
    const p = spawnUpsd(t, ["-F", "-u", "root"]);
    try {
      await waitFor(() => answers(3493), 20_000, 25, "upsd on 3493");
      const v6 = haveIpv6Loopback();
      if (v6) assert(await answers(3493, "::1"), "answers on ::1");
      const addrs = listenersOn(3493).sort();
      // 127.0.0.1 and ::1 only, never 0.0.0.0 / ::
      const expected = ["0100007F"];
      if (v6) expected.push("00000000000000000000000001000000");
      assertEquals(addrs, expected.sort());
      const out = p.output();
      assertStringIncludes(out, "listening on 127.0.0.1 port 3493");
      if (v6) assertStringIncludes(out, "listening on ::1 port 3493");
      // a non-loopback address of this machine is refused
      const other = Deno.networkInterfaces().find((i) =>
        i.family === "IPv4" && !i.address.startsWith("127.")
      );
      if (other) {
        await ctx.step(`refused on ${other.address}`, async () => {
          await Deno.connect({ hostname: other.address, port: 3493 }).then(
            (c) => {
              c.close();
              throw new Error(`upsd answered on ${other.address}`);
            },
            () => {},
          );
        });
      }
    } finally {
      await p.kill();
      t.remove();
    }
  },
});
