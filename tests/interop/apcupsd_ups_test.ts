/**
 * apcupsd-ups side by side with NUT 2.8.0's on the same NIS simulator
 * (tests/sim/apcupsd_nis.ts): each scenario's listing through NUT's upsd
 * must be the same for NUT's driver and ours; a bad server (garbage
 * length, a short record, no end mark) makes both refuse to start with the
 * same exit code; a server going bad later leaves ours running with stale
 * data, and fresh data once it answers again (NUT polls every 60 s, too
 * slow to watch here).
 */
import { assert, assertEquals } from "../assert.ts";
import { freePort, haveNut, waitFor } from "../net.ts";
import {
  BACK_UPS,
  type NisMode,
  NisSim,
  SMART_UPS_OB,
} from "../sim/apcupsd_nis.ts";

const DRIVER = new URL("../../drivers/apcupsd_ups.ts", import.meta.url)
  .pathname;
const dec = new TextDecoder();

async function upsc(target: string): Promise<{ code: number; out: string }> {
  const r = await new Deno.Command("/usr/bin/upsc", {
    args: [target],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: r.code, out: dec.decode(r.stdout) + dec.decode(r.stderr) };
}

const withStatus = (lines: readonly string[], status: string) =>
  lines.map((l) => l.startsWith("STATUS ") ? `STATUS   : ${status}` : l);

const SCENARIOS: Record<string, readonly string[]> = {
  back: BACK_UPS,
  smart: SMART_UPS_OB,
  commlost: withStatus(BACK_UPS, "COMMLOST"),
  selftest: withStatus(BACK_UPS, "SELFTEST"),
  calboost: withStatus(SMART_UPS_OB, "CAL BOOST TRIM OVERLOAD NOBATT ONLINE"),
  nostatus: withStatus(BACK_UPS, "SHUTTING DOWN"),
};

function env(dir: string) {
  return { NUT_CONFPATH: dir, NUT_STATEPATH: dir, NUT_ALTPIDPATH: dir };
}

function spawn(argv: string[], dir: string): Deno.ChildProcess {
  return new Deno.Command(argv[0]!, {
    args: [...argv.slice(1), "-u", "root", "-F"],
    env: env(dir),
    stdout: "null",
    stderr: "null",
  }).spawn();
}

async function stop(procs: Deno.ChildProcess[]): Promise<void> {
  for (const p of procs.reverse()) {
    try {
      p.kill("SIGTERM");
    } catch { /* gone */ }
    await p.status;
  }
}

Deno.test({
  name: "apcupsd-ups: same listings as NUT's on the same NIS simulator",
  ignore: !haveNut(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = Deno.makeTempDirSync({ prefix: "apcupsd-" });
    const tcp = freePort();
    const sims = new Map<string, NisSim>();
    let conf = "";
    for (const [name, lines] of Object.entries(SCENARIOS)) {
      const sim = new NisSim([...lines]);
      sims.set(name, sim);
      for (const who of ["nut", "our"]) {
        conf +=
          `[${who}-${name}]\n driver = apcupsd-ups\n port = 127.0.0.1:${sim.port}\n`;
      }
    }
    Deno.writeTextFileSync(`${dir}/ups.conf`, conf);
    Deno.writeTextFileSync(`${dir}/upsd.conf`, `LISTEN 127.0.0.1 ${tcp}\n`);
    Deno.writeTextFileSync(`${dir}/upsd.users`, "");
    const procs: Deno.ChildProcess[] = [];
    try {
      for (const name of sims.keys()) {
        procs.push(spawn(["/lib/nut/apcupsd-ups", "-a", `nut-${name}`], dir));
        procs.push(
          spawn(
            [Deno.execPath(), "run", "-A", DRIVER, "-a", `our-${name}`],
            dir,
          ),
        );
      }
      procs.push(spawn(["/lib/nut/upsd"], dir));
      for (const name of sims.keys()) {
        const got: string[] = [];
        for (const who of ["nut", "our"]) {
          let r = { code: 1, out: "" };
          await waitFor(
            async () => {
              r = await upsc(`${who}-${name}@127.0.0.1:${tcp}`);
              return r.code === 0 && r.out.includes("ups.mfr: APC");
            },
            20_000,
            100,
            `${who}-${name}`,
          );
          got.push(
            // pollinterval: NUT 2.8.0 shows 2 while polling every 60 s; ours
            // shows the 60 it uses (README, deliberate differences)
            r.out.split("\n").filter((l) =>
              !l.startsWith("driver.version") &&
              !l.startsWith("driver.parameter.pollinterval")
            ).join("\n"),
          );
        }
        assertEquals(got[1], got[0], name);
      }
      const smart = await upsc(`our-smart@127.0.0.1:${tcp}`);
      assert(smart.out.includes("driver.parameter.pollinterval: 60\n"));
      assert(smart.out.includes("ups.status: OB LB RB\n"));
      assert(smart.out.includes("battery.runtime: 150.0\n"));
      assert(smart.out.includes("ups.firmware.aux: UPS 03.4\n"));
    } finally {
      await stop(procs);
      for (const s of sims.values()) s.close();
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "apcupsd-ups: a bad server at start fails both drivers alike",
  ignore: !haveNut(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = Deno.makeTempDirSync({ prefix: "apcupsd-bad-" });
    const modes: NisMode[] = ["garbage", "short", "noend"];
    const sims = modes.map((m) => {
      const s = new NisSim([...BACK_UPS]);
      s.mode = m;
      return s;
    });
    const dead = freePort();
    let conf = `[down]\n driver = apcupsd-ups\n port = 127.0.0.1:${dead}\n`;
    conf += `[badport]\n driver = apcupsd-ups\n port = 127.0.0.1:70000\n`;
    sims.forEach((s, i) => {
      conf += `[${
        modes[i]
      }]\n driver = apcupsd-ups\n port = 127.0.0.1:${s.port}\n`;
    });
    Deno.writeTextFileSync(`${dir}/ups.conf`, conf);
    const run = async (argv: string[]) => {
      const r = await new Deno.Command(argv[0]!, {
        args: [...argv.slice(1), "-u", "root", "-F"],
        env: env(dir),
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = dec.decode(r.stdout) + dec.decode(r.stderr);
      return {
        code: r.code,
        comm: text.includes("can't communicate with apcupsd!"),
        port: text.includes("invalid host or port specified!"),
      };
    };
    try {
      for (const ups of ["down", "badport", ...modes]) {
        const nut = await run(["/lib/nut/apcupsd-ups", "-a", ups]);
        const our = await run([
          Deno.execPath(),
          "run",
          "-A",
          DRIVER,
          "-a",
          ups,
        ]);
        assertEquals(our, nut, ups);
        assertEquals(nut.code, 1, ups);
      }
    } finally {
      for (const s of sims) s.close();
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "apcupsd-ups: a server going bad gives stale data, then fresh data",
  ignore: !haveNut(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = Deno.makeTempDirSync({ prefix: "apcupsd-st-" });
    const tcp = freePort();
    const sim = new NisSim([...BACK_UPS]);
    Deno.writeTextFileSync(
      `${dir}/ups.conf`,
      `[ours]\n driver = apcupsd-ups\n port = 127.0.0.1:${sim.port}\n pollinterval = 1\n`,
    );
    Deno.writeTextFileSync(`${dir}/upsd.conf`, `LISTEN 127.0.0.1 ${tcp}\n`);
    Deno.writeTextFileSync(`${dir}/upsd.users`, "");
    const procs: Deno.ChildProcess[] = [];
    const target = `ours@127.0.0.1:${tcp}`;
    try {
      procs.push(
        spawn([Deno.execPath(), "run", "-A", DRIVER, "-a", "ours"], dir),
      );
      procs.push(spawn(["/lib/nut/upsd"], dir));
      await waitFor(
        async () => (await upsc(target)).out.includes("ups.status: OL"),
        20_000,
        100,
      );
      for (const mode of ["garbage", "short", "noend"] as const) {
        sim.mode = mode;
        await waitFor(
          async () => (await upsc(target)).out.includes("Data stale"),
          20_000,
          100,
          mode,
        );
        sim.mode = "ok";
        sim.lines = withStatus(BACK_UPS, "ONBATT");
        await waitFor(
          async () => (await upsc(target)).out.includes("ups.status: OB\n"),
          20_000,
          100,
          `${mode} recovery`,
        );
        sim.lines = [...BACK_UPS];
      }
      // a silent server: the drivers' 15 s read limit, not exercised here
      assert(sim.requests > 3);
    } finally {
      await stop(procs);
      sim.close();
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
