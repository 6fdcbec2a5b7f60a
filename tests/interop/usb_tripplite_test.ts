/**
 * tripplite_usb side by side with NUT 2.8.0's on the USB simulator (NUT's
 * binary through the libusb stand-in, ours through the simulator backend)
 * for the SMARTPRO (3003), OMNIVS (1001) and binary SMART (3005) protocols:
 * same `-d 1` dump and the same commands in the same order; served by
 * NUT's upsd, the same listing and the same reports for upscmd/upsrw; the
 * same `-k` reports. Then ours alone: a silent unit goes stale, then
 * recovers.
 *
 * @module
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { standinDir } from "../sim/usb/build.ts";
import { type Transfer, UsbSimServer } from "../sim/usb/server.ts";
import {
  type TlProtocol,
  type TlState,
  TrippLiteModel,
} from "../sim/usb/tripplite_model.ts";
import {
  ourDriverArgv,
  parseDump,
  runNutDriver,
  runOurDriver,
  testCtx,
} from "../sim/harness.ts";
import { runCmd, snapshot } from "../sim/apc_smart.ts";
import { withUpsdFor } from "../sim/upsd_serve.ts";
import { TrippLiteDriver } from "../../drivers/tripplite/driver.ts";
import { SimUsbBus } from "../../src/transport/usb_sim.ts";

const CONF = "[sim]\n driver = tripplite_usb\n port = auto\n";
const OURS = ourDriverArgv("tripplite_usb");
const opts = { sanitizeOps: false, sanitizeResources: false };

/** SET_REPORT transfers and their payloads, in order. */
function reports(log: readonly Transfer[]): string[] {
  return log.filter((t) => t.op === "control" && t.args[0] === 0x21)
    .map((t) => `${t.args.join(",")} ${Array.from(t.out).join(",")}`);
}

async function sideBySide(
  args: string[],
  protocol: TlProtocol,
  state: TlState,
) {
  const lib = await standinDir();
  const runs = [runNutDriver, runOurDriver].map(async (run) => {
    const srv = new UsbSimServer();
    try {
      const m = new TrippLiteModel(protocol);
      m.state = state;
      const dev = srv.add(m);
      const r = await run("tripplite_usb", CONF, args, 60_000, srv.env(lib));
      return { r, m, log: [...dev.log] };
    } finally {
      await srv.close();
    }
  });
  const [nut, ours] = await Promise.all(runs);
  return { nut: nut!, ours: ours! };
}

for (
  const [protocol, state, status] of [
    [0x3003, "online", "OL"],
    [0x3003, "low", "OB LB"],
    [0x1001, "battery", "OB"],
    [0x3005, "battery", "OB"],
  ] as Array<[TlProtocol, TlState, string]>
) {
  Deno.test({
    name: `usb tripplite_usb: same dump as NUT 2.8.0 (protocol ${
      protocol.toString(16)
    }, ${state})`,
    ignore: !haveNut(),
    fn: async () => {
      const { nut, ours } = await sideBySide(["-d", "1"], protocol, state);
      assertEquals(nut.r.code, 0, nut.r.stderr);
      assertEquals(ours.r.code, 0, ours.r.stderr);
      const dump = parseDump(nut.r.stdout);
      assert(dump.includes(`ups.status: ${status}`), dump.join("\n"));
      assert(
        dump.includes(
          `ups.firmware.aux: protocol ${
            protocol.toString(16).padStart(4, "0")
          }`,
        ),
        dump.join("\n"),
      );
      assertEquals(parseDump(ours.r.stdout), dump);
      // start-up and the first poll, report for report (NUT's -d polls more)
      const n = reports(nut.log), o = reports(ours.log);
      const first = Math.min(n.length, o.length);
      assert(first >= 8, `${first} reports`);
      assertEquals(o.slice(0, first), n.slice(0, first));
    },
  });
}

Deno.test({
  name: "usb tripplite_usb: -k sends the same reports as NUT 2.8.0",
  ignore: !haveNut(),
  fn: async () => {
    const { nut, ours } = await sideBySide(["-k"], 0x3003, "battery");
    assertEquals(ours.r.code, nut.r.code, nut.r.stderr + ours.r.stderr);
    assertEquals(reports(ours.log), reports(nut.log));
    // offdelay 64 = 0x40, then G
    assertEquals(nut.m.commands, ["N 0 40", "G"]);
  },
});

Deno.test({
  name: "usb tripplite_usb under NUT upsd: same listing, commands and settings",
  ignore: !haveNut(),
  ...opts,
  fn: async () => {
    const lib = await standinDir();
    const results = [];
    for (const driver of [["/lib/nut/tripplite_usb"], OURS]) {
      const srv = new UsbSimServer();
      const m = new TrippLiteModel(0x3003);
      srv.add(m);
      try {
        results.push(
          await withUpsdFor(
            "tripplite_usb",
            driver,
            "auto",
            async (s) => {
              const before = await snapshot(s);
              const start = m.commands.length;
              const auth = ["-u", "admin", "-p", "pw", "-w", "-t", "20"];
              for (
                const set of ["ups.delay.shutdown=30", "outlet.1.switch=0"]
              ) {
                const r = await runCmd("/usr/bin/upsrw", [
                  "-s",
                  set,
                  ...auth,
                  s.target,
                ], s.env);
                assert(
                  (r.out + r.err).includes("SUCCESS"),
                  set + ": " + r.out + r.err,
                );
              }
              for (
                const c of ["load.off", "test.battery.start", "shutdown.return"]
              ) {
                const r = await runCmd("/usr/bin/upscmd", [
                  ...auth,
                  s.target,
                  c,
                ], s.env);
                assert(
                  (r.out + r.err).includes("OK") ||
                    (r.out + r.err).includes("SUCCESS"),
                  c + r.out + r.err,
                );
              }
              const after = await snapshot(s);
              // commands only, polls left out
              const sent = m.commands.slice(start).filter((c) =>
                !"SDMTLBV".includes(c[0]!)
              );
              return { before, after, sent };
            },
            "",
            srv.env(lib),
          ),
        );
      } finally {
        await srv.close();
      }
    }
    const [theirs, mine] = results;
    assertEquals(mine!.before, theirs!.before);
    assertEquals(mine!.after.vars, theirs!.after.vars);
    assertEquals(mine!.sent, theirs!.sent);
    assertEquals(theirs!.sent, [
      "N 30 35",
      "K 31 30",
      "N 30 35",
      "K 30 30",
      "A",
      "N 0 1e",
      "G",
    ]);
  },
});

Deno.test("usb tripplite_usb: a silent unit goes stale, then recovers", async () => {
  const srv = new UsbSimServer();
  const t = testCtx("auto");
  const m = new TrippLiteModel(0x3003);
  srv.add(m);
  const drv = new TrippLiteDriver(t.ctx, {
    bus: () => Promise.resolve(new SimUsbBus(srv.path)),
    sleep: () => Promise.resolve(),
  });
  try {
    await drv.init();
    await drv.update();
    assert(!t.state.stale);
    m.silent = true;
    await drv.update();
    assert(t.state.stale, "not stale when the unit is silent");
    m.silent = false;
    m.state = "battery";
    await drv.update();
    assert(!t.state.stale, "did not recover");
    assertEquals(t.state.tree.get("ups.status"), "OB");
  } finally {
    await drv.close();
    await srv.close();
  }
});
