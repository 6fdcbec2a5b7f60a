/**
 * netxml-ups side by side with NUT 2.8.0's on the same simulated NMC
 * (tests/sim/netxml.ts): the same -L, the same `-d 1` dump and the same
 * page requests for three devices (product page found at each of its three
 * places), the same SET_OBJECT form for upsrw's SET and for -k (the SET's
 * tracked result differs on purpose: ours reports what the card answered,
 * NUT's always "failed"), the same start-up failures, and both going stale on garbage, truncated XML, HTTP
 * 500 and silence, then fresh again.
 */
import { assert, assertEquals } from "../assert.ts";
import { freePort, haveNut, waitFor } from "../net.ts";
import {
  type NetxmlDevice,
  NetxmlSim,
  onBattery,
  pulsar,
  threePhase,
} from "../sim/netxml.ts";
import {
  ourDriverArgv,
  parseDump,
  runNutDriver,
  runOurDriver,
} from "../sim/harness.ts";
import { runTool, withNutUpsd } from "../sim/tripplite_ser.ts";
import { LineClient } from "../fixtures/upsd/harness.ts";

const nut = haveNut();
const opts = { sanitizeOps: false, sanitizeResources: false };
const OURS = ourDriverArgv("netxml_ups");
const conf = (url: string, extra = "") =>
  `[sim]\n driver = netxml-ups\n port = ${url}\n${extra}`;
const dec = new TextDecoder();

/** A SET with TRACKING ON through upsd at `target`: the final answer. */
async function trackedSet(target: string, name: string, value: string) {
  const c = await LineClient.connect(Number(target.split(":").at(-1)));
  try {
    for (const l of ["USERNAME admin", "PASSWORD pw", "SET TRACKING ON"]) {
      assertEquals(await c.ask(l), "OK", l);
    }
    const r = await c.ask(`SET VAR sim ${name} "${value}"`);
    assert(r?.startsWith("OK TRACKING "), r);
    const id = r!.slice("OK TRACKING ".length);
    let got: string | undefined;
    await waitFor(
      async () => (got = await c.ask(`GET TRACKING ${id}`)) !== "PENDING",
      10_000,
      50,
      `tracking ${name}`,
    );
    return got!;
  } finally {
    c.close();
  }
}

Deno.test({
  name: "netxml-ups -L matches NUT 2.8.0",
  ignore: !nut,
  fn: async () => {
    const run = async (argv: string[]) => {
      const r = await new Deno.Command(argv[0]!, {
        args: [...argv.slice(1), "-L"],
        stdout: "piped",
        stderr: "piped",
      }).output();
      return (dec.decode(r.stdout) + dec.decode(r.stderr)).split("\n")
        .slice(1).join("\n");
    };
    const theirs = await run(["/lib/nut/netxml-ups"]);
    assert(theirs.includes("UNKNOWN password"));
    assertEquals(await run(OURS), theirs);
  },
});

const DEVICES: Array<[string, () => NetxmlDevice, string]> = [
  ["pulsar", pulsar, "ups.status: OL CHRG"],
  ["battery", onBattery, "ups.status: ALARM OB DISCHRG LB RB FSD CAL"],
  ["3-phase", threePhase, "input.phases: 3"],
];

Deno.test({
  name: "netxml-ups -d 1 and page requests match NUT 2.8.0 (3 devices)",
  ignore: !nut,
  ...opts,
  fn: async () => {
    for (const [name, make, expect] of DEVICES) {
      const sim = new NetxmlSim(make());
      try {
        const theirs = await runNutDriver("netxml-ups", conf(sim.url), [
          "-d",
          "1",
        ]);
        const theirReqs = sim.requests.splice(0).map((r) =>
          `${r.method} ${r.path}`
        );
        const ours = await runOurDriver("netxml_ups", conf(sim.url), [
          "-d",
          "1",
        ]);
        const ourReqs = sim.requests.splice(0).map((r) =>
          `${r.method} ${r.path}`
        );
        assertEquals(theirs.code, 0, theirs.stderr);
        assertEquals(ours.code, 0, ours.stderr);
        const dump = parseDump(theirs.stdout);
        assert(dump.includes(expect), `${name}: ${dump.join("\n")}`);
        assertEquals(parseDump(ours.stdout), dump, name);
        // NUT's -d 1 polls once more than ours; the sequences agree
        assert(ourReqs.length >= 6, ourReqs.join(" "));
        assertEquals(ourReqs, theirReqs.slice(0, ourReqs.length), name);
      } finally {
        await sim.close();
      }
    }
  },
});

Deno.test({
  name: "netxml-ups SET and -k post the same SET_OBJECT form as NUT 2.8.0",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const sim = new NetxmlSim(pulsar());
    try {
      const posts: Record<string, string[]> = {};
      const rws: Record<string, string> = {};
      const tracked: Record<string, string[]> = {};
      for (
        const [who, argv] of [["nut", ["/lib/nut/netxml-ups"]], [
          "our",
          OURS,
        ]] as const
      ) {
        sim.device = pulsar();
        await withNutUpsd("netxml-ups", [...argv], sim.url, async (s) => {
          rws[who] = (await runTool("/usr/bin/upsrw", [s.target], s.env)).out;
          const from = sim.requests.length;
          for (
            const set of [
              "device.location=Lab 2",
              "battery.runtime.low=300",
              "ups.delay.shutdown=90",
            ]
          ) {
            const r = await runTool(
              "/usr/bin/upsrw",
              ["-s", set, "-u", "admin", "-p", "pw", s.target],
              s.env,
            );
            assertEquals(r.code, 0, r.err);
          }
          await waitFor(
            () =>
              sim.requests.slice(from).filter((r) => r.method === "POST")
                .length === 3,
            10_000,
            50,
            `${who} posts`,
          );
          posts[who] = sim.requests.slice(from).filter((r) =>
            r.method === "POST"
          ).map((r) => `${r.path} ${r.type}\n${r.body}`);
          // the tracked result: accepted, refused with 403, refused in the body
          const res: string[] = [];
          res.push(await trackedSet(s.target, "device.location", `${who} ok`));
          assertEquals(sim.device.objects["System.Location"], `${who} ok`);
          for (
            const answer of [{ status: 403, body: "Forbidden" }, {
              status: 200,
              body: '<SET_OBJECT status="error"/>',
            }]
          ) {
            sim.formAnswer = answer;
            res.push(await trackedSet(s.target, "device.location", "no"));
          }
          sim.formAnswer = { status: 200, body: "<html>OK</html>" };
          assertEquals(sim.device.objects["System.Location"], `${who} ok`);
          tracked[who] = res;
        });
      }
      // NUT (2.8.0 and master) drops the form's answer, so its SET is
      // "failed" even though the card applied it; ours succeeds exactly
      // when the card accepted the form
      assertEquals(tracked.nut, Array(3).fill("ERR FAILED"));
      assertEquals(tracked.our, [
        "SUCCESS",
        "ERR FAILED",
        "ERR FAILED",
      ]);
      assert(posts.nut![1]!.includes(
        '<OBJECT name="System.RunTimeToEmptyLimit">300</OBJECT>',
      ));
      assertEquals(posts.our, posts.nut);
      assert(rws.nut!.includes("[device.location]"), rws.nut);
      assertEquals(rws.our, rws.nut);

      const kill: Record<string, string[]> = {};
      for (const who of ["nut", "our"]) {
        sim.requests.splice(0);
        const r = who === "nut"
          ? await runNutDriver("netxml-ups", conf(sim.url), ["-k"])
          : await runOurDriver("netxml_ups", conf(sim.url), ["-k"]);
        assertEquals(r.code, 0, r.stderr);
        kill[who] = sim.requests.map((q) =>
          `${q.method} ${q.path} ${q.type}\n${q.body}`
        );
      }
      assert(kill.nut!.at(-1)!.includes(">999999999</OBJECT>"), kill.nut![0]);
      assertEquals(kill.our, kill.nut);
      // a card refusing the -k form: NUT still exits 0, ours reports it
      sim.formAnswer = { status: 403, body: "Forbidden" };
      const refusedN = await runNutDriver("netxml-ups", conf(sim.url), ["-k"]);
      const refusedO = await runOurDriver("netxml_ups", conf(sim.url), ["-k"]);
      assertEquals([refusedN.code, refusedO.code], [0, 1], refusedO.stderr);
    } finally {
      await sim.close();
    }
  },
});

Deno.test({
  name: "netxml-ups start-up failures exit as NUT 2.8.0's",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const sim = new NetxmlSim(pulsar());
    const dead = freePort();
    try {
      const cases: Array<[string, string]> = [
        ["refused", `http://127.0.0.1:${dead}`],
        ["no scheme", `127.0.0.1:${sim.port}`],
        ["timeout=0", sim.url],
      ];
      for (const [name, url] of cases) {
        const extra = name === "timeout=0" ? " timeout = 0\n" : "";
        const theirs = await runNutDriver("netxml-ups", conf(url, extra), [
          "-d",
          "1",
        ]);
        const ours = await runOurDriver("netxml_ups", conf(url, extra), [
          "-d",
          "1",
        ]);
        assertEquals(theirs.code, 1, `${name}: ${theirs.stderr}`);
        assertEquals(ours.code, theirs.code, `${name}: ${ours.stderr}`);
      }
      sim.mode = "garbage";
      const theirs = await runNutDriver("netxml-ups", conf(sim.url), [
        "-d",
        "1",
      ]);
      const ours = await runOurDriver("netxml_ups", conf(sim.url), ["-d", "1"]);
      assertEquals(theirs.code, 1, theirs.stderr);
      assertEquals(ours.code, 1, ours.stderr);
    } finally {
      await sim.close();
    }
  },
});

Deno.test({
  name: "netxml-ups: a card going bad gives stale data, then fresh (both)",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const sim = new NetxmlSim(pulsar());
    const dir = Deno.makeTempDirSync({ prefix: "netxml-st-" });
    const tcp = freePort();
    const env = { NUT_CONFPATH: dir, NUT_STATEPATH: dir, NUT_ALTPIDPATH: dir };
    let ups = "";
    for (const who of ["nut", "our"]) {
      ups += `[${who}]\n driver = netxml-ups\n port = ${sim.url}\n` +
        ` timeout = 1\n pollinterval = 1\n`;
    }
    Deno.writeTextFileSync(`${dir}/ups.conf`, ups);
    Deno.writeTextFileSync(`${dir}/upsd.conf`, `LISTEN 127.0.0.1 ${tcp}\n`);
    Deno.writeTextFileSync(`${dir}/upsd.users`, "");
    const procs: Deno.ChildProcess[] = [];
    const spawn = (argv: string[]) =>
      procs.push(
        new Deno.Command(argv[0]!, {
          args: [...argv.slice(1), "-u", "root", "-F"],
          env,
          stdout: "null",
          stderr: "null",
        }).spawn(),
      );
    const upsc = async (who: string) =>
      (await runTool("/usr/bin/upsc", [`${who}@127.0.0.1:${tcp}`], env)).out +
      (await runTool("/usr/bin/upsc", [`${who}@127.0.0.1:${tcp}`], env)).err;
    try {
      spawn(["/lib/nut/netxml-ups", "-a", "nut"]);
      spawn([...OURS, "-a", "our"]);
      spawn(["/lib/nut/upsd"]);
      for (const who of ["nut", "our"]) {
        await waitFor(
          async () => (await upsc(who)).includes("ups.status: OL CHRG"),
          20_000,
          100,
          who,
        );
      }
      for (const mode of ["garbage", "short", "http500", "silent"] as const) {
        sim.mode = mode;
        for (const who of ["nut", "our"]) {
          await waitFor(
            async () => (await upsc(who)).includes("Data stale"),
            20_000,
            100,
            `${who} ${mode}`,
          );
        }
        sim.mode = "ok";
        sim.release();
        sim.device.summary["UPS.PowerSummary.PresentStatus.ACPresent"] = "0";
        for (const who of ["nut", "our"]) {
          await waitFor(
            async () => (await upsc(who)).includes("ups.status: OB CHRG"),
            20_000,
            100,
            `${who} ${mode} recovery`,
          );
        }
        sim.device.summary["UPS.PowerSummary.PresentStatus.ACPresent"] = "1";
      }
    } finally {
      for (const p of procs.reverse()) {
        try {
          p.kill("SIGTERM");
        } catch { /* gone */ }
        await p.status;
      }
      await sim.close();
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
