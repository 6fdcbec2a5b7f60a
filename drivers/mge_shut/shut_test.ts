import { assertEquals } from "../../tests/assert.ts";
import {
  decodeStringDescriptor,
  setupBytes,
  shutChecksum,
  shutPacket,
  validSize,
} from "./shut.ts";

Deno.test({
  name: "shut: a GET_DESCRIPTOR(device) request packet as libshut frames it",
  permissions: "none",
  fn: () => {
    const setup = setupBytes(0x80, 6, 0x0100, 0, 18);
    assertEquals(setup, [0x80, 6, 0, 1, 0, 0, 18, 0]);
    // 0x80 ^ 6 ^ 1 ^ 18
    assertEquals(shutChecksum(setup), 0x95);
    assertEquals(
      Array.from(shutPacket(0x81, setup)),
      [0x81, 0x88, 0x80, 6, 0, 1, 0, 0, 18, 0, 0x95],
    );
  },
});

Deno.test({
  name: "shut: size nibbles and string descriptors",
  permissions: "none",
  fn: () => {
    assertEquals([0x88, 0x11, 0x00].map(validSize), [true, true, true]);
    assertEquals([0x99, 0x12, 0x81].map(validSize), [false, false, false]);
    const d = Uint8Array.of(10, 3, 0x45, 0, 0x61, 0, 0x74, 1, 0x6e, 0);
    assertEquals(decodeStringDescriptor(d), "Ea?n");
    assertEquals(
      decodeStringDescriptor(Uint8Array.of(4, 2, 0x41, 0)),
      undefined,
    );
  },
});
