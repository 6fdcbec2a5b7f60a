/**
 * phoenixcontact_modbus, socomec_jbus (on a pty) and adelsystem_cbi (on a
 * pty and over TCP) against a bad unit:
 * garbled, half and missing replies make the data stale (values kept),
 * the next sane poll recovers; socomec's refused identity is fatal at
 * start-up, as NUT's.
 */
import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { ModbusSim } from "../../tests/sim/modbus.ts";
import {
  adelMap,
  phoenixMap,
  socomecMap,
} from "../../tests/sim/modbus_devices.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import {
  type LinkSettings,
  openModbusClient,
  openModbusRtuClient,
} from "./link.ts";
import { AdelsystemDriver } from "./adelsystem.ts";
import { PhoenixContactDriver } from "./phoenixcontact.ts";
import { SocomecJbusDriver } from "./socomec.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
// short deadlines keep the silent case quick
const quick = (port: string, s: LinkSettings) =>
  openModbusRtuClient(port, { ...s, timeouts: { responseMs: 80, byteMs: 40 } });

for (
  const [name, unit, map, make, probe] of [
    [
      "phoenixcontact_modbus",
      192,
      phoenixMap,
      (t: ReturnType<typeof testCtx>) => new PhoenixContactDriver(t.ctx, quick),
      "battery.voltage",
    ],
    [
      "socomec_jbus",
      1,
      socomecMap,
      (t: ReturnType<typeof testCtx>) => new SocomecJbusDriver(t.ctx, quick),
      "battery.voltage",
    ],
  ] as const
) {
  Deno.test({
    name: `${name}: garbage, short replies and silence go stale, then recover`,
    ...opts,
    fn: async () => {
      const sim = new ModbusSim(map(), unit);
      await sim.rtu();
      const t = testCtx(sim.ptyPath);
      const d = make(t);
      try {
        await d.init();
        await d.update();
        assert(!t.state.stale);
        const before = t.state.tree.get(probe);
        assert(before !== undefined);
        for (const fault of ["garbled", "short", "silent"] as const) {
          sim.fault = fault;
          await d.update();
          assert(t.state.stale, `${fault}: not stale`);
          assertEquals(t.state.tree.get(probe), before, `${fault}: kept`);
          sim.fault = "none";
          await d.update();
          assert(!t.state.stale, `${fault}: not recovered`);
        }
      } finally {
        await d.close();
        await sim.close();
      }
    },
  });
}

Deno.test({
  name: "socomec_jbus: no identity block is fatal at start-up",
  ...opts,
  fn: async () => {
    const sim = new ModbusSim(socomecMap(), 1);
    await sim.rtu();
    sim.fault = "silent";
    const t = testCtx(sim.ptyPath);
    const d = new SocomecJbusDriver(t.ctx, quick);
    try {
      await assertRejects(() => d.init(), DriverFatalError, "UPS code");
    } finally {
      await d.close();
      await sim.close();
    }
  },
});

Deno.test({
  name:
    "adelsystem_cbi: garbage, short replies and silence go stale, then recover",
  ...opts,
  fn: async () => {
    for (const mode of ["tcp", "rtu"] as const) {
      const sim = new ModbusSim(adelMap(), 5);
      const port = mode === "tcp" ? sim.tcp() : await sim.rtu();
      const t = testCtx(port);
      const d = new AdelsystemDriver(
        t.ctx,
        (p, s) =>
          openModbusClient(p, {
            ...s,
            timeouts: { responseMs: 80, byteMs: 40 },
          }),
      );
      try {
        await d.init();
        await d.update();
        assert(!t.state.stale);
        for (const fault of ["garbled", "short", "silent"] as const) {
          sim.fault = fault;
          sim.map.set("holding", 7, 12_000);
          await d.update();
          assert(t.state.stale, `${mode} ${fault}: not stale`);
          assertEquals(t.state.tree.get("battery.voltage"), "27.60");
          sim.fault = "none";
          sim.map.set("holding", 7, 27_600);
          await d.update();
          assert(!t.state.stale, `${mode} ${fault}: not recovered`);
        }
      } finally {
        await d.close();
        await sim.close();
      }
    }
  },
});

Deno.test({
  name:
    "adelsystem_cbi: the model read from 40068; onboard temperature alarm clears",
  ...opts,
  fn: async () => {
    const sim = new ModbusSim(adelMap({ 67: 12, 46: 1 }), 5);
    const t = testCtx(sim.tcp());
    const d = new AdelsystemDriver(t.ctx);
    try {
      await d.init();
      await d.update();
      assertEquals(t.state.tree.get("ups.model"), "CB1235A");
      assertEquals(t.state.tree.get("ups.alarm"), "onboard temperature high");
      // NUT keeps this alarm for ever once raised; the unit has cleared it
      sim.map.set("holding", 46, 0).set("holding", 67, 99);
      await d.update();
      assertEquals(t.state.tree.get("ups.alarm"), undefined);
      assertEquals(t.state.tree.get("ups.model"), "unknown");
    } finally {
      await d.close();
      await sim.close();
    }
  },
});
