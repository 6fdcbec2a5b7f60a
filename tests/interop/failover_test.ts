/**
 * failover (NUT 2.8.3+, not in Debian's 2.8.0) over two of NUT 2.8.0's own
 * dummy-ups drivers, served at once by NUT's upsd and ours: the primary is
 * the first socket while both are OL, the other while it is on battery,
 * back in port order, a forced primary wins, a driver that goes away or
 * silent is replaced, and with none left the data goes stale (fsdmode 0),
 * then fresh when one answers again. Both upsd list the same data.
 */
import { assert, assertEquals } from "../assert.ts";
import { freePort, haveNut, waitFor } from "../net.ts";
import { runTool } from "../sim/tripplite_ser.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const opts = { sanitizeOps: false, sanitizeResources: false };

const dev = (mfr: string, status: string, runtime: number) =>
  `ups.mfr: ${mfr}\nups.model: Twin\nups.status: ${status}\nbattery.runtime: ${runtime}\n` +
  "ups.delay.shutdown: 20\n";

Deno.test({
  name:
    "failover over NUT's dummy-ups: election, switching, force.primary, gone, silent, stale",
  ignore: !haveNut(),
  ...opts,
  async fn() {
    const state = Deno.makeTempDirSync({ prefix: "fo-st-" });
    const confN = Deno.makeTempDirSync({ prefix: "fo-cn-" });
    const confO = Deno.makeTempDirSync({ prefix: "fo-co-" });
    const portN = freePort();
    let portO = freePort();
    while (portO === portN) portO = freePort();
    const ups = "[a]\n driver = dummy-ups\n port = a.dev\n pollinterval = 1\n" +
      "[b]\n driver = dummy-ups\n port = b.dev\n pollinterval = 1\n" +
      "[fo]\n driver = failover\n port = dummy-ups-a,dummy-ups-b\n" +
      " pollinterval = 1\n inittime = 10\n deadtime = 3\n noprimarytime = 2\n";
    for (const [d, p] of [[confN, portN], [confO, portO]] as const) {
      Deno.writeTextFileSync(`${d}/ups.conf`, ups);
      Deno.writeTextFileSync(`${d}/upsd.conf`, `LISTEN 127.0.0.1 ${p}\n`);
      Deno.writeTextFileSync(
        `${d}/upsd.users`,
        "[admin]\n password = pw\n actions = SET\n instcmds = ALL\n",
      );
    }
    const setDev = (name: string, text: string) => {
      Deno.writeTextFileSync(`${confN}/${name}.dev.tmp`, text);
      Deno.renameSync(`${confN}/${name}.dev.tmp`, `${confN}/${name}.dev`);
    };
    setDev("a", dev("A-Corp", "OL", 600));
    setDev("b", dev("B-Corp", "OL", 900));
    const procs = new Map<string, Deno.ChildProcess>();
    const spawn = (key: string, argv: string[], conf: string) => {
      procs.set(
        key,
        new Deno.Command(argv[0]!, {
          args: [...argv.slice(1), "-u", "root", "-F"],
          env: {
            NUT_CONFPATH: conf,
            NUT_STATEPATH: state,
            NUT_ALTPIDPATH: conf,
          },
          stdout: "null",
          stderr: "null",
        }).spawn(),
      );
    };
    const env = { NUT_CONFPATH: confN };
    const upsc = async (port: number) => {
      const r = await runTool("/usr/bin/upsc", [`fo@127.0.0.1:${port}`], env);
      return r.out + r.err;
    };
    /** Both upsd show `want`; their listings (but driver.stats) agree. */
    const both = async (want: string[], what: string) => {
      let got: string[] = [];
      await waitFor(
        async () => {
          got = [await upsc(portN), await upsc(portO)];
          return got.every((t) => want.every((w) => t.includes(w)));
        },
        20_000,
        100,
        what,
      ).catch((e) => {
        throw new Error(`${e.message}:\n${got.join("\n--\n")}`);
      });
      const strip = (t: string) =>
        t.split("\n").filter((l) => !l.startsWith("driver.stats.")).join("\n");
      assertEquals(strip(got[1]!), strip(got[0]!), what);
      return got[0]!;
    };
    try {
      spawn("a", ["/lib/nut/dummy-ups", "-a", "a"], confN);
      spawn("b", ["/lib/nut/dummy-ups", "-a", "b"], confN);
      spawn("fo", [
        Deno.execPath(),
        "run",
        "-A",
        `${ROOT}drivers/failover.ts`,
        "-a",
        "fo",
      ], confN);
      spawn("upsdN", ["/lib/nut/upsd"], confN);
      spawn(
        "upsdO",
        [Deno.execPath(), "run", "-A", `${ROOT}cli/upsd.ts`],
        confO,
      );

      // 1. both OL: the first socket, its data as failover's own
      const t1 = await both(
        ["ups.mfr: A-Corp", "driver.primary.socketname: dummy-ups-a"],
        "a primary",
      );
      assert(t1.includes("driver.primary.priority: 2\n"), t1);
      assert(t1.includes("upstream.driver.name: dummy-ups\n"), t1);
      assert(t1.includes("driver.name: failover\n"), t1);
      assert(t1.includes("driver.stats.total_drivers: 2\n"), t1);
      const cmds = await runTool("/usr/bin/upscmd", [
        "-l",
        `fo@127.0.0.1:${portN}`,
      ], env);
      assert(cmds.out.includes("dummy-ups-b.force.primary"), cmds.out);

      // 2. a on battery: b (OL, priority 2) wins over a (priority 3)
      setDev("a", dev("A-Corp", "OB DISCHRG", 600));
      await both(["ups.mfr: B-Corp", "ups.status: OL"], "b while a is OB");
      // 3. a OL again: port order gives it back to a
      setDev("a", dev("A-Corp", "OL", 600));
      await both(["ups.mfr: A-Corp", "ups.status: OL"], "a back");

      // 4. force.primary on b through NUT's upsd, then released
      const force = (arg: string) =>
        runTool("/usr/bin/upscmd", [
          "-u",
          "admin",
          "-p",
          "pw",
          "-w",
          `fo@127.0.0.1:${portN}`,
          "dummy-ups-b.force.primary",
          arg,
        ], env);
      assertEquals((await force("-1")).code, 0);
      await both(["ups.mfr: B-Corp", "driver.primary.priority: 0"], "forced b");
      assertEquals((await force("0")).code, 0);
      await both(["ups.mfr: A-Corp", "driver.primary.priority: 2"], "released");

      // 5. a goes away: b at once, without stale data
      procs.get("a")!.kill("SIGTERM");
      await procs.get("a")!.status;
      const t5 = await both(["ups.mfr: B-Corp"], "a gone");
      assert(!t5.includes("Data stale"));
      assert(t5.includes("driver.stats.alive_drivers: 1\n"), t5);

      // 5b. SET and INSTCMD go to the primary (b): the same answers as b's own
      const auth = ["-u", "admin", "-p", "pw", "-w"];
      const rw = await runTool("/usr/bin/upsrw", [
        "-s",
        "ups.delay.shutdown=45",
        ...auth,
        `fo@127.0.0.1:${portN}`,
      ], env);
      assertEquals(rw.code, 0, rw.err);
      await both(["ups.delay.shutdown: 45"], "SET through failover");
      const direct = await runTool("/usr/bin/upsc", [
        `b@127.0.0.1:${portN}`,
        "ups.delay.shutdown",
      ], env);
      assertEquals(direct.out.trim(), "45");
      const viaFo = await runTool("/usr/bin/upscmd", [
        ...auth,
        `fo@127.0.0.1:${portN}`,
        "upstream.load.off",
      ], env);
      const toB = await runTool("/usr/bin/upscmd", [
        ...auth,
        `b@127.0.0.1:${portN}`,
        "load.off",
      ], env);
      // dummy-ups 2.8.0 lists load.off but answers it unknown
      assert(/not supported|unknown/i.test(toB.err + toB.out), toB.err);
      assertEquals([viaFo.code, viaFo.out + viaFo.err], [
        toB.code,
        toB.out + toB.err,
      ]);

      // 6. b goes silent: declared dead after deadtime, no primary, stale
      procs.get("b")!.kill("SIGSTOP");
      try {
        await waitFor(
          async () =>
            (await upsc(portN)).includes("Data stale") &&
            (await upsc(portO)).includes("Data stale"),
          20_000,
          100,
          "stale without primaries",
        );
      } finally {
        procs.get("b")!.kill("SIGCONT");
      }
      // 7. b answers again: reconnected, fresh, primary
      await both(
        ["ups.mfr: B-Corp", "driver.primary.socketname: dummy-ups-b"],
        "b back",
      );
    } finally {
      for (const p of [...procs.values()].reverse()) {
        try {
          p.kill("SIGCONT");
          p.kill("SIGTERM");
        } catch { /* gone */ }
        await p.status;
      }
      for (const d of [state, confN, confO]) {
        Deno.removeSync(d, { recursive: true });
      }
    }
  },
});
