/**
 * Our apcsmart as a daemon on the pty simulator, served by NUT 2.8.0's
 * upsd, read with NUT's upsc: a scripted power failure (line lost, battery
 * low, power back) shows in ups.status, an instant command reaches the
 * unit, and a silent unit turns the data stale until it answers again.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut, waitFor } from "../net.ts";
import { ApcSmartSim, runCmd, withUpsd } from "../sim/apc_smart.ts";

const OURS = [
  Deno.execPath(),
  "run",
  "-A",
  new URL("../../drivers/apcsmart.ts", import.meta.url).pathname,
];

Deno.test({
  name: "apcsmart e2e: our driver -> NUT upsd -> upsc through a power failure",
  ignore: !haveNut(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const sim = new ApcSmartSim();
    try {
      await withUpsd(OURS, sim.path, async (s) => {
        const upsc = async (v: string) =>
          (await runCmd("/usr/bin/upsc", [s.target, v], s.env)).out.trim();
        const until = (v: string, want: string) =>
          waitFor(
            async () => await upsc(v) === want,
            15_000,
            200,
            `${v}=${want}`,
          );

        assertEquals(await upsc("ups.status"), "OL");
        assertEquals(await upsc("device.model"), "Smart-UPS 1500");
        assertEquals(await upsc("battery.runtime"), "19620");

        await sim.setState("battery");
        await until("ups.status", "OB");
        await until("battery.charge", "064.0");
        await until("input.transfer.reason", "low utility voltage");

        await sim.setState("low");
        await until("ups.status", "OB LB");

        await sim.setState("online");
        await until("ups.status", "OL");

        const cmd = await runCmd("/usr/bin/upscmd", [
          "-u",
          "admin",
          "-p",
          "pw",
          "-w",
          s.target,
          "test.battery.start",
        ], s.env);
        assertEquals(cmd.code, 0, cmd.err);
        assert(cmd.err.includes("SUCCESS"), cmd.err);
        assert(sim.received.includes("W"));

        sim.fault = "silent";
        await waitFor(
          async () =>
            (await runCmd("/usr/bin/upsc", [s.target, "ups.status"], s.env))
              .err.includes("Data stale"),
          20_000,
          250,
          "stale data",
        );
        sim.fault = "none";
        await until("ups.status", "OL");
      }, " pollinterval = 1\n");
    } finally {
      await sim.close();
    }
  },
});
