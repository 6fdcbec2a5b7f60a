/** Pure tests of the tripplite (serial) reply decoding. */
import { assertEquals } from "../../tests/assert.ts";
import {
  batteryCharge,
  dataInBounds,
  hex2d,
  hexArg,
  identity,
  parseData,
  statusOf,
} from "./smart_protocol.ts";

const pure = { permissions: "none" as const };

Deno.test({
  name: "tripplite: hex2d reads like strtol(…, 16) on a prefix",
  ...pure,
  fn: () => {
    assertEquals(hex2d("7F00", 2), 0x7f);
    assertEquals(hex2d("2580", 3), 0x258);
    assertEquals(hex2d("G1", 2), 0);
    assertEquals(hex2d(" a", 2), 10);
    assertEquals(hexArg(64, 2), "40");
    assertEquals(hexArg(300, 6), "00012C");
  },
});

Deno.test({
  name: "tripplite: :D fields, bounds and status words",
  ...pure,
  fn: () => {
    // A=0 (LB) B=0 (OVER) CC=0x64 D=2 (boost) E=1 (battery) FF=0x64 GG HH II=0x32 JJJJ KKK=0x1F4
    const d = parseData("0064216400003200001F4");
    assertEquals(d.volt, 100);
    assertEquals(d.temp, 15); // trunc(100 * 0.3636 - 21)
    assertEquals(d.load, 0x32);
    assertEquals(d.freq, 50);
    assertEquals(statusOf(d).tokens, ["LB", "OVER", "BOOST", "OB"]);
    assertEquals(dataInBounds(d), true);
    assertEquals(dataInBounds({ ...d, freq: 29.9 }), false);
    assertEquals(
      statusOf({ ...d, bcond: "x", mode: "9" }).unknown,
      ["Unknown battery state: x", "Unknown mode state: 9"],
    );
  },
});

Deno.test({
  name: "tripplite: model, firmware and battery charge formulas",
  ...pure,
  fn: () => {
    // new formula: ((0x05 * 32) + (0x40 >> 3)) * 5
    assertEquals(identity("85", "40", "12", "2").model, "Smart 840");
    // old formula (bit 7 clear): L / 2; bit 6 names a Unison
    assertEquals(identity("45", "41", "12", "2").model, "Unison 32");
    assertEquals(identity("85", "40", "34", "8").firmware, "DE (Gen 2)");
    assertEquals(batteryCharge(13.4), 100);
    assertEquals(batteryCharge(11.0), 10);
    assertEquals(batteryCharge(Math.fround(12.2)), 70); // 100 * sqrt(1.2 / 2.4)
  },
});
