/**
 * riello_usb side by side with NUT 2.8.0's riello_usb on the USB simulator
 * (NUT's binary through the libusb stand-in, ours through the simulator
 * backend), on a Cypress-bridged GPSER unit: same `-d 1` dump, same bulk
 * and control traffic for start-up and for `-k`. Then ours alone: a silent
 * unit goes stale after NUT's ten failed polls and comes back.
 *
 * @module
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { standinDir } from "../sim/usb/build.ts";
import { type Transfer, UsbSimServer } from "../sim/usb/server.ts";
import { RielloUsbModel } from "../sim/usb/riello_model.ts";
import type { RielloState } from "../sim/riello.ts";
import {
  parseDump,
  runNutDriver,
  runOurDriver,
  testCtx,
} from "../sim/harness.ts";
import { RielloDriver } from "../../drivers/riello/driver.ts";
import { usbOpener } from "../../drivers/riello/usb.ts";
import { SimUsbBus } from "../../src/transport/usb_sim.ts";
import { runCmd, snapshot } from "../sim/apc_smart.ts";
import { withUpsdFor } from "../sim/upsd_serve.ts";

const CONF = "[sim]\n driver = riello_usb\n port = auto\n";

/** OUT packets and control OUT transfers, in order. */
function traffic(log: readonly Transfer[]): string[] {
  return log.filter((t) =>
    (t.op === "interrupt" && (t.args[0]! & 0x80) === 0) ||
    (t.op === "control" && (t.args[0]! & 0x80) === 0)
  ).map((t) => `${t.op} ${t.args.join(",")} ${Array.from(t.out).join(",")}`);
}

async function sideBySide(args: string[], state: RielloState) {
  const lib = await standinDir();
  const out = [];
  for (const run of [runNutDriver, runOurDriver]) {
    const srv = new UsbSimServer();
    try {
      const m = new RielloUsbModel();
      m.gpser.state = state;
      const dev = srv.add(m);
      const r = await run("riello_usb", CONF, args, 60_000, srv.env(lib));
      out.push({ r, m, log: [...dev.log] });
    } finally {
      await srv.close();
    }
  }
  return { nut: out[0]!, ours: out[1]! };
}

for (const state of ["online", "battery"] as RielloState[]) {
  Deno.test(`usb riello_usb: same dump as NUT 2.8.0 (${state})`, async () => {
    if (!haveNut()) return;
    const { nut, ours } = await sideBySide(["-d", "1"], state);
    assertEquals(nut.r.code, 0, nut.r.stderr);
    assertEquals(ours.r.code, 0, ours.r.stderr);
    const dump = parseDump(nut.r.stdout);
    assert(dump.includes("ups.vendorid: 04b4"), dump.join("\n"));
    assert(
      dump.includes(`ups.status: ${state === "online" ? "OL CHRG" : "OB"}`),
      dump.join("\n"),
    );
    assertEquals(parseDump(ours.r.stdout), dump);
    // start-up: bridge set-up, then GI, GN, RS, RE in the same packets
    const n = traffic(nut.log), o = traffic(ours.log);
    const startup = 1 + 2 * 4;
    assertEquals(o.slice(0, startup), n.slice(0, startup));
    assertEquals(nut.m.gpser.commands.slice(0, 4), ["GI", "GN", "RS", "RE"]);
  });
}

Deno.test("usb riello_usb: same -k traffic as NUT 2.8.0", async () => {
  if (!haveNut()) return;
  const { nut, ours } = await sideBySide(["-k"], "battery");
  assertEquals(ours.r.code, nut.r.code, nut.r.stderr + ours.r.stderr);
  assertEquals(traffic(ours.log), traffic(nut.log));
  // -k reads no status first: the unit counts as on line, so 2.8.0 only
  // cancels (CD) three times and reports failure
  assertEquals(nut.m.gpser.commands, ["CD", "CD", "CD"]);
});

Deno.test("usb riello_usb: a silent unit goes stale after ten polls and recovers", async () => {
  const srv = new UsbSimServer();
  const t = testCtx("auto");
  const m = new RielloUsbModel();
  srv.add(m);
  const drv = new RielloDriver(
    t.ctx,
    usbOpener(() => Promise.resolve(new SimUsbBus(srv.path))),
  );
  try {
    await drv.init();
    await drv.update();
    assertEquals(t.state.tree.get("ups.status"), "OL CHRG");
    m.silent = true;
    for (let i = 0; i < 10; i++) await drv.update();
    assert(!t.state.stale, "stale too early");
    await drv.update();
    assert(t.state.stale, "not stale after ten failed polls");
    m.silent = false;
    await drv.update();
    assert(!t.state.stale, "did not recover");
  } finally {
    await drv.close();
    await srv.close();
  }
});

Deno.test({
  name:
    "usb riello_usb under NUT upsd: same listing and instcmd requests as NUT",
  ignore: !haveNut(),
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const lib = await standinDir();
    const ours = [
      Deno.execPath(),
      "run",
      "-A",
      new URL("../../drivers/riello_usb.ts", import.meta.url).pathname,
    ];
    const results = [];
    for (const driver of [["/lib/nut/riello_usb"], ours]) {
      const srv = new UsbSimServer();
      const m = new RielloUsbModel();
      srv.add(m);
      try {
        results.push(
          await withUpsdFor(
            "riello_usb",
            driver,
            "auto",
            async (s) => {
              const snap = await snapshot(s);
              const start = m.gpser.commands.length;
              const auth = ["-u", "admin", "-p", "pw", "-w", "-t", "20"];
              for (
                const c of ["load.off", "shutdown.stop", "test.panel.start"]
              ) {
                const r = await runCmd("/usr/bin/upscmd", [
                  ...auth,
                  s.target,
                  c,
                ], s.env);
                assert((r.out + r.err).includes("SUCCESS"), c + r.out + r.err);
              }
              const sent = m.gpser.commands.slice(start)
                .filter((c) => !/^(RS|RE)/.test(c));
              return { snap, sent };
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
    assertEquals(mine!.snap, theirs!.snap);
    assertEquals(mine!.sent, theirs!.sent);
    assertEquals(theirs!.sent, ["CS0000", "CD", "TP"]);
  },
});
