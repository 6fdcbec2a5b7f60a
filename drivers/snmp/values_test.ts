import { assertEquals } from "../../tests/assert.ts";
import { hexString, octetText, scaled, strictLong, strtol0 } from "./values.ts";

Deno.test(
  { permissions: "none", name: "values: su_ups_get number formatting" },
  () => {
    assertEquals(scaled(2476, 0.1), "247.60"); // %.2f of a float
    assertEquals(scaled(10, 0.1), "1"); // whole: %i
    assertEquals(scaled(27, 60), "1620");
    assertEquals(scaled(-5, 1), "-5");
    assertEquals(scaled(229000, 0.001), "229");
    assertEquals(scaled(1234, 0.001), "1.23");
  },
);

Deno.test({
  permissions: "none",
  name: "values: strtol base 0 and strict longs",
}, () => {
  assertEquals(strtol0(" 42abc"), 42);
  assertEquals(strtol0("0x1F"), 31);
  assertEquals(strtol0("010"), 8);
  assertEquals(strtol0("-7"), -7);
  assertEquals(strtol0("abc"), 0);
  assertEquals(strictLong("20"), 20);
  assertEquals(strictLong("20s"), undefined);
});

Deno.test({
  permissions: "none",
  name: "values: hex strings as net-snmp prints them into 128 bytes",
}, () => {
  assertEquals(hexString(new Uint8Array([0, 1, 0xab])), "00 01 AB ");
  const b = new Uint8Array(63).fill(0x30);
  const h = hexString(b);
  // Two 16-byte lines fit; the third (49 more bytes) would not: output stops.
  assertEquals(h, ("30 ".repeat(16) + "\n").repeat(2));
  assertEquals(
    octetText(new TextEncoder().encode("Smart-UPS 750")),
    "Smart-UPS 750",
  );
  assertEquals(octetText(new Uint8Array([0x41, 0x80])), "41 80 ");
});
