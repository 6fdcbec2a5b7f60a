/**
 * Driver `-c reload` / SIGHUP on our dummy-ups (as NUT master's driver
 * reload): override.*, default.* and pollinterval changes show through
 * NUT 2.8.0's upsd and our upsc; a broken ups.conf keeps the old config;
 * a changed port or driver is refused with a log line asking for a restart.
 */
import { assertEquals, assertStringIncludes } from "../assert.ts";
import {
  makeTree,
  type NutTree,
  type Proc,
  spawn,
  startNutUpsd,
  waitFor,
} from "../fixtures/upsd/harness.ts";
import { freePort, haveNut } from "../net.ts";
import { run, runOurs } from "./clients_helpers.ts";
import { BINARIES } from "../../scripts/binaries.ts";

const DRIVER = new URL("../../drivers/dummy_ups.ts", import.meta.url).pathname;
const PERMS = BINARIES.find((b) => b.name === "upsd")!.permissions;

const DEV = `ups.mfr: File Mfr
ups.model: File Model
ups.status: OL
battery.charge: 90
`;

function section(extra: string, port = "ups1.dev"): string {
  return `[ups1]\n driver = dummy-ups\n port = ${port}\n${extra}`;
}

function driverCmd(tree: NutTree, args: string[]) {
  return run(Deno.execPath(), ["run", "--quiet", ...PERMS, DRIVER, ...args], {
    env: tree.env,
  });
}

async function upsc(port: number, variable: string): Promise<string> {
  const r = await runOurs("upsc", [`ups1@127.0.0.1:${port}`, variable], {
    env: { NUT_CLIENT_TLS: "off" },
  });
  return r.code === 0 ? r.stdout.trim() : `(${r.stderr.trim()})`;
}

/** Waits until the driver logged `text` after offset `from`. */
async function logged(p: Proc, from: number, text: string): Promise<string> {
  await waitFor(
    () => p.output().slice(from).includes(text),
    10_000,
    25,
    `driver log "${text}"`,
  );
  return p.output().slice(from);
}

Deno.test({
  name: "dummy-ups -c reload / SIGHUP applies ups.conf changes",
  ignore: !haveNut(),
  sanitizeOps: true,
  sanitizeResources: true,
  async fn() {
    const port = freePort();
    const tree = makeTree({
      "ups.conf": section(
        ' override.ups.mfr = "First Mfr"\n default.battery.voltage = 12.0\n pollinterval = 5\n',
      ),
      "upsd.conf": `LISTEN 127.0.0.1 ${port}\n`,
      "upsd.users": "[admin]\n password = pw\n actions = SET\n",
      "ups1.dev": DEV,
    });
    // -FF: foreground (its log is ours) with a PID file for -c reload
    const driver = spawn(
      Deno.execPath(),
      [
        "run",
        ...PERMS,
        DRIVER,
        "-a",
        "ups1",
        "-FF",
        "-u",
        "root",
      ],
      { ...tree.env },
      tree.dir,
    );
    let upsd: Proc | undefined;
    try {
      await waitFor(
        () => {
          Deno.statSync(`${tree.state}/dummy-ups-ups1`);
          return true;
        },
        20_000,
        25,
        "driver socket",
      );
      upsd = await startNutUpsd(tree, port);
      await waitFor(
        async () => (await upsc(port, "ups.mfr")) === "First Mfr",
        10_000,
        50,
        "first override through upsd",
      );
      assertEquals(await upsc(port, "driver.parameter.pollinterval"), "5");
      assertEquals(await upsc(port, "battery.voltage"), "12.0");
      assertEquals(await upsc(port, "ups.model"), "File Model");

      // 1. -c reload: new override, new default, new pollinterval
      tree.write(
        "ups.conf",
        section(
          ' override.ups.mfr = "Second Mfr"\n default.battery.voltage = 13.5\n pollinterval = 1\n override.ups.model = "Forced Model"\n',
        ),
      );
      let from = driver.output().length;
      const r1 = await driverCmd(tree, ["-c", "reload", "-a", "ups1"]);
      assertEquals(r1.code, 0, r1.stderr);
      let log = await logged(driver, from, "Completed requested live reload");
      assertStringIncludes(
        log,
        "Handling requested live reload of NUT driver configuration for [ups1]",
      );
      assertStringIncludes(log, "pollinterval changed to 1");
      assertStringIncludes(log, "[ups1]: applied");
      await waitFor(
        async () => (await upsc(port, "ups.mfr")) === "Second Mfr",
        10_000,
        50,
        "second override through upsd",
      );
      assertEquals(await upsc(port, "driver.parameter.pollinterval"), "1");
      assertEquals(await upsc(port, "battery.voltage"), "13.5");
      assertEquals(await upsc(port, "ups.model"), "Forced Model");
      // an override still beats the device data after the reload
      tree.write(
        "ups1.dev",
        DEV.replace("File Mfr", "Edited Mfr").replace("90", "42"),
      );
      await waitFor(
        async () => (await upsc(port, "battery.charge")) === "42",
        10_000,
        50,
        "dev file edit",
      );
      assertEquals(await upsc(port, "ups.mfr"), "Second Mfr");

      // 2. a broken ups.conf (parse error), then none at all, then one
      // without our section: the old configuration stays each time
      tree.write(
        "ups.conf",
        section(' override.ups.mfr = "Third # Mfr"\n pollinterval = 7\n'),
      );
      from = driver.output().length;
      Deno.kill(driver.child.pid, "SIGHUP");
      log = await logged(driver, from, "Reload failed");
      assertStringIncludes(log, "Parse error: ");
      assertStringIncludes(log, "ups.conf:4: ");
      assertStringIncludes(log, "has errors; keeping the old configuration");
      Deno.removeSync(`${tree.dir}/ups.conf`);
      from = driver.output().length;
      Deno.kill(driver.child.pid, "SIGHUP");
      log = await logged(driver, from, "Reload failed");
      assertStringIncludes(
        log,
        `Reload failed: can't open ${tree.dir}/ups.conf: `,
      );
      tree.write("ups.conf", "[other]\n driver = dummy-ups\n port = x.dev\n");
      from = driver.output().length;
      Deno.kill(driver.child.pid, "SIGHUP");
      log = await logged(driver, from, "Reload failed");
      assertStringIncludes(log, "Section ups1 not found in ups.conf");
      assertEquals(await upsc(port, "ups.mfr"), "Second Mfr");
      assertEquals(await upsc(port, "driver.parameter.pollinterval"), "1");
      assertEquals(await upsc(port, "battery.voltage"), "13.5");

      // 3. port and driver changes are refused; the rest applies
      tree.write("other.dev", "ups.mfr: Other\nups.status: OB\n");
      tree.write(
        "ups.conf",
        section(
          ' override.ups.mfr = "Fourth Mfr"\n pollinterval = 3\n',
          "other.dev",
        )
          .replace("driver = dummy-ups", "driver = usbhid-ups"),
      );
      from = driver.output().length;
      const r3 = await driverCmd(tree, ["-c", "reload", "-a", "ups1"]);
      assertEquals(r3.code, 0, r3.stderr);
      log = await logged(driver, from, "Completed requested live reload");
      assertStringIncludes(
        log,
        "setting 'port' exists and differs: new value 'other.dev' vs. 'ups1.dev' (driver restart is needed to apply)",
      );
      assertStringIncludes(
        log,
        "setting 'driver' exists and differs: new value 'usbhid-ups' vs. 'dummy-ups' (driver restart is needed to apply)",
      );
      assertStringIncludes(log, "restart needed for driver, port");
      await waitFor(
        async () => (await upsc(port, "ups.mfr")) === "Fourth Mfr",
        10_000,
        50,
        "fourth override",
      );
      assertEquals(await upsc(port, "driver.parameter.pollinterval"), "3");
      // still reading the old port's file
      assertEquals(await upsc(port, "driver.parameter.port"), "ups1.dev");
      assertEquals(await upsc(port, "ups.status"), "OL");
      assertEquals(await upsc(port, "battery.charge"), "42");

      // 4. an override removed from ups.conf hands the variable back
      tree.write("ups.conf", section(" pollinterval = 3\n"));
      from = driver.output().length;
      Deno.kill(driver.child.pid, "SIGHUP");
      await logged(driver, from, "Completed requested live reload");
      tree.write("ups1.dev", DEV.replace("File Mfr", "Device Mfr"));
      await waitFor(
        async () => (await upsc(port, "ups.mfr")) === "Device Mfr",
        10_000,
        50,
        "device value after the override is gone",
      );
    } finally {
      await upsd?.kill();
      await driver.kill();
      tree.remove();
    }
  },
});
