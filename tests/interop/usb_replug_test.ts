/**
 * Unplug and replug on the USB simulator, NUT 2.8.0's drivers and ours run
 * the same way under NUT's upsd: after the unplug upsc reports "Data stale"
 * within MAXAGE, after the replug the data comes back without restarting
 * anything. nutdrv_qx and blazer_usb (cypress bridge) and usbhid-ups (a
 * corpus recording).
 *
 * @module
 */
import { assert } from "../assert.ts";
import { haveNut, waitFor } from "../net.ts";
import { standinDir } from "../sim/usb/build.ts";
import { UsbSimServer } from "../sim/usb/server.ts";
import type { UsbModel } from "../sim/usb/model.ts";
import { MegatecBridgeModel } from "../sim/usb/megatec_bridges.ts";
import { HidRecordingModel } from "../sim/usb/hid_model.ts";
import { withUsbUpsd } from "../sim/usb/upsd.ts";
import { runCmd } from "../sim/apc_smart.ts";
import { qxModel } from "../sim/qx.ts";
import { parseRecording } from "../../src/hid/replay.ts";

/** upsd's default MAXAGE (s): stale must show within it. */
const MAXAGE = 15;

const ours = (file: string) => [
  Deno.execPath(),
  "run",
  "-A",
  new URL(`../../drivers/${file}.ts`, import.meta.url).pathname,
];

async function replug(driver: string, argv: string[], model: UsbModel) {
  const lib = await standinDir();
  const srv = new UsbSimServer();
  try {
    const dev = srv.add(model);
    await withUsbUpsd(driver, argv, srv.env(lib), async (s) => {
      const status = () =>
        runCmd("/usr/bin/upsc", [s.target, "ups.status"], s.env);
      srv.unplug(dev);
      const t0 = Date.now();
      await waitFor(
        async () => /stale/i.test((await status()).err),
        (MAXAGE + 5) * 1000,
        200,
        "Data stale",
      );
      const staleAfter = (Date.now() - t0) / 1000;
      assert(staleAfter <= MAXAGE, `stale after ${staleAfter}s`);
      srv.plug(dev);
      await waitFor(
        async () => (await status()).code === 0,
        40_000,
        200,
        "data back",
      );
      assert((await status()).out.trim().length > 0);
    }, " pollinterval = 1\n");
  } finally {
    await srv.close();
  }
}

const apc = async () =>
  new HidRecordingModel(
    parseRecording(
      await Deno.readTextFile(
        new URL("../fixtures/hid/apc-back-ups-500.json", import.meta.url),
      ),
    ),
  );
const cypress = () =>
  Promise.resolve(
    new MegatecBridgeModel("cypress", qxModel(() => "online")),
  );

const CASES: Array<[string, string, () => Promise<UsbModel>]> = [
  ["nutdrv_qx", "nutdrv_qx", cypress],
  ["blazer_usb", "blazer_usb", cypress],
  ["usbhid-ups", "usbhid_ups", apc],
];

for (const [driver, file, model] of CASES) {
  for (const who of ["NUT 2.8.0", "ours"]) {
    Deno.test(`usb ${driver} (${who}): unplug goes stale, replug recovers`, async () => {
      if (!haveNut()) return;
      const argv = who === "ours" ? ours(file) : [`/lib/nut/${driver}`];
      await replug(driver, argv, await model());
    });
  }
}
