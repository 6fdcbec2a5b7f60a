/**
 * nutconf end to end: a configuration built by nutconf alone passes
 * `nutconf --check` and runs NUT 2.8.0's dummy-ups and upsd (the user it
 * wrote can log in); a broken one is reported line by line with exit 1.
 * nut-scanner's `--write-config` setup passes `--check` and starts as is
 * with NUT's dummy-ups, upsd and upsmon (which logs in), then with our
 * upsd; `--json` lists what the scan found.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { haveNut } from "../net.ts";
import { fakeIo } from "../fake_io.ts";
import {
  DUMMY_DEV,
  freePort,
  LineClient,
  makeTree,
  type Proc,
  spawn,
  startDummy,
  startNutUpsd,
  startOurUpsd,
  waitFor,
} from "../fixtures/upsd/harness.ts";
import { main as nutconf } from "../../cli/nutconf.ts";
import { main as scanner } from "../../cli/nut_scanner.ts";
import { verifyPasswordSync } from "../../src/config/password_hash.ts";
import { parseUpsmonConf } from "../../src/config/upsmon_conf.ts";

async function upsc(target: string, env: Record<string, string>) {
  const out = await new Deno.Command("upsc", {
    args: [target, "ups.status"],
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return new TextDecoder().decode(out.stdout);
}

Deno.test({
  name:
    "nutconf: a setup built with nutconf passes --check and runs NUT's upsd",
  ignore: !haveNut(),
  async fn() {
    const port = freePort();
    const tree = makeTree({ "dummy.dev": DUMMY_DEV });
    const procs: Proc[] = [];
    try {
      const run = async (...args: string[]) => {
        const io = fakeIo();
        const code = await nutconf(["--local", tree.dir, ...args], io);
        return { code, out: io.stdout, err: io.stderr };
      };
      assertEquals((await run("--is-configured")).out, "false\n");
      assertEquals((await run("--get-mode")).out, "unknown\n");
      for (
        const args of [
          ["--set-mode", "standalone"],
          ["--add-device", "dummy", "dummy-ups", "dummy.dev", "desc=Rack UPS"],
          ["--set-listen", "127.0.0.1", String(port)],
          [
            "--add-user",
            "admin",
            "password=s3cret",
            "actions=SET",
            "instcmds=ALL",
          ],
          ["--add-user", "upsmon=primary", "password=m0n"],
          [
            "--set-monitor",
            "dummy",
            `127.0.0.1:${port}`,
            "1",
            "upsmon",
            "m0n",
            "primary",
          ],
          [
            "--set-shutdowncmd",
            "/bin/true",
            "--set-notifyflags",
            "ONBATT",
            "SYSLOG+WALL",
          ],
        ]
      ) {
        const r = await run(...args);
        assertEquals(r.code, 0, `${args}: ${r.err}`);
      }
      assertEquals(await run("--is-configured"), {
        code: 0,
        out: "true\n",
        err: "",
      });
      assertEquals((await run("--get-mode")).out, "standalone\n");
      const check = await run("--check");
      assertEquals([check.code, check.out], [0, ""], check.err);

      procs.push(await startDummy(tree, "dummy"));
      procs.push(await startNutUpsd(tree, port));
      await waitFor(async () =>
        await upsc(`dummy@127.0.0.1:${port}`, tree.env) === "OL\n"
      );
      // --scan-nut finds it (2.8.0 drops a non-default port from the result)
      assertEquals(
        await run("--scan-nut", "127.0.0.1", "127.0.0.1", String(port)),
        { code: 0, out: "NUT nutclient dummy@127.0.0.1\n", err: "" },
      );
      const c = await LineClient.connect(port);
      try {
        assertEquals(await c.ask("USERNAME upsmon"), "OK");
        assertEquals(await c.ask("PASSWORD m0n"), "OK");
        assertEquals(await c.ask("LOGIN dummy"), "OK");
        assertEquals(
          await c.ask("GET UPSDESC dummy"),
          'UPSDESC dummy "Rack UPS"',
        );
      } finally {
        c.close();
      }
    } finally {
      for (const p of procs.reverse()) await p.kill();
      tree.remove();
    }
  },
});

Deno.test({
  name: "nutconf --check: a broken setup, one line per problem, exit 1",
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      const empty = fakeIo();
      assertEquals(await nutconf(["--check", "--local", dir], empty), 1);
      assertStringIncludes(empty.stderr, "no NUT configuration file");
      assertEquals(
        await nutconf(["--check", "--local", `${dir}/nope`], fakeIo()),
        1,
      );
      await Deno.writeTextFile(
        `${dir}/ups.conf`,
        "[a]\n driver = nosuch\n port = x\n",
        { mode: 0o600 },
      );
      await Deno.writeTextFile(
        `${dir}/upsd.users`,
        "[m]\n password = p\n upsmon primary\n",
        { mode: 0o644 },
      );
      await Deno.chmod(`${dir}/upsd.users`, 0o644);
      await Deno.writeTextFile(
        `${dir}/upsmon.conf`,
        'SHUTDOWNCMD "/bin/true\nMONITOR b@localhost 1 m p primary\n',
        { mode: 0o600 },
      );
      const io = fakeIo();
      assertEquals(await nutconf(["--check", "--local", dir], io), 1);
      assertEquals(io.stdout.split("\n").filter(Boolean), [
        "ups.conf:2: unknown driver nosuch",
        "upsmon.conf:1: Parse error: Unbalanced word due to unterminated quote",
        "upsmon.conf:1: warning: no SHUTDOWNCMD: upsmon cannot shut this system down",
        "upsmon.conf:2: MONITOR b@localhost: no [b] in ups.conf",
        "upsd.users:1: warning: readable by every user (mode 644): it holds passwords; chmod 640",
      ]);
      assertStringIncludes(io.stderr, "3 error(s), 2 warning(s)");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "nut-scanner --write-config: the setup passes --check and starts as is; --json",
  ignore: !haveNut(),
  async fn() {
    const port = freePort();
    const tree = makeTree({ "rack.dev": DUMMY_DEV });
    const procs: Proc[] = [];
    try {
      const env = { NUT_CONFPATH: tree.dir };
      const json = fakeIo(env);
      assertEquals(await scanner(["-n", "-q", "--json"], json), 0);
      assertEquals(JSON.parse(json.stdout), [
        {
          type: "NUT_SIMULATION",
          driver: "dummy-ups",
          port: "rack.dev",
          options: {},
        },
      ]);
      const io = fakeIo(env);
      const args = [
        "-n",
        "-q",
        "--write-config",
        tree.dir,
        "--listen-port",
        String(port),
      ];
      assertEquals(await scanner(args, io), 0, io.stderr);
      // Never overwrites: the second run refuses.
      assertEquals(await scanner(args, fakeIo(env)), 1);
      assertEquals(
        (await Deno.stat(`${tree.dir}/upsd.users`)).mode! & 0o077,
        0,
      );
      const users = await Deno.readTextFile(`${tree.dir}/upsd.users`);
      assert(/password = "[A-Za-z0-9_-]{24}"/.test(users), users);

      const check = fakeIo();
      assertEquals(
        await nutconf(["--check", "--local", tree.dir], check),
        0,
        check.stdout,
      );
      assertEquals(check.stdout, "");

      procs.push(await startDummy(tree, "nutdev1"));
      const nutUpsd = await startNutUpsd(tree, port);
      // -p: one process; 2.8.0's upsmon keeps its PID file in /run/nut.
      const upsmon = spawn(
        "/lib/nut/upsmon",
        ["-p", "-F", "-u", "root"],
        tree.env,
      );
      procs.push(upsmon);
      const c = await LineClient.connect(port);
      try {
        const busy = () => upsmon.output().includes("already running");
        await waitFor(
          async () =>
            busy() ||
            (await c.ask("GET NUMLOGINS nutdev1")) === "NUMLOGINS nutdev1 1",
          15_000,
          100,
          `upsmon login (${upsmon.output()})`,
        );
        assert(!upsmon.output().includes("denied"), upsmon.output());
      } finally {
        c.close();
      }
      await nutUpsd.kill();
      procs.push(await startOurUpsd(tree, port));
      await waitFor(async () =>
        await upsc(`nutdev1@127.0.0.1:${port}`, tree.env) === "OL\n"
      );
    } finally {
      for (const p of procs.reverse()) await p.kill();
      tree.remove();
    }
  },
});

Deno.test({
  name: "nutconf --hash-password: a hash upsd.users accepts for that password",
  async fn() {
    const given = fakeIo();
    assertEquals(await nutconf(["--hash-password", "s3cret"], given), 0);
    const hash = given.stdout.trim();
    assert(verifyPasswordSync("s3cret", hash), hash);
    assert(!verifyPasswordSync("other", hash));
    const asked = fakeIo({}, ["typed"]);
    assertEquals(await nutconf(["--hash-password"], asked), 0);
    assertStringIncludes(asked.stderr, "Password: ");
    assert(verifyPasswordSync("typed", asked.stdout.trim()));
    assertEquals(await nutconf(["--hash-password"], fakeIo()), 1);
  },
});

Deno.test({
  name:
    "nutconf: every editing option on commented files, read back by the parsers",
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "nutconf-edit-" });
    try {
      const mon = "# upsmon.conf\nMONITOR a@h1 1 u p primary # first\n\n" +
        '# messages\nNOTIFYMSG ONBATT "old"\nNOTIFYFLAG ONBATT SYSLOG\n';
      await Deno.writeTextFile(`${dir}/upsmon.conf`, mon, { mode: 0o600 });
      await Deno.writeTextFile(
        `${dir}/upsd.conf`,
        "# upsd\nLISTEN 127.0.0.1\n",
      );
      // NUT_CONFPATH is the default directory; --local wins over it
      const env = { NUT_CONFPATH: dir };
      const run = (...args: string[]) => nutconf(args, fakeIo(env));
      assertEquals(
        await run(
          "--add-monitor",
          "b",
          "h2:3494",
          "2",
          "u2",
          "p w",
          "secondary",
          "--add-listen",
          "::1",
          "3494",
          "--set-notifymsg",
          "ONBATT",
          "On battery: %s",
          "--add-notifyflags",
          "ONBATT",
          "EXEC",
          "--set-notifycmd",
          "/usr/sbin/upssched",
          "--set-minsupplies",
          "2",
          "--set-powerdownflag",
          "/etc/killpower",
        ),
        0,
      );
      assertEquals(
        await Deno.readTextFile(`${dir}/upsmon.conf`),
        "# upsmon.conf\nMONITOR a@h1 1 u p primary # first\n" +
          'MONITOR b@h2:3494 2 u2 "p w" secondary\n\n' +
          '# messages\nNOTIFYMSG ONBATT "On battery: %s"\n' +
          "NOTIFYFLAG ONBATT SYSLOG+EXEC\nNOTIFYCMD /usr/sbin/upssched\n" +
          "POWERDOWNFLAG /etc/killpower\nMINSUPPLIES 2\n",
      );
      assertEquals(
        await Deno.readTextFile(`${dir}/upsd.conf`),
        "# upsd\nLISTEN 127.0.0.1\nLISTEN ::1 3494\n",
      );
      const parsed = parseUpsmonConf(
        await Deno.readTextFile(`${dir}/upsmon.conf`),
      );
      assertEquals(parsed.warnings.map((w) => w.message), []);
      assertEquals(
        parsed.monitors.map((m) => [m.system, m.password, m.primary]),
        [
          ["a@h1", "p", true],
          ["b@h2:3494", "p w", false],
        ],
      );
      assertEquals(parsed.notify.get("ONBATT")!.message, "On battery: %s");
      // --set-monitor replaces them all; a mode change keeps the rest of nut.conf
      await Deno.writeTextFile(`${dir}/nut.conf`, "# keep me\nMODE=none\n");
      const other = await Deno.makeTempDir({ prefix: "nutconf-other-" });
      try {
        await Deno.writeTextFile(`${other}/nut.conf`, "MODE=none\n");
        assertEquals(await run("--local", other, "--set-mode", "netclient"), 0);
        assertEquals(
          await Deno.readTextFile(`${other}/nut.conf`),
          "MODE=netclient\n",
        );
      } finally {
        await Deno.remove(other, { recursive: true });
      }
      assertEquals(
        await Deno.readTextFile(`${dir}/nut.conf`),
        "# keep me\nMODE=none\n",
      );
      assertEquals(
        await run("--set-monitor", "c", "localhost", "1", "u", "p", "master"),
        0,
      );
      const after = await Deno.readTextFile(`${dir}/upsmon.conf`);
      assertEquals(after.split("\n").filter((l) => l.startsWith("MONITOR")), [
        "MONITOR c@localhost 1 u p primary",
      ]);
      assertStringIncludes(after, "# messages\n");
      // bad arguments change nothing and exit 1
      assertEquals(
        await run("--set-monitor", "x", "h", "one", "u", "p", "primary"),
        1,
      );
      assertEquals(await Deno.readTextFile(`${dir}/upsmon.conf`), after);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
