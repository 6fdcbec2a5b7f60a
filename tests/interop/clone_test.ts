/**
 * clone and clone-outlet side by side with NUT 2.8.0's: one fake upstream
 * driver socket (tests/sim/driver_socket.ts) feeds NUT's and our clone and
 * clone-outlet at once; NUT's upsd and ours both serve the four, and every
 * step (start, on battery under mincharge, FSD count-down, INSTCMD sent
 * upstream, return to line, outlet timer and off) must list the same in
 * upsc for NUT's driver and ours through either upsd. Garbage and a
 * dropped upstream must leave both alive and reconnecting.
 */
import { assert, assertEquals } from "../assert.ts";
import { freePort, haveNut, waitFor } from "../net.ts";
import { FakeDriverSocket } from "../sim/driver_socket.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const dec = new TextDecoder();

async function upsc(target: string): Promise<string> {
  const r = await new Deno.Command("/usr/bin/upsc", {
    args: [target],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return dec.decode(r.stdout) + dec.decode(r.stderr);
}

/** Runs a NUT client tool; its exit code. */
async function tool(name: string, args: string[]): Promise<number> {
  const r = await new Deno.Command(`/usr/bin/${name}`, {
    args,
    stdout: "null",
    stderr: "null",
  }).output();
  return r.code;
}

/** A listing without what differs by design: driver identity and live timers. */
function comparable(text: string, timers = true): string {
  return text.split("\n").filter((l) =>
    l && !l.startsWith("driver.version") &&
    (timers || !l.startsWith("ups.timer."))
  ).join("\n");
}

const UPSTREAM = {
  "driver.name": "usbhid-ups",
  "device.mfr": "Fake Corp",
  "ups.mfr": "Fake Corp",
  "ups.model": "Sim 1500",
  "ups.status": "OL",
  "battery.charge": "90",
  "battery.runtime": "1200",
  "battery.charge.low": "10",
  "ups.delay.shutdown": "20",
  "ups.timer.shutdown": "-1",
  "outlet.1.status": "on",
  "outlet.1.delay.shutdown": "10",
  "outlet.1.timer.shutdown": "-1",
  "input.voltage": "230.0",
};

const CLONE_CONF = (name: string, status = true) =>
  `[${name}]\n driver = clone\n port = up-src\n offdelay = 2\n ondelay = 2\n` +
  ` mincharge = 30\n minruntime = 60\n load.off = load.off\n load.on = load.on\n` +
  // without load.status NUT 2.8.0's clone dies (NULL to dstate_getinfo) at the first shutdown
  (status ? " load.status = outlet.1.status\n" : "");
const OUTLET_CONF = (name: string) =>
  `[${name}]\n driver = clone-outlet\n port = up-src\n prefix = outlet.1\n`;

Deno.test({
  name:
    "clone and clone-outlet: same listings as NUT's through NUT's and our upsd",
  ignore: !haveNut(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const state = Deno.makeTempDirSync({ prefix: "clone-st-" });
    const confN = Deno.makeTempDirSync({ prefix: "clone-cn-" });
    const confO = Deno.makeTempDirSync({ prefix: "clone-co-" });
    const portN = freePort();
    const portO = freePort();
    const upsConf = CLONE_CONF("nutc") + CLONE_CONF("ourc") +
      OUTLET_CONF("nuto") + OUTLET_CONF("ouro") + CLONE_CONF("ourx", false);
    for (const [d, p] of [[confN, portN], [confO, portO]] as const) {
      Deno.writeTextFileSync(`${d}/ups.conf`, upsConf);
      Deno.writeTextFileSync(`${d}/upsd.conf`, `LISTEN 127.0.0.1 ${p}\n`);
      Deno.writeTextFileSync(
        `${d}/upsd.users`,
        "[admin]\n password = pw\n actions = SET\n instcmds = ALL\n",
      );
    }
    const up = new FakeDriverSocket(`${state}/up-src`, UPSTREAM);
    const procs: Deno.ChildProcess[] = [];
    const spawn = (argv: string[], conf: string, pid = state) => {
      procs.push(
        new Deno.Command(argv[0]!, {
          args: [...argv.slice(1), "-u", "root", "-F"],
          env: {
            NUT_CONFPATH: conf,
            NUT_STATEPATH: state,
            NUT_ALTPIDPATH: pid,
          },
          stdout: "null",
          stderr: "null",
        }).spawn(),
      );
    };
    const ours = (file: string) => [
      Deno.execPath(),
      "run",
      "-A",
      `${ROOT}drivers/${file}`,
    ];
    const all = async (ups: string) =>
      await Promise.all([
        upsc(`${ups}@127.0.0.1:${portN}`),
        upsc(`${ups}@127.0.0.1:${portO}`),
      ]);
    /** Waits until all four listings of a pair show `status`, then compares them. */
    const same = async (
      pair: [string, string],
      status: string,
      timers = true,
    ) => {
      let got: string[] = [];
      await waitFor(
        async () => {
          got = [...await all(pair[0]), ...await all(pair[1])];
          return got.every((t) => t.includes(`ups.status: ${status}\n`));
        },
        15_000,
        100,
        `${pair.join("/")} at ${status}`,
      ).catch((e) => {
        // name what each listing showed instead
        const seen = got.map((t) => /ups\.status: .*/.exec(t)?.[0]);
        throw new Error(`${e.message}: ${JSON.stringify(seen)}`);
      });
      const ref = comparable(got[0]!, timers);
      for (const t of got.slice(1)) assertEquals(comparable(t, timers), ref);
      return got[0]!;
    };
    try {
      spawn(["/lib/nut/clone", "-a", "nutc"], confN);
      spawn([...ours("clone.ts"), "-a", "ourc"], confN);
      spawn(["/lib/nut/clone-outlet", "-a", "nuto"], confN);
      spawn([...ours("clone_outlet.ts"), "-a", "ouro"], confN);
      spawn([...ours("clone.ts"), "-a", "ourx"], confN);
      await waitFor(() => up.clients === 5, 20_000, 50, "five clones");
      spawn(["/lib/nut/upsd"], confN, confN);
      spawn([Deno.execPath(), "run", "-A", `${ROOT}cli/upsd.ts`], confO, confO);

      // 1. the steady state: upstream's data with clone's own additions
      const c1 = await same(["nutc", "ourc"], "OL");
      assert(c1.includes("battery.charge.low: 30\n"));
      assert(c1.includes("ups.delay.shutdown: 2\n"));
      assert(!c1.includes("usbhid-ups"));
      const o1 = await same(["nuto", "ouro"], "OL");
      assert(o1.includes("outlet.1.delay.shutdown: 10\n"));

      // 1b. upscmd shutdown.return and upsrw through each upsd: FSD, load.off,
      // then (on line) load.on and the plain status again
      const admin = ["-u", "admin", "-p", "pw"];
      for (const [ups, port] of [["nutc", portN], ["ourc", portO]] as const) {
        const t = `${ups}@127.0.0.1:${port}`;
        const rw = await tool("upsrw", [
          ...admin,
          "-s",
          "battery.charge.low=40",
          t,
        ]);
        const cmd = await tool("upscmd", [...admin, t, "shutdown.return"]);
        assertEquals([rw, cmd], [0, 0], ups);
      }
      await same(["nutc", "ourc"], "FSD OL", false);
      await waitFor(
        () =>
          up.received.filter((l) => l === "INSTCMD load.on").length === 2 &&
          up.received.filter((l) => l === "INSTCMD load.off").length === 2,
        15_000,
        100,
        "upscmd's load.off and load.on",
      );
      const c1b = await same(["nutc", "ourc"], "OL");
      assert(c1b.includes("battery.charge.low: 40\n"));

      // 2. on battery under mincharge: FSD, then INSTCMD load.off upstream
      await up.set({ "ups.status": "OB DISCHRG", "battery.charge": "20" });
      await same(["nutc", "ourc"], "FSD OB DISCHRG", false);
      // the 2.8.0 crash without load.status is fixed here
      await waitFor(
        async () => (await all("ourx")).every((t) => t.includes("FSD OB")),
        15_000,
        100,
        "ourx in FSD",
      );
      await waitFor(
        () => up.received.filter((l) => l === "INSTCMD load.off").length === 5,
        15_000,
        100,
        "three INSTCMD load.off",
      );
      // after the count-down both show the unfrozen timers alike
      await waitFor(
        async () => {
          const t = [...await all("nutc"), ...await all("ourc")];
          return t.every((x) => x.includes("ups.timer.shutdown: -1\n"));
        },
        10_000,
        100,
        "shutdown timers at -1",
      );
      await same(["nuto", "ouro"], "OB DISCHRG");

      // 3. back on line: ondelay later INSTCMD load.on and FSD is gone
      await up.set({ "ups.status": "OL CHRG", "battery.charge": "25" });
      await waitFor(
        () => up.received.filter((l) => l === "INSTCMD load.on").length === 5,
        15_000,
        100,
        "three INSTCMD load.on",
      );
      await same(["nutc", "ourc"], "OL CHRG");
      assertEquals(up.received.filter((l) => !l.startsWith("INSTCMD")), []);

      // 4. the outlet's timer inside its delay, then the outlet off
      await up.set({ "outlet.1.timer.shutdown": "8" });
      await same(["nuto", "ouro"], "FSD OL CHRG");
      await up.set({
        "outlet.1.status": "off",
        "outlet.1.timer.shutdown": "-1",
      });
      await same(["nuto", "ouro"], "OL CHRG OFF");

      // 5. garbage and a restarted upstream: both reconnect and dump again
      await up.raw('SETINFO "unterminated # x\nBOGUS\n\n');
      const dumps = up.dumps;
      up.dropClients();
      await waitFor(() => up.dumps >= dumps + 5, 20_000, 100, "re-dumps");
      await up.set({ "input.voltage": "231.0" });
      const c5 = await same(["nutc", "ourc"], "OL CHRG");
      assert(c5.includes("input.voltage: 231.0\n"));
      await same(["nuto", "ouro"], "OL CHRG OFF");

      // 6. upstream data stale: every clone goes stale (and keeps asking
      // for a dump), then recovers with the upstream
      await up.stale(true);
      await waitFor(
        async () => {
          const t = await Promise.all(
            ["nutc", "ourc", "nuto", "ouro"].map((u) => all(u)),
          );
          return t.flat().every((x) => x.includes("Data stale"));
        },
        20_000,
        100,
        "all clones stale",
      );
      await up.stale(false);
      await same(["nutc", "ourc"], "OL CHRG");
      await same(["nuto", "ouro"], "OL CHRG OFF");

      // 7. upstream gone for good: ours goes stale, NUT 2.8.0's keeps serving
      // the last values as fresh (README, deliberate differences)
      up.close();
      await waitFor(
        async () => {
          const t = [...await all("ourc"), ...await all("ouro")];
          return t.every((x) => x.includes("Data stale"));
        },
        20_000,
        100,
        "ours stale without upstream",
      );
      for (const x of [...await all("nutc"), ...await all("nuto")]) {
        assert(x.includes("ups.status: OL CHRG"), x);
      }
    } finally {
      for (const p of procs.reverse()) {
        try {
          p.kill("SIGTERM");
        } catch { /* gone */ }
        await p.status;
      }
      up.close();
      for (const d of [state, confN, confO]) {
        Deno.removeSync(d, { recursive: true });
      }
    }
  },
});

Deno.test({
  name: "clone and clone-outlet -k: same exit code and message as NUT's",
  ignore: !haveNut(),
  async fn() {
    const dir = Deno.makeTempDirSync({ prefix: "clone-k-" });
    Deno.writeTextFileSync(
      `${dir}/ups.conf`,
      "[c]\n driver = clone\n port = nothere\n" +
        "[o]\n driver = clone-outlet\n port = nothere\n prefix = outlet.1\n",
    );
    const env = { NUT_CONFPATH: dir, NUT_STATEPATH: dir, NUT_ALTPIDPATH: dir };
    const run = async (argv: string[]) => {
      const r = await new Deno.Command(argv[0]!, {
        args: [...argv.slice(1), "-k", "-u", "root"],
        env,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = dec.decode(r.stdout) + dec.decode(r.stderr);
      return {
        code: r.code,
        unsupported: text.includes("shutdown not supported"),
      };
    };
    try {
      for (
        const [name, file, ups] of [
          ["clone", "clone.ts", "c"],
          ["clone-outlet", "clone_outlet.ts", "o"],
        ] as const
      ) {
        const nut = await run([`/lib/nut/${name}`, "-a", ups]);
        const our = await run([
          Deno.execPath(),
          "run",
          "-A",
          `${ROOT}drivers/${file}`,
          "-a",
          ups,
        ]);
        assertEquals(our, nut, name);
      }
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
