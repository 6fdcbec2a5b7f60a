/**
 * nutdrv_atcl_usb side by side with NUT 2.8.0's on the USB simulator (NUT's
 * binary through the libusb stand-in, ours through the simulator backend):
 * same `-d 1` dump per state, same `-k` reports; the vendor string decides
 * the match (`vendor=`); then ours alone: a silent unit goes stale and
 * comes back.
 *
 * @module
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { standinDir } from "../sim/usb/build.ts";
import { type Transfer, UsbSimServer } from "../sim/usb/server.ts";
import { AtclModel, type AtclState } from "../sim/usb/atcl_model.ts";
import {
  parseDump,
  runNutDriver,
  runOurDriver,
  testCtx,
} from "../sim/harness.ts";
import { AtclDriver } from "../../drivers/atcl/driver.ts";
import { SimUsbBus } from "../../src/transport/usb_sim.ts";

const conf = (extra = "") =>
  `[sim]\n driver = nutdrv_atcl_usb\n port = auto\n${extra}`;

/** Interrupt OUT transfers, in order. */
function writes(log: readonly Transfer[]): string[] {
  return log.filter((t) => t.op === "interrupt" && (t.args[0]! & 0x80) === 0)
    .map((t) => `${t.args.join(",")} ${Array.from(t.out).join(",")}`);
}

async function sideBySide(
  args: string[],
  state: AtclState,
  vendor?: string,
  extra = "",
) {
  const lib = await standinDir();
  const runs = [runNutDriver, runOurDriver].map(async (run) => {
    const srv = new UsbSimServer();
    try {
      const m = new AtclModel(vendor);
      m.state = state;
      const dev = srv.add(m);
      const r = await run(
        "nutdrv_atcl_usb",
        conf(extra),
        args,
        60_000,
        srv.env(lib),
      );
      return { r, m, log: [...dev.log] };
    } finally {
      await srv.close();
    }
  });
  const [nut, ours] = await Promise.all(runs);
  return { nut: nut!, ours: ours! };
}

for (const state of ["online", "battery", "low", "weird"] as AtclState[]) {
  Deno.test(`usb nutdrv_atcl_usb: same dump as NUT 2.8.0 (${state})`, async () => {
    if (!haveNut()) return;
    const { nut, ours } = await sideBySide(["-d", "1"], state);
    assertEquals(nut.r.code, 0, nut.r.stderr);
    assertEquals(ours.r.code, 0, ours.r.stderr);
    const dump = parseDump(nut.r.stdout);
    assert(dump.includes("ups.mfr: ATCL FOR UPS"), dump.join("\n"));
    assertEquals(parseDump(ours.r.stdout), dump);
    if (state === "weird") {
      assert(nut.r.stderr.includes("Unknown status: 0x09"), nut.r.stderr);
      assert(ours.r.stderr.includes("Unknown status: 0x09"), ours.r.stderr);
    }
  });
}

Deno.test("usb nutdrv_atcl_usb: another vendor string needs vendor=", async () => {
  if (!haveNut()) return;
  const plain = await sideBySide(["-d", "1"], "online", "Other Co");
  assert(plain.nut.r.code !== 0);
  assertEquals(plain.ours.r.code !== 0, true, plain.ours.r.stdout);
  const named = await sideBySide(
    ["-d", "1"],
    "online",
    "Other Co",
    ' vendor = "Other Co"\n',
  );
  assertEquals(named.nut.r.code, 0, named.nut.r.stderr);
  assertEquals(parseDump(named.ours.r.stdout), parseDump(named.nut.r.stdout));
});

Deno.test("usb nutdrv_atcl_usb: same -k reports as NUT 2.8.0", async () => {
  if (!haveNut()) return;
  const { nut, ours } = await sideBySide(["-k"], "battery");
  assertEquals(ours.r.code, nut.r.code, nut.r.stderr + ours.r.stderr);
  assertEquals(writes(ours.log), writes(nut.log));
  assertEquals(nut.m.writes, ["1 0 0 0 0 0 0 0", "1 0 0 0 0 0 0 0"]);
});

Deno.test("usb nutdrv_atcl_usb: a silent unit goes stale, then recovers", async () => {
  const srv = new UsbSimServer();
  const t = testCtx("auto");
  const m = new AtclModel();
  srv.add(m);
  const drv = new AtclDriver(t.ctx, {
    bus: () => Promise.resolve(new SimUsbBus(srv.path)),
  });
  try {
    await drv.init();
    await drv.update();
    assertEquals(t.state.tree.get("ups.status"), "OL");
    m.silent = true;
    await drv.update();
    assert(t.state.stale, "not stale after a failed read");
    m.silent = false;
    m.state = "low";
    await drv.update(); // reopens
    await drv.update();
    assert(!t.state.stale, "did not recover");
    assertEquals(t.state.tree.get("ups.status"), "LB OB");
  } finally {
    await drv.close();
    await srv.close();
  }
});
