/** upsmon as a user runs it: -K, -c fsd/reload/test/rehearse, split mode, nutshutdown. */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { haveNut, waitFor } from "../net.ts";
import {
  lines,
  OUR_UPSMON,
  query,
  startNutStack,
  startUpsmon,
  writeMonConf,
} from "../fixtures/upsmon/harness.ts";

const REPO = new URL("../../", import.meta.url).pathname;

async function ours(args: string[], env: Record<string, string>) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", OUR_UPSMON, ...args],
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const d = new TextDecoder();
  return { code: out.code, text: d.decode(out.stdout) + d.decode(out.stderr) };
}

Deno.test("upsmon -K: exit codes as NUT", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const env = { NUT_CONFPATH: dir, NUT_PIDPATH: dir };
    await Deno.writeTextFile(`${dir}/upsmon.conf`, `POWERDOWNFLAG ${dir}/kp\n`);
    let r = await ours(["-K"], env);
    assertEquals(r.code, 1);
    assertStringIncludes(r.text, "Power down flag is not set");
    await Deno.writeTextFile(`${dir}/kp`, "upsmon-shutdown-file");
    r = await ours(["-K"], env);
    assertEquals(r.code, 0);
    assertStringIncludes(r.text, "Power down flag is set");
    await Deno.writeTextFile(`${dir}/kp`, "something else");
    assertEquals((await ours(["-K"], env)).code, 1);
    await Deno.writeTextFile(`${dir}/upsmon.conf`, "MINSUPPLIES 1\n");
    assertEquals((await ours(["-K"], env)).code, 1);
    await Deno.remove(`${dir}/upsmon.conf`);
    assertEquals((await ours(["-K"], env)).code, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("nutshutdown: upsdrvctl shutdown only when the flag is set", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/upsmon.conf`, `POWERDOWNFLAG ${dir}/kp\n`);
    await Deno.writeTextFile(
      `${dir}/upsmon`,
      `#!/bin/sh\nexec "${Deno.execPath()}" run --allow-all "${OUR_UPSMON}" "$@"\n`,
    );
    await Deno.writeTextFile(
      `${dir}/upsdrvctl`,
      `#!/bin/sh\necho "$@" >> "${dir}/drv.log"\n`,
    );
    await Deno.chmod(`${dir}/upsmon`, 0o755);
    await Deno.chmod(`${dir}/upsdrvctl`, 0o755);
    const run = () =>
      new Deno.Command("/bin/sh", {
        args: [`${REPO}scripts/nutshutdown`],
        env: {
          NUT_CONFPATH: dir,
          UPSMON: `${dir}/upsmon`,
          UPSDRVCTL: `${dir}/upsdrvctl`,
        },
      }).output();
    assertEquals((await run()).code, 0);
    assertEquals(await lines(`${dir}/drv.log`), []);
    await Deno.writeTextFile(`${dir}/kp`, "upsmon-shutdown-file");
    assertEquals((await run()).code, 0);
    assertEquals(await lines(`${dir}/drv.log`), ["shutdown"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const nut = { ignore: !haveNut() };

Deno.test("upsmon -c fsd, broken reload kept out, -c stop", nut, async () => {
  const stack = await startNutStack("ups.status: OL\nTIMER 10000\n");
  try {
    const dir = await writeMonConf(stack, "fsd");
    const env = { NUT_CONFPATH: dir, NUT_PIDPATH: dir };
    const mon = startUpsmon("ours", dir);
    try {
      await waitFor(async () => (await lines(`${dir}/upsmon.pid`)).length > 0);
      const good = await Deno.readTextFile(`${dir}/upsmon.conf`);
      await Deno.writeTextFile(`${dir}/upsmon.conf`, good + "BOGUS LINE\n");
      assertEquals((await ours(["-c", "re"], env)).code, 0);
      await waitFor(
        () => mon.seen().includes("keeping the previous configuration"),
        10_000,
        50,
        "the failed reload",
      );
      await Deno.writeTextFile(`${dir}/upsmon.conf`, good);
      assertEquals((await ours(["-c", "fsd"], env)).code, 0);
      const status = await mon.proc.status;
      assertEquals(status.code, 0);
      const out = await mon.output;
      assertStringIncludes(out, "invalid directive BOGUS LINE");
      assertStringIncludes(
        out,
        "Reload failed: keeping the previous configuration",
      );
      assertStringIncludes(out, "User requested FSD");
      assertEquals(await lines(`${dir}/shutdown.log`), ["shutdown"]);
      assertEquals(
        await query(stack.port, "GET VAR seq ups.status"),
        'VAR seq ups.status "FSD OL"',
      );
      // no instance left: -c stop has nothing to signal
      assertEquals((await ours(["-c", "stop"], env)).code, 1);
    } finally {
      await mon.stop();
    }
  } finally {
    await stack.stop();
  }
});

Deno.test(
  "upsmon -c rehearse prints the timeline and executes nothing",
  nut,
  async () => {
    const stack = await startNutStack(
      "ups.status: OL\nbattery.runtime: 600\nbattery.runtime.low: 120\nTIMER 10000\n",
    );
    try {
      const dir = await writeMonConf(stack, "rh");
      const r = await ours(["-c", "rehearse"], {
        NUT_CONFPATH: dir,
        NUT_PIDPATH: dir,
      });
      assertEquals(r.code, 0);
      assertStringIncludes(r.text, "LB expected 480 s after power loss");
      assertStringIncludes(r.text, "T+0:00  notify ONBATT");
      assertStringIncludes(r.text, "T+8:00  notify LOWBATT");
      assertStringIncludes(r.text, "SHUTDOWNCMD would run: echo shutdown");
      assertStringIncludes(
        r.text,
        "Decision: shutdown T+8:00 after power loss",
      );
      assertEquals(await lines(`${dir}/shutdown.log`), []);
      assertEquals(await lines(`${dir}/notify.log`), []);
      assertEquals(
        await query(stack.port, "GET VAR seq ups.status"),
        'VAR seq ups.status "OL"',
      );
    } finally {
      await stack.stop();
    }
  },
);

Deno.test("upsmon -c test fires NOTIFYCMD with NOTIFYTYPE=TEST", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/upsmon.conf`,
      `MONITOR u@h 1 a b primary\nNOTIFYCMD "/bin/sh ${dir}/n.sh"\n`,
    );
    await Deno.writeTextFile(
      `${dir}/n.sh`,
      `echo "$NOTIFYTYPE $UPSNAME $1" >> ${dir}/n.log\n`,
    );
    const r = await ours(["-c", "test"], { NUT_CONFPATH: dir });
    assertStringIncludes(r.text, "EXEC: /bin/sh");
    assertEquals(await lines(`${dir}/n.log`), [
      "TEST u@h Test notification from upsmon (UPS u@h)",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("upsmon split mode: unprivileged child, root parent shuts down", {
  ignore: !haveNut() || Deno.uid() !== 0,
}, async () => {
  const stack = await startNutStack("ups.status: OB LB\nTIMER 10000\n");
  try {
    await Deno.chmod(stack.dir, 0o755);
    const dir = await writeMonConf(stack, "split");
    await Deno.chmod(dir, 0o777);
    const proc = new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", OUR_UPSMON, "-F", "-u", "nobody"],
      env: { NUT_CONFPATH: dir, NUT_PIDPATH: dir },
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const timer = setTimeout(() => proc.kill("SIGKILL"), 20_000);
    const out = await proc.output();
    clearTimeout(timer);
    assertEquals(out.code, 0);
    assertEquals(await lines(`${dir}/shutdown.log`), ["shutdown"]);
    assertEquals(
      await Deno.readTextFile(`${dir}/killpower`),
      "upsmon-shutdown-file",
    );
    // the child ran the notifier as nobody
    const owner = (await Deno.stat(`${dir}/notify.log`)).uid;
    assert(owner === 65534, `notify.log owned by ${owner}`);
  } finally {
    await stack.stop();
  }
});
