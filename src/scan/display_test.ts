import { assertEquals } from "../../tests/assert.ts";
import { inDisplayOrder, type ScanDevice } from "./device.ts";
import { formatParsable, formatUpsConf } from "./display.ts";

const pure = { permissions: "none" } as const;

const NUT_DEVS: ScanDevice[] = [
  { bus: "nut", driver: "nutclient", port: "dummy@127.0.0.1", options: [] },
  { bus: "nut", driver: "nutclient", port: "second@127.0.0.1", options: [] },
];

Deno.test("formatUpsConf: 2.8.0's -O output, byte for byte", pure, () => {
  // as printed by Debian's nut-scanner 2.8.0 -O -s 127.0.0.1 -p <port>
  assertEquals(
    formatUpsConf(NUT_DEVS),
    '[nutdev1]\n\tdriver = "nutclient"\n\tport = "dummy@127.0.0.1"\n' +
      '[nutdev2]\n\tdriver = "nutclient"\n\tport = "second@127.0.0.1"\n',
  );
});

Deno.test("formatParsable: 2.8.0's -P output", pure, () => {
  assertEquals(
    formatParsable(NUT_DEVS),
    'NUT:driver="nutclient",port="dummy@127.0.0.1"\n' +
      'NUT:driver="nutclient",port="second@127.0.0.1"\n',
  );
});

Deno.test(
  "formatters: options follow port; one counter across buses",
  pure,
  () => {
    const usb: ScanDevice = {
      bus: "usb",
      driver: "usbhid-ups",
      port: "auto",
      options: [["vendorid", "0463"], ["productid", "FFFF"], ["bus", "001"]],
    };
    const sim: ScanDevice = {
      bus: "simulation",
      driver: "dummy-ups",
      port: "a.dev",
      options: [],
    };
    const serial: ScanDevice = {
      bus: "serial",
      driver: "blazer_ser",
      port: "/dev/ttyS0",
      options: [],
    };
    const ordered = inDisplayOrder([serial, sim, NUT_DEVS[0]!, usb]);
    assertEquals(ordered.map((d) => d.bus), [
      "usb",
      "nut",
      "simulation",
      "serial",
    ]);
    assertEquals(
      formatUpsConf(ordered),
      '[nutdev1]\n\tdriver = "usbhid-ups"\n\tport = "auto"\n' +
        '\tvendorid = "0463"\n\tproductid = "FFFF"\n\tbus = "001"\n' +
        '[nutdev2]\n\tdriver = "nutclient"\n\tport = "dummy@127.0.0.1"\n' +
        '[nutdev3]\n\tdriver = "dummy-ups"\n\tport = "a.dev"\n' +
        '[nutdev4]\n\tdriver = "blazer_ser"\n\tport = "/dev/ttyS0"\n',
    );
    assertEquals(
      formatParsable(ordered),
      'USB:driver="usbhid-ups",port="auto",vendorid="0463",productid="FFFF",bus="001"\n' +
        'NUT:driver="nutclient",port="dummy@127.0.0.1"\n' +
        'NUT_SIMULATION:driver="dummy-ups",port="a.dev"\n' +
        'EATON_SERIAL:driver="blazer_ser",port="/dev/ttyS0"\n',
    );
    assertEquals(formatUpsConf([]), "");
    assertEquals(formatParsable([]), "");
  },
);
