import { assertEquals } from "../tests/assert.ts";
import { DRIVERS } from "../drivers/mod.ts";
import { HOSTABLE_DRIVERS, loadDriver } from "./nut_driver_host.ts";
import { hostableStart, HOSTED_DRIVERS } from "../src/drvctl/hosted_ops.ts";

Deno.test("the host loads every driver of the registry, upsdrvctl knows them all", async () => {
  assertEquals([...HOSTABLE_DRIVERS].sort(), Object.keys(DRIVERS).sort());
  assertEquals([...HOSTED_DRIVERS].sort(), Object.keys(DRIVERS).sort());
  for (const name of HOSTABLE_DRIVERS) {
    assertEquals(await loadDriver(name), DRIVERS[name]);
  }
  assertEquals(await loadDriver("toString"), undefined);
});

Deno.test({
  name:
    "upsdrvctl hosts plain starts only (-k and -r get a process of their own)",
  permissions: "none",
  fn() {
    assertEquals(hostableStart(["/bin/dummy-ups", "-DD", "-a", "u1"]), {
      driver: "dummy-ups",
      ups: "u1",
      debug: 2,
    });
    assertEquals(hostableStart(["/bin/dummy-ups", "-a", "u1", "-u", "nut"]), {
      driver: "dummy-ups",
      ups: "u1",
      debug: 0,
      user: "nut",
    });
    assertEquals(
      hostableStart(["/bin/dummy-ups", "-a", "u1", "-k"]),
      undefined,
    );
    assertEquals(
      hostableStart(["/bin/dummy-ups", "-a", "u1", "-r", "/x"]),
      undefined,
    );
    assertEquals(
      hostableStart(["/lib/nut/no_such_driver", "-a", "u1"]),
      undefined,
    );
  },
});
