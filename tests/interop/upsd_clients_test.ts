/**
 * NUT 2.8.0's own clients against our upsd, fed by NUT's dummy-ups:
 * upsc, upsrw, upscmd, upsmon and PyNUT.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { haveNut } from "../net.ts";
import {
  CMDVARTAB,
  DUMMY_DEV,
  freePort,
  LineClient,
  makeTree,
  type Proc,
  spawn,
  startDummy,
  startOurUpsd,
  upsConf,
  UPSD_USERS,
  waitFor,
} from "../fixtures/upsd/harness.ts";

async function run(cmd: string, args: string[], env: Record<string, string>) {
  const out = await new Deno.Command(cmd, { args, env, stdin: "null" })
    .output();
  const dec = new TextDecoder();
  return {
    code: out.code,
    stdout: dec.decode(out.stdout),
    stderr: dec.decode(out.stderr),
  };
}

Deno.test({
  name: "NUT clients work against our upsd",
  ignore: !haveNut(),
  sanitizeOps: true,
  sanitizeResources: true,
  async fn() {
    const port = freePort();
    const tree = makeTree({
      "ups.conf": upsConf(["dummy"], { dummy: "Test UPS" }),
      "upsd.conf": `LISTEN 127.0.0.1 ${port}\n`,
      "upsd.users": UPSD_USERS,
      "dummy.dev": DUMMY_DEV,
      "cmdvartab": Deno.readTextFileSync(CMDVARTAB),
    });
    const procs: Proc[] = [];
    const env = tree.env;
    const at = `dummy@127.0.0.1:${port}`;
    try {
      procs.push(await startDummy(tree, "dummy"));
      procs.push(await startOurUpsd(tree, port));
      await waitFor(async () =>
        (await run("upsc", [at, "ups.status"], env)).stdout === "OL\n"
      );

      const all = await run("upsc", [at], env);
      assertEquals(all.code, 0);
      assertStringIncludes(all.stdout, "battery.charge: 100\n");
      assertStringIncludes(all.stdout, "ups.mfr: Dummy Manufacturer\n");
      assertEquals(
        (await run("upsc", ["-l", `127.0.0.1:${port}`], env)).stdout,
        "dummy\n",
      );
      assertEquals(
        (await run("upsc", ["-L", `127.0.0.1:${port}`], env)).stdout,
        "dummy: Test UPS\n",
      );
      const missing = await run("upsc", [`nope@127.0.0.1:${port}`], env);
      assertEquals(missing.code, 1);
      assertStringIncludes(missing.stderr, "Error: Unknown UPS");

      // upsrw: list and set with wait (tracking)
      const rw = await run("upsrw", [at], env);
      assertStringIncludes(rw.stdout, "[ups.id]\nUPS system identifier\n");
      const set = await run("upsrw", [
        "-s",
        "ups.id=newid",
        "-u",
        "admin",
        "-p",
        "secret",
        "-w",
        at,
      ], env);
      assertEquals(set.code, 0, set.stderr);
      assertStringIncludes(set.stderr, "SUCCESS");
      await waitFor(async () =>
        (await run("upsc", [at, "ups.id"], env)).stdout === "newid\n"
      );
      const denied = await run("upsrw", [
        "-s",
        "ups.id=x",
        "-u",
        "admin",
        "-p",
        "wrong",
        at,
      ], env);
      assertStringIncludes(denied.stderr, "ERR ACCESS-DENIED");

      // upscmd
      const cmds = await run("upscmd", ["-l", at], env);
      assertStringIncludes(
        cmds.stdout,
        "load.off - Turn off the load immediately",
      );
      const cmd = await run("upscmd", [
        "-u",
        "admin",
        "-p",
        "secret",
        at,
        "load.off",
      ], env);
      assertEquals(cmd.code, 0, cmd.stderr);
      assertStringIncludes(cmd.stderr, "OK");
      const nocmd = await run("upscmd", [
        "-u",
        "admin",
        "-p",
        "secret",
        at,
        "no.such",
      ], env);
      assertStringIncludes(nocmd.stderr, "ERR CMD-NOT-SUPPORTED");

      // PyNUT
      const py = await run("/usr/bin/python3", [
        "-c",
        `import PyNUT
c = PyNUT.PyNUTClient(host="127.0.0.1", port=${port}, login="admin", password="secret")
print(sorted(c.GetUPSList().keys()))
print(c.GetUPSVars("dummy")[b"ups.status"])
print(c.GetRWVars("dummy")[b"ups.id"])
print(b"load.off" in c.GetUPSCommands("dummy"))
c.SetRWVar("dummy", "ups.id", "pyid")
print(c.RunUPSCommand("dummy", "load.off"))
print(c.GetUPSNames() if hasattr(c, "GetUPSNames") else "")
`,
      ], env);
      assertEquals(py.code, 0, py.stderr);
      const pyLines = py.stdout.split("\n");
      assertEquals(pyLines[0], "[b'dummy']");
      assertEquals(pyLines[1], "b'OL'");
      assertEquals(pyLines[3], "True");
      assertEquals(pyLines[4], "OK");

      // upsmon as primary logs in (LIST CLIENT / NUMLOGINS)
      tree.write(
        "upsmon.conf",
        `MONITOR ${at} 1 monp pw1 primary
MINSUPPLIES 1
SHUTDOWNCMD "/bin/true"
POLLFREQ 2
POWERDOWNFLAG ${tree.dir}/killpower
`,
      );
      Deno.chmodSync(`${tree.dir}/upsmon.conf`, 0o600);
      // -p: one process, so killing it leaves no forked child holding our pipes
      const upsmon = spawn("/lib/nut/upsmon", ["-p", "-F", "-u", "root"], env);
      procs.push(upsmon);
      const c = await LineClient.connect(port);
      try {
        // logged in, or refused at once: 2.8.0's upsmon keeps its PID file
        // in /run/nut whatever the env says, so another upsmon on this
        // machine blocks it (never the case in CI)
        const busy = () => upsmon.output().includes("already running");
        await waitFor(
          async () =>
            busy() ||
            (await c.ask("GET NUMLOGINS dummy")) === "NUMLOGINS dummy 1",
          15_000,
          100,
          `upsmon login (${upsmon.output()})`,
        );
        if (busy() && !Deno.env.get("CI")) {
          console.log("upsmon part skipped: another upsmon holds /run/nut");
          return;
        }
        const clients = await c.list("LIST CLIENT dummy");
        assertEquals(clients, [
          "BEGIN LIST CLIENT dummy",
          "CLIENT dummy 127.0.0.1",
          "END LIST CLIENT dummy",
        ]);
      } finally {
        c.close();
      }
      assert(!upsmon.output().includes("Access denied"), upsmon.output());
    } finally {
      for (const p of procs.reverse()) await p.kill();
      tree.remove();
    }
  },
});
