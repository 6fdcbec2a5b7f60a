/**
 * nut-allinone (drivers, upsd and upsmon in one process) against NUT
 * 2.8.0's own stack on the same configuration: NUT's upsdrvctl +
 * dummy-ups, upsd and `upsmon -p -F` (the one-process mode nut-allinone
 * runs upsmon in). The UPS goes on battery with a low battery; both must
 * set FSD (seen with NUT's upsc), run SHUTDOWNCMD exactly once and leave
 * the POWERDOWNFLAG that NUT's own `upsmon -K` accepts — and ours must go
 * on serving upsd after the shutdown, as NUT's upsd does.
 */
import { assert, assertEquals } from "../assert.ts";
import { freePort, haveNut, waitFor } from "../net.ts";
import { writeShims } from "../../scripts/shims.ts";
import { waitNutPidFree } from "../fixtures/upsmon/harness.ts";

const DEV = new URL("../fixtures/bench/ups.dev", import.meta.url).pathname;

interface Stack {
  name: string;
  dir: string;
  port: number;
  env: Record<string, string>;
  procs: Deno.ChildProcess[];
}

async function makeStack(name: string): Promise<Stack> {
  const dir = await Deno.makeTempDir({ prefix: `aio-${name}-` });
  const port = freePort();
  await Deno.copyFile(DEV, `${dir}/ups.dev`);
  await Deno.writeTextFile(
    `${dir}/ups.conf`,
    `[ups1]\n driver = dummy-ups\n port = ups.dev\n`,
  );
  await Deno.writeTextFile(`${dir}/upsd.conf`, `LISTEN 127.0.0.1 ${port}\n`);
  await Deno.writeTextFile(
    `${dir}/upsd.users`,
    `[mon]\n password = pw\n upsmon primary\n`,
  );
  await Deno.writeTextFile(
    `${dir}/upsmon.conf`,
    `MONITOR ups1@127.0.0.1:${port} 1 mon pw primary\n` +
      `SHUTDOWNCMD "/bin/sh -c 'echo ran >> ${dir}/shutdown.log'"\n` +
      `POWERDOWNFLAG ${dir}/killpower\n` +
      `POLLFREQ 1\nPOLLFREQALERT 1\nHOSTSYNC 1\nFINALDELAY 0\n`,
  );
  for (const f of ["ups.conf", "upsd.conf", "upsd.users", "upsmon.conf"]) {
    await Deno.chmod(`${dir}/${f}`, 0o640);
  }
  const env = {
    NUT_CONFPATH: dir,
    NUT_STATEPATH: dir,
    NUT_ALTPIDPATH: dir,
    NUT_PIDPATH: dir,
  };
  return { name, dir, port, env, procs: [] };
}

function spawn(s: Stack, cmd: string, args: string[]): void {
  s.procs.push(
    new Deno.Command(cmd, {
      args,
      env: s.env,
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn(),
  );
}

async function upsc(s: Stack, variable: string) {
  const o = await new Deno.Command("/usr/bin/upsc", {
    args: [`ups1@127.0.0.1:${s.port}`, variable],
    env: s.env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const d = new TextDecoder();
  return { code: o.code, out: d.decode(o.stdout), err: d.decode(o.stderr) };
}

async function loggedIn(s: Stack): Promise<boolean> {
  const c = await Deno.connect({ hostname: "127.0.0.1", port: s.port });
  try {
    await c.write(new TextEncoder().encode("LIST CLIENT ups1\n"));
    const buf = new Uint8Array(4096);
    const n = await c.read(buf);
    return new TextDecoder().decode(buf.subarray(0, n ?? 0)).includes(
      "CLIENT ups1 ",
    );
  } finally {
    c.close();
  }
}

/**
 * NUT 2.8.0's upsmon always uses /run/nut/upsmon.pid and refuses to start
 * while another live upsmon (another test file's) holds it: wait, retry.
 */
async function startNutUpsmon(
  s: Stack,
  args = ["-p", "-F"],
): Promise<void> {
  await Deno.mkdir("/run/nut", { recursive: true });
  for (let attempt = 0; attempt < 5; attempt++) {
    await waitNutPidFree();
    const p = new Deno.Command("/lib/nut/upsmon", {
      args,
      env: s.env,
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    let exited = false;
    p.status.then(() => exited = true);
    await waitFor(async () => exited || await loggedIn(s), 30_000, 100);
    if (!exited) {
      s.procs.push(p);
      return;
    }
    await p.status;
  }
  throw new Error("NUT's upsmon kept refusing to start");
}

async function readOr(path: string, dflt: string): Promise<string> {
  return await Deno.readTextFile(path).catch(() => dflt);
}

Deno.test("nut-allinone shuts down as NUT's driver+upsd+upsmon stack does", async () => {
  if (!haveNut()) return;
  const bin = await Deno.makeTempDir({ prefix: "aio-bin-" });
  writeShims(bin);
  const nut = await makeStack("nut");
  const ours = await makeStack("ours");
  try {
    const r = await new Deno.Command("/sbin/upsdrvctl", {
      args: ["-u", "root", "start"],
      env: nut.env,
      stdout: "null",
      stderr: "null",
    }).output();
    assertEquals(r.code, 0);
    spawn(nut, "/lib/nut/upsd", ["-F", "-u", "root"]);
    await startNutUpsmon(nut);
    spawn(ours, `${bin}/nut-allinone`, []);
    for (const s of [nut, ours]) {
      await waitFor(() => loggedIn(s), 30_000, 100, `${s.name}: upsmon in`);
      // upsd answers WAIT until the driver's first dump is in
      await waitFor(
        async () => (await upsc(s, "ups.status")).out === "OL\n",
        30_000,
        100,
        `${s.name}: OL`,
      );
    }
    // only one process on our side: drivers, upsd and upsmon together
    assertEquals(ours.procs.length, 1);
    const pid = Number(await readOr(`${ours.dir}/dummy-ups-ups1.pid`, "0"));
    assertEquals(pid, ours.procs[0]!.pid);
    assertEquals(Number(await readOr(`${ours.dir}/upsd.pid`, "0")), pid);

    // power fails: atomic rename, as an editor or a test harness would
    for (const s of [nut, ours]) {
      const text = (await Deno.readTextFile(`${s.dir}/ups.dev`)).replace(
        /^ups\.status: .*$/m,
        "ups.status: OB LB",
      );
      await Deno.writeTextFile(`${s.dir}/ups.dev.new`, text);
      await Deno.rename(`${s.dir}/ups.dev.new`, `${s.dir}/ups.dev`);
    }
    for (const s of [nut, ours]) {
      await waitFor(
        async () => (await readOr(`${s.dir}/shutdown.log`, "")) !== "",
        30_000,
        100,
        `${s.name}: SHUTDOWNCMD`,
      );
    }
    const seen = await Promise.all(
      [nut, ours].map((s) => upsc(s, "ups.status")),
    );
    assertEquals(seen[1], seen[0], "FSD is set the same way");
    assert(seen[0]!.out.startsWith("FSD "), seen[0]!.out);
    for (const s of [nut, ours]) {
      const k = await new Deno.Command("/lib/nut/upsmon", {
        args: ["-K"],
        env: s.env,
        stdout: "null",
        stderr: "null",
      }).output();
      assertEquals(k.code, 0, `${s.name}: NUT's upsmon -K sees the flag`);
    }
    // no second SHUTDOWNCMD, and our upsd still answers after the shutdown
    assertEquals(
      await readOr(`${ours.dir}/shutdown.log`, ""),
      await readOr(`${nut.dir}/shutdown.log`, ""),
    );
    assertEquals(await readOr(`${ours.dir}/shutdown.log`, ""), "ran\n");
    assertEquals((await upsc(ours, "ups.status")).code, 0);
  } finally {
    for (const s of [nut, ours]) {
      for (const p of s.procs) {
        try {
          p.kill("SIGTERM");
        } catch { /* gone */ }
        await p.status;
      }
    }
    const drv = Number(await readOr(`${nut.dir}/dummy-ups-ups1.pid`, "0"));
    if (drv > 0) {
      try {
        Deno.kill(drv, "SIGTERM");
      } catch { /* gone */ }
    }
    for (const d of [nut.dir, ours.dir, bin]) {
      await Deno.remove(d, { recursive: true }).catch(() => {});
    }
  }
});

const NOBODY = 65534;

/** SIGTERM to the upsmon in /run/nut/upsmon.pid if it is this stack's. */
function endOwnNutUpsmon(dir: string): void {
  try {
    const pid = Number(Deno.readTextFileSync("/run/nut/upsmon.pid").trim());
    const env = Deno.readTextFileSync(`/proc/${pid}/environ`);
    if (env.split("\0").includes(`NUT_CONFPATH=${dir}`)) {
      Deno.kill(pid, "SIGTERM");
    }
  } catch {
    // none, or not ours
  }
}

/**
 * The same stack for an unprivileged run: readable configs, a state dir
 * owned by nobody, and a SHUTDOWNCMD that records the uid it runs as.
 */
async function makeSplitStack(name: string): Promise<Stack> {
  const s = await makeStack(name);
  const conf = (await Deno.readTextFile(`${s.dir}/upsmon.conf`)).replace(
    /^SHUTDOWNCMD .*$/m,
    `SHUTDOWNCMD "id -u >> ${s.dir}/shutdown.log"`,
  );
  await Deno.writeTextFile(`${s.dir}/upsmon.conf`, conf);
  await Deno.chmod(s.dir, 0o755);
  for (const f of ["ups.conf", "upsd.conf", "upsd.users", "upsmon.conf"]) {
    await Deno.chmod(`${s.dir}/${f}`, 0o644);
  }
  await Deno.chmod(`${s.dir}/ups.dev`, 0o644);
  const state = `${s.dir}/state`;
  await Deno.mkdir(state);
  await Deno.chown(state, NOBODY, NOBODY);
  s.env = {
    NUT_CONFPATH: s.dir,
    NUT_STATEPATH: state,
    NUT_ALTPIDPATH: state,
    NUT_PIDPATH: state,
  };
  return s;
}

function uidOf(pid: number): number {
  const st = Deno.readTextFileSync(`/proc/${pid}/status`);
  return Number(/^Uid:\s+(\d+)/m.exec(st)?.[1]);
}

Deno.test("nut-allinone -u nobody keeps upsmon's privilege split, as NUT's upsmon -u does", async () => {
  if (!haveNut()) return;
  const bin = await Deno.makeTempDir({ prefix: "aio-bin-" });
  writeShims(bin);
  const nut = await makeSplitStack("nut");
  const ours = await makeSplitStack("ours");
  try {
    // NUT: drivers and upsd as nobody, upsmon split (root parent, nobody child)
    const r = await new Deno.Command("/sbin/upsdrvctl", {
      args: ["-u", "nobody", "start"],
      env: nut.env,
      stdout: "null",
      stderr: "null",
    }).output();
    assertEquals(r.code, 0);
    spawn(nut, "/lib/nut/upsd", ["-F", "-u", "nobody"]);
    await startNutUpsmon(nut, ["-F", "-u", "nobody"]);
    spawn(ours, `${bin}/nut-allinone`, ["-u", "nobody"]);
    for (const s of [nut, ours]) {
      await waitFor(() => loggedIn(s), 30_000, 100, `${s.name}: upsmon in`);
    }
    // everything that talks to the network runs as nobody
    assertEquals(uidOf(ours.procs[0]!.pid), NOBODY);
    for (const s of [nut, ours]) {
      const text = (await Deno.readTextFile(`${s.dir}/ups.dev`)).replace(
        /^ups\.status: .*$/m,
        "ups.status: OB LB",
      );
      await Deno.writeTextFile(`${s.dir}/ups.dev.new`, text);
      await Deno.chmod(`${s.dir}/ups.dev.new`, 0o644);
      await Deno.rename(`${s.dir}/ups.dev.new`, `${s.dir}/ups.dev`);
    }
    for (const s of [nut, ours]) {
      await waitFor(
        async () => (await readOr(`${s.dir}/shutdown.log`, "")) !== "",
        30_000,
        100,
        `${s.name}: SHUTDOWNCMD`,
      );
    }
    // SHUTDOWNCMD ran as root on both sides, once
    assertEquals(await readOr(`${nut.dir}/shutdown.log`, ""), "0\n");
    assertEquals(await readOr(`${ours.dir}/shutdown.log`, ""), "0\n");
    // NUT 2.8.0's -K refuses while its split upsmon still runs: end it first
    for (const p of nut.procs.splice(0)) {
      try {
        p.kill("SIGTERM");
      } catch { /* the parent ends after SHUTDOWNCMD */ }
      await p.status;
    }
    endOwnNutUpsmon(nut.dir);
    await waitNutPidFree(20_000);
    for (const s of [nut, ours]) {
      const k = await new Deno.Command("/lib/nut/upsmon", {
        args: ["-K"],
        env: s.env,
        stdout: "piped",
        stderr: "piped",
      }).output();
      assertEquals(
        k.code,
        0,
        `${s.name}: NUT's upsmon -K sees the flag ${
          new TextDecoder().decode(k.stdout)
        }${new TextDecoder().decode(k.stderr)} (${await readOr(
          `${s.dir}/killpower`,
          "no file",
        )})`,
      );
    }
  } finally {
    for (const s of [nut, ours]) {
      for (const p of s.procs) {
        try {
          p.kill("SIGTERM");
        } catch { /* gone */ }
        await p.status;
      }
    }
    endOwnNutUpsmon(nut.dir);
    const drv = Number(
      await readOr(`${nut.dir}/state/dummy-ups-ups1.pid`, "0"),
    );
    if (drv > 0) {
      try {
        Deno.kill(drv, "SIGTERM");
      } catch { /* gone */ }
    }
    for (const d of [nut.dir, ours.dir, bin]) {
      await Deno.remove(d, { recursive: true }).catch(() => {});
    }
  }
});
