/**
 * nut-driver-host failure isolation: one process hosts dummy-ups and two
 * fault-injection instances (tests/fixtures/driver_host/faulty_host.ts).
 * One instance ends with a fatal error, hangs in update(), throws from a
 * timer, is stopped or reloaded — and each time the other instances keep
 * answering on their own driver sockets and keep polling, while the faulty
 * one is restarted as upsdrvctl/systemd would restart a lone driver.
 */
import { assert, assertEquals } from "../assert.ts";
import { waitFor } from "../net.ts";
import { hostCall, type HostedInfo } from "../../src/driver/host_client.ts";

const ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
const ENTRY = `${ROOT}/tests/fixtures/driver_host/faulty_host.ts`;
const DEV = `${ROOT}/tests/fixtures/bench/ups.dev`;
const DUMMY = `${ROOT}/drivers/dummy_ups.ts`;

/** DUMPALL on a driver socket: the SETINFO values, or undefined when closed. */
async function dump(path: string): Promise<Map<string, string> | undefined> {
  let conn: Deno.Conn;
  try {
    conn = await Deno.connect({ transport: "unix", path });
  } catch {
    return undefined;
  }
  try {
    await conn.write(new TextEncoder().encode("DUMPALL\n"));
    let text = "";
    const buf = new Uint8Array(65536);
    const end = Date.now() + 3000;
    while (!text.includes("DUMPDONE\n") && Date.now() < end) {
      const n = await conn.read(buf);
      if (n === null) return undefined;
      text += new TextDecoder().decode(buf.subarray(0, n));
    }
    const vars = new Map<string, string>();
    for (const line of text.split("\n")) {
      const m = /^SETINFO (\S+) "(.*)"$/.exec(line);
      if (m) vars.set(m[1]!, m[2]!);
    }
    return vars;
  } finally {
    conn.close();
  }
}

async function polls(path: string): Promise<number> {
  return Number((await dump(path))?.get("ups.test.polls") ?? -1);
}

/** f2 keeps polling and dummy-ups keeps answering: the others are alive. */
async function othersServe(state: string): Promise<void> {
  const before = await polls(`${state}/faulty-f2`);
  await waitFor(
    async () => await polls(`${state}/faulty-f2`) > before + 2,
    5000,
    20,
    "f2 to keep polling",
  );
  const d = await dump(`${state}/dummy-ups-d1`);
  assertEquals(d?.get("ups.mfr"), "American Power Conversion");
}

async function info(state: string, ups: string): Promise<HostedInfo> {
  const r = await hostCall(state, { cmd: "list" });
  const i = r?.list?.find((x) => x.ups === ups);
  assert(i, `${ups} is listed`);
  return i;
}

Deno.test("one hosted instance failing never takes the others down", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "drvhost-" });
  const state = `${dir}/state`;
  await Deno.mkdir(state);
  await Deno.copyFile(DEV, `${dir}/ups.dev`);
  await Deno.writeTextFile(`${dir}/f1.ctl`, "ok\n");
  await Deno.writeTextFile(`${dir}/f2.ctl`, "ok\n");
  await Deno.writeTextFile(
    `${dir}/ups.conf`,
    `[d1]\n driver = dummy-ups\n port = ups.dev\n` +
      `[f1]\n driver = faulty\n port = ${dir}/f1.ctl\n` +
      `[f2]\n driver = faulty\n port = ${dir}/f2.ctl\n`,
  );
  const child = new Deno.Command(Deno.execPath(), {
    // -u root: the temp dirs are root's (a host started as root drops to nut)
    args: [
      "run",
      "-A",
      ENTRY,
      "-F",
      "-u",
      "root",
      "--hang=0.5",
      "--retry=0.2",
      "--all",
    ],
    env: { NUT_CONFPATH: dir, NUT_STATEPATH: state, NUT_ALTPIDPATH: state },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = child.stderr.pipeThrough(new TextDecoderStream());
  let log = "";
  const logDone = stderr.pipeTo(
    new WritableStream({ write: (c) => void (log += c) }),
  );
  const out = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  try {
    let first = "";
    while (!first.includes("DRIVER-HOST-READY")) {
      const r = await out.read();
      if (r.done) break;
      first += r.value;
    }
    assert(first.includes(`DRIVER-HOST-READY ${child.pid}`), first + log);
    for (const u of ["dummy-ups-d1", "faulty-f1", "faulty-f2"]) {
      assertEquals(
        Number(await Deno.readTextFile(`${state}/${u}.pid`)),
        child.pid,
        `${u}.pid names the host`,
      );
    }
    await othersServe(state);

    await t.step("a second host on the same state path refuses", async () => {
      const second = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", ENTRY, "-F", "-u", "root"],
        env: { NUT_CONFPATH: dir, NUT_STATEPATH: state, NUT_ALTPIDPATH: state },
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      assertEquals(second.code, 1);
      const text = new TextDecoder().decode(second.stderr);
      assert(text.includes("already listens"), text);
      assertEquals((await hostCall(state, { cmd: "list" }))?.pid, child.pid);
    });

    await t.step(
      "fatal error: its socket closes, then it restarts",
      async () => {
        await Deno.writeTextFile(`${dir}/f1.ctl`, "fatal\n");
        await waitFor(async () => !(await dump(`${state}/faulty-f1`)));
        await othersServe(state);
        await Deno.writeTextFile(`${dir}/f1.ctl`, "ok\n");
        await waitFor(async () => await polls(`${state}/faulty-f1`) > 0);
        assert((await info(state, "f1")).restarts >= 1);
        assert(log.includes("faulty-f1: instance ended: injected fatal"), log);
      },
    );

    await t.step(
      "hung update(): abandoned, others serve, restarted",
      async () => {
        const restarts = (await info(state, "f1")).restarts;
        await Deno.writeTextFile(`${dir}/f1.ctl`, "hang\n");
        // while f1 is stuck (before the watchdog fires) the others go on
        await othersServe(state);
        await waitFor(async () => !(await dump(`${state}/faulty-f1`)));
        assert(log.includes("faulty-f1: update() has not returned"), log);
        await Deno.writeTextFile(`${dir}/f1.ctl`, "ok\n");
        await waitFor(async () => await polls(`${state}/faulty-f1`) > 0);
        assert((await info(state, "f1")).restarts > restarts);
        await othersServe(state);
      },
    );

    await t.step("a stray exception does not end the process", async () => {
      await Deno.writeTextFile(`${dir}/f1.ctl`, "stray\n");
      await waitFor(() => log.includes("injected stray exception"));
      await othersServe(state);
      await Deno.writeTextFile(`${dir}/f1.ctl`, "ok\n");
      const p = await polls(`${state}/faulty-f1`);
      await waitFor(async () => await polls(`${state}/faulty-f1`) > p + 2);
    });

    await t.step("stop and reload act on one instance only", async () => {
      assertEquals(
        (await hostCall(state, { cmd: "reload", ups: "d1" }))?.ok,
        true,
      );
      assertEquals(
        (await hostCall(state, {
          cmd: "stop",
          pidfile: `${state}/faulty-f1.pid`,
        }))?.ok,
        true,
      );
      assertEquals(await dump(`${state}/faulty-f1`), undefined);
      await assertMissing(`${state}/faulty-f1.pid`);
      await othersServe(state);
      const again = await hostCall(state, { cmd: "stop", ups: "f1" });
      assertEquals(again?.unknown, true);
    });

    await t.step(
      "dummy-ups -a d1 -c reload|exit reaches d1 alone",
      async () => {
        const env = {
          NUT_CONFPATH: dir,
          NUT_STATEPATH: state,
          NUT_ALTPIDPATH: state,
        };
        const drv = (c: string) =>
          new Deno.Command(Deno.execPath(), {
            args: ["run", "-A", DUMMY, "-a", "d1", "-c", c],
            env,
            stdout: "null",
            stderr: "null",
          }).output();
        assertEquals((await drv("reload")).code, 0);
        await othersServe(state);
        assertEquals((await drv("exit")).code, 0);
        assertEquals(await dump(`${state}/dummy-ups-d1`), undefined);
        // f2 keeps polling: the host did not get the SIGTERM
        const p = await polls(`${state}/faulty-f2`);
        await waitFor(async () => await polls(`${state}/faulty-f2`) > p + 2);
        assertEquals((await hostCall(state, { cmd: "list" }))?.list?.length, 1);
      },
    );
  } finally {
    try {
      child.kill("SIGTERM");
    } catch { /* gone */ }
    const status = await child.status;
    await out.cancel();
    await logDone;
    assertEquals(status.code, 0, log);
    await assertMissing(`${state}/faulty-f2.pid`);
    await assertMissing(`${state}/faulty-f2`);
    await Deno.remove(dir, { recursive: true });
  }
});

async function assertMissing(path: string): Promise<void> {
  try {
    await Deno.stat(path);
  } catch {
    return;
  }
  throw new Error(`${path} still exists`);
}
