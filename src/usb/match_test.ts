import { assert, assertEquals } from "../../tests/assert.ts";
import {
  BadRegexError,
  exactMatcher,
  permissionMessage,
  regexMatcher,
  wholeMatch,
} from "./match.ts";
import type { UsbDeviceInfo } from "../hid/device.ts";

const dev = (over: Partial<UsbDeviceInfo> = {}): UsbDeviceInfo => ({
  vendorId: 0x0665,
  productId: 0x5161,
  vendor: "  Voltronic ",
  product: "USB UPS",
  serial: "AB12",
  bus: "001",
  device: "004",
  busport: "1.2",
  ...over,
});

Deno.test({
  name: "regexMatcher: whole, case-insensitive, trimmed matches (NUT's rule)",
  permissions: "none",
  fn() {
    assert(regexMatcher({ vendorid: "0665" })(dev()));
    assert(regexMatcher({ vendorid: "06(65|da)", productid: "5161" })(dev()));
    assert(!regexMatcher({ vendorid: "066" })(dev()), "partial match");
    assert(!regexMatcher({ productid: "161" })(dev()), "suffix only");
    assert(regexMatcher({ vendor: "voltronic" })(dev()), "trimmed, any case");
    assert(regexMatcher({ serial: "ab.*" })(dev()));
    assert(!regexMatcher({ serial: "ab.*" })(dev({ serial: "XAB12" })));
    assert(regexMatcher({ bus: "001", device: "004" })(dev()));
    assert(regexMatcher({ busport: "1\\.2" })(dev()));
    assert(!regexMatcher({ busport: "1\\.2" })(dev({ busport: "1.3" })));
    // an absent string counts as empty
    const { serial: _, ...noSerial } = dev();
    assert(regexMatcher({ serial: ".*" })(noSerial));
    assert(!regexMatcher({ serial: "." })(noSerial));
    assert(regexMatcher(new Map([["vendorid", "0665"]]))(dev()));
  },
});

Deno.test({
  name: "regexMatcher: a bad regex is reported",
  permissions: "none",
  fn() {
    let err: unknown;
    try {
      regexMatcher({ product: "(" });
    } catch (e) {
      err = e;
    }
    assert(err instanceof BadRegexError);
    assertEquals(wholeMatch(/a|ab/, "ab"), false); // JS is leftmost-first
  },
});

Deno.test({
  name: "exactMatcher: same strings and bus, any address",
  permissions: "none",
  fn() {
    const m = exactMatcher(dev());
    assert(m(dev({ device: "009" })), "a replug changes the address");
    assert(!m(dev({ serial: "AB13" })));
    assert(!m(dev({ bus: "002" })));
  },
});

Deno.test({
  name: "permissionMessage names the device and the udev rule",
  permissions: "none",
  fn() {
    const m = permissionMessage(dev());
    assert(m.includes("0665:5161"));
    assert(m.includes("62-nut-usbups.rules"));
    assert(m.includes('ATTR{idVendor}=="0665", ATTR{idProduct}=="5161"'));
  },
});
