import { assertEquals } from "../../tests/assert.ts";
import { DriverStateImpl } from "../../src/driver/state.ts";
import { dumpAll } from "../../src/protocol/sock.ts";
import { findInfo, NUT_DATA } from "./nut_data.ts";
import { dummySetvar } from "./setvar.ts";

Deno.test("dummy nut_data: NUT 2.8.0's table", { permissions: "none" }, () => {
  assertEquals(NUT_DATA.length, 53);
  assertEquals(
    NUT_DATA.filter((r) => r.initial !== undefined).map((r) => [
      r.name,
      r.initial,
    ]),
    [["ups.mfr", "Dummy Manufacturer"], ["ups.model", "Dummy UPS"], [
      "ups.status",
      "OL",
    ]],
  );
  // ups.serial is listed twice; the first row (aux 32) wins
  assertEquals(findInfo("UPS.SERIAL")?.len, 32);
  assertEquals(findInfo("battery.charge")?.string, false);
  assertEquals(findInfo("input.sensitivity"), {
    name: "input.sensitivity",
    string: true,
    len: 1,
  });
  assertEquals(findInfo("output.voltage.nominal"), undefined);
});

Deno.test("dummy setvar: flags as NUT's DUMPALL shows them", {
  permissions: "none",
}, () => {
  const s = new DriverStateImpl();
  dummySetvar(s, "battery.charge", "100");
  dummySetvar(s, "input.sensitivity", "medium");
  dummySetvar(s, "output.voltage.nominal", "230.0");
  dummySetvar(s, "ups.status", "OB LB");
  dummySetvar(s, "gone", "x");
  dummySetvar(s, "gone", "");
  assertEquals(
    dumpAll(s.tree, false),
    [
      'SETINFO battery.charge "100"',
      "SETFLAGS battery.charge RW",
      'SETINFO input.sensitivity "medium"',
      "SETAUX input.sensitivity 1",
      "SETFLAGS input.sensitivity RW STRING",
      'SETINFO output.voltage.nominal "230.0"',
      "SETAUX output.voltage.nominal 32",
      "SETFLAGS output.voltage.nominal RW STRING",
      'SETINFO ups.status "OB LB"',
      "DATAOK",
      "DUMPDONE",
      "",
    ].join("\n"),
  );
});
