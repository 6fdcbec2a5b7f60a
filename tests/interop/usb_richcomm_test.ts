/**
 * richcomm_usb side by side with NUT 2.8.0's on the USB simulator (NUT's
 * binary through the libusb stand-in, ours through the simulator backend):
 * same `-d 1` dump per contact state, same request traffic for start-up and
 * for `-k`. Then ours alone: a silent unit goes stale and comes back.
 *
 * @module
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut, waitFor } from "../net.ts";
import { standinDir } from "../sim/usb/build.ts";
import { type Transfer, UsbSimServer } from "../sim/usb/server.ts";
import {
  RichcommModel,
  type RichcommState,
} from "../sim/usb/richcomm_model.ts";
import {
  parseDump,
  runNutDriver,
  runOurDriver,
  testCtx,
} from "../sim/harness.ts";
import { RichcommDriver } from "../../drivers/richcomm/driver.ts";
import { SimUsbBus } from "../../src/transport/usb_sim.ts";

const CONF = "[sim]\n driver = richcomm_usb\n port = auto\n";

/** SET_REPORT requests and their payloads, in order. */
function requests(log: readonly Transfer[]): string[] {
  return log.filter((t) => t.op === "control" && t.args[0] === 0x21)
    .map((t) => `${t.args.join(",")} ${Array.from(t.out).join(",")}`);
}

async function sideBySide(args: string[], state: RichcommState) {
  const lib = await standinDir();
  const runs = [runNutDriver, runOurDriver].map(async (run) => {
    const srv = new UsbSimServer();
    try {
      const m = new RichcommModel();
      m.state = state;
      const dev = srv.add(m);
      const r = await run("richcomm_usb", CONF, args, 60_000, srv.env(lib));
      return { r, m, log: [...dev.log] };
    } finally {
      await srv.close();
    }
  });
  const [nut, ours] = await Promise.all(runs);
  return { nut: nut!, ours: ours! };
}

for (const state of ["online", "battery", "low"] as RichcommState[]) {
  Deno.test(`usb richcomm_usb: same dump as NUT 2.8.0 (${state})`, async () => {
    if (!haveNut()) return;
    const { nut, ours } = await sideBySide(["-d", "1"], state);
    assertEquals(nut.r.code, 0, nut.r.stderr);
    assertEquals(ours.r.code, 0, ours.r.stderr);
    const dump = parseDump(nut.r.stdout);
    const status = { online: "OL", battery: "OB", low: "OB LB" }[state];
    assert(dump.includes(`ups.status: ${status}`), dump.join("\n"));
    assert(dump.includes("ups.model: UPS USB MON V1.4"), dump.join("\n"));
    assertEquals(parseDump(ours.r.stdout), dump);
    // five wake-up polls, then the update's
    const n = requests(nut.log);
    assertEquals(requests(ours.log).slice(0, 6), n.slice(0, 6));
    assertEquals(nut.m.requests.slice(0, 6), Array(6).fill("1 0 0 30"));
  });
}

Deno.test("usb richcomm_usb: same -k traffic as NUT 2.8.0", async () => {
  if (!haveNut()) return;
  const { nut, ours } = await sideBySide(["-k"], "battery");
  assertEquals(ours.r.code, nut.r.code, nut.r.stderr + ours.r.stderr);
  assertEquals(requests(ours.log), requests(nut.log));
  assertEquals(nut.m.requests.slice(-2), ["2 0 0 0", "2 1 0 0"]);
});

Deno.test("usb richcomm_usb: a silent unit goes stale, then recovers", async () => {
  const srv = new UsbSimServer();
  const t = testCtx("auto");
  const m = new RichcommModel();
  srv.add(m);
  const drv = new RichcommDriver(t.ctx, {
    bus: () => Promise.resolve(new SimUsbBus(srv.path)),
    sleep: () => Promise.resolve(),
  });
  try {
    await drv.init();
    await drv.update();
    assertEquals(t.state.tree.get("ups.status"), "OL");
    m.silent = true;
    await drv.update();
    assert(t.state.stale, "not stale after a failed poll");
    m.silent = false;
    m.state = "battery";
    await drv.update(); // reopens
    await drv.update();
    assert(!t.state.stale, "did not recover");
    assertEquals(t.state.tree.get("ups.status"), "OB");
  } finally {
    await drv.close();
    await srv.close();
  }
});

Deno.test("usb richcomm_usb: unplugged, stale; plugged back, recovered without a restart", async () => {
  const srv = new UsbSimServer();
  const t = testCtx("auto");
  const m = new RichcommModel();
  const dev = srv.add(m);
  const drv = new RichcommDriver(t.ctx, {
    bus: () => Promise.resolve(new SimUsbBus(srv.path)),
    sleep: () => Promise.resolve(),
  });
  try {
    await drv.init();
    await drv.update();
    assert(!t.state.stale);
    srv.unplug(dev);
    await drv.update();
    assert(t.state.stale, "not stale after the unplug");
    await drv.update(); // the unit is missing: no crash, still stale
    assert(t.state.stale);
    m.state = "battery";
    srv.plug(dev);
    // the shared back-off paces the reopen (1 s, 2 s, ...)
    await waitFor(async () => {
      await drv.update();
      return !t.state.stale;
    }, 10_000);
    assertEquals(t.state.tree.get("ups.status"), "OB");
  } finally {
    await drv.close();
    await srv.close();
  }
});
