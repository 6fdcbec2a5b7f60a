/**
 * apc_modbus in-process against the Smart-UPS simulator: command words as
 * NUT's source builds them (outlet commands with their targets, the
 * command registers), SET written and read back, and a unit that goes
 * bad: stale, then reopened (inventory again) and fresh. The conversions
 * are checked on their own with permissions "none".
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { ModbusSim } from "../../tests/sim/modbus.ts";
import { apcDays, apcMap, apcText } from "../../tests/sim/modbus_devices.ts";
import { openModbusRtuClient } from "./link.ts";
import { apcHostPort, ApcModbusDriver } from "./apc.ts";
import {
  APC_DYNAMIC,
  APC_INVENTORY,
  APC_STATUS,
  apcEncode,
  apcFormat,
  apcNumber,
  apcString,
} from "./apc_tables.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name: "apc_modbus: commands, SET, a bad unit reopened",
  ...opts,
  fn: async () => {
    const sim = new ModbusSim(apcMap(), 1);
    await sim.rtu();
    const t = testCtx(sim.ptyPath);
    const d = new ApcModbusDriver(
      t.ctx,
      (ctx) =>
        openModbusRtuClient(ctx.config.port, {
          serial: { speed: 9600 },
          timeouts: { responseMs: 80, byteMs: 40 },
          slave: 1,
        }),
      0.05,
    );
    try {
      await d.init();
      await d.update();
      assert(!t.state.stale);
      const cmds = [
        "load.off",
        "shutdown.stayoff",
        "outlet.group.1.load.on",
        "outlet.group.0.load.cycle",
        "test.battery.start",
        "bypass.start",
        "BEEPER.MUTE",
      ];
      for (const c of cmds) assertEquals(await d.instcmd(c), "handled", c);
      assertEquals(await d.instcmd("outlet.group.2.load.on"), "invalid");
      assertEquals(await d.instcmd("load.sideways"), "unknown");
      assertEquals(
        sim.map.writes.map((w) => [w.addr, ...w.values]),
        [
          [1538, 0, 0x304], // off, MOG + SOG0
          [1538, 0, 0x384], // off after the delay
          [1538, 0, 0x202], // on, SOG0 only
          [1538, 0, 0x310],
          [1541, 1],
          [1536, 0, 16],
          [1543, 4],
        ],
      );
      assertEquals(await d.setvar("ups.id", "rack7"), "handled");
      assertEquals(sim.map.get("holding", 596), 0x7261);
      assertEquals(t.state.tree.get("ups.id"), "rack7");
      assertEquals(await d.setvar("battery.date", "2024-02-29"), "handled");
      assertEquals(sim.map.get("holding", 595), apcDays("2024-02-29"));
      assertEquals(await d.setvar("ups.delay.shutdown", "-5"), "handled");
      assertEquals(sim.map.get("holding", 1029), 0xfffb);
      assertEquals(
        await d.setvar("input.transfer.low", "x"),
        "conversion-failed",
      );
      assertEquals(await d.setvar("ups.load", "5"), "invalid");
      assertEquals(await d.setvar("outlet.group.2.name", "x"), "invalid");
      for (const fault of ["garbled", "short", "silent"] as const) {
        sim.fault = fault;
        await d.update();
        assert(t.state.stale, `${fault}: not stale`);
        sim.fault = "none";
        const before = sim.frames.length;
        await d.update();
        assert(!t.state.stale, `${fault}: not recovered`);
        assertEquals(sim.hex(before)[0], "0302040078", "inventory first");
      }
    } finally {
      await d.close();
      await sim.close();
    }
  },
});

Deno.test({
  name: "apc_modbus conversions",
  permissions: "none",
  fn: () => {
    const nominal = { power: 2000, realpower: 1800 };
    const find = (n: string) =>
      [...APC_INVENTORY, ...APC_STATUS, ...APC_DYNAMIC].find((r) =>
        r.name === n
      )!;
    assertEquals(apcNumber([0xffff], true), -1n);
    assertEquals(apcNumber([0xffff, 0xfffe], true), -2n);
    assertEquals(apcNumber([1, 2], false), 65538n);
    assertEquals(apcString([0, 0, 0x0041, 0x4243, 0x2020, 0]), "ABC");
    assertEquals(apcString([0x4101, 0x4200]), "A B");
    assertEquals(apcFormat(find("battery.charge"), [256], nominal), "0.50");
    assertEquals(apcFormat(find("ups.power"), [128], nominal), "10.00");
    assertEquals(
      apcFormat(find("ups.efficiency"), [0xfffe], nominal),
      "LoadTooLow",
    );
    assertEquals(apcFormat(find("ups.test.result"), [0], nominal), "None");
    assertEquals(
      apcFormat(find("experimental.ups.calibration.result"), [0x2008], nominal),
      "Failed, Modifier: ACInputNotAcceptable",
    );
    assertEquals(apcFormat(find("ups.mfr.date"), [0], nominal), "2000-01-01");
    assertEquals(apcEncode(find("ups.id"), "abc"), [
      ...apcText("abc", 8),
    ]);
    assertEquals(apcEncode(find("ups.power.nominal"), "70000"), null);
    assertEquals(apcHostPort("[::1]:1502"), ["::1", 1502]);
    assertEquals(apcHostPort("ups.lan"), ["ups.lan", 502]);
  },
});
