/**
 * The usbhid-ups driver definition (see drivers/usbhid_ups.ts).
 *
 * @module
 */
import { defineDriver, type DriverDefinition } from "../../src/driver/types.ts";
import type { HidOpener } from "../../src/hid/device.ts";
import { parseRecording, ReplayOpener } from "../../src/hid/replay.ts";
import { SUBDRIVERS } from "./list.ts";
import { UsbHidEngine } from "./engine.ts";

/** Opens `-x replay=FILE`, the USB simulator (USBSIM_SOCKET), or the real USB buses (npm:usb, loaded lazily). */
async function openerFor(
  replay: string | undefined,
  onDenied: (message: string) => void,
): Promise<HidOpener> {
  if (replay !== undefined) {
    return new ReplayOpener(parseRecording(await Deno.readTextFile(replay)));
  }
  const sim = Deno.env.get("USBSIM_SOCKET");
  if (sim) {
    // the USB simulator (tests), as NUT's drivers reach it via the stand-in
    const { hidOpener } = await import("../../src/hid/usb_adapter.ts");
    const { SimUsbBus } = await import("../../src/transport/usb_sim.ts");
    return hidOpener(() => new SimUsbBus(sim), onDenied);
  }
  const { usbOpener } = await import("../../src/transport/usb.ts");
  return usbOpener(onDenied);
}

/** usbhid-ups: USB HID Power Device Class UPS driver. */
export const usbhidUps: DriverDefinition = defineDriver({
  name: "usbhid-ups",
  description: "Generic HID driver",
  version: "0.47",
  defaultPollInterval: 2,
  vars: [
    {
      name: "lowbatt",
      kind: "value",
      desc: "Set low battery level, in % (default=30)",
    },
    {
      name: "offdelay",
      kind: "value",
      desc: "Set shutdown delay, in seconds (default=20)",
    },
    {
      name: "ondelay",
      kind: "value",
      desc: "Set startup delay, in seconds (default=30)",
    },
    {
      name: "pollfreq",
      kind: "value",
      desc:
        "Set polling frequency, in seconds, to reduce data flow (default=30)",
    },
    {
      name: "pollonly",
      kind: "flag",
      desc: "Don't use interrupt pipe, only use polling",
    },
    {
      name: "onlinedischarge",
      kind: "flag",
      desc: "Set to treat discharging while online as being offline",
    },
    {
      name: "vendor",
      kind: "value",
      desc: "Regular expression to match UPS Manufacturer string",
    },
    {
      name: "product",
      kind: "value",
      desc: "Regular expression to match UPS Product string",
    },
    {
      name: "serial",
      kind: "value",
      desc: "Regular expression to match UPS Serial number",
    },
    {
      name: "vendorid",
      kind: "value",
      desc:
        "Regular expression to match UPS Manufacturer numerical ID (4 digits hexadecimal)",
    },
    {
      name: "productid",
      kind: "value",
      desc:
        "Regular expression to match UPS Product numerical ID (4 digits hexadecimal)",
    },
    {
      name: "bus",
      kind: "value",
      desc: "Regular expression to match USB bus name",
    },
    {
      name: "device",
      kind: "value",
      desc: "Regular expression to match USB device name",
    },
    {
      name: "busport",
      kind: "value",
      desc: "Regular expression to match USB bus port name",
    },
    {
      name: "usb_set_altinterface",
      kind: "value",
      desc:
        "Force redundant call to usb_set_altinterface() (value=bAlternateSetting; default=0)",
    },
    {
      name: "explore",
      kind: "flag",
      desc: "Diagnostic matching of unsupported UPS",
    },
    {
      name: "maxreport",
      kind: "flag",
      desc: "Activate tweak for buggy APC Back-UPS firmware",
    },
    {
      name: "interruptonly",
      kind: "flag",
      desc: "Don't use polling, only use interrupt pipe",
    },
    {
      name: "interruptsize",
      kind: "value",
      desc: "Number of bytes to read from interrupt pipe",
    },
    {
      name: "subdriver",
      kind: "value",
      desc: `Explicit USB HID subdriver selection (${
        SUBDRIVERS.map((s) => s.name).join(", ")
      })`,
    },
    {
      name: "replay",
      kind: "value",
      desc:
        "Serve a recorded device from this JSON file instead of USB (deno-nut)",
    },
  ],
  create(ctx) {
    return new UsbHidEngine(ctx, {
      opener: () =>
        openerFor(ctx.config.values.get("replay"), (m) => ctx.log.error(m)),
    });
  },
});
