import { assertEquals } from "../../tests/assert.ts";
import { fabulaIndex, tableLookup } from "./usb_bridges.ts";
import { fabulaShutdown } from "../../tests/sim/usb/megatec_bridges.ts";
import type { UsbDeviceInfo } from "../../src/transport/usb_link.ts";

Deno.test({
  name: "fabulaIndex: NUT's string index for each Megatec command",
  permissions: "none",
  fn() {
    assertEquals(fabulaIndex("Q1\r"), 0x03);
    assertEquals(fabulaIndex("C\r"), 0x0a);
    // 0x(1..5)0: .5 … .9 minutes; 0x(6..)0: whole minutes; +8: restart
    assertEquals(fabulaIndex("S.5R0000\r"), 0x10);
    assertEquals(fabulaIndex("S.7R0000\r"), 0x30);
    assertEquals(fabulaIndex("S.3R0000\r"), 0x10, "clamped to .5");
    assertEquals(fabulaIndex("S01R0000\r"), 0x60);
    assertEquals(fabulaIndex("S02R0001\r"), 0x78);
    assertEquals(fabulaIndex("S.5\r"), 0x18, "plain Sn restarts");
    assertEquals(fabulaIndex("S10R0003\r"), 0xf8);
    assertEquals(fabulaIndex("S20R0000\r"), 0xf0, "clamped to 10");
    assertEquals(fabulaIndex("T\r"), undefined, "echoed");
    // the simulator decodes what the driver encodes
    assertEquals(fabulaShutdown(0x30), "S.7R0000");
    assertEquals(fabulaShutdown(0x78), "S02R0001");
  },
});

const dev = (
  vendorId: number,
  productId: number,
  vendor?: string,
  product?: string,
): UsbDeviceInfo => ({
  vendorId,
  productId,
  ...(vendor ? { vendor } : {}),
  ...(product ? { product } : {}),
  bus: "001",
  device: "002",
  busport: "",
});

Deno.test({
  name: "tableLookup: NUT's VID:PID table, strings decide on shared IDs",
  permissions: "none",
  fn() {
    assertEquals(tableLookup(dev(0x0665, 0x5161)), "cypress");
    assertEquals(tableLookup(dev(0x0001, 0x0000, "MEC", "MEC0003")), "fabula");
    assertEquals(tableLookup(dev(0x0001, 0x0000, "X", "mec0003")), "hunnox");
    assertEquals(
      tableLookup(dev(0x0001, 0x0000, "ATCL FOR UPS", "ATCL FOR UPS")),
      "fuji",
    );
    assertEquals(tableLookup(dev(0x0001, 0x0000)), "krauler");
    assertEquals(
      tableLookup(dev(0x06da, 0x0002, "Phoenixtec Power", "USB Cable (V2.00)")),
      "phoenixtec",
    );
    assertEquals(tableLookup(dev(0x06da, 0x0002)), "cypress");
    assertEquals(tableLookup(dev(0xffff, 0x0000)), "ablerex");
    assertEquals(tableLookup(dev(0x06da, 0x9999)), "possibly");
    assertEquals(tableLookup(dev(0x1234, 0x5678)), undefined);
  },
});
