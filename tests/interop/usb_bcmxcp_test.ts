/**
 * bcmxcp_usb side by side with NUT 2.8.0's on the USB simulator (NUT's
 * binary through the libusb stand-in, ours through the simulator backend):
 * the XCP unit of tests/sim/xcp.ts behind Powerware's (SET_DESCRIPTOR) and
 * Phoenixtec's (vendor request) USB framing. Same `-d 1` dump, same
 * requests; same `-k` control traffic. Then ours alone: a silent unit goes
 * stale and comes back.
 *
 * @module
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { standinDir } from "../sim/usb/build.ts";
import { type Transfer, UsbSimServer } from "../sim/usb/server.ts";
import { XcpUsbModel } from "../sim/usb/xcp_model.ts";
import type { XcpState } from "../sim/xcp.ts";
import {
  parseDump,
  runNutDriver,
  runOurDriver,
  testCtx,
} from "../sim/harness.ts";
import { BcmxcpDriver } from "../../drivers/bcmxcp/driver.ts";
import { usbOpener } from "../../drivers/bcmxcp/usb.ts";
import { SimUsbBus } from "../../src/transport/usb_sim.ts";

const CONF = "[sim]\n driver = bcmxcp_usb\n port = auto\n";

/** Control OUT transfers (the XCP requests), in order. */
function requests(log: readonly Transfer[]): string[] {
  return log.filter((t) => t.op === "control" && (t.args[0]! & 0x80) === 0)
    .map((t) => `${t.args.join(",")} ${Array.from(t.out).join(",")}`);
}

async function sideBySide(
  args: string[],
  kind: "powerware" | "phoenixtec",
  state: XcpState,
) {
  const lib = await standinDir();
  const runs = [runNutDriver, runOurDriver].map(async (run) => {
    const srv = new UsbSimServer();
    try {
      const m = new XcpUsbModel(kind);
      m.xcp.state = state;
      const dev = srv.add(m);
      const r = await run("bcmxcp_usb", CONF, args, 90_000, srv.env(lib));
      return { r, m, log: [...dev.log] };
    } finally {
      await srv.close();
    }
  });
  const [nut, ours] = await Promise.all(runs);
  return { nut: nut!, ours: ours! };
}

for (
  const [kind, state, status] of [
    ["powerware", "online", "OL"],
    ["phoenixtec", "battery", "ALARM OB"],
  ] as Array<["powerware" | "phoenixtec", XcpState, string]>
) {
  Deno.test(`usb bcmxcp_usb (${kind}): same dump as NUT 2.8.0 (${state})`, async () => {
    if (!haveNut()) return;
    const { nut, ours } = await sideBySide(["-d", "1"], kind, state);
    assertEquals(nut.r.code, 0, nut.r.stderr);
    assertEquals(ours.r.code, 0, ours.r.stderr);
    const dump = parseDump(nut.r.stdout);
    assert(dump.includes(`ups.status: ${status}`), dump.join("\n"));
    assert(
      dump.includes("ups.description: On-Line UPS, Single Phase"),
      dump.join("\n"),
    );
    assertEquals(parseDump(ours.r.stdout), dump);
    const n = requests(nut.log), o = requests(ours.log);
    const first = Math.min(n.length, o.length);
    assert(first >= 17, `${first} requests`);
    assertEquals(o.slice(0, first), n.slice(0, first));
  });
}

Deno.test("usb bcmxcp_usb: same -k traffic as NUT 2.8.0", async () => {
  if (!haveNut()) return;
  const { nut, ours } = await sideBySide(["-k"], "powerware", "battery");
  assertEquals(ours.r.code, nut.r.code, nut.r.stderr + ours.r.stderr);
  assertEquals(requests(ours.log), requests(nut.log));
  assertEquals(nut.m.xcp.commands, ["8a 00 00"]);
});

Deno.test("usb bcmxcp_usb: a silent unit goes stale, then recovers", async () => {
  const srv = new UsbSimServer();
  const t = testCtx("auto");
  const m = new XcpUsbModel();
  srv.add(m);
  const drv = new BcmxcpDriver(
    t.ctx,
    usbOpener(
      () => Promise.resolve(new SimUsbBus(srv.path)),
      () => Promise.resolve(),
    ),
    () => Promise.resolve(),
  );
  try {
    await drv.init();
    await drv.update();
    assert(!t.state.stale);
    m.silent = true;
    await drv.update();
    assert(t.state.stale, "not stale when the unit is silent");
    m.silent = false;
    m.xcp.state = "battery";
    await drv.update();
    assert(!t.state.stale, "did not recover");
    assertEquals(t.state.tree.get("ups.status"), "ALARM OB");
  } finally {
    await drv.close();
    await srv.close();
  }
});
