/**
 * blazer_usb: NUT's legacy Megatec/Q1 USB driver (blazer.c + blazer_usb.c):
 * blazer_ser's protocol engine over the cypress, phoenix, ippon and krauler
 * USB bridges, chosen by `subdriver=` or NUT's blazer_usb VID:PID table.
 *
 * @module
 */
import { defineDriver } from "../src/driver/types.ts";
import { BlazerDriver } from "./qx/blazer.ts";
import { USB_BRIDGES } from "./qx/usb_bridges.ts";
import { usbPortOpener } from "./qx/usb_port.ts";
import type { UsbDeviceInfo } from "./../src/transport/usb_link.ts";
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";

/** blazer_usb's bridges (a subset of nutdrv_qx's, same framing). */
export const BLAZER_BRIDGES = {
  cypress: USB_BRIDGES.cypress!,
  phoenix: USB_BRIDGES.phoenix!,
  ippon: USB_BRIDGES.ippon!,
  krauler: USB_BRIDGES.krauler!,
};

/** NUT 2.8.0's blazer_usb_id table. */
export const BLAZER_USB_TABLE: ReadonlyArray<[number, number, string]> = [
  [0x05b8, 0x0000, "cypress"], // Agiler UPS
  [0x0001, 0x0000, "krauler"], // Krauler UP-M500VA
  [0xffff, 0x0000, "krauler"], // Ablerex 625L USB
  [0x0665, 0x5161, "cypress"], // Belkin F6C1200-UNV
  [0x06da, 0x0002, "cypress"], // Online Yunto YQ450
  [0x06da, 0x0003, "ippon"], // Mustek Powermust
  [0x06da, 0x0004, "cypress"], // Phoenixtec Innova 3/1 T
  [0x06da, 0x0005, "cypress"], // Phoenixtec Innova RT
  [0x06da, 0x0201, "cypress"], // Phoenixtec Innova T
  [0x06da, 0x0601, "phoenix"], // Online Zinto A
  [0x0f03, 0x0001, "cypress"], // Unitek Alpha 1200Sx
  [0x14f0, 0x00c9, "phoenix"], // GE EP series
];

/** The bridge blazer_usb picks for a device, if any. */
export function blazerLookup(info: UsbDeviceInfo): string | undefined {
  return BLAZER_USB_TABLE.find(([v, p]) =>
    v === info.vendorId && p === info.productId
  )?.[2];
}

const value = (name: string, desc: string) => ({
  name,
  kind: "value" as const,
  desc,
});

/** The blazer_usb definition. */
export const def = defineDriver({
  name: "blazer_usb",
  description: "Megatec/Q1 protocol USB driver",
  version: "0.14",
  vars: [
    value("subdriver", "Serial-over-USB subdriver selection"),
    value("vendor", "Regular expression to match UPS Manufacturer string"),
    value("product", "Regular expression to match UPS Product string"),
    value("serial", "Regular expression to match UPS Serial number"),
    value(
      "vendorid",
      "Regular expression to match UPS Manufacturer numerical ID (4 digits hexadecimal)",
    ),
    value(
      "productid",
      "Regular expression to match UPS Product numerical ID (4 digits hexadecimal)",
    ),
    value("bus", "Regular expression to match USB bus name"),
    value("device", "Regular expression to match USB device name"),
    value(
      "usb_set_altinterface",
      "Force redundant call to usb_set_altinterface() (value=bAlternateSetting; default=0)",
    ),
    value(
      "langid_fix",
      "Apply the language ID workaround to the krauler subdriver (0x409 or 0x4095)",
    ),
    value("ondelay", "Delay before UPS startup (minutes)"),
    value("offdelay", "Delay before UPS shutdown (seconds)"),
    value("runtimecal", "Parameters used for runtime calculation"),
    value("chargetime", "Nominal charge time for UPS battery"),
    value("idleload", "Minimum load to be used for runtime calculation"),
    {
      name: "norating",
      kind: "flag",
      desc: "Skip reading rating information from UPS",
    },
    {
      name: "novendor",
      kind: "flag",
      desc: "Skip reading vendor information from UPS",
    },
    // NUT 2.8.0 declares it a flag although it takes a value
    {
      name: "protocol",
      kind: "flag",
      desc: "Preselect communication protocol (skip autodetection)",
    },
  ],
  create: (ctx) =>
    new BlazerDriver(
      ctx,
      usbPortOpener(ctx, {
        bridges: BLAZER_BRIDGES,
        lookup: blazerLookup,
        driver: "blazer_usb",
      }),
    ),
});

if (import.meta.main) runMain((args, io) => driverMain(def, args, io));
