import { assertEquals } from "../../tests/assert.ts";
import { DEFAULT_DRIVER_USER, driverRunAs } from "./privileges.ts";

Deno.test({
  name: "drivers: root switches to user= / -u, else to nut; others stay",
  permissions: "none",
  fn() {
    assertEquals(DEFAULT_DRIVER_USER, "nut");
    assertEquals(driverRunAs(0, undefined), "nut");
    assertEquals(driverRunAs(0, "ups"), "ups");
    assertEquals(driverRunAs(0, "root"), undefined);
    assertEquals(driverRunAs(0, "0"), undefined);
    assertEquals(driverRunAs(1000, undefined), undefined);
    assertEquals(driverRunAs(1000, "nut"), undefined);
    assertEquals(driverRunAs(null, undefined), undefined);
  },
});
