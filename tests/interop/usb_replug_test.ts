/**
 * Unplug and replug on the USB simulator, NUT 2.8.0's drivers and ours run
 * the same way under NUT's upsd: after the unplug upsc reports "Data stale"
 * within MAXAGE, after the replug the data comes back without restarting
 * anything. nutdrv_qx and blazer_usb (cypress bridge) and usbhid-ups (a
 * corpus recording). Also: two identical units told apart by serial, and a
 * device present but not permitted.
 *
 * @module
 */
import { assert, assertEquals } from "../assert.ts";
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
import { parseDump, runNutDriver, runOurDriver } from "../sim/harness.ts";

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

Deno.test("usb nutdrv_qx: two identical units, NUT 2.8.0 and ours pick the same by serial", async () => {
  if (!haveNut()) return;
  const lib = await standinDir();
  const dumps = [];
  for (const run of [runNutDriver, runOurDriver]) {
    const srv = new UsbSimServer();
    try {
      srv.add(
        new MegatecBridgeModel("cypress", qxModel(() => "online"), {
          serial: "UNIT-A",
        }),
      );
      srv.add(
        new MegatecBridgeModel("cypress", qxModel(() => "battery"), {
          serial: "UNIT-B",
        }),
      );
      const conf = "[sim]\n driver=nutdrv_qx\n port=auto\n serial=unit-b\n";
      const r = await run("nutdrv_qx", conf, ["-d", "1"], 60_000, srv.env(lib));
      assertEquals(r.code, 0, r.stderr);
      dumps.push(parseDump(r.stdout));
    } finally {
      await srv.close();
    }
  }
  assert(dumps[0]!.includes("ups.status: OB"), dumps[0]!.join("\n"));
  assertEquals(dumps[1], dumps[0]);
});

Deno.test("usb usbhid-ups: a device present but not permitted is named with its udev rule", async () => {
  const srv = new UsbSimServer();
  try {
    const dev = srv.add(await apc());
    dev.denyOpen = true;
    const r = await runOurDriver(
      "usbhid_ups",
      "[sim]\n driver=usbhid-ups\n port=auto\n",
      ["-d", "1"],
      30_000,
      { USBSIM_SOCKET: srv.path },
    );
    assert(r.code !== 0);
    assert(/051d:0002.*permission denied/s.test(r.stderr), r.stderr);
    assert(r.stderr.includes('ATTR{idVendor}=="051d"'), r.stderr);
  } finally {
    await srv.close();
  }
});

for (const who of ["NUT 2.8.0", "ours"]) {
  Deno.test(`usb nutdrv_qx (${who}): garbage, short and missing replies go stale, never crash`, async () => {
    if (!haveNut()) return;
    const lib = await standinDir();
    const srv = new UsbSimServer();
    try {
      const m = new MegatecBridgeModel("cypress", qxModel(() => "online"));
      srv.add(m);
      const argv = who === "ours" ? ours("nutdrv_qx") : ["/lib/nut/nutdrv_qx"];
      await withUsbUpsd("nutdrv_qx", argv, srv.env(lib), async (s) => {
        const status = () =>
          runCmd("/usr/bin/upsc", [s.target, "ups.status"], s.env);
        for (const fault of ["garbage", "short", "silent"] as const) {
          m.fault = fault;
          await waitFor(
            async () => /stale/i.test((await status()).err),
            (MAXAGE + 10) * 1000,
            200,
            `stale on ${fault} replies`,
          );
          m.fault = "none";
          await waitFor(
            async () => (await status()).out.trim() === "OL",
            30_000,
            200,
            `back after ${fault}`,
          );
        }
      }, " pollinterval = 1\n");
    } finally {
      await srv.close();
    }
  });
}
