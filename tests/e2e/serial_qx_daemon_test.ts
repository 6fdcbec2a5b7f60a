/**
 * End to end: our nutdrv_qx as a daemon (it backgrounds itself) on a
 * Voltronic simulator → NUT 2.8.0's upsd → NUT's upsc. upsc shows the
 * simulator's values, and follows a scripted power cut (OB, then OB LB)
 * and the return of mains.
 */
import { assertEquals } from "../assert.ts";
import { freePort, haveNut, waitFor } from "../net.ts";
import { VoltronicSim } from "../sim/voltronic.ts";

const nut = haveNut();
const ROOT = new URL("../../", import.meta.url).pathname;

async function upsc(target: string, env: Record<string, string>) {
  const out = await new Deno.Command("/usr/bin/upsc", {
    args: [target],
    env,
    stdout: "piped",
    stderr: "null",
  }).output();
  const vars = new Map<string, string>();
  for (const l of new TextDecoder().decode(out.stdout).split("\n")) {
    const i = l.indexOf(": ");
    if (i > 0) vars.set(l.slice(0, i), l.slice(i + 2));
  }
  return vars;
}

Deno.test({
  name: "nutdrv_qx daemon → NUT upsd → upsc follows a power event",
  ignore: !nut,
  fn: async () => {
    const sim = new VoltronicSim();
    const dir = await Deno.makeTempDir({ prefix: "qx-e2e-" });
    const port = freePort();
    const env = {
      NUT_CONFPATH: dir,
      NUT_STATEPATH: dir,
      NUT_ALTPIDPATH: dir,
    };
    let upsd: Deno.ChildProcess | undefined;
    try {
      await Deno.writeTextFile(
        `${dir}/ups.conf`,
        `[ups]\n driver = nutdrv_qx\n port = ${sim.path}\n pollinterval = 1\n pollfreq = 1\n`,
      );
      await Deno.writeTextFile(
        `${dir}/upsd.conf`,
        `LISTEN 127.0.0.1 ${port}\n`,
      );
      await Deno.writeTextFile(`${dir}/upsd.users`, "");
      const drv = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          `${ROOT}drivers/nutdrv_qx.ts`,
          "-a",
          "ups",
          "-u",
          "root",
        ],
        env,
        stdout: "null",
        stderr: "piped",
      }).output();
      assertEquals(
        drv.code,
        0,
        new TextDecoder().decode(drv.stderr),
      );
      upsd = new Deno.Command("/lib/nut/upsd", {
        args: ["-u", "root", "-F"],
        env,
        stdout: "null",
        stderr: "null",
      }).spawn();
      const target = `ups@127.0.0.1:${port}`;
      let vars = new Map<string, string>();
      const until = async (status: string) => {
        await waitFor(
          async () => {
            vars = await upsc(target, env);
            return vars.get("ups.status") === status;
          },
          20_000,
          200,
          `ups.status ${status} (last: ${vars.get("ups.status")})`,
        );
      };
      await until("OL");
      assertEquals(vars.get("driver.name"), "nutdrv_qx");
      assertEquals(vars.get("driver.version.data"), "Voltronic 0.06");
      assertEquals(vars.get("input.voltage"), "231.0");
      assertEquals(vars.get("device.model"), "OLHVT1K0");
      assertEquals(vars.get("ups.firmware.aux"), "P02");
      assertEquals(vars.get("battery.runtime"), "2700");
      sim.power = "battery";
      await until("OB");
      await waitFor(
        async () => (await upsc(target, env)).get("battery.charge") === "70",
        20_000,
        200,
        "battery.charge 70",
      );
      sim.power = "low";
      await until("ALARM OB LB");
      vars = await upsc(target, env);
      assertEquals(vars.get("ups.alarm"), "UPS warnings: Low battery.");
      sim.power = "online";
      await until("OL");
    } finally {
      try {
        upsd?.kill("SIGTERM");
        await upsd?.status;
      } catch { /* gone */ }
      try {
        const pid = Number(
          (await Deno.readTextFile(`${dir}/nutdrv_qx-ups.pid`)).trim(),
        );
        if (pid > 0) Deno.kill(pid, "SIGTERM");
        await waitFor(() => {
          try {
            Deno.kill(pid, "SIGCONT");
            return false;
          } catch {
            return true;
          }
        }, 5_000);
      } catch { /* no pid file: the driver never started */ }
      await sim.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
