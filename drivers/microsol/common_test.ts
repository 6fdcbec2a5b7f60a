/**
 * microsol-common against the pty simulator in-process (short waits):
 * silence, noise and cut packets make the data stale without ending the
 * driver, a spoiled checksum keeps the last values, and a sane stream
 * brings fresh data back; two instances keep their own model. Pure parts:
 * printf formatting, packet check and the schedule's day rotation.
 */
import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { MicrosolSim, MS_FLAG } from "../../tests/sim/microsol.ts";
import { MicrosolCommonDriver } from "./common.ts";
import { APC_BR } from "./apc.ts";
import { cfmt, packetValid } from "./link.ts";
import {
  bitsToBinary,
  convertDays,
  MicrosolSchedule,
  revertDays,
} from "./schedule.ts";
import { openMicrosolPort } from "./link.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name: "microsol: bad input goes stale, the driver keeps going and recovers",
  ...opts,
  fn: async () => {
    const sim = new MicrosolSim({}, 40);
    const t = testCtx(sim.path);
    const drv = new MicrosolCommonDriver(t.ctx, APC_BR, openMicrosolPort, 300);
    try {
      await drv.init();
      await drv.update();
      assert(!t.state.stale);
      assertEquals(t.state.tree.get("ups.status"), "OL CHRG");
      sim.fault = "checksum";
      sim.raw.flags = MS_FLAG.inverter | MS_FLAG.onBatt;
      await drv.update(); // NUT: the packet is ignored, data still "ok"
      assert(!t.state.stale);
      assertEquals(t.state.tree.get("ups.status"), "OL CHRG");
      for (const fault of ["silent", "garbled", "short"] as const) {
        sim.fault = fault;
        await drv.update();
        await drv.update();
        assert(t.state.stale, `${fault}: not stale`);
        assertEquals(t.state.tree.get("input.voltage"), "117.4");
        sim.fault = "none";
        await drv.update();
        await drv.update();
        assert(!t.state.stale, `${fault}: not recovered`);
        assertEquals(t.state.tree.get("ups.status"), "OB");
      }
    } finally {
      await drv.close();
      await sim.close();
    }
  },
});

Deno.test({
  name: "microsol: start-up refuses silence and a non-Microsol model byte",
  ...opts,
  fn: async () => {
    const a = new MicrosolSim({}, 40), b = new MicrosolSim({ model: 0x42 }, 40);
    a.fault = "silent";
    try {
      for (const sim of [a, b]) {
        const t = testCtx(sim.path);
        const drv = new MicrosolCommonDriver(
          t.ctx,
          APC_BR,
          openMicrosolPort,
          300,
        );
        await assertRejects(() => drv.init(), Error, "Solis not detected");
        await drv.close();
      }
    } finally {
      await a.close();
      await b.close();
    }
  },
});

Deno.test({
  name: "microsol: printf %f as glibc, packet check, day rotation",
  permissions: "none",
  fn: () => {
    assertEquals(cfmt(5.25, 3, 1), "5.2"); // exact tie: even
    assertEquals(cfmt(5.35, 3, 1), "5.3"); // 5.3499999...
    assertEquals(cfmt(0, 3, 1), "0.0");
    assertEquals(cfmt(-12, 2, 2), "-12.00");
    assertEquals(cfmt(NaN, 3, 1), "-nan");
    assertEquals(cfmt(0.98, 0, 2), "0.98");
    const p = [1, 2, 3, 6, 0xfe];
    assertEquals(packetValid(p), true);
    assertEquals(packetValid([1, 2, 3, 7, 0xfe]), false);
    assertEquals(packetValid([1, 2, 3, 6, 0xfd]), false);
    // Wednesday (3): the unit's week starts on Thursday
    assertEquals(convertDays("1000001", 3), "0011000");
    assertEquals(convertDays("1000001", 6), "1000001");
    assertEquals(bitsToBinary("1000001"), 0x41);
    assertEquals(bitsToBinary("10x0001"), 0);
    // NUT's revert_days rotates once more, the same way (not an inverse)
    assertEquals(
      revertDays(bitsToBinary("0100111"), 0),
      bitsToBinary("1001110"),
    );
    assertEquals(
      revertDays(bitsToBinary("0100111"), 6),
      bitsToBinary("0100111"),
    );
    const s = new MicrosolSchedule();
    const when = {
      year: 2026,
      month: 12,
      day: 7,
      week: 1,
      hour: 22,
      minute: 1,
      second: 0,
    };
    const pkt = s.setup(
      new Map([["prgshut", "2"], ["daysweek", "1111111"], [
        "daysoff",
        "0100000",
      ], [
        "houron",
        "07:30",
      ], ["houroff", "22:03"]]),
      when,
    );
    assertEquals(pkt?.slice(0, 11), [
      0xcf,
      22,
      1,
      0,
      7,
      30,
      22,
      3,
      (1 << 5) | 7,
      (12 << 4) | 28,
      bitsToBinary(convertDays("0100000", 1)),
    ]);
    s.computeShutTime();
    assertEquals(s.shutAt, [21, 58]); // five minutes before the UPS
    assertEquals(s.check(when), ["Shutdown today at 21:58"]);
    assert(!s.progShut);
  },
});
