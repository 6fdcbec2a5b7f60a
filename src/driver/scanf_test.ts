/**
 * The sscanf subset against what C's sscanf returns for the same input
 * (conversions stop at the first mismatch; whitespace in the format
 * matches none or many; %Ns stops at N characters; %f is a C float).
 */
import { assertEquals } from "../../tests/assert.ts";
import { sscanf } from "./scanf.ts";

Deno.test({
  name: "sscanf: conversions, literals, widths and early stops",
  permissions: "none",
  fn: () => {
    assertEquals(sscanf("( 12 -3 2.5 x", "( %d %d %f %d"), [12, -3, 2.5]);
    assertEquals(sscanf("(12", "( %d"), [12]); // space matches nothing
    assertEquals(sscanf("#1 abcdefghij", "#%d %4s"), [1, "abcd"]);
    assertEquals(sscanf("I230.1O", "I%fO%f"), [Math.fround(230.1)]);
    assertEquals(sscanf("x", "I%f"), []);
    assertEquals(sscanf("REV:01.8 M", "REV:%31s %31s"), ["01.8", "M"]);
    assertEquals(sscanf("ff 7", "%x %u"), [255, 7]);
    assertEquals(sscanf("1e2", "%f"), [100]);
    assertEquals(sscanf("100%", "%d%%"), [100]);
  },
});
