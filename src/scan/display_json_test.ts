import { assertEquals } from "../../tests/assert.ts";
import { formatJson } from "./display.ts";
import { buildSetup } from "./setup.ts";

Deno.test({
  name: "formatJson: one array for every bus, options as an object",
  permissions: "none",
  fn() {
    const text = formatJson([
      {
        bus: "usb",
        driver: "usbhid-ups",
        port: "auto",
        options: [["vendorid", "0463"], ["productid", "FFFF"]],
      },
      { bus: "nut", driver: "nutclient", port: "ups@10.0.0.2", options: [] },
      { bus: "serial", driver: "blazer_ser", port: "/dev/ttyS0", options: [] },
    ]);
    assertEquals(JSON.parse(text), [
      {
        type: "USB",
        driver: "usbhid-ups",
        port: "auto",
        options: { vendorid: "0463", productid: "FFFF" },
      },
      {
        type: "NUT",
        driver: "nutclient",
        port: "ups@10.0.0.2",
        options: {},
      },
      {
        type: "EATON_SERIAL",
        driver: "blazer_ser",
        port: "/dev/ttyS0",
        options: {},
      },
    ]);
    assertEquals(formatJson([]), "[]\n");
  },
});

Deno.test({
  name:
    "buildSetup: one MONITOR per device, the port everywhere, passwords only where needed",
  permissions: "none",
  fn() {
    const files = buildSetup([
      { bus: "usb", driver: "usbhid-ups", port: "auto", options: [] },
      { bus: "simulation", driver: "dummy-ups", port: "a.dev", options: [] },
    ], { port: 3500, adminPassword: "AAA", upsmonPassword: "MMM" });
    assertEquals(Object.keys(files).sort(), [
      "nut.conf",
      "ups.conf",
      "upsd.conf",
      "upsd.users",
      "upsmon.conf",
    ]);
    assertEquals(
      files["upsmon.conf"]!.split("\n").filter((l) => l.startsWith("MONITOR")),
      [
        'MONITOR nutdev1@127.0.0.1:3500 1 upsmon "MMM" primary',
        'MONITOR nutdev2@127.0.0.1:3500 1 upsmon "MMM" primary',
      ],
    );
    assertEquals(
      files["upsd.conf"]!.split("\n").filter((l) => l.startsWith("LISTEN")),
      ["LISTEN 127.0.0.1 3500"],
    );
    for (const f of ["nut.conf", "ups.conf", "upsd.conf"]) {
      assertEquals(/AAA|MMM/.test(files[f]!), false, f);
    }
  },
});
