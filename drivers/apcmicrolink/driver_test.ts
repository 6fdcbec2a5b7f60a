/**
 * apcmicrolink in-process against the Microlink simulator on a pty: the
 * bytes each instant command and SET writes (masks worked out by hand
 * from apc_common.h's bits), `cmdsrc`, and bad input (silence, garbage,
 * short and corrupted records): the last values stay through two failed
 * polls, the third goes stale, and a sane unit brings the data back.
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { waitFor } from "../../tests/net.ts";
import { type Fault, MicrolinkSim } from "../../tests/sim/microlink.ts";
import { smt1500, smx3000 } from "../../tests/sim/microlink_units.ts";
import { MicrolinkDriver } from "./driver.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

async function withDriver(
  values: Record<string, string>,
  fn: (
    sim: MicrolinkSim,
    drv: MicrolinkDriver,
    t: ReturnType<typeof testCtx>,
  ) => Promise<void>,
) {
  const sim = new MicrolinkSim(smt1500(), 2);
  const t = testCtx(sim.path, values);
  const drv = new MicrolinkDriver(t.ctx);
  try {
    await drv.init();
    await drv.update();
    await fn(sim, drv, t);
  } finally {
    await drv.close();
    await sim.close();
  }
}

/** Waits until the simulator has read `n` writes. */
const wrote = (sim: MicrolinkSim, n: number) =>
  waitFor(() => sim.writes.length >= n, 5000, 5, `${n} writes`);

const hex = (n: number, size: number) =>
  Array.from({ length: size }, (_, i) => (n >>> (8 * (size - 1 - i))) & 0xff);

Deno.test({
  name: "apcmicrolink instant commands write NUT's masks",
  ...opts,
  fn: () =>
    withDriver({}, async (sim, drv, t) => {
      const cases: Array<[string, string, number[]]> = [
        // start/abort bit 0/1 + RJ45 source bit 10
        ["test.battery.start", "2:10", hex(0x0401, 2)],
        ["test.battery.stop", "2:10", hex(0x0402, 2)],
        ["test.panel.start", "2:4.B.3B", hex(0x0001, 2)],
        ["beeper.mute", "2:4.B.3B", hex(0x0004, 2)],
        ["calibrate.start", "2:12", hex(0x0401, 2)],
        ["calibrate.stop", "2:12", hex(0x0402, 2)],
        // into/out of bypass bit 4/5 + RJ45 source bit 27
        ["bypass.start", "2:14", hex(0x08000010, 4)],
        ["bypass.stop", "2:14", hex(0x08000020, 4)],
        // outlets: main 8 + switched0 9, action bits, RJ45 source 14
        ["load.off", "2:4.B5", hex(0x4304, 4)],
        ["load.on.delay", "2:4.B5", hex(0x4342, 4)],
        ["shutdown.default", "2:4.B5", hex(0x4388, 4)],
        ["shutdown.stayoff", "2:4.B5", hex(0x4384, 4)],
        ["outlet.group.1.load.on", "2:4.B5", hex(0x4202, 4)],
        ["outlet.group.0.shutdown.reboot", "2:4.B5", hex(0x4110, 4)],
        ["outlet.group.1.shutdown.reboot.graceful", "2:4.B5", hex(0x4290, 4)],
      ];
      for (const [cmd, path, bytes] of cases) {
        const from = sim.writes.length;
        assertEquals(await drv.instcmd(cmd), "handled", cmd);
        await wrote(sim, from + 1);
        assertEquals(
          sim.writes.slice(from).map((w) => [w.path, w.data]),
          [[path, bytes]],
          cmd,
        );
      }
      const from = sim.writes.length;
      assertEquals(await drv.instcmd("outlet.group.2.load.off"), "invalid");
      assertEquals(await drv.instcmd("outlet.group.1.load.bogus"), "unknown");
      assertEquals(await drv.instcmd("test.panel.stop"), "unknown");
      assertEquals(sim.writes.length, from);
      // the poll loop still runs after the writes
      await drv.update();
      assert(!t.state.stale);
    }),
});

Deno.test({
  name: "apcmicrolink cmdsrc=usb changes the source bits",
  ...opts,
  fn: () =>
    withDriver({ cmdsrc: "USB" }, async (sim, drv) => {
      await drv.instcmd("test.battery.start");
      await drv.instcmd("load.off");
      await drv.instcmd("bypass.start");
      await wrote(sim, 4); // the password, then three commands
      assertEquals(sim.writes.slice(-3).map((w) => w.data), [
        hex(0x0101, 2), // USB is bit 8 for tests
        hex(0x1304, 4), // bit 12 for outlets
        hex(0x10000010, 4), // bit 28 for UPS commands
      ]);
    }),
});

Deno.test({
  name: "apcmicrolink SET writes the encoded value where the descriptor has it",
  ...opts,
  fn: () =>
    withDriver({}, async (sim, drv, t) => {
      const cases: Array<[string, string, string, number[]]> = [
        ["ups.id", "rack-b", "2:4.82", [114, 97, 99, 107, 45, 98, 0, 0]],
        ["battery.date", "2024-03-15", "2:4.5.48", [0x22, 0x88]],
        ["input.transfer.high", "260", "2:4.7.D", [1, 4]],
        ["ups.display.language", "de", "3:2B", [0, 8]],
        ["outlet.group.1.delay.shutdown", "Disabled", "2:4.3D[0].B8", [
          0xff,
          0xff,
        ]],
        ["outlet.group.0.name", "Servers", "2:4.3E.82", [
          ...new TextEncoder().encode("Servers"),
          0,
        ]],
      ];
      for (const [name, value, path, bytes] of cases) {
        const from = sim.writes.length;
        assertEquals(await drv.setvar(name, value), "handled", name);
        await wrote(sim, from + 1);
        assertEquals(sim.writes.at(-1)?.path, path);
        assertEquals(sim.writes.at(-1)?.data, bytes);
        assertEquals(t.state.tree.get(name), value, name);
      }
      assertEquals(await drv.setvar("ups.serial", "X"), "unknown"); // read-only
      assertEquals(await drv.setvar("input.transfer.high", "x"), "failed");
      assertEquals(await drv.setvar("no.such.var", "1"), "unknown");
    }),
});

Deno.test({
  name: "apcmicrolink bad input: stale on the third failed poll, then recovers",
  ...opts,
  fn: () =>
    withDriver({}, async (sim, drv, t) => {
      for (const fault of ["silent", "garbage", "short", "badsum"] as Fault[]) {
        sim.fault = fault;
        await drv.update();
        await drv.update();
        // two failures: NUT keeps publishing the last values
        assert(!t.state.stale, fault);
        assertEquals(t.state.tree.get("ups.status"), "OL");
        await drv.update(); // third: reconnect fails
        assert(t.state.stale, fault);
        await drv.update();
        assert(t.state.stale, fault);
        sim.fault = "none";
        for (
          let i = 0;
          i < 40 && (t.state.stale || t.state.tree.get("ups.status") !== "OL");
          i++
        ) {
          await drv.update();
        }
        assert(!t.state.stale, `${fault}: not recovered`);
        assertEquals(t.state.tree.get("ups.status"), "OL", fault);
        assertEquals(t.state.tree.get("battery.charge"), "100");
      }
      // each reconnect authenticates again (sent with the last page)
      const auths = () => sim.writes.filter((w) => w.path === "2:4.8.5").length;
      await waitFor(() => auths() === 5, 5000, 5, "five password writes");
      assert(sim.authenticated);
    }),
});

Deno.test({
  name: "apcmicrolink start-up: a silent port fails, bad settings are refused",
  ...opts,
  fn: async () => {
    const sim = new MicrolinkSim(smt1500());
    sim.fault = "silent";
    try {
      const t = testCtx(sim.path);
      const drv = new MicrolinkDriver(t.ctx);
      const err = await drv.init().then(() => null, (e: Error) => e.message);
      assertEquals(
        err,
        `apcmicrolink: failed to start Microlink session on ${sim.path}`,
      );
      // three 0xFD tries
      assertEquals(sim.raw, [0xfd, 0xfd, 0xfd]);
      await drv.close();
      for (
        const [k, v, msg] of [
          ["baudrate", "9601", "invalid baudrate '9601'"],
          ["showunmapped", "maybe", "invalid showunmapped value 'maybe'"],
          ["cmdsrc", "serial", "invalid cmdsrc value 'serial'"],
        ]
      ) {
        const d = new MicrolinkDriver(testCtx(sim.path, { [k!]: v! }).ctx);
        const e = await d.init().then(() => null, (e: Error) => e.message);
        assertEquals(e, `apcmicrolink: ${msg}`);
      }
    } finally {
      await sim.close();
    }
  },
});

Deno.test({
  name: "apcmicrolink: two instances in one process keep their own units",
  ...opts,
  fn: async () => {
    const a = new MicrolinkSim(smt1500(), 2),
      b = new MicrolinkSim(smx3000(), 2);
    const ta = testCtx(a.path), tb = testCtx(b.path);
    const da = new MicrolinkDriver(ta.ctx), db = new MicrolinkDriver(tb.ctx);
    try {
      await Promise.all([da.init(), db.init()]);
      await Promise.all([da.update(), db.update()]);
      const get = (t: typeof ta, n: string) => t.state.tree.get(n);
      assertEquals(get(ta, "microlink.page.width"), "32");
      assertEquals(get(tb, "microlink.page.width"), "28");
      assertEquals(get(ta, "outlet.group.count"), "2");
      assertEquals(get(tb, "outlet.group.count"), "3");
      assertEquals(get(ta, "ups.status"), "OL");
      assertEquals(get(tb, "ups.status"), "ALARM OB");
      assert(a.authenticated && !b.authenticated);
    } finally {
      await da.close();
      await db.close();
      await a.close();
      await b.close();
    }
  },
});
