/**
 * generic_modbus against bad devices, over Modbus/TCP and RTU on a pty:
 * garbled, half and missing replies make the data stale at once and keep
 * the last status; the next sane reply recovers. A dead TCP peer is
 * reconnected. Two instances in one process keep their own contacts.
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { ModbusSim, RegisterMap } from "../../tests/sim/modbus.ts";
import { MemoryModbusLink } from "../../src/transport/modbus_memory.ts";
import { ModbusClient } from "../../src/transport/modbus.ts";
import { GenericModbusDriver, signalTable } from "./generic.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const map = () => new RegisterMap().set("discrete", 0, 1, 0).set("coil", 8, 0);

Deno.test({
  name:
    "generic_modbus: garbage, short replies and silence go stale, then recover",
  ...opts,
  fn: async () => {
    for (const mode of ["tcp", "rtu"] as const) {
      const sim = new ModbusSim(map(), 5);
      const port = mode === "tcp" ? sim.tcp() : await sim.rtu();
      const t = testCtx(port, { OL_addr: "0", LB_addr: "1" });
      const d = new GenericModbusDriver(t.ctx);
      try {
        await d.init();
        await d.update();
        assert(!t.state.stale);
        assertEquals(t.state.tree.get("ups.status"), "OL");
        for (const fault of ["garbled", "short", "silent"] as const) {
          sim.fault = fault;
          sim.map.set("discrete", 0, 0);
          await d.update();
          assert(t.state.stale, `${mode} ${fault}: not stale`);
          assertEquals(t.state.tree.get("ups.status"), "OL", "status kept");
          sim.fault = "none";
          sim.map.set("discrete", 0, 1);
          await d.update();
          assert(!t.state.stale, `${mode} ${fault}: not recovered`);
        }
        sim.map.set("discrete", 0, 0);
        await d.update();
        assertEquals(t.state.tree.get("ups.status"), "OB DISCHRG");
      } finally {
        await d.close();
        await sim.close();
      }
    }
  },
});

Deno.test({
  name: "generic_modbus: a TCP peer that goes away is reconnected",
  ...opts,
  fn: async () => {
    const sim = new ModbusSim(map(), 5);
    const port = sim.tcp();
    const t = testCtx(port, { OL_addr: "0" });
    const d = new GenericModbusDriver(t.ctx);
    try {
      await d.init();
      await d.update();
      await sim.close(); // drops the connection and the listener
      await d.update();
      assert(t.state.stale);
      const again = new ModbusSim(map(), 5);
      again.tcp(sim.port);
      try {
        await d.update();
        assert(!t.state.stale, "not reconnected");
        assertEquals(again.hex(), ["0200000001"]);
      } finally {
        await again.close();
      }
    } finally {
      await d.close();
    }
  },
});

Deno.test({
  name: "generic_modbus: two instances keep their own wiring (memory twin)",
  permissions: "none",
  fn: async () => {
    const m1 = map(), m2 = map().set("discrete", 0, 0);
    const mk = (m: RegisterMap, values: Record<string, string>) => {
      const link = new MemoryModbusLink(m);
      const t = testCtx("twin", values);
      const d = new GenericModbusDriver(
        t.ctx,
        () => Promise.resolve(new ModbusClient(link, 5)),
      );
      return { t, d, link };
    };
    const a = mk(m1, { OL_addr: "0", FSD_addr: "8" });
    const b = mk(m2, { OB_addr: "0", OB_noro: "1" });
    await a.d.init();
    await b.d.init();
    await a.d.update();
    await b.d.update();
    assertEquals(a.t.state.tree.get("ups.status"), "OL");
    assertEquals(b.t.state.tree.get("ups.status"), "OB DISCHRG");
    assertEquals(await a.d.instcmd("load.off"), "handled");
    assertEquals(await b.d.instcmd("load.off"), "failed");
    assertEquals(await a.d.instcmd("beeper.off"), "unknown");
    assertEquals(m1.writes, [{ fc: 5, addr: 8, values: [1] }]);
    a.link.silent = true;
    await a.d.update();
    assert(a.t.state.stale && !b.t.state.stale);
  },
});

Deno.test({
  name: "generic_modbus: contact table as NUT's get_config_vars reads it",
  permissions: "none",
  fn: () => {
    const t = signalTable(
      new Map([
        ["OL_addr", "0x10"],
        ["OL_noro", "1"],
        ["OB_noro", "1"],
        ["LB_addr", "010"],
        ["LB_regtype", "3"],
        ["OB_regtype", "2"],
        ["HB_addr", "4"],
        ["HB_regtype", "9"],
        ["RB_noro", "1"],
      ]),
    );
    assertEquals(t.OL, { addr: 16, type: 1, noro: 1 });
    assertEquals(t.OB, { addr: -1, type: 2, noro: 1 });
    // its own LB_regtype (NUT's get_config_vars reads OB_regtype's: 2)
    assertEquals(t.LB, { addr: 8, type: 3, noro: 0 });
    assertEquals(t.HB, { addr: 4, type: 1, noro: 0 }); // out of range
    assertEquals(t.RB, { addr: -1, type: 1, noro: 0 }); // noro needs an address
    assertEquals(t.FSD, { addr: -1, type: 0, noro: 0 });
  },
});
