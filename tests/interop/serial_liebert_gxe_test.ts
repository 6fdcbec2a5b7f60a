/**
 * liebert-gxe is not in Debian's NUT 2.8.0: it is proven against a YDN23
 * simulator written from NUT's source facts (tests/sim/liebert_gxe.ts).
 * The driver binary on a pty gives the values NUT's source derives from
 * the registers after one full poll cycle (`-d 2`: start-up and three more updates), with request frames as
 * ydn23.h builds them (checked against hand-computed checksums); `-k`
 * sends nothing and fails as NUT's; in-process, warnings and the data flag
 * steer the poll cycle (warning i at register i; NUT reads 1 + i), remote
 * commands go out in the probe's field order (NUT swaps VER and ADR), and
 * silence or garbage stay fresh for `retry` polls, then go stale, then
 * recover.
 */
import { assert, assertEquals } from "../assert.ts";
import { GxeModel, GxeSim } from "../sim/liebert_gxe.ts";
import { parseDump, runOurDriver, testCtx } from "../sim/harness.ts";
import { ModelLine } from "../sim/model_line.ts";
import { GXE_WARNINGS, GxeDriver } from "../../drivers/liebert_gxe/driver.ts";
import { buildFrame } from "../../drivers/liebert_gxe/ydn23.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (path: string) =>
  `[sim]\n driver = liebert-gxe\n port = ${path}\n`;

Deno.test({
  name: "liebert-gxe: YDN23 frames as NUT documents them",
  permissions: "none",
  fn: () => {
    // the probe in ydn23.h's comment, and hand-summed checksums
    assertEquals(buildFrame("21", "01", "2A50"), "~21012A500000FDA4\r");
    assertEquals(buildFrame("21", "01", "2A51"), "~21012A510000FDA3\r");
    assertEquals(
      buildFrame("01", "21", "2A45", "1002"),
      "~01212A45C0041002FCC6\r",
    );
  },
});

Deno.test({
  name:
    "liebert-gxe -d 2 on the simulator: values from the registers, -k refused",
  ...opts,
  fn: async () => {
    const sim = new GxeSim(), k = new GxeSim();
    try {
      const [r, kill] = await Promise.all([
        runOurDriver("liebert_gxe", conf(sim.path), ["-d", "2"]),
        runOurDriver("liebert_gxe", conf(k.path), ["-k"]),
      ]);
      assertEquals(r.code, 0, r.stderr);
      const dump = parseDump(r.stdout);
      for (
        const line of [
          "ups.mfr: EmersonNetworkPower",
          "ups.model: UHA1R-0030",
          "ups.id: 01",
          "output.voltage.nominal: 220",
          "output.frequency.nominal: 50",
          "input.transfer.bypass.high: 253.000000",
          "input.transfer.bypass.low: 120",
          "ups.test.interval: 648000",
          "ups.status: OL",
          "battery.charger.status: resting",
          "ups.test.result: Idle",
          "input.voltage: 220.50",
          "output.voltage: 220.13",
          "output.current: 12.34",
          "battery.voltage: 216.40",
          "output.frequency: 50.00",
          "input.frequency: 49.98",
          "ups.realpower: 1200",
          "ups.power: 1500",
          "battery.runtime: 2700",
        ]
      ) assert(dump.includes(line), `${line}\n${dump.join("\n")}`);
      await sim.drained();
      assertEquals(sim.frames.slice(0, 2), [
        "~21012A510000FDA3",
        "~21012A470000FD9E",
      ]);
      assertEquals(sim.frames.map((f) => f.slice(7, 9)), [
        "51",
        "47",
        "44",
        "43",
        "42",
      ]);
      assertEquals(kill.code, 1);
      await k.drained();
      assertEquals(k.frames, []);
    } finally {
      await sim.close();
      await k.close();
    }
  },
});

function start(values: Record<string, string> = {}) {
  const model = new GxeModel();
  const line = new ModelLine((f) => model.answer(f));
  const t = testCtx("/dev/null", values);
  const drv = new GxeDriver(t.ctx, () => Promise.resolve(line), 5);
  return { model, line, t, drv };
}

Deno.test({
  name: "liebert-gxe: poll cycle, warnings, on battery, remote commands",
  permissions: "none",
  fn: async () => {
    const { model, line, t, drv } = start();
    await drv.init();
    for (let i = 0; i < 4; i++) await drv.update();
    assertEquals(drv.state, "analog");
    await drv.update();
    assertEquals(drv.state, "analog"); // stays on analog values
    model.state = "battery";
    await drv.update(); // input at 0 V while on line: OB, warnings next
    assertEquals(t.state.tree.get("ups.status"), "OB");
    assertEquals(drv.state, "warning");
    model.warnings.set(16, 0xf0);
    model.warnings.set(25, 0x01);
    await drv.update();
    assertEquals(
      t.state.tree.get("ups.alarm"),
      "Ouput Overloaded Battery Not Found",
    );
    // NUT bug: it reads warning i at register 1 + i, so it names these registers' predecessors
    assertEquals(
      [GXE_WARNINGS[16 - 1], GXE_WARNINGS[25 - 1]],
      ["Backup Power Supply Failure", "Battery Installed Backwards"],
    );
    await drv.update();
    assertEquals(t.state.tree.get("battery.charger.status"), "discharging");
    model.dataflag = 0x10; // on/off data changed: read it again
    await drv.update();
    assertEquals(drv.state, "onoff");
    line.sent.length = 0;
    assertEquals(await drv.instcmd("test.battery.start"), "handled");
    assertEquals(await drv.instcmd("load.off"), "handled");
    assertEquals(model.remote, ["1002", "2003"]);
    // NUT bug: it swaps VER and ADR here ("~0121…", which the unit ignores); ours as the probe
    assertEquals(line.sent[0], "~21012A45C0041002FCC6");
    assertEquals(model.answer("~01212A45C0041002FCC6"), null);
    assertEquals(drv.state, "sysparam");
    assertEquals(await drv.instcmd("shutdown.return"), "unknown");
  },
});

Deno.test({
  name:
    "liebert-gxe: silence and garbage stay fresh for `retry` polls, then stale, then recover",
  permissions: "none",
  fn: async () => {
    const { model, line, t, drv } = start({ retry: "2" });
    await drv.init();
    await drv.update();
    for (const fault of ["silent", "garbage"] as const) {
      if (fault === "silent") line.fault = "silent";
      else model.garbage = true;
      await drv.update();
      await drv.update();
      assert(!t.state.stale, `${fault}: stale too early`);
      await drv.update();
      assert(t.state.stale, `${fault}: not stale`);
      line.fault = "none";
      model.garbage = false;
      await drv.update();
      assert(!t.state.stale, `${fault}: not recovered`);
    }
  },
});
