import { assertEquals } from "../../tests/assert.ts";
import { matchUsb, scanUsb, type UsbDeviceInfo, usbIdTable } from "./usb.ts";

const pure = { permissions: "none" } as const;

const TABLE = usbIdTable([
  { vendor: 0x0463, product: 0xffff, driver: "usbhid-ups" },
  { vendor: 0x051d, product: 0x0002, driver: "usbhid-ups" },
  // the same ID from a second subdriver table: no duplicate
  { vendor: 0x051d, product: 0x0002, driver: "usbhid-ups" },
  { vendor: 0x0665, product: 0x5161, driver: "nutdrv_qx" },
  { vendor: 0x0665, product: 0x5161, driver: "blazer_usb" },
]);

const EATON: UsbDeviceInfo = {
  vendorId: 0x0463,
  productId: 0xffff,
  vendor: "EATON",
  product: "Ellipse ECO",
  serial: "000000000",
  bus: "003",
  device: "002",
  busport: "1",
};
const MOUSE: UsbDeviceInfo = {
  vendorId: 0x046d,
  productId: 0xc077,
  product: "USB Optical Mouse",
  bus: "001",
  device: "004",
  busport: "2",
};
const APC_NO_STRINGS: UsbDeviceInfo = {
  vendorId: 0x051d,
  productId: 0x0002,
  bus: "002",
  device: "007",
  busport: "",
};

Deno.test("usbIdTable: first driver wins, alternates kept once", pure, () => {
  assertEquals(TABLE.get("0463:FFFF"), ["usbhid-ups"]);
  assertEquals(TABLE.get("051D:0002"), ["usbhid-ups"]);
  assertEquals(TABLE.get("0665:5161"), ["nutdrv_qx", "blazer_usb"]);
});

Deno.test(
  "matchUsb: known IDs reported with 2.8.0's options, others skipped",
  pure,
  () => {
    assertEquals(matchUsb([MOUSE, EATON, APC_NO_STRINGS], TABLE), [
      {
        bus: "usb",
        driver: "usbhid-ups",
        port: "auto",
        options: [
          ["vendorid", "0463"],
          ["productid", "FFFF"],
          ["product", "Ellipse ECO"],
          ["serial", "000000000"],
          ["vendor", "EATON"],
          ["bus", "003"],
        ],
      },
      {
        bus: "usb",
        driver: "usbhid-ups",
        port: "auto",
        options: [["vendorid", "051D"], ["productid", "0002"], ["bus", "002"]],
      },
    ]);
  },
);

Deno.test(
  "scanUsb: an empty bus gives no devices and seen = 0",
  pure,
  async () => {
    assertEquals(await scanUsb(TABLE, () => Promise.resolve([])), {
      devices: [],
      seen: 0,
    });
    const r = await scanUsb(TABLE, () => Promise.resolve([MOUSE]));
    assertEquals(r, { devices: [], seen: 1 });
  },
);
