/**
 * bicker_ser's packets and decoders against NUT master's bicker_ser.c
 * facts (byte layouts from its comments; values worked out by hand).
 */
import { assertEquals } from "../../tests/assert.ts";
import { cString, flagsStatus, packet, parseParameter } from "./protocol.ts";

Deno.test({
  name: "bicker_ser: packets, parameters, strings and status flags",
  permissions: "none",
  fn: () => {
    assertEquals([...packet(0x01, 0x41)], [1, 3, 1, 0x41, 4]);
    assertEquals([...packet(0x07, 0x02, [1, 0x2c, 0x01])], [
      1,
      6,
      7,
      2,
      1,
      0x2c,
      1,
      4,
    ]);
    assertEquals(
      parseParameter(Uint8Array.from([4, 0, 0, 0x10, 0x0e, 10, 0, 1, 0x2c, 1])),
      { id: 4, min: 0, max: 3600, std: 10, enabled: true, value: 300 },
    );
    assertEquals(cString(Uint8Array.from([0x41, 0x42, 0, 0x43])), "AB");
    assertEquals(flagsStatus(0x0d), {
      status: ["CHRG", "OL"],
      charger: "charging",
    });
    assertEquals(flagsStatus(0x03), {
      status: ["CHRG", "DISCHRG", "OB"],
      charger: "charging",
    });
    assertEquals(flagsStatus(0x20), {
      status: ["OB", "OVER"],
      charger: "resting",
    });
  },
});
