/**
 * upsdrvctl with the shared driver host, side by side with NUT 2.8.0:
 * the same ups.conf (three dummy-ups UPSes), started by NUT's upsdrvctl
 * with NUT's drivers and by our upsdrvctl (the `deno task shims`
 * launchers), each served by NUT's own upsd and read with NUT's own upsc.
 * Exit codes and what upsc sees must match through start, `stop b`,
 * `start b` and `stop`; ours must run one process where NUT runs three,
 * and leave none behind.
 */
import { assert, assertEquals } from "../assert.ts";
import { freePort, haveNut, waitFor } from "../net.ts";
import { writeShims } from "../../scripts/shims.ts";
import { processAlive, readPid } from "../../src/pidfile.ts";
import { hostSocketPath } from "../../src/driver/host_client.ts";

const DEV = new URL("../fixtures/bench/ups.dev", import.meta.url).pathname;
const UPSES = ["a", "b", "c"];

interface Out {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(
  cmd: string,
  args: string[],
  env: Record<string, string>,
): Promise<Out> {
  const o = await new Deno.Command(cmd, { args, env, stdin: "null" }).output();
  const d = new TextDecoder();
  return {
    code: o.code,
    stdout: d.decode(o.stdout),
    stderr: d.decode(o.stderr),
  };
}

interface Stack {
  name: string;
  dir: string;
  env: Record<string, string>;
  upsdrvctl: string;
  port: number;
  upsd?: Deno.ChildProcess;
}

async function makeStack(name: string, driverPath: string, upsdrvctl: string) {
  const dir = await Deno.makeTempDir({ prefix: `drvhost-${name}-` });
  await Deno.copyFile(DEV, `${dir}/ups.dev`);
  const port = freePort();
  await Deno.writeTextFile(
    `${dir}/ups.conf`,
    `driverpath = ${driverPath}\n` +
      UPSES.map((u) => `[${u}]\n driver = dummy-ups\n port = ups.dev\n`).join(
        "",
      ),
  );
  await Deno.writeTextFile(`${dir}/upsd.conf`, `LISTEN 127.0.0.1 ${port}\n`);
  await Deno.writeTextFile(`${dir}/upsd.users`, "");
  const env = { NUT_CONFPATH: dir, NUT_STATEPATH: dir, NUT_ALTPIDPATH: dir };
  return { name, dir, env, upsdrvctl, port } as Stack;
}

function drvctl(s: Stack, ...args: string[]): Promise<Out> {
  return run(s.upsdrvctl, ["-u", "root", ...args], s.env);
}

function upsc(s: Stack, ups: string): Promise<Out> {
  return run("/usr/bin/upsc", [`${ups}@127.0.0.1:${s.port}`], s.env);
}

/** upsc's view of every UPS once upsd has caught up with the drivers. */
async function view(s: Stack, expectUp: string[]): Promise<Out[]> {
  await waitFor(
    async () => {
      for (const u of UPSES) {
        const r = await upsc(s, u);
        // upsd answers `ups.status: WAIT` until the driver's dump is in
        const up = r.code === 0 && !r.stdout.startsWith("ups.status: WAIT");
        if (up !== expectUp.includes(u)) return false;
      }
      return true;
    },
    20_000,
    100,
    `${s.name}: upsd to see ${expectUp.join(",")} up`,
  );
  return await Promise.all(UPSES.map((u) => upsc(s, u)));
}

Deno.test("upsdrvctl hosts our drivers in one process, as NUT's three behave", async () => {
  if (!haveNut()) return;
  const bin = await Deno.makeTempDir({ prefix: "drvhost-bin-" });
  writeShims(bin);
  const nut = await makeStack("nut", "/lib/nut", "/sbin/upsdrvctl");
  const ours = await makeStack("ours", bin, `${bin}/upsdrvctl`);
  const stacks = [nut, ours];
  try {
    for (const s of stacks) {
      const r = await drvctl(s, "start");
      assertEquals(r.code, 0, `${s.name} start: ${r.stderr}`);
      s.upsd = new Deno.Command("/lib/nut/upsd", {
        args: ["-F", "-u", "root"],
        env: s.env,
        stdin: "null",
        stdout: "null",
        stderr: "null",
      }).spawn();
    }
    const pids = (s: Stack) =>
      UPSES.map((u) => readPid(`${s.dir}/dummy-ups-${u}.pid`));
    assertEquals(new Set(pids(nut)).size, 3);
    assertEquals(
      new Set(pids(ours)).size,
      1,
      "one host process for three UPSes",
    );
    const hostPid = pids(ours)[0]!;
    assert(processAlive(hostPid));

    const all = await Promise.all(stacks.map((s) => view(s, UPSES)));
    assertEquals(all[1], all[0], "upsc sees the same three UPSes");

    // stop one: only that one goes away
    const stopB = await Promise.all(stacks.map((s) => drvctl(s, "stop", "b")));
    assertEquals(stopB[1]!.code, stopB[0]!.code);
    const afterStop = await Promise.all(stacks.map((s) => view(s, ["a", "c"])));
    assertEquals(afterStop[1], afterStop[0], "b is gone, a and c are served");
    assert(afterStop[0]![1]!.stderr.includes("Driver not connected"));
    assert(processAlive(hostPid), "the host survives stop b");

    // start it again: back in the same host
    for (const s of stacks) {
      assertEquals((await drvctl(s, "start", "b")).code, 0);
    }
    const again = await Promise.all(stacks.map((s) => view(s, UPSES)));
    assertEquals(again[1], again[0]);
    assertEquals(pids(ours), [hostPid, hostPid, hostPid]);

    const stopAll = await Promise.all(stacks.map((s) => drvctl(s, "stop")));
    assertEquals(stopAll[1]!.code, stopAll[0]!.code);
    await waitFor(() => !processAlive(hostPid), 10_000, 20, "host to exit");
    const left = await Deno.stat(hostSocketPath(ours.dir)).then(
      () => true,
      () => false,
    );
    assert(!left, "the host removed its control socket");
  } finally {
    for (const s of stacks) {
      try {
        s.upsd?.kill("SIGTERM");
        await s.upsd?.status;
      } catch { /* gone */ }
      for (const u of UPSES) {
        const pid = readPid(`${s.dir}/dummy-ups-${u}.pid`);
        if (pid !== undefined && pid !== Deno.pid) {
          try {
            Deno.kill(pid, "SIGTERM");
          } catch { /* gone */ }
        }
      }
      await Deno.remove(s.dir, { recursive: true }).catch(() => {});
    }
    await Deno.remove(bin, { recursive: true });
  }
});
