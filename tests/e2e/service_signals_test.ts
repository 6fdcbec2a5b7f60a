/**
 * `systemctl stop` sends SIGTERM (Ctrl-C sends SIGINT): every daemon, and
 * both of upsmon's processes, must be gone within 2 s of it. One stack
 * (dummy-ups, upsd, upsmon) is started for the whole file; each test stops
 * one part and measures from the signal to the last process's end.
 */
import { assert, assertEquals } from "../assert.ts";
import { freePort, waitFor } from "../net.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const LIMIT_MS = 2000;

/** True while `pid` exists and is not a zombie. */
function running(pid: number): boolean {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    return !/^State:\s+Z/m.test(status);
  } catch {
    return false;
  }
}

/** The children of `pid` (from /proc). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${e.name}/stat`);
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(e.name));
    } catch {
      // gone
    }
  }
  return out;
}

/** Sends `sig` to `target` and returns ms until every pid in `watch` ended. */
async function stopTime(
  target: number,
  sig: Deno.Signal,
  watch: number[],
): Promise<number> {
  const t0 = performance.now();
  Deno.kill(target, sig);
  await waitFor(() => watch.every((p) => !running(p)), 5000, 10, "exit");
  return performance.now() - t0;
}

async function setup() {
  const dir = await Deno.makeTempDir({ prefix: "deno-nut-signals-" });
  const port = freePort();
  await Deno.writeTextFile(
    `${dir}/ups.conf`,
    "[d]\n  driver = dummy-ups\n  port = d.dev\n",
  );
  await Deno.writeTextFile(`${dir}/d.dev`, "ups.status: OL\n");
  await Deno.writeTextFile(`${dir}/upsd.conf`, `LISTEN 127.0.0.1 ${port}\n`);
  await Deno.writeTextFile(
    `${dir}/upsd.users`,
    "[mon]\n  password = pw\n  upsmon primary\n",
  );
  await Deno.writeTextFile(
    `${dir}/upsmon.conf`,
    `MONITOR d@127.0.0.1:${port} 1 mon pw primary\nSHUTDOWNCMD "/bin/true"\n` +
      `POWERDOWNFLAG ${dir}/killpower\nPOLLFREQ 1\n`,
  );
  const env = {
    NUT_CONFPATH: dir,
    NUT_STATEPATH: dir,
    NUT_ALTPIDPATH: dir,
    NUT_PIDPATH: dir,
  };
  return { dir, port, env };
}

type Env = Record<string, string>;

/** A process whose stderr is collected as it comes. */
function startLogged(entry: string, args: string[], env: Env) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", `${ROOT}${entry}`, ...args],
    env,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let text = "";
  const drained = (async () => {
    const dec = new TextDecoder();
    for await (const c of child.stderr) text += dec.decode(c);
  })();
  return { child, log: () => text, drained };
}

function start(entry: string, args: string[], env: Env): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", `${ROOT}${entry}`, ...args],
    env,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
}

async function driverUp(env: Env): Promise<Deno.ChildProcess> {
  const p = start(
    "drivers/dummy_ups.ts",
    ["-a", "d", "-u", "root", "-FF"],
    env,
  );
  await waitFor(() =>
    Deno.statSync(`${env.NUT_STATEPATH}/dummy-ups-d`).isSocket === true
  );
  return p;
}

async function upsdUp(env: Env, port: number): Promise<Deno.ChildProcess> {
  const p = start("cli/upsd.ts", ["-F", "-u", "root"], env);
  await waitFor(async () => {
    const c = await Deno.connect({ hostname: "127.0.0.1", port });
    c.close();
    return true;
  });
  return p;
}

for (const sig of ["SIGTERM", "SIGINT"] as const) {
  Deno.test(`dummy-ups ends within 2 s of ${sig}, exit 0, socket and PID file gone`, async () => {
    const { dir, env } = await setup();
    try {
      const p = await driverUp(env);
      await waitFor(() => Deno.statSync(`${dir}/dummy-ups-d.pid`).isFile);
      const ms = await stopTime(p.pid, sig, [p.pid]);
      assertEquals((await p.status).code, 0);
      assert(ms < LIMIT_MS, `${ms} ms`);
      for (const f of ["dummy-ups-d", "dummy-ups-d.pid"]) {
        let gone = false;
        try {
          Deno.statSync(`${dir}/${f}`);
        } catch {
          gone = true;
        }
        assert(gone, `${f} left behind`);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });

  Deno.test(`upsd ends within 2 s of ${sig} (exit 0)`, async () => {
    const { dir, env, port } = await setup();
    const drv = await driverUp(env);
    try {
      const p = await upsdUp(env, port);
      const ms = await stopTime(p.pid, sig, [p.pid]);
      assertEquals((await p.status).code, 0);
      assert(ms < LIMIT_MS, `${ms} ms`);
    } finally {
      drv.kill("SIGTERM");
      await drv.status;
      await Deno.remove(dir, { recursive: true });
    }
  });
}

/** upsmon with its two processes; returns [parent, child]. */
async function upsmonUp(env: Env): Promise<[Deno.ChildProcess, number]> {
  const p = start("cli/upsmon.ts", ["-F"], env);
  let child = 0;
  await waitFor(() => {
    child = childrenOf(p.pid)[0] ?? 0;
    return child > 0 &&
      Deno.readTextFileSync(`${env.NUT_PIDPATH}/upsmon.pid`).trim() ===
        String(child);
  }, 15_000);
  return [p, child];
}

Deno.test("upsmon: SIGTERM to the parent ends parent and child within 2 s", async () => {
  const { dir, env, port } = await setup();
  const drv = await driverUp(env);
  const upsd = await upsdUp(env, port);
  try {
    for (const sig of ["SIGTERM", "SIGINT"] as const) {
      const [p, child] = await upsmonUp(env);
      const ms = await stopTime(p.pid, sig, [p.pid, child]);
      assertEquals((await p.status).code, 0);
      assert(ms < LIMIT_MS, `${sig}: ${ms} ms`);
    }
    // the PID file names the child: `kill $(cat upsmon.pid)` ends both too
    const [p, child] = await upsmonUp(env);
    const ms = await stopTime(child, "SIGTERM", [p.pid, child]);
    await p.status;
    assert(ms < LIMIT_MS, `child SIGTERM: ${ms} ms`);
  } finally {
    for (const d of [upsd, drv]) {
      d.kill("SIGTERM");
      await d.status;
    }
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("upssched's timer daemon ends within 2 s of SIGTERM", async () => {
  const { dir } = await setup();
  try {
    await Deno.writeTextFile(
      `${dir}/upssched.conf`,
      `CMDSCRIPT /bin/true\nPIPEFN ${dir}/pipe\nLOCKFN ${dir}/lock\n` +
        "AT ONBATT * START-TIMER onbatt 60\n",
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", `${ROOT}cli/upssched.ts`],
      env: { NUT_CONFPATH: dir, NOTIFYTYPE: "ONBATT", UPSNAME: "d@localhost" },
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).output();
    assertEquals(out.code, 0);
    // the daemon is the process whose environment names this config dir
    let daemon = 0;
    await waitFor(() => {
      for (const e of Deno.readDirSync("/proc")) {
        if (!/^\d+$/.test(e.name)) continue;
        try {
          const environ = Deno.readTextFileSync(`/proc/${e.name}/environ`);
          if (environ.split("\0").includes(`NUT_CONFPATH=${dir}`)) {
            daemon = Number(e.name);
            return true;
          }
        } catch {
          // gone or not ours
        }
      }
      return false;
    });
    await waitFor(() => Deno.statSync(`${dir}/pipe`).isSocket === true);
    const ms = await stopTime(daemon, "SIGTERM", [daemon]);
    assert(ms < LIMIT_MS, `${ms} ms`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("dummy-ups: SIGUSR2 ends it cleanly; SIGUSR1 reloads, and exits when a restart is needed", async () => {
  const { dir, env } = await setup();
  try {
    const p = await driverUp(env);
    const ms = await stopTime(p.pid, "SIGUSR2", [p.pid]);
    assertEquals((await p.status).code, 0);
    assert(ms < LIMIT_MS, `${ms} ms`);
    // SIGUSR1 with nothing that needs a restart: the driver stays
    const logged = startLogged(
      "drivers/dummy_ups.ts",
      ["-a", "d", "-u", "root", "-FF"],
      env,
    );
    const q = logged.child;
    try {
      await waitFor(() =>
        Deno.statSync(`${dir}/dummy-ups-d`).isSocket === true
      );
      await Deno.writeTextFile(
        `${dir}/ups.conf`,
        "[d]\n  driver = dummy-ups\n  port = d.dev\n  desc = new\n",
      );
      Deno.kill(q.pid, "SIGUSR1");
      await waitFor(() => logged.log().includes(": applied"));
      assert(running(q.pid), "exited on a reload that applied");
      // a changed port needs a restart: NUT master's reload-or-exit exits
      await Deno.writeTextFile(`${dir}/e.dev`, "ups.status: OB\n");
      await Deno.writeTextFile(
        `${dir}/ups.conf`,
        "[d]\n  driver = dummy-ups\n  port = e.dev\n",
      );
      const ms1 = await stopTime(q.pid, "SIGUSR1", [q.pid]);
      assertEquals((await q.status).code, 0);
      assert(ms1 < LIMIT_MS, `${ms1} ms`);
      assert(logged.log().includes("restart needed for port"), logged.log());
    } finally {
      if (running(q.pid)) q.kill("SIGTERM");
      await q.status;
      await logged.drained;
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("upsd ends cleanly on SIGUSR1/SIGUSR2 (NUT's has no handler and dies of them)", async () => {
  const { dir, env } = await setup();
  const drv = await driverUp(env);
  try {
    for (const sig of ["SIGUSR1", "SIGUSR2"] as const) {
      // -FF: the PID file appears once upsd listens for signals
      const p = start("cli/upsd.ts", ["-FF", "-u", "root"], env);
      await waitFor(() => Deno.statSync(`${dir}/upsd.pid`).isFile);
      const ms = await stopTime(p.pid, sig, [p.pid]);
      assertEquals((await p.status).code, 0);
      assert(ms < LIMIT_MS, `${sig}: ${ms} ms`);
    }
  } finally {
    drv.kill("SIGTERM");
    await drv.status;
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("upsmon: SIGUSR2 leaves parent and child running, as NUT's", async () => {
  const { dir, env, port } = await setup();
  const drv = await driverUp(env);
  const upsd = await upsdUp(env, port);
  try {
    // -D: both processes log the signal they ignore
    const mon = startLogged("cli/upsmon.ts", ["-F", "-D"], env);
    const p = mon.child;
    let child = 0;
    await waitFor(() => {
      child = childrenOf(p.pid)[0] ?? 0;
      return child > 0 &&
        Deno.readTextFileSync(`${dir}/upsmon.pid`).trim() === String(child);
    }, 15_000);
    Deno.kill(p.pid, "SIGUSR2");
    await waitFor(() => mon.log().includes("upsmon parent: signal ignored"));
    Deno.kill(child, "SIGUSR2");
    await waitFor(() => mon.log().includes("Signal 12: ignored"));
    assert(running(p.pid) && running(child), "upsmon ended on SIGUSR2");
    await stopTime(p.pid, "SIGTERM", [p.pid, child]);
    await p.status;
    await mon.drained;
  } finally {
    for (const d of [upsd, drv]) {
      d.kill("SIGTERM");
      await d.status;
    }
    await Deno.remove(dir, { recursive: true });
  }
});
