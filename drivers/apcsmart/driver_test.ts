import { assert, assertEquals } from "../../tests/assert.ts";
import { MemoryTransport } from "../../src/transport/memory.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import {
  type ApcModelOptions,
  ApcSmartModel,
  attachMemory,
} from "../../tests/sim/apc_smart.ts";
import { ApcSmartDriver } from "./driver.ts";
import { convertData, statusTokens } from "./tables.ts";

/** A driver on the in-memory twin running the APC model. */
async function unit(
  values: Record<string, string> = {},
  opts: ApcModelOptions = {},
) {
  const port = new MemoryTransport();
  const model = attachMemory(port, new ApcSmartModel(opts));
  const t = testCtx("/dev/ttyS0", values);
  const drv = new ApcSmartDriver(t.ctx, () => port);
  await drv.init();
  await drv.update();
  return { port, model, t, drv, get: (n: string) => t.state.tree.get(n) };
}

Deno.test({
  name: "apcsmart tables: status bits and value conversions",
  permissions: "none",
  fn() {
    assertEquals(statusTokens(0x08), ["OL"]);
    assertEquals(statusTokens(0x50), ["OB", "LB"]);
    assertEquals(statusTokens(0xff), [
      "CAL",
      "TRIM",
      "BOOST",
      "OL",
      "OB",
      "OVER",
      "LB",
      "RB",
    ]);
    assertEquals(statusTokens(0), ["OFF"]);
    assertEquals(convertData("minutes", "0327:"), "19620");
    assertEquals(convertData("hours", "336"), "1209600");
    assertEquals(convertData("hours", "OFF"), "0");
    assertEquals(convertData("reason", "T"), "line voltage notch or spike");
    assertEquals(convertData("reason", "?"), "?");
  },
});

Deno.test("apcsmart: alerts arriving inside a poll change ups.status", async () => {
  const u = await unit();
  assertEquals(u.get("ups.status"), "OL");
  // the unit sends '!' then '%' and '#' right before answering 'C'
  const handler = u.port.handler!;
  u.port.handler = (data, p) => {
    if (data[0] === 0x43) p.push("!%#?");
    handler(data, p);
  };
  await u.drv.update();
  assertEquals(u.get("ups.status"), "OB OVER LB RB");
  // the next poll's status byte is authoritative again (as NUT)
  u.port.handler = (data, p) => {
    if (data[0] === 0x43) p.push("%");
    handler(data, p);
  };
  await u.drv.update();
  assertEquals(u.get("ups.status"), "OL LB");
  u.port.handler = handler;
  await u.drv.update();
  assertEquals(u.get("ups.status"), "OL");
});

Deno.test("apcsmart: a silent unit goes stale, is nudged with Y after 10 polls", async () => {
  const u = await unit();
  const handler = u.port.handler!;
  u.port.handler = () => {};
  await u.drv.update(); // Q times out (3 s)
  assertEquals(u.t.state.stale, true);
  u.port.handler = handler;
  const sent = u.port.written.length;
  for (let i = 0; i < 9; i++) await u.drv.update();
  assertEquals(u.port.written.length, sent); // no traffic while waiting
  assertEquals(u.t.state.stale, true);
  await u.drv.update();
  assertEquals(u.port.written[sent], new Uint8Array([0x59])); // 'Y'
  assertEquals(u.t.state.stale, false);
  assertEquals(u.get("ups.status"), "OL");
  assert(
    u.t.logs.some(([, m]) => m === "Communications with UPS re-established"),
  );
});

Deno.test("apcsmart: nasty commands need a second request 3..15 s later", async () => {
  const u = await unit();
  const sent = u.port.written.length;
  assertEquals(await u.drv.instcmd("load.off"), "handled");
  assertEquals(u.port.written.length, sent); // first request: nothing sent
  await new Promise((r) => setTimeout(r, 3100));
  assertEquals(await u.drv.instcmd("load.off"), "handled");
  assertEquals(u.model.shutdowns, ["ZZ"]);
  assertEquals(await u.drv.instcmd("bypass.start"), "invalid"); // not in `a`
  assertEquals(await u.drv.instcmd("no.such"), "invalid");
  assertEquals(await u.drv.instcmd("shutdown.return", "bogus"), "invalid");
});

Deno.test("apcsmart: calibration, self test and settings", async () => {
  const u = await unit();
  assertEquals(await u.drv.instcmd("calibrate.stop"), "handled");
  assertEquals(u.model.calibrating, false); // was not running: nothing sent
  assertEquals(await u.drv.instcmd("calibrate.start"), "handled");
  await u.drv.update();
  assertEquals(u.get("ups.status"), "CAL OL");
  assertEquals(await u.drv.instcmd("test.battery.start"), "handled");

  assertEquals(await u.drv.setvar("battery.runtime.low", "300"), "handled");
  assertEquals(u.model.settings.q, "05");
  assertEquals(u.get("battery.runtime.low"), "300");
  assertEquals(await u.drv.setvar("input.transfer.high", "999"), "failed");
  assertEquals(u.model.settings.u, "127"); // wrapped back to the start
  assertEquals(await u.drv.setvar("ups.id", "TOO-LONG-ID"), "failed");
  assertEquals(await u.drv.setvar("ups.id", "ROOM2"), "handled");
  assertEquals(u.get("ups.id"), "ROOM2");
  assertEquals(await u.drv.setvar("ups.load", "10"), "unknown");
  assertEquals(await u.drv.setvar("no.such", "1"), "unknown");
  const enums = u.t.state.tree.getVar("input.sensitivity")!.enums;
  assertEquals(enums, ["H", "M", "L"]);
});

Deno.test("apcsmart: old units without `a`, and firmware table matches", async () => {
  const old = await unit({}, { cmdset: null });
  assertEquals(old.get("ups.model"), "Smart-UPS 1500");
  assertEquals(old.get("ups.load"), "023.5");
  assertEquals(old.get("ups.test.interval"), undefined);
  assert(old.t.logs.some(([, m]) => m.startsWith("very old or unknown")));

  const six = await unit({}, { firmware: "6QD" });
  assertEquals(six.get("ups.model"), "Smart-UPS"); // from the table
  assertEquals(six.get("input.transfer.high"), "127");
  // no caps read for table units: nothing is writable
  assertEquals(six.t.state.tree.getVar("input.transfer.high")!.enums, []);
});

Deno.test("apcsmart: bad options are refused at start-up", async () => {
  const bad: Array<[string, string]> = [
    ["sdtype", "9"],
    ["awd", "1234"],
    ["advorder", "5"],
  ];
  for (const [k, v] of bad) {
    const t = testCtx("/dev/ttyS0", { [k]: v });
    const drv = new ApcSmartDriver(t.ctx, () => new MemoryTransport());
    let msg = "";
    await drv.init().catch((e) => (msg = e.message));
    assertEquals(msg, `invalid value (${v}) for option '${k}'`);
  }
});

Deno.test("apcsmart: old units confirm shutdown with '*'", async () => {
  const u = await unit({ sdtype: "3" }, { starReply: true });
  assertEquals(await u.drv.shutdown(), "handled");
  assertEquals(u.model.shutdowns, ["KK"]);
});
